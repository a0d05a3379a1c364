"""Finding what a reader asked about: an entity by name, and a post by the word they typed for it.

Every question names its entity the way a reader writes it, and the CLI,
the API and the pages all read that name here, so they agree on what it
means.  A name that fits one entity is that entity; a name several
entities go by is not silently narrowed to one of them: unless exactly one
has it as its own name (and none has it with a qualifier, "Liberal Party
(1950)"), the answer is `Ambiguous`, which lists each
candidate with its type, country and years so the reader can name one by
`#id`.  A name nothing goes by is `NotFound` with the closest known names
("did you mean"), by fuzzy similarity over names and aliases.

Roles are read the same forgiving way: "PM", "prime minister" and
"Prime-Minister" are all `prime-minister`, from the words `lang/en.yaml`
lists (`normal_role`); a word it does not know is `UnknownRole`, naming
the roles there are.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import func, select

from politograph.model import ROLE_VOCABULARY, fold_name
from politograph.store.cache import StampedCache
from politograph.store.repository import Store, no_such_entity
from politograph.store.schema import aliases, entities, facts

MAX_SUGGESTIONS = 5
"""Names offered for a name nothing goes by: enough to spot a typo, few enough to read in one line."""
SUGGESTION_CUTOFF = 60.0
"""Least similarity (0 to 100) a known name needs to be offered: below it the offers are noise."""


@dataclass(slots=True)
class Suggestion:
    """A known entity whose name or alias is close to a name nothing goes by."""

    id: int
    name: str
    type: str
    matched: str  # the name or alias that came close (it may be an alias, not `name`)


@dataclass(slots=True)
class Candidate:
    """One of several entities a name fits, with what tells them apart: type, country and the years its facts speak of."""

    id: int
    name: str
    type: str
    country: str | None = None  # ISO 3166 alpha-3, where the entity's pack says
    first_year: int | None = None
    last_year: int | None = None
    facts: int = 0

    def label(self) -> str:
        """One line for a terminal or a message: "#32 Liberal Party (PARTY, JPN, 2016–2018, 2 facts)"."""
        return f"#{self.id} {self.name} ({', '.join(self.details())})"

    def details(self) -> list[str]:
        years = _years(self.first_year, self.last_year)
        return [self.type, *([self.country] if self.country else []), *([years] if years else []), f"{self.facts} facts"]


def _years(first: int | None, last: int | None) -> str:
    if first is None:
        return ""
    return str(first) if last in (None, first) else f"{first}–{last}"


class NotFound(LookupError):
    """No stored entity goes by the name asked for (or no contradiction has the key given); `suggestions` are the closest known names."""

    def __init__(self, message: str, suggestions: list[Suggestion] | None = None) -> None:
        super().__init__(message)
        self.suggestions = suggestions or []


class Ambiguous(LookupError):
    """A name several entities go by, none of them by its own name alone: the reader picks one by `#id`."""

    def __init__(self, name: str, candidates: list[Candidate]) -> None:
        listed = "; ".join(c.label() for c in candidates)
        super().__init__(f"{name!r} names {len(candidates)} entities: {listed}. Name one by its #id, e.g. '#{candidates[0].id}'")
        self.name = name
        self.candidates = candidates


class UnknownRole(ValueError):
    """A role word neither `ROLE_VOCABULARY` nor the synonyms of `lang/en.yaml` know; the message lists the known roles."""


# --------------------------------------------------------------------------- roles

_SEPARATORS = re.compile(r"[\s\-_–—/]+")


def _role_key(word: str) -> str:
    """A role word as `role_synonyms` are compared: case-blind, dots dropped ("P.M."), hyphens, underscores and slashes as one space."""
    return _SEPARATORS.sub(" ", word.casefold().replace(".", "")).strip()


@functools.lru_cache(maxsize=1)
def _role_table() -> dict[str, str]:
    """Every word read for a post, keyed as `_role_key` reads a word; built on the first question about a post, so other answers start without it."""
    from politograph.lang import EN  # reads lang/en.yaml

    table = {_role_key(role): role for role in ROLE_VOCABULARY}
    table.update({_role_key(word): role for word, role in EN.role_synonyms.items()})
    return table


def normal_role(word: str) -> str:
    """The stored role value for a word a reader typed ("PM", "prime minister", "Secretary-General"); `UnknownRole` if none.

    Facts store one value per post (`ROLE_VOCABULARY`), so a question in
    any other spelling would find nobody; it is read here, once, for the
    CLI, the API and the pages alike.
    """
    key = _role_key(word)
    roles = _role_table()
    found = roles.get(key) or (roles.get(key[:-1]) if key.endswith("s") else None)
    if found is None:
        known = ", ".join(ROLE_VOCABULARY)
        raise UnknownRole(f"role {word!r}: not a role politograph knows; known roles: {known} (or the usual words for them: 'prime minister', 'PM', 'chair', ...)")
    return found


def role_words() -> dict[str, str]:
    """Every word `normal_role` reads, and its role: for a page's list of choices."""
    return dict(_role_table())


