"""Importers that turn published political-science datasets into an imported pack.

Party Facts and ParlGov are downloaded by the user and read here with the
`csv` module; what they hold becomes the `world-data` pack: JSON Lines entity
and history files plus a `pack.yaml` that records where each part came from.
The pieces every importer shares live in this module: reading a CSV while
reporting bad rows by file and line, folding names, deciding which names are
trusted everywhere and which only in an article about the party's country,
and writing the pack so that a failed import leaves the old one as it was.
"""

from __future__ import annotations

import csv
import hashlib
import json
import os
import re
import shutil
import tempfile
import time
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

from politograph.model import fold_name
from politograph.progress import Progress, Quiet
from politograph.settings import data_dir

PACK_NAME = "world-data"
ENTITY_FILES = ("partyfacts.jsonl", "parlgov-entities.jsonl")
HISTORY_FILES = ("parlgov-history.jsonl",)
COMMON_NAMES = Path(__file__).with_name("common-names.txt")

Row = tuple[int, dict[str, str]]  # (line the record starts on, its values by column)
Names = list[str]


class ImportFailure(Exception):
    """The import cannot go on (a file is missing or lacks the columns it needs); nothing was written."""


@dataclass(slots=True)
class ImportReport:
    """What one import read, skipped and wrote: the command prints it, tests check it."""

    source: str
    folder: Path | None = None
    read: dict[str, int] = field(default_factory=dict)  # data rows per input file
    skipped: int = 0
    written: dict[str, int] = field(default_factory=dict)  # lines per output file
    problems: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    started: float = field(default_factory=time.perf_counter)
    seconds: float = 0.0

    def bad_row(self, path: Path, line: int, reason: str) -> None:
        """A row that cannot be used: named by file and line, counted, and left out."""
        self.problems.append(f"{path.name}:{line}: {reason}")
        self.skipped += 1

    def as_dict(self) -> dict[str, Any]:
        return {
            "source": self.source,
            "pack": str(self.folder) if self.folder else None,
            "read": self.read,
            "skipped": self.skipped,
            "written": self.written,
            "problems": self.problems,
            "notes": self.notes,
            "seconds": round(self.seconds, 3),
        }


# --- reading CSV files --------------------------------------------------------------------------


def read_table(path: Path, required: Iterable[str], optional: Iterable[str], report: ImportReport, progress: Progress | None = None) -> list[Row]:
    """Every data row of a CSV file with the start line of each, checked for the columns it should have.

    A missing file or a missing required column stops the import (the error
    names the columns), because without them no row can be read.  A row
    shorter than the header is reported and left out; the rest go on.
    """
    required, optional = list(required), list(optional)
    if not path.is_file():
        raise ImportFailure(f"{path}: no such file")
    rows: list[Row] = []
    try:
        with path.open(encoding="utf-8-sig", newline="") as handle:
            reader = csv.DictReader(handle)
            header = [column.strip() for column in reader.fieldnames or []]
            reader.fieldnames = header
            missing = [c for c in required if c not in header]
            if missing:
                raise ImportFailure(f"{path}: missing column(s) {', '.join(missing)} (the file has: {', '.join(header) or 'no header'})")
            absent = [c for c in optional if c not in header]
            if absent:
                report.notes.append(f"{path.name}: no column(s) {', '.join(absent)}; those fields are left empty")
            used = [c for c in (*required, *optional) if c in header]
            line, count = reader.line_num, 0
            for record in (progress or Quiet()).track(reader, f"reading {path.name}"):
                start, line, count = line + 1, reader.line_num, count + 1
                short = [c for c in used if record.get(c) is None]
                if short:
                    report.bad_row(path, start, f"missing column(s) {', '.join(short)}")
                    continue
                rows.append((start, {c: (record.get(c) or "").strip() for c in used}))
    except (UnicodeDecodeError, csv.Error) as exc:
        raise ImportFailure(f"{path}: cannot be read as a UTF-8 CSV file ({exc})") from exc
    report.read[path.name] = count
    return rows


def file_digest(path: Path) -> str:
    """The first 12 hex digits of the file's SHA-256: which download an import came from."""
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()[:12]


def parse_int(value: str) -> int:
    """An integer column; "12.0" is accepted because spreadsheets write whole numbers that way."""
    number = float(value)
    if not number.is_integer():
        raise ValueError(f"{value!r} is not a whole number")
    return int(number)


# --- names --------------------------------------------------------------------------------------

