"""Review: which entities are probably one, with the evidence a person needs to decide, and which facts the reader was unsure of.

Resolution keeps apart what it cannot prove is one actor; a reviewer
decides.  `possible_duplicates` suggests the pairs worth a look, each
with both sides' names, types, countries, fact counts and a sample
sentence:

- *name variants*: names equal once case, macrons, umlauts, punctuation
  and spacing are ignored ("Abe Shinzō" and "Abe Shinzo", a name with a
  trailing newline), or the same words in the other order ("Shinzo Abe");
- *contained names*: a short name that is a run of words of a longer one
  of the same type and country ("Lind" in "Mara Lind");
- *junk*: an entity read once, in one document, with no fact, whose name
  is only generic words ("Party"), offered for merging into the entity of
  that document whose name contains it, or for dismissal.

Candidates come from indexes of name keys (a folded name, its words in
order) and of word runs, never from comparing every entity with every
other.  Pairs a user dismissed, pairs a split took apart, and pairs of two
entries of the packs (which are distinct by construction) are left out.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import func, or_, select

from politograph.model import fold_name
from politograph.packs.countries import transliterated
from politograph.store.cache import StampedCache
from politograph.store.curation import dismissed_pairs, kept_facts
from politograph.store.repository import Store
from politograph.store.schema import aliases, decisions, doc_entities, documents, entities, facts, mentions

LOW_CONFIDENCE = 0.5
"""Facts read with less confidence than this are marked "low confidence" wherever they are shown."""

GENERIC_WORDS = frozenset(
    {
        *("the", "a", "an", "of", "and", "party", "parties", "union", "league", "alliance", "front", "movement", "bloc", "group"),
        *("coalition", "council", "assembly", "democratic", "democrats", "national", "people", "peoples", "new", "list"),
        *("federation", "congress", "association", "committee"),
    }
)
"""Words that alone name no actor: a name made only of them ("Party", "The Alliance") is junk unless facts say otherwise."""

BIGGEST_BLOCK = 12
"""Entities sharing one name key beyond this are namesakes, not variants of one spelling: the block suggests nothing."""
LONGEST_NAME = 8
"""Words of a name whose runs are looked up as contained names (a name is rarely longer)."""


def is_low(confidence: float | None) -> bool:
    """Whether a fact is to be marked as read with low confidence."""
    return confidence is not None and confidence < LOW_CONFIDENCE


@dataclass(slots=True)
class Side:
    """One entity of a suggested pair, with what tells it apart or shows it is the same."""

    id: int
    key: str
    name: str
    type: str
    country: str | None
    facts: int
    documents: int
    mentions: int
    sentence: str | None = None
    doc_id: str | None = None
    pack_id: str | None = None


@dataclass(slots=True)
class Candidate:
    """A suggested merge (or, with no `second`, a junk entity to dismiss): why it is suggested, and both sides."""

    reason: str  # name-variant | name-order | contained | junk
    why: str
    first: Side
    second: Side | None = None


@dataclass(slots=True)
class _Entity:
    id: int
    key: str
    name: str
    type: str
    pack_id: str | None
    names: set[str] = field(default_factory=set)  # folded spellings, from the name and every alias


def name_key(text: str) -> str:
    """A spelling as a name key: case, macrons, umlauts, punctuation and runs of spaces (newlines too) ignored."""
    return fold_name(transliterated(text))


def order_key(folded: str) -> str:
    """A folded name's words in sorted order: "shinzo abe" and "abe shinzo" meet."""
    return " ".join(sorted(folded.split()))


def _is_generic(folded: str) -> bool:
    words = folded.split()
    return bool(words) and all(word in GENERIC_WORDS for word in words)


def _country(pack_id: str | None, countries: dict[str, str]) -> str | None:
    """The country a pack id names ("japan:ldp" is JPN, "world:aut-spo" is AUT); none for entities no pack knows."""
    if not pack_id or ":" not in pack_id:
        return None
    pack, rest = pack_id.split(":", 1)
    if pack == "world":
        return rest[:3].upper() if len(rest) >= 3 else None
    return countries.get(pack)


@dataclass(slots=True)
class _Index:
    """The entities' name keys."""

    entities: dict[int, _Entity]
    by_order: dict[tuple[str, str], set[int]]
    by_name: dict[tuple[str, str], set[int]]


_INDEXES: StampedCache[_Index] = StampedCache(
    select(
        select(func.max(entities.c.id)).scalar_subquery(),
        select(func.count()).select_from(entities).scalar_subquery(),
        select(func.max(aliases.c.id)).scalar_subquery(),
        select(func.max(decisions.c.id)).scalar_subquery(),
    )
)
"""Kept until an entity, alias or decision is added (or an entity merged away)."""


def _index(store: Store) -> _Index:
    """Every entity's name keys, by folded spelling and by its words in sorted order."""
    return _INDEXES.get(store, lambda: _read_index(store))


