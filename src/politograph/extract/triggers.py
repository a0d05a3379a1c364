"""A fact type's trigger words, read from its lexicon: one shape for relations and events alike.

`data/relations.yaml` (alliance, coalition, opposition, merger, meeting) and
`data/events.yaml` (founding, split, dissolution, rename) give each type its
verbs, nouns and adjectives the same way; a relation also says which entity
types its sides may have, whether it is symmetric and which prepositions
bring its other side.  Two-word entries need their second word attached:
"work with" needs "with" on "work", "coalition partner" needs "coalition"
on "partner".
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache

from spacy.tokens import Token

from politograph.lexicon import load_lexicon
from politograph.model import ENTITY_TYPES

RELATIONS = "extract/data/relations.yaml"
EVENTS = "extract/data/events.yaml"


@dataclass(frozen=True, slots=True)
class TriggerSpec:
    """One fact type's trigger words by part of speech, and the sides a relation relates."""

    type: str
    verbs: Mapping[str, frozenset[str]]  # lemma -> words one of which must attach after it (empty: none needed)
    nouns: Mapping[str, frozenset[str]]  # lemma -> words one of which must modify it
    adjectives: frozenset[str]
    two_named: frozenset[str] = frozenset()  # nouns that count only when they name two sides themselves
    types: tuple[str, ...] = ENTITY_TYPES  # entity types either side may have
    symmetric: bool = False  # "X and Y agreed to ..." relates X and Y with no object
    preps: tuple[str, ...] = ()  # prepositions that introduce the other side

    def lemmas(self) -> set[str]:
        return {*self.verbs, *self.adjectives, *self.nouns, *self.two_named}

    def verb(self, token: Token) -> bool:
        """A trigger verb, with its particle attached when it has one ("break up")."""
        needed = self.verbs.get(token.lemma_.lower())
        return needed is not None and token.pos_ in ("VERB", "AUX") and attached(token, needed, before=False)

    def noun(self, token: Token, by_form: bool = False) -> bool:
        """A trigger noun by its lemma (or, `by_form`, by the word as written when the lemma is none: "talks")."""
        if token.pos_ not in ("NOUN", "PROPN"):
            return False
        lemma = token.lemma_.lower()
        key = token.lower_ if by_form and lemma not in self.nouns else lemma
        needed = self.nouns.get(key)
        return needed is not None and attached(token, needed, before=True)

    def predicate(self, token: Token) -> bool:
        """An adjective that is the clause's predicate ("which is opposed to X"), however the tagger reads it."""
        return token.pos_ in ("ADJ", "VERB") and token.lower_ in self.adjectives

    def attribute(self, token: Token) -> bool:
        """An adjective on the noun it describes ("the now-defunct party")."""
        return token.lower_ in self.adjectives and token.dep_ == "amod"


@cache
def trigger_spec(lexicon: str, fact_type: str) -> TriggerSpec:
    """The spec of one fact type in a trigger lexicon (a package data file), read once."""
    raw = load_lexicon(lexicon)[fact_type]
    return TriggerSpec(
        type=fact_type,
        verbs=phrase_table(raw.get("verbs", []), head_first=True),
        nouns=phrase_table(raw.get("nouns", []), head_first=False),
        adjectives=frozenset(raw.get("adjectives", [])),
        two_named=frozenset(raw.get("two_named", [])),
        types=tuple(raw.get("types", ENTITY_TYPES)),
        symmetric=bool(raw.get("symmetric", False)),
        preps=tuple(raw.get("preps", [])),
    )


def phrase_table(entries: list[str], head_first: bool) -> dict[str, frozenset[str]]:
    """Trigger entries of the lexicons as head word -> the words one of which must attach to it.

    "work with" (head first) needs "with" on "work"; "coalition partner"
    (head last) needs "coalition" on "partner"; a one-word entry needs nothing.
    """
    table: dict[str, set[str]] = {}
    for entry in entries:
        words = str(entry).lower().split()
        head, other = (words[0], words[1:]) if head_first else (words[-1], words[:-1])
        table.setdefault(head, set()).update(other[:1])
    return {head: frozenset(needed) for head, needed in table.items()}


def attached(token: Token, needed: frozenset[str], before: bool) -> bool:
    """Whether a phrase's other word is attached to the trigger (or no other word is needed)."""
    if not needed:
        return True
    children = [c for c in token.children if (c.i < token.i) == before]
    return any(c.lower_ in needed or c.lemma_.lower() in needed for c in children)
