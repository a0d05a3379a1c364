"""What the knowledge base already knows by name: the candidates resolution chooses among.

The store fills a `NameIndex` from its tables once and keeps it current as it
writes, so resolving an entity costs dictionary lookups, plus, when nothing
matches exactly, a RapidFuzz comparison with the few known names of its kind
that can come near it (see resolve/fuzzy.py): the cost of a lookup follows
the names that look alike, not the size of the store.

Filling it is the first write's cost on a large store (hundreds of thousands
of entities), so `load` takes the store's rows as they come, names already
folded, and builds each map in bulk: entities stay plain rows until one is
asked for, groups' names go into the maps by `dict` and `zip` and into the
fuzzy index by numpy, and the initials of group names wait for the first
lookup by initials (few articles need one).
"""

from __future__ import annotations

import gc
from collections import Counter, defaultdict
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

from politograph.model import fold_name
from politograph.resolve.fuzzy import FuzzyNames
from politograph.resolve.names import GROUP_TYPES, initials

Surfaces = list[tuple[str, str]]
"""An entity's names as written, each with its folded form (`fold_name`)."""


@contextmanager
def collection_paused() -> Iterator[None]:
    """No cyclic garbage collection meanwhile: while millions of small objects are made and all kept, it would walk them again and again."""
    collecting = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if collecting:
            gc.enable()


@dataclass(slots=True)
class KnownEntity:
    """A stored entity as resolution sees it."""

    id: int
    key: str
    type: str
    name: str


class KnownEntities:
    """Entities by id, like a dict; those loaded in bulk stay (key, type, name) rows until one is asked for."""

    def __init__(self) -> None:
        self._made: dict[int, KnownEntity] = {}
        self._rows: dict[int, tuple[str, str, str]] = {}

    def __getitem__(self, entity_id: int) -> KnownEntity:
        known = self._made.get(entity_id)
        if known is None:
            key, entity_type, name = self._rows.pop(entity_id)
            known = self._made[entity_id] = KnownEntity(entity_id, key, entity_type, name)
        return known

    def __setitem__(self, entity_id: int, known: KnownEntity) -> None:
        self._rows.pop(entity_id, None)
        self._made[entity_id] = known

    def __contains__(self, entity_id: object) -> bool:
        return entity_id in self._made or entity_id in self._rows

    def __len__(self) -> int:
        return len(self._made) + len(self._rows)

    def __iter__(self) -> Iterator[int]:
        yield from self._made
        yield from self._rows

    def get(self, entity_id: int, default: KnownEntity | None = None) -> KnownEntity | None:
        return self[entity_id] if entity_id in self else default  # noqa: SIM401 (this is the mapping's own get)

    def load(self, rows: list[tuple[int, str, str, str]]) -> None:
        """Many (id, key, type, name) rows, none known yet."""
        if rows:
            ids, keys, types, names = zip(*rows, strict=True)
            self._rows.update(zip(ids, zip(keys, types, names, strict=True), strict=True))


@dataclass(slots=True)
class GivenNames:
    """People's name keys that end in one word and have one number of words: the rest of each key, and whose it is."""

    given: list[str] = field(default_factory=list)  # the key without its last word
    ids: list[int] = field(default_factory=list)


def _person_keys(words: list[str]) -> list[str]:
    """`names.person_keys` from words already folded: the name, its last word first and, for two words, reversed."""
    if len(words) < 2:
        return [" ".join(words)] if words else []
    return [" ".join(words), " ".join((words[-1], *words[:-1]))]  # for two words the reversed order is the rotated one


