"""What the knowledge base already knows by name: the candidates resolution chooses among.

The store fills a `NameIndex` from its tables once and keeps it current as it
writes, so resolving an entity costs dictionary lookups, plus, when nothing
matches exactly, a RapidFuzz comparison with the few known names of its kind
that can come near it (see resolve/fuzzy.py): the cost of a lookup follows
the names that look alike, not the size of the store.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from politograph.model import fold_name
from politograph.resolve.fuzzy import FuzzyNames
from politograph.resolve.names import GROUP_TYPES, initials, is_full_person_name, name_keys, person_words


@dataclass(slots=True)
class KnownEntity:
    """A stored entity as resolution sees it."""

    id: int
    key: str
    type: str
    name: str
    names: set[str] = field(default_factory=set)  # folded keys, both name orders for people


class NameIndex:
    """Stored entities by key, folded name, a person's name words, and initials."""

    def __init__(self) -> None:
        self.by_id: dict[int, KnownEntity] = {}
        self.by_key: dict[str, int] = {}
        self._by_name: dict[str, set[int]] = defaultdict(set)
        self._by_word: dict[str, set[int]] = defaultdict(set)  # people: first and last name words
        self._by_initials: dict[str, set[int]] = defaultdict(set)
        self._fuzzy = FuzzyNames()  # every name but people's (they are matched by family name), append-only

    def add(self, entity_id: int, key: str, entity_type: str, name: str, aliases: set[str]) -> KnownEntity:
        """Record an entity (or more names of one) so later articles can find it."""
        known = self.by_id.get(entity_id)
        if known is None:
            known = self.by_id[entity_id] = KnownEntity(entity_id, key, entity_type, name)
            self.by_key[key] = entity_id
        for surface in {name, *aliases}:
            for folded in name_keys(entity_type, {surface}):
                if folded not in known.names and entity_type != "PERSON":
                    self._fuzzy.add(folded, entity_id, entity_type)
                known.names.add(folded)
                self._by_name[folded].add(entity_id)
            if entity_type == "PERSON" and is_full_person_name(surface):
                words = person_words(surface)
                self._by_word[words[0]].add(entity_id)
                self._by_word[words[-1]].add(entity_id)
            elif entity_type in GROUP_TYPES and initials(surface):
                self._by_initials[initials(surface)].add(entity_id)
        return known

    def named(self, folded: str) -> list[KnownEntity]:
        return [self.by_id[i] for i in sorted(self._by_name.get(folded, ()))]

    def people_with_word(self, word: str) -> list[KnownEntity]:
        """People whose full name starts or ends with this word: candidates for a bare family name."""
        return [self.by_id[i] for i in sorted(self._by_word.get(fold_name(word), ()))]

    def with_initials(self, letters: str) -> list[KnownEntity]:
        return [self.by_id[i] for i in sorted(self._by_initials.get(letters.lower(), ()))]

    def choices(self, types: frozenset[str]) -> list[tuple[str, int]]:
        """(folded name, id) pairs of these types, in the order a full fuzzy scan would compare them (people are never scanned: none)."""
        return self._fuzzy.entries(types)

    def similar(self, folded: str, types: frozenset[str], cutoff: float, limit: int) -> list[tuple[str, float, int]]:
        """(name, score, id) of the best `limit` known names of these types with a RapidFuzz ratio >= `cutoff`.

        What `process.extract` over `choices(types)` answers, in its order, without comparing every name.
        """
        return self._fuzzy.similar(folded, types, cutoff, limit)