# --------------------------------------------------------------------------- entities


def matches(store: Store, name: str) -> list[dict[str, Any]]:
    """Every stored entity going by `name` (any alias, folded), or the one `#id` names; `NotFound` with suggestions if none."""
    found = store.find_entities(name)
    if not found:
        raise NotFound(no_such_entity(name), [] if name.strip().startswith("#") else suggestions(store, name))
    return found


def own_named(found: list[dict[str, Any]], name: str) -> list[dict[str, Any]]:
    """Those of `found` whose own name is `name`: "House of Representatives" is Japan's chamber, not every chamber with that alias."""
    return [e for e in found if fold_name(str(e["name"])) == fold_name(name)]


QUALIFIED = re.compile(r"^(?P<base>.+?)\s+\([^()]+\)$")
"""A name with a qualifier in brackets, "Liberal Party (1950)": its data says the plain name is shared."""


def _qualified_variants(found: list[dict[str, Any]], name: str) -> list[dict[str, Any]]:
    """Those of `found` named `name` with a qualifier ("Liberal Party (1998)" for "Liberal Party")."""
    wanted = fold_name(name)
    return [e for e in found if (m := QUALIFIED.match(str(e["name"]))) is not None and fold_name(m.group("base")) == wanted]


def entity_ids(store: Store, name: str) -> list[int]:
    """The one entity a name or `#id` stands for, as a list of its id; `NotFound` (with suggestions) or `Ambiguous` (with candidates) if not one.

    An entity whose own name it is wins over those that have it only as an
    alias, when it is the only one, unless others go by the same name with
    a qualifier ("Liberal Party" beside "Liberal Party (1950)" and "(1998)"):
    then, as when nothing owns the name, the reader chooses.
    """
    found = matches(store, name)
    if len(found) == 1:
        return [int(found[0]["id"])]
    own = own_named(found, name)
    if len(own) == 1 and not _qualified_variants(found, name):
        return [int(own[0]["id"])]
    raise Ambiguous(name, candidates(store, [int(e["id"]) for e in found]))  # all of them: the one meant may have it only as an alias


def also_named(store: Store, name: str) -> list[Candidate]:
    """The entities that have `name` only as an alias when another has it as its own name (and so `entity_ids` chose that one).

    The choice is the pack's convention ("Liberal Party (1950)" is not the
    plain "Liberal Party"), but a reader should hear of the others.
    """
    if name.strip().startswith("#"):
        return []
    found = store.find_entities(name)
    own = own_named(found, name)
    if len(found) < 2 or len(own) != 1:
        return []
    return candidates(store, [int(e["id"]) for e in found if e is not own[0]])


def every_entity_id(store: Store, name: str) -> list[int]:
    """Ids of every entity going by `name` (own names first, when any): for chambers, whose seat counts are matched by the name itself."""
    found = matches(store, name)
    own = own_named(found, name)
    return [int(e["id"]) for e in (own or found)]


def suggestions(store: Store, name: str, limit: int = MAX_SUGGESTIONS) -> list[Suggestion]:
    """The known entities whose names or aliases are closest to `name`, best first, one line each (at most `limit`)."""
    wanted = fold_name(name)
    if not wanted:
        return []
    best = _closest(wanted, _known_names(store), limit)
    if not best:
        return []
    ids = [i for i, _ in best]
    with store.connect() as connection:
        known = {int(r.id): r for r in connection.execute(select(entities.c.id, entities.c.name, entities.c.type).where(entities.c.id.in_(ids)))}
        spellings = connection.execute(select(aliases.c.entity_id, aliases.c.folded, aliases.c.alias).where(aliases.c.entity_id.in_(ids)))
        spelled = {(int(i), str(f)): str(a) for i, f, a in spellings}  # the name as written, for "as 'Jiminto'"
    return [Suggestion(i, str(known[i].name), str(known[i].type), spelled.get((i, folded), folded)) for i, folded in best if i in known]


@dataclass(slots=True)
class _Names:
    """Every folded name and alias with its entity."""

    folded: list[str]
    ids: list[int]


_NAMES: StampedCache[_Names] = StampedCache(select(func.count(), func.max(aliases.c.id)))
"""Read again only when an alias was added or removed (their count and highest id)."""


def _known_names(store: Store) -> _Names:
    """The store's names for fuzzy matching.

    Reading 160,000 aliases takes most of a second; a server asked for
    "did you mean" again and again reads them once.
    """

    def read() -> _Names:
        with store.connect() as connection:
            rows = connection.execute(select(aliases.c.folded, aliases.c.entity_id)).all()
        return _Names([str(folded) for folded, _ in rows], [int(entity_id) for _, entity_id in rows])

    return _NAMES.get(store, read)


