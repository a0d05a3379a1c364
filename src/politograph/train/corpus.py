"""The training corpus as documents with their gold, and its fixed split.

The corpus is a folder of FORMAT.md parts (`corpus/parts/*`).  One document in
five of every part (those whose number ends in 0 or 5) is held out: never
trained on, scored after training.  The split is by document number, not
random, so it is the same on every machine and every run.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from politograph.eval.corpus import check_corpus, corpus_folders
from politograph.model import Document, fold_name


class CorpusError(ValueError):
    """The corpus does not pass `politograph corpus check`; the message lists the first problems."""


@dataclass(slots=True)
class GoldDocument:
    """One corpus document with its gold entities and facts."""

    document: Document
    entities: list[dict[str, Any]] = field(default_factory=list)
    facts: list[dict[str, Any]] = field(default_factory=list)

    def aliases(self) -> dict[str, set[str]]:
        """Gold entity name (folded) -> every folded form of it, the way the scorer matches."""
        return {fold_name(e["name"]): {fold_name(a) for a in [e["name"], *e["aliases"]]} for e in self.entities}

    @property
    def held_out(self) -> bool:
        return is_held_out(self.document.id)


def doc_number(doc_id: str) -> int | None:
    """The number at the end of a corpus document's id ("p3-015" -> 15)."""
    digits = "".join(ch for ch in doc_id.rsplit("-", 1)[-1] if ch.isdigit())
    return int(digits) if digits else None


def is_held_out(doc_id: str) -> bool:
    """The fixed split: documents numbered …0 and …5 are held out."""
    number = doc_number(doc_id)
    return number is not None and number % 5 == 0


def _lines(path: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def read_corpus(root: Path, check: bool = True) -> list[GoldDocument]:
    """Every document of every part, checked first: a corpus with problems is not trained on.

    `check=False` reads a gold set written to other conventions (the dev set's
    entities may name forms the text does not use) for scoring only.
    """
    folders = corpus_folders(root)
    if not folders:
        raise CorpusError(f"{root}: no docs.jsonl here or below")
    documents: list[GoldDocument] = []
    for folder in folders:
        report = check_corpus(folder) if check else None
        if report is not None and not report.ok:
            shown = "\n".join(report.problems[:10])
            raise CorpusError(f"{folder} has {len(report.problems)} problem(s); run `politograph corpus check {folder}`:\n{shown}")
        by_id: dict[str, GoldDocument] = {}
        for record in _lines(folder / "docs.jsonl"):
            document = Document(record["id"], record["text"], date.fromisoformat(record["published"]), record.get("source"), record.get("url"), record.get("title"))
            by_id[document.id] = GoldDocument(document)
        for record in _lines(folder / "entities.jsonl"):
            by_id[record["doc"]].entities.append(record)
        for record in _lines(folder / "facts.jsonl"):
            by_id[record["doc"]].facts.append(record)
        documents.extend(by_id.values())
    return documents


def write_gold(documents: list[GoldDocument], folder: Path) -> None:
    """A FORMAT.md folder of these documents' gold, for the scorer."""
    folder.mkdir(parents=True, exist_ok=True)
    with (
        (folder / "docs.jsonl").open("w", encoding="utf-8") as docs,
        (folder / "entities.jsonl").open("w", encoding="utf-8") as entities,
        (folder / "facts.jsonl").open("w", encoding="utf-8") as facts,
    ):
        for gold in documents:
            d = gold.document
            docs.write(json.dumps({"id": d.id, "published": d.published.isoformat(), "source": d.source, "url": d.url, "text": d.text}, ensure_ascii=False) + "\n")
            for record in gold.entities:
                entities.write(json.dumps(record, ensure_ascii=False) + "\n")
            for record in gold.facts:
                facts.write(json.dumps(record, ensure_ascii=False) + "\n")
