"""Groups the text names only by their leader: "Hashimoto and his Osaka-based allies".

News about a party that is about to split rarely gives the halves a name;
it says "Ishihara and his allies", "the splinter group led by X", "X's camp".
FORMAT.md wants such a group as a FACTION entity, named after its leader
when it has no name, so facts (seats, mergers, members) can point to it.

This module only *finds* the phrases and decides which faction each one
means: an explicit faction of the document whose name carries the leader's
family name ("the Ishihara faction") or a word of the phrase ("his
Osaka-based allies" and "the Osaka faction"), else a new "<Family> faction".
Whether a new faction becomes an entity of the document is the extract
stage's call: only when a fact points to it, so "Abe and his allies" in
passing adds nothing.
"""

from __future__ import annotations

from dataclasses import dataclass

from spacy.tokens import Doc, Token

from politograph.lang import EN
from politograph.lexicon import word_set
from politograph.model import GROUP_TYPES, Entity, fold_name

RULES = "nlp/data/entity_rules.yaml"
MAX_MODIFIERS = 8


@dataclass(slots=True)
class LeaderGroup:
    """One phrase that names a group by its leader, and the faction it means."""

    leader: Entity
    faction: Entity
    start: int  # first token of the phrase ("his", "'s", "splinter")
    end: int  # one past the group noun
    known: bool  # the faction was already an entity of the document


def family_name(person: Entity) -> str:
    """The name a group is called after: the last word of a Western-order name.

    Packs give Japanese names in Western order ("Toru Hashimoto"), so the
    last word is the family name there too.
    """
    return person.name.split()[-1]


def faction_for(leader: Entity, entities: list[Entity], hints: tuple[str, ...] = ()) -> tuple[Entity, bool]:
    """The document's faction led by `leader`, or a new one named after them.

    An existing FACTION matches when its name carries the leader's family
    name, or when its first word is one of `hints` (the words of "his
    Osaka-based allies" against "the Osaka faction").
    """
    family = fold_name(family_name(leader))
    folded_hints = {fold_name(h) for h in hints}
    for entity in entities:
        if entity.type != "FACTION":
            continue
        words = fold_name(entity.name).split()
        if family in words or (words and words[0] in folded_hints):
            entity.aliases.update({f"{family_name(leader)} faction", f"{family_name(leader)} group"})
            return entity, True
    name = f"{family_name(leader)} faction"
    return Entity(name=name, type="FACTION", aliases={name, f"{family_name(leader)} group"}), False


def _group_noun(doc: Doc, start: int, nouns: frozenset[str]) -> int | None:
    """Index of the group noun a possessive opens ("his largely Osaka-based allies")."""
    for i in range(start + 1, min(len(doc), start + 1 + MAX_MODIFIERS)):
        token = doc[i]
        if token.lower_ in nouns:
            return i
        if token.is_punct and token.text not in ("-", "–") or token.pos_ in ("VERB", "AUX") and token.tag_ != "VBN":
            return None
    return None


def _leader_before(doc: Doc, index: int, entity_at: dict[int, Entity]) -> Entity | None:
    """The person named just before a token, skipping "and" ("X and his allies")."""
    i = index - 1
    if i >= 0 and doc[i].lower_ in EN.leader_joiners:
        i -= 1
    person = entity_at.get(i)
    return person if person is not None and person.type == "PERSON" else None


def find_leader_groups(doc: Doc, entities: list[Entity], entity_at: dict[int, Entity]) -> list[LeaderGroup]:
    """Every "X and his allies" / "X's camp" / "splinter group led by X" phrase of a document."""
    nouns = word_set(RULES, "leader_group_nouns")
    groups: list[LeaderGroup] = []
    for token in doc:
        found = _group_at(token, doc, entity_at, nouns)
        if found is None:
            continue
        leader, start, end = found
        hints = tuple(t.text for t in doc[start:end] if t.pos_ == "PROPN")
        faction, known = faction_for(leader, entities, hints)
        for earlier in groups:  # one leader, one group per document
            if earlier.leader is leader:
                faction, known = earlier.faction, earlier.known
        groups.append(LeaderGroup(leader, faction, start, end, known))
    return groups


def _group_at(token: Token, doc: Doc, entity_at: dict[int, Entity], nouns: frozenset[str]) -> tuple[Entity, int, int] | None:
    found = _phrase_at(token, doc, entity_at, nouns)
    if found is None:
        return None
    named = entity_at.get(found[2])  # "Hashimoto's local group Osaka Ishin no Kai" has a name
    if named is not None and named.type in GROUP_TYPES:
        return None
    return found


def _phrase_at(token: Token, doc: Doc, entity_at: dict[int, Entity], nouns: frozenset[str]) -> tuple[Entity, int, int] | None:
    # "X and his (...) allies"
    if token.lower_ in EN.possessive_pronouns:
        noun = _group_noun(doc, token.i, nouns)
        leader = _leader_before(doc, token.i, entity_at)
        if noun is not None and leader is not None:
            return leader, token.i, noun + 1
    # "X's camp", "X's splinter group"
    if token.lower_ in EN.possessive_endings and token.i > 0:
        noun = _group_noun(doc, token.i, nouns)
        leader = entity_at.get(token.i - 1)
        if noun is not None and leader is not None and leader.type == "PERSON" and noun - token.i <= 3:
            return leader, token.i, noun + 1
    # "the splinter group led by X"
    if token.lower_ in EN.led_by_participles and token.i + 2 < len(doc) and doc[token.i + 1].lower_ == "by":
        leader = entity_at.get(token.i + 2)
        previous = doc[token.i - 1] if token.i > 0 else None
        if leader is not None and leader.type == "PERSON" and previous is not None and previous.lower_ in nouns:
            return leader, previous.i, previous.i + 1
    return None
