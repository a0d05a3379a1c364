"""Cross-article entity resolution: which stored entity an article's entity is.

Evidence is tried from strongest to weakest, and the first that is
unambiguous wins:

1. the user's decisions (a merge or split made by command);
2. the country pack (its id, choosing by the article's date between two
   parties that went by one name in different years);
3. names the knowledge base already holds: pack aliases, translations and
   kanji, then aliases learned from earlier articles; people in either name
   order; an acronym against the initials of a stored group's name;
4. a fuzzy match (RapidFuzz) above a measured threshold, with one clear winner;
   for people only the given name may differ slightly, never the family name.

A bare family name ("Hashimoto", "Mayor Hashimoto") is resolved only when
the article's own clues (a post the person holds, a party they belong to)
point to exactly one known person; otherwise it stays unresolved, as an
entity of its own article, rather than be guessed.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from typing import Protocol

from rapidfuzz import fuzz, process

from politograph.model import Entity, fold_name, is_acronym
from politograph.packs import Pack, PackEntity, in_use_instead
from politograph.resolve.index import KnownEntity, NameIndex
from politograph.resolve.names import GROUP_TYPES, compatible, is_full_person_name, person_keys

FUZZY_THRESHOLDS = {"GROUP": 96.0, "PERSON": 88.0}
"""RapidFuzz ratio (0-100) a name must reach: the whole folded name for groups and bodies, the
given name (the family name equal) for people.  Measured by benchmarks/resolution.py on labelled
name pairs as the lowest threshold with no false merge: a false merge corrupts every answer about
two actors, while a missed one is fixed by one `politograph merge`."""
FUZZY_MIN_LENGTH = 6
"""Folded names shorter than this are never fuzzy-matched: one letter is too much of them."""
FUZZY_CANDIDATES = 8
"""Best fuzzy hits looked at: one actor among them wins only if all of them are that actor."""
WEAK_ROLES = frozenset({"other", "lawmaker", "member"})
"""Posts too common to tell two namesakes apart."""


@dataclass(slots=True)
class Clues:
    """What one article says around an entity that can tell namesakes apart."""

    published: date
    roles: set[str] = field(default_factory=set)  # its posts in the article, and titles before its name
    linked: set[int] = field(default_factory=set)  # stored ids of the groups and bodies it belongs to or holds a post in


@dataclass(slots=True)
class Profile:
    """What the knowledge base already says about a person."""

    roles: set[str] = field(default_factory=set)
    linked: set[int] = field(default_factory=set)


class Profiles(Protocol):
    def profile(self, entity_id: int) -> Profile: ...


@dataclass(slots=True)
class Decisions:
    """The user's merge and split decisions, by entity key, so they outlive any re-ingest."""

    redirects: dict[str, str] = field(default_factory=dict)  # merged-away key -> surviving key
    by_name: dict[tuple[str, str], str] = field(default_factory=dict)  # (type, folded name) -> key
    by_document: dict[tuple[str, str], str] = field(default_factory=dict)  # (doc id, folded name) -> key

    def final(self, key: str) -> str:
        """Follow merges to the surviving entity (a cycle stops where it began)."""
        seen = {key}
        while key in self.redirects and self.redirects[key] not in seen:
            key = self.redirects[key]
            seen.add(key)
        return key


@dataclass(frozen=True, slots=True)
class Resolution:
    """The stored entity an article's entity is, and how that was decided."""

    key: str
    method: str  # user | pack | name | initials | fuzzy | context | new | unresolved
    score: float = 100.0
    name: str | None = None  # the canonical name, when a pack gives it


def _digits(name: str) -> str:
    return "".join(ch for ch in name if ch.isdigit())