def _read_index(store: Store) -> _Index:
    with store.connect() as connection:
        rows = connection.execute(select(entities.c.id, entities.c.key, entities.c.name, entities.c.type, entities.c.pack_id))
        found = {int(r.id): _Entity(int(r.id), r.key, r.name, r.type, r.pack_id) for r in rows}
        for entity_id, alias in connection.execute(select(aliases.c.entity_id, aliases.c.alias)):
            if int(entity_id) in found:
                found[int(entity_id)].names.add(name_key(alias))
    by_order: dict[tuple[str, str], set[int]] = defaultdict(set)
    by_name: dict[tuple[str, str], set[int]] = defaultdict(set)
    for entity in found.values():
        entity.names.add(name_key(entity.name))
        entity.names.discard("")
        for folded in entity.names:
            by_order[(entity.type, order_key(folded))].add(entity.id)
            by_name[(entity.type, folded)].add(entity.id)
    return _Index(found, dict(by_order), dict(by_name))


def _pair(first: int, second: int) -> tuple[int, int]:
    return (first, second) if first < second else (second, first)


def _variant_pairs(index: _Index) -> dict[tuple[int, int], tuple[str, str]]:
    """Pairs sharing a name key: the same spelling folded, or the same words in another order."""
    found: dict[tuple[int, int], tuple[str, str]] = {}
    for (_, _key), ids in index.by_order.items():
        if len(ids) < 2 or len(ids) > BIGGEST_BLOCK:
            continue
        ordered = sorted(ids)
        for n, first in enumerate(ordered):
            for second in ordered[n + 1 :]:
                a, b = index.entities[first], index.entities[second]
                if a.names & b.names:
                    found[(first, second)] = ("name-variant", f"{a.name!r} and {b.name!r} are one spelling once case, marks and spacing are ignored")
                else:
                    found.setdefault((first, second), ("name-order", f"{a.name!r} and {b.name!r} are the same words in another order"))
    return found


def _runs(words: list[str]) -> Iterable[str]:
    """Every run of consecutive words shorter than the whole name."""
    for size in range(1, len(words)):
        for start in range(len(words) - size + 1):
            yield " ".join(words[start : start + size])


def _contained_pairs(index: _Index, countries: dict[str, str]) -> dict[tuple[int, int], tuple[str, str]]:
    """(short, long) pairs where the short name is a run of the long one's words, same type, same (or unknown) country."""
    found: dict[tuple[int, int], tuple[str, str]] = {}
    for entity in index.entities.values():
        for folded in entity.names:
            words = folded.split()
            if len(words) < 2 or len(words) > LONGEST_NAME:
                continue
            for run in _runs(words):
                if _is_generic(run):
                    continue
                for other in index.by_name.get((entity.type, run), ()):
                    shorter = index.entities[other]
                    if other == entity.id:
                        continue
                    if _country(shorter.pack_id, countries) != _country(entity.pack_id, countries):
                        continue
                    found.setdefault(_pair(other, entity.id), ("contained", f"{shorter.name!r} is part of {entity.name!r}"))
    return found


def _junk(store: Store, index: _Index) -> list[int]:
    """Entities named only by generic words, read in one document, once, with no fact: a reader's mistake, not an actor."""
    generic = [e.id for e in index.entities.values() if not e.pack_id and _is_generic(name_key(e.name))]
    if not generic:
        return []
    found = []
    with store.connect() as connection:
        for start in range(0, len(generic), 500):
            chunk = generic[start : start + 500]
            in_docs, said = _counted(connection, doc_entities.c.entity_id, chunk), _counted(connection, mentions.c.entity_id, chunk)
            with_facts = set(connection.execute(select(facts.c.subject_id).where(facts.c.subject_id.in_(chunk))).scalars())
            with_facts |= set(connection.execute(select(facts.c.object_id).where(facts.c.object_id.in_(chunk))).scalars())
            found += [i for i in chunk if in_docs.get(i, 0) <= 1 and said.get(i, 0) <= 1 and i not in with_facts]
    return found


def _counted(connection: Any, column: Any, ids: list[int]) -> dict[int, int]:
    """Rows per entity id in one grouped count (documents naming each, or mentions of each)."""
    return {int(i): int(n) for i, n in connection.execute(select(column, func.count()).where(column.in_(ids)).group_by(column))}


def _junk_partner(store: Store, index: _Index, junk: int) -> int | None:
    """The entity of the junk's own document whose name holds the junk's words ("Farmers Party" for "Party"), if there is one."""
    wanted = set(name_key(index.entities[junk].name).split())
    with store.connect() as connection:
        doc_id = connection.execute(select(doc_entities.c.doc_id).where(doc_entities.c.entity_id == junk)).scalar()
        if doc_id is None:
            return None
        others = connection.execute(select(doc_entities.c.entity_id, doc_entities.c.name).where(doc_entities.c.doc_id == doc_id, doc_entities.c.entity_id != junk)).all()
    for other_id, name in sorted(others, key=lambda row: (len(str(row[1])), int(row[0]))):
        if wanted <= set(name_key(str(name)).split()) and int(other_id) in index.entities:
            return int(other_id)
    return None


