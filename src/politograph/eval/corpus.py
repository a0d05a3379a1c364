"""The corpus validator: a FORMAT.md folder that can be trained on, or the reasons it cannot.

A gold corpus teaches the extractor only what its annotations say, so a fact
whose evidence is not in its document, an entity that never appears in the
text, or a field FORMAT.md does not define would teach something false.  The
checks here are the contract of `politograph corpus check` and of the
corpus tests; each problem names its file and line.
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from politograph.model import END_TYPES, ENTITY_TYPES, FACT_TYPES, ROLE_VOCABULARY, SEAT_QUALIFIERS, Modality, TimeValue, end_allows, fold_name

DOC_FIELDS = frozenset({"id", "url", "published", "source", "text", "title"})
ENTITY_FIELDS = frozenset({"doc", "name", "type", "aliases"})
FACT_FIELDS = frozenset(
    {"doc", "type", "subject", "object", "role", "value", "qualifier", "scope", "outcome", "polarity", "result", "former", "start", "end", "when", "modality", "evidence"}
)
FREE_TEXT = {("election", "subject"), ("referendum", "subject"), ("stance", "object")}
"""Ends FORMAT.md gives as text of the article, not as an entity."""

NO_OBJECT = frozenset({"dissolution", "rename", "seats", "election"})


@dataclass(slots=True)
class CorpusReport:
    """What a check found: problems by file and line, and the counts that quotas are read from."""

    problems: list[str] = field(default_factory=list)
    documents: int = 0
    entities: Counter[str] = field(default_factory=Counter)
    facts: Counter[str] = field(default_factory=Counter)
    modalities: Counter[str] = field(default_factory=Counter)

    @property
    def ok(self) -> bool:
        return not self.problems


def _read_lines(path: Path, report: CorpusReport) -> list[tuple[int, dict[str, Any]]]:
    if not path.exists():
        report.problems.append(f"{path}: no such file")
        return []
    records = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
        except json.JSONDecodeError as exc:
            report.problems.append(f"{path}:{number}: broken JSON ({exc.msg})")
            continue
        if not isinstance(record, dict):
            report.problems.append(f"{path}:{number}: not a JSON object")
            continue
        records.append((number, record))
    return records


def _unknown_fields(record: dict[str, Any], allowed: frozenset[str]) -> list[str]:
    return sorted(set(record) - allowed)


def _check_docs(path: Path, report: CorpusReport) -> dict[str, str]:
    texts: dict[str, str] = {}
    for number, record in _read_lines(path, report):
        where = f"{path}:{number}"
        extra = _unknown_fields(record, DOC_FIELDS)
        if extra:
            report.problems.append(f"{where}: field(s) not in FORMAT.md: {', '.join(extra)}")
        doc_id, text = record.get("id"), record.get("text")
        if not isinstance(doc_id, str) or not doc_id:
            report.problems.append(f"{where}: no document id")
            continue
        if doc_id in texts:
            report.problems.append(f"{where}: document id {doc_id!r} used twice")
            continue
        if not isinstance(text, str) or not text.strip():
            report.problems.append(f"{where}: document {doc_id!r} has no text")
            continue
        try:
            date.fromisoformat(str(record.get("published")))
        except ValueError:
            report.problems.append(f"{where}: published {record.get('published')!r} is not a YYYY-MM-DD date")
        texts[doc_id] = text
    report.documents = len(texts)
    return texts


def _check_entities(path: Path, texts: dict[str, str], report: CorpusReport) -> dict[str, dict[str, str]]:
    """Entities per document: every folded alias and name -> the entity's type."""
    folded_texts = {doc: _loose(text) for doc, text in texts.items()}
    known: dict[str, dict[str, str]] = {doc: {} for doc in texts}
    names: set[tuple[str, str]] = set()
    for number, record in _read_lines(path, report):
        where = f"{path}:{number}"
        extra = _unknown_fields(record, ENTITY_FIELDS)
        if extra:
            report.problems.append(f"{where}: field(s) not in FORMAT.md: {', '.join(extra)}")
        doc, name, kind, aliases = record.get("doc"), record.get("name"), record.get("type"), record.get("aliases")
        if doc not in texts:
            report.problems.append(f"{where}: entity of unknown document {doc!r}")
            continue
        if not isinstance(name, str) or not name.strip():
            report.problems.append(f"{where}: entity with no name")
            continue
        if kind not in ENTITY_TYPES:
            report.problems.append(f"{where}: {name!r} has type {kind!r}, not one of {', '.join(ENTITY_TYPES)}")
            continue
        if (doc, fold_name(name)) in names:
            report.problems.append(f"{where}: entity {name!r} listed twice for {doc}")
        names.add((doc, fold_name(name)))
        if not isinstance(aliases, list) or not all(isinstance(a, str) for a in aliases):
            report.problems.append(f"{where}: aliases of {name!r} must be a list of strings")
            continue
        missing = [a for a in aliases if not _occurs(_loose(a), folded_texts[doc])]
        if missing:
            report.problems.append(f"{where}: alias(es) of {name!r} not in the text of {doc}: {', '.join(map(repr, missing))}")
        if not any(_occurs(_loose(a), folded_texts[doc]) for a in aliases):
            report.problems.append(f"{where}: {name!r} has no alias in the text of {doc}")
        report.entities[kind] += 1
        for form in {name, *aliases}:
            known[doc][fold_name(form)] = kind
    return known