class NameIndex:
    """Stored entities by key, folded name, a person's name words, and initials."""

    def __init__(self) -> None:
        self.by_id = KnownEntities()
        self.by_key: dict[str, int] = {}
        self._by_name: dict[str, tuple[int, ...]] = {}  # nearly every name is one entity's: a tuple is a quarter of a set
        self._by_word: dict[str, set[int]] = defaultdict(set)  # people: first and last name words
        self._people_names: dict[int, set[str]] = {}  # name keys of entities added as people (what `given_names` lists)
        self._by_initials: dict[str, set[int]] = defaultdict(set)
        self._without_initials: list[tuple[str, int]] = []  # group names not in `_by_initials` yet
        self._given: dict[tuple[str, int], GivenNames] = {}  # (last word, words) -> `given_names`, once asked for, kept current
        self._given_words: set[str] = set()  # the last words `_given` has lists for
        self._fuzzy = FuzzyNames()  # every name but people's (they are matched by family name), append-only

    def add(self, entity_id: int, key: str, entity_type: str, name: str, aliases: set[str]) -> KnownEntity:
        """Record an entity (or more names of one) so later articles can find it."""
        return self.add_folded(entity_id, key, entity_type, name, [(surface, fold_name(surface)) for surface in {name, *aliases}])

    def add_folded(self, entity_id: int, key: str, entity_type: str, name: str, surfaces: Surfaces) -> KnownEntity:
        """`add` with each surface given with its folded form, as the store keeps it."""
        known = self.by_id.get(entity_id)
        if known is None:
            known = self.by_id[entity_id] = KnownEntity(entity_id, key, entity_type, name)
            self.by_key[key] = entity_id
        person = entity_type == "PERSON"
        people_names = self._people_names.setdefault(entity_id, set()) if person else self._people_names.get(entity_id)
        new_keys: list[str] = []
        new_words: list[str] = []
        for surface, folded in surfaces:
            words = folded.split() if person else []
            for name_key in _person_keys(words) if person else [folded] if folded else []:
                listed = self._by_name.get(name_key, ())
                if entity_id in listed:
                    continue
                self._by_name[name_key] = (*listed, entity_id)
                new_keys.append(name_key)
                if people_names is not None:
                    people_names.add(name_key)
                if not person:
                    self._fuzzy.add(name_key, entity_id, entity_type)
            if len(words) >= 2:
                for word in (words[0], words[-1]):
                    people = self._by_word[word]
                    if entity_id not in people:
                        people.add(entity_id)
                        new_words.append(word)
            elif entity_type in GROUP_TYPES:
                self._without_initials.append((surface, entity_id))
        if self._given and (new_keys or new_words):
            self._list_given_names(entity_id, new_keys, new_words)
        return known

    def load(self, entities: list[tuple[int, str, str, str]], group_names: list[tuple[int, str, str, str]], people_names: list[tuple[int, str, str]]) -> None:
        """Fill an empty index from a store's rows: what `add_folded` for each entity with its surfaces would build.

        `entities` are (id, key, type, name); `group_names` (id, surface,
        folded, type) of every entity not a person, `people_names` (id,
        surface, folded) of every person.
        """
        if len(self.by_id):
            raise ValueError("NameIndex.load fills an empty index; add to a filled one with add_folded")
        with collection_paused():
            self.by_id.load(entities)
            self.by_key.update((row[1], row[0]) for row in entities)
            self._load_groups(group_names)
            self._load_people(people_names)

    def _load_groups(self, rows: list[tuple[int, str, str, str]]) -> None:
        """Groups', places' and bodies' names into the name map, the fuzzy index and the initials still to index."""
        self._without_initials += [(surface, entity_id) for entity_id, surface, _, entity_type in rows if entity_type in GROUP_TYPES]
        named = list(dict.fromkeys((folded, entity_id, entity_type) for entity_id, _, folded, entity_type in rows if folded))
        self._fuzzy.extend(named)
        name_keys = [folded for folded, _, _ in named]
        self._by_name.update(zip(name_keys, ((entity_id,) for _, entity_id, _ in named), strict=True))  # one entity a name, nearly always
        if len(self._by_name) < len(name_keys):  # a few names shared by two entities
            shared = {folded for folded, count in Counter(name_keys).items() if count > 1}
            sharing: dict[str, list[int]] = defaultdict(list)
            for folded, entity_id, _ in named:
                if folded in shared:
                    sharing[folded].append(entity_id)
            self._by_name.update((folded, tuple(ids)) for folded, ids in sharing.items())

    def _load_people(self, rows: list[tuple[int, str, str]]) -> None:
        """People's names into the name map and their name words: `add_folded`'s person steps, for an index no one has asked yet."""
        by_name, by_word, people_names = self._by_name, self._by_word, self._people_names
        for entity_id, _, folded in rows:
            words = folded.split()
            names = people_names.get(entity_id)
            if names is None:
                names = people_names[entity_id] = set()
            for name_key in _person_keys(words):
                if name_key not in names:
                    names.add(name_key)
                    listed = by_name.get(name_key)
                    by_name[name_key] = (entity_id,) if listed is None else (*listed, entity_id)
            if len(words) >= 2:
                by_word[words[0]].add(entity_id)
                by_word[words[-1]].add(entity_id)

    def _list_given_names(self, entity_id: int, new_keys: list[str], new_words: list[str]) -> None:
        """Keep the lists `given_names` made current: a (word, key) pair is new when its key is, or the person's listing under the word."""
        keys = new_keys
        if any(word in self._given_words for word in new_words):
            keys = keys + [k for k in self._people_names.get(entity_id, ()) if k not in new_keys and k.rsplit(" ", 1)[-1] in new_words]
        for name_key in keys:
            given, _, last = name_key.rpartition(" ")
            listed = self._given.get((last, name_key.count(" ") + 1)) if given else None
            if listed is not None and entity_id in self._by_word.get(last, ()):
                listed.given.append(given)
                listed.ids.append(entity_id)

    def named(self, folded: str) -> list[KnownEntity]:
        return [self.by_id[i] for i in sorted(self._by_name.get(folded, ()))]

    def ids_named(self, folded: str) -> tuple[int, ...]:
        """The ids `named` gives, unsorted and without making their `KnownEntity`."""
        return self._by_name.get(folded, ())

    def people_with_word(self, word: str) -> list[KnownEntity]:
        """People whose full name starts or ends with this word: candidates for a bare family name."""
        return [self.by_id[i] for i in sorted(self._by_word.get(fold_name(word), ()))]

    def given_names(self, last_word: str, words: int) -> GivenNames:
        """The name keys of `words` words ending in `last_word`, of people whose full name starts or ends with that word.

        What `people_with_word(last_word)` and their names give, listed the
        first time they are asked for and kept current after: a fuzzy match
        of a person then costs one RapidFuzz call over them, however many
        people share a common word (a given name, in the other order).
        """
        listed = self._given.get((last_word, words))
        if listed is None:
            listed = self._given[(last_word, words)] = GivenNames()
            self._given_words.add(last_word)
            for entity_id in sorted(self._by_word.get(last_word, ())):
                for name_key in self._people_names.get(entity_id, ()):
                    given, _, last = name_key.rpartition(" ")
                    if last == last_word and given and name_key.count(" ") + 1 == words:
                        listed.given.append(given)
                        listed.ids.append(entity_id)
        return listed

    def with_initials(self, letters: str) -> list[KnownEntity]:
        if self._without_initials:
            for surface, entity_id in self._without_initials:
                found = initials(surface)
                if found:
                    self._by_initials[found].add(entity_id)
            self._without_initials = []
        return [self.by_id[i] for i in sorted(self._by_initials.get(letters.lower(), ()))]

    def choices(self, types: frozenset[str]) -> list[tuple[str, int]]:
        """(folded name, id) pairs of these types, in the order a full fuzzy scan would compare them (people are never scanned: none)."""
        return self._fuzzy.entries(types)

    def similar(self, folded: str, types: frozenset[str], cutoff: float, limit: int) -> list[tuple[str, float, int]]:
        """(name, score, id) of the best `limit` known names of these types with a RapidFuzz ratio >= `cutoff`.

        What `process.extract` over `choices(types)` answers, in its order, without comparing every name.
        """
        return self._fuzzy.similar(folded, types, cutoff, limit)
