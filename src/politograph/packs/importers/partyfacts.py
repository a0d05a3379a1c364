"""Party Facts (Döring & Regel) as entities of the world-data pack: one per core party, in every country.

The core file names each party; `wikipedia.csv` gives the name English
news uses, `wikidata.csv` the Wikidata item, and Party Facts' own
`parlgov.csv` lets a ParlGov party be recognised as the same actor.  The
three link files are optional: without them the names and ids are fewer.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
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
    split_names,
    unique_names,
    without_parenthesis,
)
from politograph.progress import Progress, Quiet

CORE = "partyfacts-core-parties.csv"
WIKIPEDIA = "wikipedia.csv"
WIKIDATA = "wikidata.csv"
PARLGOV_LINKS = "parlgov.csv"
OUTPUT = "partyfacts.jsonl"
SOURCE = {"title": "Party Facts (Döring & Regel)", "url": "https://partyfacts.herokuapp.com/download/"}

_YEAR = re.compile(r"\d{4}")


@dataclass(slots=True)
class CoreParty:
    """One row of the core file, read and checked."""

    id: int
    country: str
    short: str
    name: str
    english: Names
    other: Names
    first: str | None
    last: str | None
    wikipedia: str


@dataclass(slots=True)
class Links:
    """What the link files add to a core party: its Wikipedia and Wikidata records and its ParlGov id."""

    wikipedia: dict[int, dict[str, str]] = field(default_factory=dict)
    wikidata: dict[int, dict[str, str]] = field(default_factory=dict)
    parlgov: dict[int, int] = field(default_factory=dict)


def _year(value: str, column: str) -> str | None:
    """A four-digit year, or None for an empty cell; anything else makes the row bad."""
    if not value:
        return None
    if not _YEAR.fullmatch(value):
        raise ValueError(f"{column} {value!r} is not a year")
    return value


def _core_party(row: dict[str, str]) -> CoreParty:
    """One core row as a party; a bad id or year raises ValueError naming the column."""
    return CoreParty(
        id=column_number(row["partyfacts_id"], "partyfacts_id"),
        country=row["country"].upper(),
        short=row.get("name_short", ""),
        name=row["name"],
        english=split_names(row.get("name_english", "")),
        other=split_names(row.get("name_other", "")),
        first=_year(row.get("year_first", ""), "year_first"),
        last=_year(row.get("year_last", ""), "year_last"),
        wikipedia=row.get("wikipedia", ""),
    )


def read_core(path: Path, report: ImportReport, progress: Progress) -> tuple[dict[int, CoreParty], str | None]:
    """The real parties of the core file by id (technical codes such as "other" left out), and its newest `modified` day."""
    optional = ("technical", "name_short", "name_english", "name_other", "year_first", "year_last", "wikipedia", "modified")
    parties: dict[int, CoreParty] = {}
    technical = 0
    newest = ""
    for line, row in read_table(path, ("country", "partyfacts_id", "name"), optional, report, progress):
        if row.get("technical"):
            technical += 1
            continue
        try:
            party = _core_party(row)
        except ValueError as exc:
            report.bad_row(path, line, str(exc))
            continue
        if party.id in parties:
            report.bad_row(path, line, f"partyfacts_id {party.id} appears twice")
            continue
        parties[party.id] = party
        newest = max(newest, row.get("modified", "")[:10])
    report.notes.append(f"{path.name}: {technical} technical codes (such as 'other' and 'independent') left out")
    return parties, newest or None


def _linked_rows(path: Path, required: tuple[str, ...], optional: tuple[str, ...], known: set[int], report: ImportReport) -> dict[int, dict[str, str]]:
    """Rows of a link file by Party Facts id; a row naming an id the core file lacks is reported and left out."""
    found: dict[int, dict[str, str]] = {}
    for line, row in read_table(path, required, optional, report):
        try:
            party_id = column_number(row["partyfacts_id"], "partyfacts_id")
        except ValueError as exc:
            report.bad_row(path, line, str(exc))
            continue
        if party_id not in known:
            report.bad_row(path, line, f"unknown party id {party_id} (not a core party)")
            continue
        found.setdefault(party_id, row)
    return found


def url_key(url: str) -> str:
    """A Wikipedia address compared loosely: http or https, with or without a trailing slash, any case."""
    return re.sub(r"^https?://", "", url.strip().lower()).rstrip("/")


def _link_key(country: str, short: str, english: str) -> tuple[str, str, str]:
    return country.upper(), fold_name(short), fold_name(english)


def read_parlgov_links(path: Path, report: ImportReport) -> list[tuple[int, str, tuple[str, str, str]]]:
    """Party Facts' copy of ParlGov's parties: (ParlGov id, Wikipedia key, (country, short, English name))."""
    optional = ("country", "party_name_short", "party_name_english", "wikipedia")
    links = []
    for line, row in read_table(path, ("party_id",), optional, report):
        try:
            party_id = column_number(row["party_id"], "party_id")
        except ValueError as exc:
            report.bad_row(path, line, str(exc))
            continue
        key = _link_key(row.get("country", ""), row.get("party_name_short", ""), row.get("party_name_english", ""))
        links.append((party_id, url_key(row.get("wikipedia", "")), key))
    return links


def match_parlgov(parties: dict[int, CoreParty], wikipedia: dict[int, dict[str, str]], links: list[tuple[int, str, tuple[str, str, str]]]) -> dict[int, int]:
    """Each ParlGov id given to at most one core party: the same Wikipedia article, else the same country, short and English name.

    Several core parties can share one Wikipedia article (a party and its
    regional branch); the pair that agrees on both article and names wins,
    so the loader never merges one ParlGov party into two.
    """
    by_url: dict[str, list[int]] = {}
    by_key: dict[tuple[str, str, str], list[int]] = {}
    for pg_id, url, key in links:
        if url:
            by_url.setdefault(url, []).append(pg_id)
        by_key.setdefault(key, []).append(pg_id)
    scored: dict[tuple[int, int], int] = {}
    for party in parties.values():
        url = url_key(party.wikipedia or wikipedia.get(party.id, {}).get("url", ""))
        for pg_id in by_url.get(url, []) if url else []:
            scored[(party.id, pg_id)] = scored.get((party.id, pg_id), 0) + 2
        english = party.english[0] if party.english else ""
        for pg_id in set(by_key.get(_link_key(party.country, party.short, english), [])):
            scored[(party.id, pg_id)] = scored.get((party.id, pg_id), 0) + 1
    chosen: dict[int, int] = {}
    taken: set[int] = set()
    for (pf_id, pg_id), _ in sorted(scored.items(), key=lambda item: (-item[1], item[0])):
        if pf_id not in chosen and pg_id not in taken:
            chosen[pf_id] = pg_id
            taken.add(pg_id)
    return chosen


def read_links(folder: Path, parties: dict[int, CoreParty], report: ImportReport) -> tuple[Links, list[Path]]:
    """The link files that are present, read; a missing one is noted, not an error."""
    known = set(parties)
    links, used = Links(), []
    if (folder / WIKIPEDIA).is_file():
        used.append(folder / WIKIPEDIA)
        optional = ("url", "name_native", "year_founded", "year_dissolved")
        links.wikipedia = _linked_rows(folder / WIKIPEDIA, ("partyfacts_id", "name"), optional, known, report)
    if (folder / WIKIDATA).is_file():
        used.append(folder / WIKIDATA)
        links.wikidata = _linked_rows(folder / WIKIDATA, ("partyfacts_id", "wikidata_id"), ("name", "name_short", "name_native"), known, report)
    if (folder / PARLGOV_LINKS).is_file():
        used.append(folder / PARLGOV_LINKS)
        links.parlgov = match_parlgov(parties, links.wikipedia, read_parlgov_links(folder / PARLGOV_LINKS, report))
    for path in (folder / WIKIPEDIA, folder / WIKIDATA, folder / PARLGOV_LINKS):
        if path not in used:
            report.notes.append(f"{path.name} not found next to {CORE}; imported without it")
    return links, used


def party_names(party: CoreParty, links: Links) -> tuple[str, Names]:
    """(canonical name, other names) of a party: the Wikipedia title when there is one, as English news uses it."""
    wiki = links.wikipedia.get(party.id, {})
    data = links.wikidata.get(party.id, {})
    title = wiki.get("name", "")
    canonical = title or (party.english[0] if party.english else "") or party.name
    candidates = [
        party.short,
        party.name,
        *party.english,
        title,
        without_parenthesis(title),
        wiki.get("name_native", ""),
        data.get("name", ""),
        data.get("name_short", ""),
        data.get("name_native", ""),
        *party.other,
    ]
    return canonical, unique_names(canonical, candidates)


def _actor(party_id: int, links: Links) -> tuple[str, int]:
    """The key a party is counted under when names are compared: its ParlGov id when it has one, so both records count once."""
    return ("pg", links.parlgov[party_id]) if party_id in links.parlgov else ("pf", party_id)


def _other_dataset(folder: Path) -> list[tuple[object, Names]]:
    """The ParlGov parties already in the pack, so a name shared across the two datasets is contextual in both."""
    groups: list[tuple[object, Names]] = []
    for entry in read_jsonl(folder / "parlgov-entities.jsonl"):
        pg_id = (entry.get("ids") or {}).get("parlgov")
        if entry.get("section") == "parties" and pg_id is not None:
            groups.append((("pg", int(pg_id)), entry_names(entry)))
    return groups


def entity(party: CoreParty, canonical: str, others: Names, shared: set[str], links: Links) -> dict[str, Any]:
    """One core party as a line of the entity file."""
    wiki = links.wikipedia.get(party.id, {})
    aliases, contextual = sort_names(canonical, others, shared)
    ids: dict[str, Any] = {"partyfacts": party.id}
    if party.id in links.parlgov:
        ids["parlgov"] = links.parlgov[party.id]
    if links.wikidata.get(party.id, {}).get("wikidata_id"):
        ids["wikidata"] = links.wikidata[party.id]["wikidata_id"]
    return {
        "section": "parties",
        "id": f"pf-{party.id}",
        "name": canonical,
        "aliases": aliases,
        "contextual": contextual,
        "country": party.country,
        "founded": party.first or _wiki_year(wiki, "year_founded"),
        "dissolved": party.last or _wiki_year(wiki, "year_dissolved"),
        "ids": ids,
    }


def _wiki_year(wiki: dict[str, str], column: str) -> str | None:
    value = wiki.get(column, "")
    return value if _YEAR.fullmatch(value) else None


def core_path(path: Path) -> Path:
    """The core CSV, given it or the folder that holds it."""
    folder = input_folder(path, CORE)
    core = path if path.is_file() else folder / CORE
    if not core.is_file():
        raise ImportFailure(f"{core}: no such file (download {CORE} from Party Facts)")
    return core


def import_partyfacts(path: Path, to: Path | None = None, today: date | None = None, progress: Progress | None = None) -> ImportReport:
    """Read Party Facts from `path` (its folder or core CSV) and write the pack's Party Facts entities.

    Everything is read and checked before anything is written, so a missing
    file or column leaves the pack exactly as it was.
    """
    today = today or date.today()
    report = ImportReport("partyfacts")
    core = core_path(path)
    parties, newest = read_core(core, report, progress or Quiet())
    links, used = read_links(core.parent, parties, report)
    folder = pack_folder(to)
    named = {party.id: party_names(party, links) for party in parties.values()}
    groups: list[tuple[object, Names]] = [(_actor(pid, links), [canonical, *others]) for pid, (canonical, others) in named.items()]
    shared = shared_names([*groups, *_other_dataset(folder)])
    entities = [entity(party, *named[party.id], shared, links) for party in parties.values()]
    files = {core.name: file_digest(core), **{p.name: file_digest(p) for p in used}}
    record = {**SOURCE, "files": files, "rows": len(entities), "version": newest or files[core.name], "imported": today.isoformat()}
    return finish(report, folder, {OUTPUT: jsonl_text(entities)}, record, today)