def _skipped(store: Store, index: _Index) -> set[tuple[str, str]]:
    """Key pairs not to suggest: dismissed by a user, or taken apart by a split."""
    skipped = dismissed_pairs(store)
    with store.connect() as connection:
        for source, target in connection.execute(select(decisions.c.source_key, decisions.c.target_key).where(decisions.c.kind == "split")):
            skipped.add((min(source, target), max(source, target)))
    return skipped


def _countries(store: Store) -> dict[str, str]:
    return {pack.name: pack.iso3 for pack in store.packs if pack.kind == "country" and pack.iso3}


def possible_duplicates(store: Store, limit: int = 100) -> list[Candidate]:
    """Suggested merges, name variants first, then contained names, then junk; at most `limit`, with their evidence."""
    index = _index(store)
    countries = _countries(store)
    skipped = _skipped(store, index)
    suggested: list[tuple[str, str, int, int | None]] = []
    seen: set[tuple[int, int]] = set()

    def offer(reason: str, why: str, first: int, second: int | None) -> None:
        a = index.entities[first]
        b = index.entities[second] if second is not None else a
        keys = (min(a.key, b.key), max(a.key, b.key))
        pair = _pair(first, second if second is not None else first)
        if keys in skipped or pair in seen or (second is not None and a.pack_id and b.pack_id):
            return
        seen.add(pair)
        suggested.append((reason, why, first, second))

    for (first, second), (reason, why) in sorted(_variant_pairs(index).items(), key=lambda item: (item[1][0] != "name-variant", item[0])):
        offer(reason, why, first, second)
    for (first, second), (reason, why) in sorted(_contained_pairs(index, countries).items()):
        shorter, longer = sorted((first, second), key=lambda i: (len(index.entities[i].name), i))
        offer(reason, why, shorter, longer)
    for junk in _junk(store, index):
        partner = _junk_partner(store, index, junk)
        name = index.entities[junk].name
        why = f"{name!r} names no actor by itself: read once, in one document, with no fact"
        offer("junk", why, junk, partner)
    chosen = suggested[:limit]
    sides = _sides(store, index, countries, {i for _, _, a, b in chosen for i in (a, b) if i is not None})
    found = []
    for reason, why, a, b in chosen:
        away, kept = sides[a], sides[b] if b is not None else None
        if kept is not None and reason in ("name-variant", "name-order") and _keeps(away) > _keeps(kept):
            away, kept = kept, away  # the side to keep is the better-known one: a pack's entry, more facts, a clean name
        found.append(Candidate(reason, why, away, kept))
    return found


def _keeps(side: Side) -> tuple[bool, int, bool, int]:
    """How strongly a side should be the one kept when two spellings are merged (greater: keep)."""
    return (side.pack_id is not None, side.facts, side.name == " ".join(side.name.split()), -side.id)


def _sides(store: Store, index: _Index, countries: dict[str, str], ids: set[int]) -> dict[int, Side]:
    """Each entity's counts and one sample sentence: a fact's, else the text around a mention."""
    if not ids:
        return {}
    chosen = sorted(ids)
    kept = kept_facts(store)
    with store.connect() as connection:
        counts: dict[int, int] = defaultdict(int)
        for column in (facts.c.subject_id, facts.c.object_id):
            for entity_id, n in connection.execute(select(column, func.count()).where(column.in_(chosen), *kept).group_by(column)):
                counts[int(entity_id)] += int(n)
        in_docs, said = _counted(connection, doc_entities.c.entity_id, chosen), _counted(connection, mentions.c.entity_id, chosen)
        sides = {}
        for entity_id in chosen:
            entity = index.entities[entity_id]
            sentence, doc_id = _sample(connection, entity_id, kept)
            country = _country(entity.pack_id, countries)
            numbers = (counts[entity_id], in_docs.get(entity_id, 0), said.get(entity_id, 0))
            sides[entity_id] = Side(entity_id, entity.key, entity.name, entity.type, country, *numbers, sentence=sentence, doc_id=doc_id, pack_id=entity.pack_id)
    return sides


def _sample(connection: Any, entity_id: int, kept: list[Any]) -> tuple[str | None, str | None]:
    """One sentence naming the entity: its first fact's, else its first mention with some text around it."""
    naming = or_(facts.c.subject_id == entity_id, facts.c.object_id == entity_id)
    fact = connection.execute(select(facts.c.sentence, facts.c.doc_id).where(naming, facts.c.sentence.is_not(None), *kept).order_by(facts.c.id).limit(1)).first()
    if fact is not None:
        return str(fact.sentence), str(fact.doc_id)
    spans = select(mentions.c.start, mentions.c.end, documents.c.text, documents.c.id).join(documents, documents.c.id == mentions.c.doc_id)
    mention = connection.execute(spans.where(mentions.c.entity_id == entity_id).order_by(mentions.c.id).limit(1)).first()
    if mention is None:
        return None, None
    text = str(mention.text)
    start, end = max(0, int(mention.start) - 80), min(len(text), int(mention.end) + 80)
    return ("…" if start else "") + " ".join(text[start:end].split()) + ("…" if end < len(text) else ""), str(mention.id)
