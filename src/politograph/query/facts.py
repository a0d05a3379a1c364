"""What the store knows about an entity: its facts, each with its evidence."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from politograph.store.repository import Store


@dataclass(slots=True)
class EvidencedFact:
    """A fact with the article and sentence it was read from."""

    type: str
    subject: str | None
    object: str | None
    detail: str
    when: str | None
    start: str | None
    end: str | None
    modality: str
    confidence: float
    doc_id: str
    published: date
    source: str | None
    sentence: str | None


@dataclass(slots=True)
class EntityFacts:
    name: str
    type: str
    facts: list[EvidencedFact] = field(default_factory=list)


def _detail(row: dict[str, object]) -> str:
    parts = []
    if row.get("role"):
        parts.append(str(row["role"]))
    if row.get("value") is not None:
        qualifier = row.get("qualifier")
        parts.append(f"{row['value']}" + (f" ({qualifier})" if qualifier and qualifier != "exact" else ""))
    for name in ("scope", "outcome", "polarity", "result"):
        if row.get(name):
            parts.append(f"{name}={row[name]}")
    if row.get("former"):
        parts.append("former")
    return ", ".join(parts)


def facts_for_entity(store: Store, name: str, min_confidence: float = 0.0) -> list[EntityFacts]:
    """Every stored entity that goes by `name`, with the facts about it in time order (those read with at least `min_confidence`)."""
    answers = []
    for entity in store.find_entities(name):
        rows = store.facts_about([entity["id"]])
        facts = [
            EvidencedFact(
                type=row["type"],
                subject=row["subject"],
                object=row["object"],
                detail=_detail(row),
                when=row["when"],
                start=row["start"],
                end=row["end"],
                modality=row["modality"],
                confidence=row["confidence"],
                doc_id=row["doc_id"],
                published=row["published"],
                source=row["source"],
                sentence=row["sentence"],
            )
            for row in rows
            if row["confidence"] >= min_confidence
        ]
        answers.append(EntityFacts(entity["name"], entity["type"], facts))
    return answers