_LABEL = r"\(?[A-Za-z][A-Za-z'-]*(?: [A-Za-z'-]+)?\s?:\s+"  # "Pashto: ", "simplified Chinese: ", "(Japanese: "
_LANGUAGE_LABEL = re.compile("^" + _LABEL)
_SEPARATOR = re.compile(r"\s*/{1,2}\s+|\s+/{1,2}\s*|;|,\s*(?=" + _LABEL + ")")
_BRACKETS = re.compile(r"\s*\[([^\]]*)\]")
_PARENTHESIS = re.compile(r"\s*\([^()]*\)\s*$")


def column_number(value: str, column: str) -> int:
    """A number column; the error names the column and the value."""
    try:
        return parse_int(value)
    except ValueError:
        raise ValueError(f"{column} {value!r} is not a number") from None


def entry_names(entry: dict[str, Any]) -> Names:
    """Every name an entity line of a pack file gives: its name, aliases and contextual names."""
    return [str(entry.get("name", "")), *entry.get("aliases", []), *entry.get("contextual", [])]


def clean_name(text: str) -> str:
    """A name as it can be matched: invisible marks (left-to-right marks) and stray separators removed."""
    visible = "".join(c for c in text if unicodedata.category(c) != "Cf")
    return re.sub(r"\s+", " ", visible).strip(" \t,;")


def split_names(text: str) -> Names:
    """The names in a field that lists several: "Pashto: X / Y; Dari: Z" -> [X, Y, Z].

    Language labels are dropped, and so are editors' notes in square
    brackets ("Liberals [no-party]"), except an acronym ("[CONDEPA]"), which
    becomes a name of its own.
    """
    names = []
    for piece in _SEPARATOR.split(text or ""):
        notes = [note.strip() for note in _BRACKETS.findall(piece)]
        name = clean_name(_LANGUAGE_LABEL.sub("", clean_name(_BRACKETS.sub("", piece))))
        names += [n for n in (name, *(note for note in notes if is_acronym(note))) if n]
    return names


def without_parenthesis(title: str) -> str:
    """A Wikipedia title without its trailing disambiguation: "Federal Party (1973)" -> "Federal Party"."""
    return _PARENTHESIS.sub("", title).strip()


def unique_names(canonical: str, candidates: Iterable[str]) -> Names:
    """Distinct names other than the canonical one, in the order given; two spellings that fold alike count once."""
    seen = {fold_name(canonical)}
    names = []
    for candidate in candidates:
        name = clean_name(candidate)
        key = fold_name(name)
        if key and key not in seen:
            seen.add(key)
            names.append(name)
    return names


def is_acronym(name: str) -> bool:
    """A single word written mostly in capitals ("SPD", "PvdA", "M5S"), not a capitalised word ("Fidesz")."""
    letters = [c for c in name if c.isalpha()]
    capitals = sum(1 for c in letters if c.isupper())
    return " " not in name.strip() and capitals >= 1 and capitals * 2 >= len(letters)


@lru_cache(maxsize=1)
def common_names() -> frozenset[str]:
    """The folded stop list: words news prints in capitals for things other than parties (US, PM, NOW)."""
    lines = COMMON_NAMES.read_text(encoding="utf-8").splitlines()
    return frozenset(fold_name(line) for line in lines if line.strip() and not line.lstrip().startswith("#"))


def shared_names(groups: Iterable[tuple[object, Iterable[str]]]) -> set[str]:
    """Folded names that two or more actors go by: (actor key, names) pairs, one actor may appear in several pairs.

    The actor key lets a Party Facts party and its ParlGov record count as
    one actor, so a party is never "shared" with itself.
    """
    owners: dict[str, set[object]] = {}
    for actor, names in groups:
        for name in names:
            owners.setdefault(fold_name(name), set()).add(actor)
    return {name for name, actors in owners.items() if len(actors) > 1}


def is_contextual(name: str, shared: set[str]) -> bool:
    """Whether a name is too short or too common to trust outside an article about the party's country.

    Contextual are: names two parties share, single words that are not
    acronyms ("Fidesz", "Labour"), acronyms of fewer than three letters
    ("PS"), and words the stop list names (US, NOW).  Everything else, such
    as a full party name or "SPD", is matched everywhere.
    """
    key = fold_name(name)
    if not key or key in shared or key in common_names():
        return True
    if " " in key:
        return False
    if not is_acronym(name):
        return True
    return sum(1 for c in name if c.isalnum()) < 3


def sort_names(canonical: str, others: Names, shared: set[str]) -> tuple[Names, Names]:
    """(aliases, contextual) of an entity; a contextual canonical name is listed in `contextual` so the loader trusts it only in context."""
    aliases = [n for n in others if not is_contextual(n, shared)]
    contextual = [n for n in others if is_contextual(n, shared)]
    if is_contextual(canonical, shared):
        contextual.insert(0, canonical)
    return aliases, contextual