class Resolver:
    """Resolves one article's entities against a `NameIndex`, in the order above."""

    def __init__(self, index: NameIndex, profiles: Profiles, decisions: Decisions, packs: Iterable[Pack] = (), thresholds: dict[str, float] | None = None) -> None:
        self.index, self.profiles, self.decisions = index, profiles, decisions
        self.thresholds = {**FUZZY_THRESHOLDS, **(thresholds or {})}
        self._pack_entities: dict[str, PackEntity] = {}
        for pack in packs:
            for known in pack.entities:
                self._pack_entities[known.qualified_id] = known
        self._dated = [e for e in self._pack_entities.values() if e.dated]

    def resolve(self, entity: Entity, doc_id: str, clues: Clues) -> Resolution:
        found = self._decided(entity, doc_id) or self._from_pack(entity, clues.published) or self._from_names(entity, doc_id, clues)
        return Resolution(self.decisions.final(found.key), found.method, found.score, found.name)

    # ------------------------------------------------------------------ steps

    def _decided(self, entity: Entity, doc_id: str) -> Resolution | None:
        folded = fold_name(entity.name)
        key = self.decisions.by_document.get((doc_id, folded)) or self.decisions.by_name.get((entity.type, folded))
        return Resolution(key, "user") if key else None

    def _from_pack(self, entity: Entity, published: date) -> Resolution | None:
        if entity.pack_id is None:
            return None
        chosen = self._pack_entities.get(entity.pack_id)
        if chosen is None:
            return Resolution(entity.pack_id, "pack")
        surfaces = {fold_name(s) for s in {entity.name, *entity.aliases}}
        chosen = in_use_instead(chosen, surfaces, published, self._dated)
        return Resolution(chosen.qualified_id, "pack", name=chosen.name)

    def _from_names(self, entity: Entity, doc_id: str, clues: Clues) -> Resolution:
        if entity.type == "PERSON":
            return self._person(entity, doc_id, clues)
        for surfaces in ([entity.name], sorted(entity.aliases - {entity.name})):
            found = self._unique(self._named(entity, surfaces))
            if found:
                return Resolution(found.key, "name")
        for surface in sorted({entity.name, *entity.aliases}):
            if is_acronym(surface) and entity.type in GROUP_TYPES:  # the tagger's own acronym test
                found = self._unique([k for k in self.index.with_initials(surface.replace("-", "")) if compatible(k.type, entity.type)])
                if found:
                    return Resolution(found.key, "initials")
        fuzzy = self._fuzzy_group(entity)
        if fuzzy is not None:
            return fuzzy
        return Resolution(entity.key, "new")

    def _person(self, entity: Entity, doc_id: str, clues: Clues) -> Resolution:
        full = sorted(s for s in {entity.name, *entity.aliases} if is_full_person_name(s))
        if not full:
            return self._by_clues(entity, doc_id, clues)
        named = self._named(entity, full)
        if len({k.id for k in named}) > 1:
            return Resolution(f"{entity.key}#{doc_id}", "unresolved")  # two known people answer to this name
        if named:
            return Resolution(named[0].key, "name")
        fuzzy = self._fuzzy_person(entity, full)
        return fuzzy or Resolution(entity.key, "new")

    def _named(self, entity: Entity, surfaces: Iterable[str]) -> list[KnownEntity]:
        keys: set[str] = set()
        for surface in surfaces:
            keys |= person_keys(surface) if entity.type == "PERSON" else {fold_name(surface)}
        found = {k.id: k for key in keys for k in self.index.named(key) if compatible(k.type, entity.type)}
        exact = [k for k in found.values() if k.type == entity.type]
        return exact if len(exact) == 1 else list(found.values())

    @staticmethod
    def _unique(found: list[KnownEntity]) -> KnownEntity | None:
        return found[0] if len({k.id for k in found}) == 1 else None

    def _by_clues(self, entity: Entity, doc_id: str, clues: Clues) -> Resolution:
        """A bare family name: the one known person the article's clues point to, else unresolved."""
        if not (clues.roles - WEAK_ROLES or clues.linked):  # nothing any profile could corroborate: skip reading them
            return Resolution(f"{entity.key}#{doc_id}", "unresolved")
        candidates = {k.id: k for k in self.index.people_with_word(entity.name)}
        profiles = self._profiles(list(candidates))
        supported = [k for k in candidates.values() if self._corroborated(profiles[k.id], clues)]
        if len(supported) == 1:
            return Resolution(supported[0].key, "context")
        return Resolution(f"{entity.key}#{doc_id}", "unresolved")

    def _profiles(self, entity_ids: list[int]) -> dict[int, Profile]:
        """Profiles of these people; a source with a `many` method (the store) reads them all in one query."""
        many = getattr(self.profiles, "many", None)
        return many(entity_ids) if many is not None else {i: self.profiles.profile(i) for i in entity_ids}

    @staticmethod
    def _corroborated(profile: Profile, clues: Clues) -> bool:
        return bool((profile.roles & clues.roles) - WEAK_ROLES or profile.linked & clues.linked)

    def _fuzzy_group(self, entity: Entity) -> Resolution | None:
        query = fold_name(entity.name)
        if len(query) < FUZZY_MIN_LENGTH:
            return None
        types = GROUP_TYPES if entity.type in GROUP_TYPES else frozenset({entity.type})
        hits = self.index.similar(query, types, self.thresholds["GROUP"], FUZZY_CANDIDATES)
        hits = [hit for hit in hits if _digits(hit[0]) == _digits(query)]  # "Liberal Party (1998)" is not "(1950)"
        ids = {entity_id for _, _, entity_id in hits}
        if len(ids) != 1:
            return None
        return Resolution(self.index.by_id[ids.pop()].key, "fuzzy", float(max(score for _, score, _ in hits)))

    def _fuzzy_person(self, entity: Entity, full: list[str]) -> Resolution | None:
        """Same family name and a given name spelt nearly alike ("Shintaro"/"Shintarou"); never a different family name.

        Every known key of as many words ending in the same word is compared
        (`NameIndex.given_names`), by one RapidFuzz call over them all.
        """
        best: dict[int, float] = {}
        threshold = self.thresholds["PERSON"]
        for surface in full:
            for key in person_keys(surface):
                words = key.split()
                listed = self.index.given_names(words[-1], len(words))
                for _, score, position in process.extract(" ".join(words[:-1]), listed.given, scorer=fuzz.ratio, score_cutoff=threshold, limit=None):
                    entity_id = listed.ids[position]
                    best[entity_id] = max(best.get(entity_id, 0.0), score)
        if len(best) != 1:
            return None
        entity_id, score = best.popitem()
        return Resolution(self.index.by_id[entity_id].key, "fuzzy", score)