def _loose(text: str) -> str:
    """Folded like `fold_name`, but punctuation becomes a space, so "Tanhae's" still shows the word "tanhae"."""
    decomposed = unicodedata.normalize("NFKD", text)
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch)).casefold()
    return " ".join(re.sub(r"[^\w\s]", " ", stripped).split())


def _occurs(needle: str, haystack: str) -> bool:
    """An alias occurs as whole words of the text (both folded loosely)."""
    if not needle:
        return False
    return f" {needle} " in f" {haystack} "


def _check_time(record: dict[str, Any], where: str, report: CorpusReport) -> None:
    for key in ("when", "start", "end"):
        value = record.get(key)
        if value is None:
            continue
        try:
            TimeValue(str(value))
        except ValueError:
            report.problems.append(f"{where}: {key} {value!r} is not a FORMAT.md time value")


def _check_fields(record: dict[str, Any], where: str, report: CorpusReport) -> None:
    kind = record["type"]
    problems = report.problems
    if kind == "role" and record.get("role") not in ROLE_VOCABULARY:
        problems.append(f"{where}: role {record.get('role')!r} is not one of {', '.join(ROLE_VOCABULARY)}")
    if kind == "seats":
        value = record.get("value")
        if not isinstance(value, int) or isinstance(value, bool) or value < 0:
            problems.append(f"{where}: seats need an integer value, not {value!r}")
        if record.get("qualifier") not in SEAT_QUALIFIERS:
            problems.append(f"{where}: seat qualifier {record.get('qualifier')!r} is not one of {', '.join(SEAT_QUALIFIERS)}")
    if kind == "stance" and record.get("polarity") not in ("for", "against"):
        problems.append(f"{where}: stance polarity {record.get('polarity')!r} is not 'for' or 'against'")
    if kind == "rename" and not isinstance(record.get("result"), str):
        problems.append(f"{where}: a rename needs its new name in result")
    if record.get("modality") not in {m.value for m in Modality}:
        problems.append(f"{where}: modality {record.get('modality')!r} is not one of {', '.join(m.value for m in Modality)}")
    if record.get("former") not in (None, True, False):
        problems.append(f"{where}: former must be true, false or null")
    if kind in NO_OBJECT and record.get("object") is not None:
        problems.append(f"{where}: a {kind} fact has no object (FORMAT.md), found {record.get('object')!r}")


def _check_end(record: dict[str, Any], end: str, entities: dict[str, str], where: str, report: CorpusReport) -> None:
    kind, value = record["type"], record.get(end)
    if value is None or (kind, end) in FREE_TEXT:
        if (kind, end) in FREE_TEXT and not (isinstance(value, str) and value.strip()):
            report.problems.append(f"{where}: a {kind} fact needs its {end} as text")
        return
    if not isinstance(value, str):
        report.problems.append(f"{where}: {end} must be a name or null, not {value!r}")
        return
    entity_type = entities.get(fold_name(value))
    if entity_type is None:
        report.problems.append(f"{where}: {end} {value!r} is not an entity of {record['doc']}")
        return
    if not end_allows(kind, end, entity_type):
        allowed = END_TYPES.get((kind, end), frozenset(ENTITY_TYPES))
        report.problems.append(f"{where}: {end} of a {kind} fact is {value!r} ({entity_type}), which should be {' or '.join(sorted(allowed))}")


def _check_facts(path: Path, texts: dict[str, str], entities: dict[str, dict[str, str]], report: CorpusReport) -> None:
    for number, record in _read_lines(path, report):
        where = f"{path}:{number}"
        extra = _unknown_fields(record, FACT_FIELDS)
        if extra:
            report.problems.append(f"{where}: field(s) not in FORMAT.md: {', '.join(extra)}")
        doc = record.get("doc")
        if doc not in texts:
            report.problems.append(f"{where}: fact of unknown document {doc!r}")
            continue
        if record.get("type") not in FACT_TYPES:
            report.problems.append(f"{where}: fact type {record.get('type')!r} is not one of FORMAT.md's")
            continue
        evidence = record.get("evidence")
        if not isinstance(evidence, str) or not evidence.strip():
            report.problems.append(f"{where}: fact with no evidence")
        elif evidence not in texts[doc]:
            report.problems.append(f"{where}: evidence is not in the text of {doc}: {evidence[:80]!r}")
        _check_fields(record, where, report)
        _check_time(record, where, report)
        for end in ("subject", "object"):
            _check_end(record, end, entities[doc], where, report)
        report.facts[record["type"]] += 1
        report.modalities[str(record.get("modality"))] += 1


def check_corpus(folder: Path) -> CorpusReport:
    """Check one FORMAT.md folder (docs, entities, facts); every problem names its file and line."""
    report = CorpusReport()
    texts = _check_docs(folder / "docs.jsonl", report)
    entities = _check_entities(folder / "entities.jsonl", texts, report)
    _check_facts(folder / "facts.jsonl", texts, entities, report)
    return report


def corpus_folders(root: Path) -> list[Path]:
    """The FORMAT.md folders at or under `root` (a corpus may be split into parts)."""
    if (root / "docs.jsonl").exists():
        return [root]
    return sorted(p.parent for p in root.rglob("docs.jsonl"))