# --- the pack folder ------------------------------------------------------------------------------


def pack_folder(to: Path | None = None) -> Path:
    """Where the imported pack lives: `DIR/world-data` with --to DIR, else in the data folder's `packs/`."""
    return (to if to is not None else data_dir() / "packs") / PACK_NAME


def read_jsonl(path: Path) -> Iterator[dict[str, Any]]:
    """The objects of a JSON Lines file written earlier; unreadable lines are passed over (they are ours to rewrite)."""
    if not path.is_file():
        return
    with path.open(encoding="utf-8") as handle:
        for line in handle:
            try:
                entry = json.loads(line)
            except json.JSONDecodeError:
                continue
            if isinstance(entry, dict):
                yield entry


def jsonl_text(entries: Iterable[dict[str, Any]]) -> str:
    """JSON Lines as written into a pack: one compact object a line, names kept in their own script."""
    return "".join(json.dumps(entry, ensure_ascii=False, separators=(", ", ": ")) + "\n" for entry in entries)


def _read_meta(folder: Path) -> dict[str, Any]:
    """The current pack.yaml, or an empty one when there is none or it cannot be read."""
    try:
        meta = yaml.safe_load((folder / "pack.yaml").read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError):
        return {}
    return meta if isinstance(meta, dict) else {}


def pack_meta(folder: Path, present: set[str], source: str, record: dict[str, Any], today: date) -> dict[str, Any]:
    """The new pack.yaml: this source's entry replaced, the other's kept, the file lists made from what is present."""
    sources = dict(_read_meta(folder).get("sources") or {})
    sources[source] = record
    return {
        "name": PACK_NAME,
        "kind": "imported",
        "country": "",
        "entity_files": [f for f in ENTITY_FILES if f in present],
        "history_files": [f for f in HISTORY_FILES if f in present],
        "as_of": today.isoformat(),
        "sources": {key: sources[key] for key in sorted(sources)},
    }


def write_pack(folder: Path, files: dict[str, str], source: str, record: dict[str, Any], today: date) -> None:
    """Write this source's files and the updated pack.yaml so that a failure leaves the old pack as it was.

    Everything is written into a staging folder next to the pack first; only
    when every file is complete are they moved in with `os.replace`, which
    swaps each file in one step (pack.yaml last, so it never names a file
    that is not there yet).  Should a move fail half-way, the files already
    moved are put back from copies kept in the staging folder.
    """
    folder.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{folder.name}-importing-", dir=folder.parent))
    try:
        for name, text in files.items():
            (staging / name).write_text(text, encoding="utf-8")
        present = set(files) | ({p.name for p in folder.glob("*.jsonl")} if folder.is_dir() else set())
        meta = pack_meta(folder, present, source, record, today)
        header = "# Written by `politograph packs import`; re-import to update (see docs/PACKS.md, imported packs).\n"
        (staging / "pack.yaml").write_text(header + yaml.safe_dump(meta, sort_keys=False, allow_unicode=True, width=200), encoding="utf-8")
        folder.mkdir(exist_ok=True)
        _swap_in(staging, folder, [*files, "pack.yaml"])
    finally:
        shutil.rmtree(staging, ignore_errors=True)


def _swap_in(staging: Path, folder: Path, names: list[str]) -> None:
    """Move the staged files into the pack, all or none: a failed move restores those moved before it."""
    old = staging / "previous"
    old.mkdir()
    for name in names:
        if (folder / name).is_file():
            shutil.copy2(folder / name, old / name)
    moved: list[str] = []
    try:
        for name in names:
            os.replace(staging / name, folder / name)
            moved.append(name)
    except OSError:
        for name in moved:
            if (old / name).is_file():
                os.replace(old / name, folder / name)
            else:
                (folder / name).unlink(missing_ok=True)
        raise


def finish(report: ImportReport, folder: Path, files: dict[str, str], record: dict[str, Any], today: date) -> ImportReport:
    """Write the pack and complete the report with the lines written and the time taken."""
    write_pack(folder, files, report.source, record, today)
    report.folder = folder
    report.written = {name: text.count("\n") for name, text in files.items()}
    report.seconds = time.perf_counter() - report.started
    return report


def input_folder(path: Path, main_file: str) -> Path:
    """The folder holding a dataset's CSV files, given the folder or one of its files."""
    if path.is_dir():
        return path
    if path.is_file():
        return path.parent
    raise ImportFailure(f"{path}: no such file or folder (expected a folder holding {main_file}, or {main_file} itself)")
