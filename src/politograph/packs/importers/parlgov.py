"""ParlGov (Döring & Manow) as entities and reference facts of the world-data pack.

`party.csv` gives the parties of 37 democracies, `election.csv` the seats
each won at every parliamentary election, and `view_cabinet.csv` every
cabinet with its parties and its prime minister's party.  They become party
entities, prime ministers (by the surname their cabinets are named after),
and seats, coalition, role and member facts with the pack's ids.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, datetime
from itertools import combinations
from pathlib import Path
from typing import Any

from politograph.model import fold_name
from politograph.packs.importers import (
    ImportFailure,
    ImportReport,
    Names,
    column_number,
    entry_names,
    file_digest,
    finish,
    input_folder,
    jsonl_text,
    pack_folder,
    read_jsonl,
    read_table,
    shared_names,
    sort_names,
    unique_names,
)
from politograph.progress import Progress, Quiet

PARTIES = "party.csv"
ELECTIONS = "election.csv"
CABINETS = "view_cabinet.csv"
ENTITIES_OUT = "parlgov-entities.jsonl"
HISTORY_OUT = "parlgov-history.jsonl"
SOURCE = {"title": "ParlGov (Döring & Manow)", "url": "https://www.parlgov.org/data-info/"}

_NUMERAL = re.compile(r"\s+[IVXL]+$")  # "Merkel III", and ParlGov's own "Menzies IIX"


@dataclass(slots=True)
class Party:
    """One row of party.csv, read and checked."""

    id: int
    country: str
    names: Names  # canonical first
    founded: str | None
    dissolved: str | None


@dataclass(slots=True)
class Cabinet:
    """One cabinet, gathered from its rows (one per party) in view_cabinet.csv."""

    id: int
    country: str
    name: str
    start: str
    caretaker: bool
    previous: int | None
    parties: list[int] = field(default_factory=list)  # cabinet_party = 1, in file order
    pm_parties: list[int] = field(default_factory=list)


def _iso_day(value: str, column: str) -> str | None:
    """An ISO day (2017-09-24) checked, or None for an empty cell."""
    if not value:
        return None
    try:
        return date.fromisoformat(value).isoformat()
    except ValueError:
        raise ValueError(f"{column} {value!r} is not a date (YYYY-MM-DD)") from None


def _dmy_day(value: str, column: str) -> str:
    """The older view files write days as DD/MM/YYYY; the pack wants ISO."""
    try:
        return datetime.strptime(value, "%d/%m/%Y").date().isoformat()
    except ValueError:
        raise ValueError(f"{column} {value!r} is not a date (DD/MM/YYYY)") from None


def _party(row: dict[str, str]) -> Party:
    """A party.csv row; the English name is the canonical one, as news writes it."""
    fields = ("name_english", "name", "name_short", "name_ascii", "name_nonlatin")
    names = [row.get(f, "") for f in fields]
    canonical = names[0] or names[1]
    return Party(
        id=column_number(row["id"], "id"),
        country=row["country"].upper(),
        names=[canonical, *unique_names(canonical, [names[2], names[1], names[3], names[4]])],
        founded=_iso_day(row.get("foundation_date", ""), "foundation_date"),
        dissolved=_iso_day(row.get("dissolution_date", ""), "dissolution_date"),
    )


def read_parties(path: Path, report: ImportReport, progress: Progress) -> tuple[dict[int, Party], str]:
    """The parties of party.csv by id, and the newest `updated_at` day (the data's version)."""
    optional = ("name_short", "name_english", "name_ascii", "name_nonlatin", "foundation_date", "dissolution_date", "updated_at")
    parties: dict[int, Party] = {}
    newest = ""
    for line, row in read_table(path, ("id", "country", "name"), optional, report, progress):
        try:
            party = _party(row)
        except ValueError as exc:
            report.bad_row(path, line, str(exc))
            continue
        if party.id in parties:
            report.bad_row(path, line, f"id {party.id} appears twice")
            continue
        parties[party.id] = party
        newest = max(newest, row.get("updated_at", "")[:10])
    return parties, newest


def _known_party(row: dict[str, str], parties: dict[int, Party]) -> int:
    """The row's party id, which must be a party of party.csv."""
    party_id = column_number(row["party_id"], "party_id")
    if party_id not in parties:
        raise ValueError(f"unknown party id {party_id} (not in {PARTIES})")
    return party_id


def _seats_fact(row: dict[str, str], parties: dict[int, Party]) -> dict[str, Any] | None:
    """A seats fact for a party that won seats at a parliamentary election; None for other rows."""
    if row["type"] != "parliament":
        return None  # European Parliament elections are not the country's chamber
    day = _iso_day(row["date"], "date")
    if day is None:
        raise ValueError("date is empty")
    if not row["seats"]:
        return None  # ParlGov leaves seats empty for parties that only report votes
    seats, party_id = column_number(row["seats"], "seats"), _known_party(row, parties)
    if seats <= 0:
        return None
    scope = f"world:{row['country'].lower()}-lower"
    note = f"ParlGov: seats won at the parliament election of {day}."
    return {"type": "seats", "subject": f"pg-{party_id}", "scope": scope, "value": seats, "start": day, "note": note}


def _until_next_election(facts: list[dict[str, Any]]) -> None:
    """Seats won hold from their election until the chamber's next one: each fact ends where its country's next election begins."""
    days: dict[str, list[str]] = {}
    for fact in facts:
        days.setdefault(str(fact["scope"]), []).append(str(fact["start"]))
    following = {scope: dict(zip(sorted(set(found)), sorted(set(found))[1:], strict=False)) for scope, found in days.items()}
    for fact in facts:
        fact["end"] = following[str(fact["scope"])].get(str(fact["start"]))


def read_elections(path: Path, parties: dict[int, Party], report: ImportReport, progress: Progress) -> tuple[list[dict[str, Any]], str]:
    """Seats facts from election.csv, one per party with seats after each parliamentary election, and the newest `updated_at` day."""
    facts: list[dict[str, Any]] = []
    newest = ""
    for line, row in read_table(path, ("country", "date", "type", "seats", "party_id"), ("updated_at",), report, progress):
        try:
            fact = _seats_fact(row, parties)
        except ValueError as exc:
            report.bad_row(path, line, str(exc))
            continue
        if fact is not None:
            facts.append(fact)
        newest = max(newest, row.get("updated_at", "")[:10])
    _until_next_election(facts)
    return facts, newest


def _cabinet_row(row: dict[str, str], parties: dict[int, Party]) -> tuple[Cabinet, int, bool, bool]:
    """A view_cabinet.csv row as (its cabinet, the party, in government, holds the premiership)."""
    previous = row["previous_cabinet_id"]
    cabinet = Cabinet(
        id=column_number(row["cabinet_id"], "cabinet_id"),
        country=row["country_name_short"].upper(),
        name=row["cabinet_name"].strip(),
        start=_dmy_day(row["start_date"], "start_date"),
        caretaker=row.get("caretaker", "") == "1",
        previous=column_number(previous, "previous_cabinet_id") if previous else None,
    )
    party_id = _known_party(row, parties)
    flags = [column_number(row[c], c) for c in ("cabinet_party", "prime_minister")]
    return cabinet, party_id, flags[0] == 1, flags[1] == 1


def read_cabinets(path: Path, parties: dict[int, Party], report: ImportReport, progress: Progress) -> dict[int, Cabinet]:
    """Every cabinet of view_cabinet.csv by id, with its governing parties and its prime minister's party."""
    required = ("country_name_short", "start_date", "cabinet_name", "cabinet_party", "prime_minister", "cabinet_id", "previous_cabinet_id", "party_id")
    cabinets: dict[int, Cabinet] = {}
    for line, row in read_table(path, required, ("caretaker",), report, progress):
        try:
            cabinet, party_id, governs, premier = _cabinet_row(row, parties)
        except ValueError as exc:
            report.bad_row(path, line, str(exc))
            continue
        known = cabinets.setdefault(cabinet.id, cabinet)
        if governs and party_id not in known.parties:
            known.parties.append(party_id)
        if premier and party_id not in known.pm_parties:
            known.pm_parties.append(party_id)
    return cabinets


def pm_surname(cabinet_name: str) -> str | None:
    """The prime minister a cabinet is named after ("Merkel III" -> "Merkel"); None for a body ("Bundesrat 1917 I")."""
    surname = _NUMERAL.sub("", cabinet_name.strip()).strip()
    return None if not surname or any(c.isdigit() for c in surname) else surname


def person_id(country: str, surname: str) -> str:
    """One id per (country, surname): "pm-deu-merkel"."""
    return f"pm-{country.lower()}-{fold_name(surname).replace(' ', '-')}"


def _period(cabinet: Cabinet, following: dict[int, Cabinet]) -> dict[str, Any]:
    """From the cabinet's start to the next cabinet's start (open for the newest cabinet)."""
    successor = following.get(cabinet.id)
    return {"start": cabinet.start, "end": successor.start if successor else None}


def cabinet_facts(cabinet: Cabinet, following: dict[int, Cabinet]) -> list[dict[str, Any]]:
    """A cabinet's coalition pairs, and its prime minister's post and party."""
    period = _period(cabinet, following)
    note = f"ParlGov: cabinet {cabinet.name}" + (" (caretaker)." if cabinet.caretaker else ".")
    facts: list[dict[str, Any]] = [
        {"type": "coalition", "subject": f"pg-{a}", "object": f"pg-{b}", "scope": "national", **period, "note": note} for a, b in combinations(cabinet.parties, 2)
    ]
    surname = pm_surname(cabinet.name)
    if surname:
        pm = person_id(cabinet.country, surname)
        facts.append({"type": "role", "subject": pm, "role": "prime-minister", "object": f"world:{cabinet.country.lower()}", **period, "note": note})
        facts += [{"type": "member", "subject": pm, "object": f"pg-{party}", **period, "note": note} for party in cabinet.pm_parties]
    return facts


def government_history(cabinets: dict[int, Cabinet]) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """(prime ministers as people, the facts of every cabinet in order of country and start)."""
    following = {c.previous: c for c in cabinets.values() if c.previous is not None}
    people: dict[str, dict[str, Any]] = {}
    facts: list[dict[str, Any]] = []
    for cabinet in sorted(cabinets.values(), key=lambda c: (c.country, c.start, c.id)):
        surname = pm_surname(cabinet.name)
        if surname:
            pm = person_id(cabinet.country, surname)
            # A surname alone is short and shared, so it is trusted only in an article about the country.
            people.setdefault(pm, {"section": "people", "id": pm, "name": surname, "contextual": [surname], "country": cabinet.country, "ids": {}})
        facts += cabinet_facts(cabinet, following)
    return list(people.values()), facts


def _other_dataset(folder: Path) -> list[tuple[object, Names]]:
    """The Party Facts parties already in the pack, counted under their ParlGov id when they have one."""
    groups: list[tuple[object, Names]] = []
    for entry in read_jsonl(folder / "partyfacts.jsonl"):
        ids = entry.get("ids") or {}
        actor = ("pg", int(ids["parlgov"])) if ids.get("parlgov") is not None else ("pf", entry.get("id"))
        groups.append((actor, entry_names(entry)))
    return groups


def party_entity(party: Party, shared: set[str]) -> dict[str, Any]:
    """One ParlGov party as a line of the entity file; the loader merges it into the Party Facts party with its id."""
    aliases, contextual = sort_names(party.names[0], party.names[1:], shared)
    return {
        "section": "parties",
        "id": f"pg-{party.id}",
        "name": party.names[0],
        "aliases": aliases,
        "contextual": contextual,
        "country": party.country,
        "founded": party.founded,
        "dissolved": party.dissolved,
        "ids": {"parlgov": party.id},
    }


def import_parlgov(path: Path, to: Path | None = None, today: date | None = None, progress: Progress | None = None) -> ImportReport:
    """Read ParlGov's three CSV files from `path` (their folder or one of them) and write the pack's ParlGov files.

    Everything is read and checked before anything is written, so a missing
    file or column leaves the pack exactly as it was.
    """
    today, progress = today or date.today(), progress or Quiet()
    report = ImportReport("parlgov")
    folder_in = input_folder(path, PARTIES)
    inputs = [folder_in / name for name in (PARTIES, ELECTIONS, CABINETS)]
    missing = [p.name for p in inputs if not p.is_file()]
    if missing:
        raise ImportFailure(f"{folder_in}: missing {', '.join(missing)} (ParlGov's {PARTIES}, {ELECTIONS} and {CABINETS} are all needed)")
    parties, party_version = read_parties(inputs[0], report, progress)
    seats, election_version = read_elections(inputs[1], parties, report, progress)
    people, government = government_history(read_cabinets(inputs[2], parties, report, progress))
    folder = pack_folder(to)
    groups: list[tuple[object, Names]] = [(("pg", p.id), p.names) for p in parties.values()]
    shared = shared_names([*groups, *_other_dataset(folder)])
    entities = [party_entity(p, shared) for p in parties.values()] + people
    files = {p.name: file_digest(p) for p in inputs}
    used = sum(report.read.values()) - report.skipped
    version = max(party_version, election_version) or files[PARTIES]
    record = {**SOURCE, "files": files, "rows": used, "version": version, "imported": today.isoformat()}
    return finish(report, folder, {ENTITIES_OUT: jsonl_text(entities), HISTORY_OUT: jsonl_text([*seats, *government])}, record, today)
