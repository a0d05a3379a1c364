"""Which stored entities are reading noise, not actors: the one rule the exports use to leave them out.

Named-entity recognition over news finds spans such as "Party" (the start
of "Party president Keiichiro Asao said…") or a bare "Hashimoto" that
resolution rightly would not join to anyone.  Each is stored as an entity
of its own article, and an export that lists it as a person or an
organization misleads whoever loads the file.  The rule, `is_junk`:

    an entity no country pack knows, named in at most one article, that has
    no fact, or only facts read with confidence below `LOW_CONFIDENCE`, or
    whose name is nothing but generic words ("Party", "The Alliance").

Anything a pack knows, or that two articles name, stays: that is evidence
enough that it exists, even when nothing was read about it.  The threshold
and the generic words are the review's (`query.review`), so what the pages
mark as low confidence is what the exports do not count.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, select, union_all

from politograph.model import fold_name
from politograph.query.review import GENERIC_WORDS, LOW_CONFIDENCE
from politograph.store.repository import Store
from politograph.store.schema import doc_entities, entities, facts

# One threshold and one list of generic words for the whole product: a fact the pages mark as read
# with low confidence does not keep a one-article entity in an export either.
__all__ = ["GENERIC_WORDS", "LOW_CONFIDENCE", "Support", "entity_support", "generic_name", "is_junk", "junk_entities"]


@dataclass(frozen=True, slots=True)
class Support:
    """What keeps an entity in an export: a pack's knowledge, the articles that name it, its surest fact."""

    from_pack: bool
    documents: int
    best_confidence: float | None  # None: no fact names it
    name: str


def generic_name(name: str) -> bool:
    words = fold_name(name).split()
    return not words or all(word in GENERIC_WORDS for word in words)


def is_junk(support: Support) -> bool:
    """The module's rule: unknown to the packs, in one article at most, and backed by no fact worth the name."""
    if support.from_pack or support.documents > 1:
        return False
    return support.best_confidence is None or support.best_confidence < LOW_CONFIDENCE or generic_name(support.name)


def entity_support(store: Store) -> dict[int, Support]:
    """Every stored entity's support, in three grouped statements (entities, articles per entity, surest fact per entity)."""
    sides = union_all(
        select(facts.c.subject_id.label("entity_id"), facts.c.confidence).where(facts.c.subject_id.is_not(None)),
        select(facts.c.object_id.label("entity_id"), facts.c.confidence).where(facts.c.object_id.is_not(None)),
    ).subquery()
    with store.connect() as connection:
        named = {int(i): int(n) for i, n in connection.execute(select(doc_entities.c.entity_id, func.count()).group_by(doc_entities.c.entity_id))}
        best = {int(i): float(c) for i, c in connection.execute(select(sides.c.entity_id, func.max(sides.c.confidence)).group_by(sides.c.entity_id))}
        rows = connection.execute(select(entities.c.id, entities.c.name, entities.c.pack_id)).all()
    return {int(i): Support(pack_id is not None, named.get(int(i), 0), best.get(int(i)), str(name)) for i, name, pack_id in rows}


def junk_entities(store: Store) -> set[int]:
    """Ids of the entities `is_junk` leaves out of the exports."""
    return {entity_id for entity_id, support in entity_support(store).items() if is_junk(support)}