def _closest(wanted: str, names: _Names, limit: int) -> list[tuple[int, str]]:
    """(entity id, folded name) of the best-scoring names, one per entity: rapidfuzz where installed, else the standard library's difflib.

    The plain edit-distance ratio, not a partial one: "Your Prty" should
    offer "Your Party", not every short name inside it ("Rty").
    """
    try:
        from rapidfuzz import fuzz, process
    except ImportError:  # rapidfuzz is a dependency; difflib keeps an install without it answering
        import difflib

        close = set(difflib.get_close_matches(wanted, names.folded, n=limit * 4, cutoff=SUGGESTION_CUTOFF / 100))
        scored = [(difflib.SequenceMatcher(None, wanted, f).ratio() * 100, names.ids[n], f) for n, f in enumerate(names.folded) if f in close]
    else:
        hits = process.extract(wanted, names.folded, scorer=fuzz.ratio, limit=limit * 4, score_cutoff=SUGGESTION_CUTOFF)
        scored = [(score, names.ids[index], names.folded[index]) for _, score, index in hits]
    chosen: dict[int, str] = {}
    for _, entity_id, folded in sorted(scored, key=lambda hit: (-hit[0], len(hit[2]), hit[2])):
        chosen.setdefault(entity_id, folded)
        if len(chosen) == limit:
            break
    return list(chosen.items())


def candidates(store: Store, ids: Iterable[int]) -> list[Candidate]:
    """These entities with what tells them apart (type, country, years of their facts), the best known first."""
    chosen = sorted(set(ids))
    if not chosen:
        return []
    day = func.coalesce(facts.c.valid_from, facts.c.recorded_at)
    with store.connect() as connection:
        rows = connection.execute(select(entities.c.id, entities.c.name, entities.c.type, entities.c.pack_id).where(entities.c.id.in_(chosen))).all()
        spans: dict[int, tuple[Any, Any, int]] = {}
        for column in (facts.c.subject_id, facts.c.object_id):
            query = select(column, func.min(day), func.max(day), func.count()).where(column.in_(chosen)).group_by(column)
            for entity_id, first, last, count in connection.execute(query):
                spans[int(entity_id)] = _widest(spans.get(int(entity_id)), (first, last, int(count)))
    countries = _pack_countries(store, [str(r.pack_id) for r in rows if r.pack_id])
    found = []
    for row in rows:
        first, last, count = spans.get(int(row.id), (None, None, 0))
        found.append(Candidate(int(row.id), str(row.name), str(row.type), _country(row.pack_id, countries), _year(first), _year(last), count))
    return sorted(found, key=lambda c: (-c.facts, c.name, c.id))


def _widest(old: tuple[Any, Any, int] | None, new: tuple[Any, Any, int]) -> tuple[Any, Any, int]:
    """The span of an entity's facts as subject and as object together."""
    if old is None:
        return new
    firsts = [d for d in (old[0], new[0]) if d is not None]
    lasts = [d for d in (old[1], new[1]) if d is not None]
    return (min(firsts) if firsts else None, max(lasts) if lasts else None, old[2] + new[2])


def _year(day: Any) -> int | None:
    if day is None:
        return None
    return int(str(day)[:4])  # a date, or SQLite's text for one


def _pack_countries(store: Store, pack_ids: list[str]) -> dict[str, str]:
    """Country packs by name with their ISO code, for the packs these ids come from (the world pack's ids carry their own)."""
    prefixes = {pack_id.partition(":")[0] for pack_id in pack_ids} - {"world"}
    return {name: code for name in sorted(prefixes) if (code := _pack_iso3(name))}


@functools.lru_cache(maxsize=64)
def _pack_iso3(name: str) -> str | None:
    """A pack's country code from its `pack.yaml` alone: loading every pack's entities for one code costs seconds."""
    import yaml

    from politograph.packs import pack_folders

    folder = pack_folders().get(name)
    if folder is None:
        return None
    try:
        meta = yaml.safe_load((folder / "pack.yaml").read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError):
        return None
    code = meta.get("iso3") if isinstance(meta, dict) and meta.get("kind", "country") == "country" else None
    return str(code).upper() if code else None


def _country(pack_id: str | None, countries: dict[str, str]) -> str | None:
    """A pack entity's country: its country pack's ("japan:ldp" is JPN), or the code a world pack id starts with ("world:aut-spo" is AUT)."""
    if not pack_id:
        return None
    prefix, _, rest = pack_id.partition(":")
    if prefix == "world" and len(rest) > 3 and rest[3] == "-" and rest[:3].isalpha():
        return rest[:3].upper()
    return countries.get(prefix)
