"""Country packs: country knowledge kept as data, never as code.

A pack is a folder with `pack.yaml` (name, country, markers, data files) and
entity files grouped by type.  Code reads packs only through `load_packs`, so
adding a country means adding a folder (see docs/PACKS.md).
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from pathlib import Path

import yaml

from politograph.model import ROLE_VOCABULARY, Entity, TimeValue, fold_name
from politograph.packs.countries import Country, CountryBook, CountryFileError, country_entries, country_from, strip_marks, transliterated
from politograph.packs.merge import merge_packs
from politograph.packs.reference import Reference, ReferenceError, build_reference
from politograph.settings import data_dir

PACKS_DIR = Path(__file__).parent

# Section of an entity file -> FORMAT.md entity type.
SECTION_TYPES = {
    "parties": "PARTY",
    "local_groups": "LOCAL_GROUP",
    "factions": "FACTION",
    "gov_bodies": "GOV_BODY",
    "people": "PERSON",
    "places": "PLACE",
}


class PackError(ValueError):
    """A pack file is missing or malformed; the message names the file."""


@dataclass(frozen=True, slots=True)
class PackEntity:
    """One actor, body or place a pack knows, with every name it goes by."""

    pack: str
    id: str
    name: str
    type: str
    aliases: tuple[str, ...] = ()
    contextual: tuple[str, ...] = ()
    titles: tuple[str, ...] = ()
    given: str | None = None
    family: str | None = None
    founded: str | None = None
    dissolved: str | None = None
    dated: tuple[tuple[str, str | None, str | None], ...] = ()  # (folded name, first day, last day)
    country: str | None = None  # ISO 3166 alpha-3: the country whose articles trust its contextual names
    ids: tuple[tuple[str, str], ...] = ()  # external ids: ("partyfacts", "1234"), ("wikidata", "Q49762")
    same_as: str | None = None  # the qualified id of another pack's entity this one stands for ("world:jpn")

    @property
    def qualified_id(self) -> str:
        return f"{self.pack}:{self.id}"

    def external_id(self, scheme: str) -> str | None:
        return next((value for key, value in self.ids if key == scheme), None)

    def active_in(self, day: date) -> bool:
        """Whether the entity existed on `day` by its founding and dissolution years (unknown ends are open)."""
        return _day_bound(self.founded, early=True) <= day <= _day_bound(self.dissolved, early=False)

    def all_names(self) -> tuple[str, ...]:
        return (self.name, *self.aliases, *self.contextual)

    def in_use(self, folded: str, day: date) -> bool | None:
        """Whether this entity went by `folded` on `day`; None when the pack gives that name no dates.

        Two parties can share a name in different years (Nippon Ishin no Kai
        in 2012 and again from 2016): the dates tell an article which one it means.
        """
        distance = self.days_from_use(folded, day)
        return None if distance is None else distance == 0

    def days_from_use(self, folded: str, day: date) -> int | None:
        """Days between `day` and the nearest period this entity went by `folded` (0 inside one); None if undated."""
        periods = _periods_of(self.dated, folded)
        if not periods:
            return None
        return min(0 if first <= day <= last else min(abs((first - day).days), abs((day - last).days)) for first, last in periods)


@lru_cache(maxsize=65536)
def _periods_of(dated: tuple[tuple[str, str | None, str | None], ...], folded: str) -> tuple[tuple[date, date], ...]:
    """The day bounds of each period an entity went by `folded`: worked out once, asked for every mention of the name."""
    return tuple((_day_bound(first, early=True), _day_bound(last, early=False)) for name, first, last in dated if name == folded)


@dataclass(slots=True)
class Pack:
    """A pack's data: its markers, its entities, its reference facts and the countries it describes.

    `kind` is "country" (one country's curated data: Japan, the UK),
    "world" (the built-in countries and major parties) or "imported" (Party
    Facts and ParlGov, written by `politograph packs import`).
    """

    name: str
    country: str
    markers: tuple[str, ...]
    entities: list[PackEntity] = field(default_factory=list)
    as_of: date = date(2000, 1, 1)  # the day the reference data was last checked: its recorded time
    history: list[tuple[Path, list[dict[str, object]]]] = field(default_factory=list)
    iso3: str | None = None
    kind: str = "country"
    sources: dict[str, object] = field(default_factory=dict)  # where imported data came from, and its version
    countries: list[Country] = field(default_factory=list)
    external: dict[str, PackEntity] = field(default_factory=dict)  # other packs' entities its facts name ("world:deu")
    name_order: str | None = None  # a country pack's own name order, when the world pack is not loaded
    _reference: Reference | None = field(default=None, repr=False)
    words: dict[str, tuple[str, ...]] = field(default_factory=dict)  # words that type names in its country: party, local_group, gov_body, non_political
    titles: tuple[tuple[str, str], ...] = ()  # its country's own title words and their roles ("Diet member": lawmaker)

    def reference(self) -> Reference:
        """The pack's reference facts as one document of kind "reference" (see packs/reference.py), built once.

        Every ingest asks for it (to see whether the stored copy is current), so
        it is kept; `forget_reference` drops it when the pack's data changes.
        """
        if self._reference is None:
            wanted = {str(entry.get(key)) for _, entries in self.history for entry in entries for key in ("subject", "object", "scope", "result")}
            known = {e.id: _as_entity(e) for e in self.entities if e.id in wanted}
            known.update({key: _as_entity(e) for key, e in self.external.items() if key in wanted})
            self._reference = build_reference(self.name, self.as_of, self.history, known, self.source_label())
        return self._reference

    def forget_reference(self) -> None:
        self._reference = None

    def source_label(self) -> str:
        """How answers name this pack's reference data: the datasets for an imported pack."""
        titles = [str(meta.get("title", key)) if isinstance(meta, dict) else str(key) for key, meta in self.sources.items()]
        return f"{', '.join(titles)} (imported into the {self.name} pack)" if titles else f"{self.name} pack (reference data)"

    def is_active_for(self, text: str) -> bool:
        """Whether an article is about this country closely enough to trust short names."""
        return any(marker in text for marker in self.markers)


def _as_entity(known: PackEntity) -> Entity:
    return Entity(known.name, known.type, set(known.all_names()), known.qualified_id)


def in_use_instead(chosen: PackEntity, surfaces: set[str], day: date, candidates: Iterable[PackEntity]) -> PackEntity:
    """The pack entity that went by these (folded) names on `day`, or nearest to it, when `chosen` did not.

    Name matching picks one of two parties that shared a name in different
    years; the article's date settles which it means.  News often uses a name
    days before a party formally takes it, so the nearest period wins when no
    period covers the day.
    """
    if not any(chosen.in_use(s, day) is False for s in surfaces):
        return chosen
    distances: dict[str, tuple[int, PackEntity]] = {}
    for candidate in [chosen, *candidates]:
        for surface in surfaces:
            distance = candidate.days_from_use(surface, day)
            if distance is not None and distance < distances.get(candidate.qualified_id, (distance + 1,))[0]:
                distances[candidate.qualified_id] = (distance, candidate)
    ranked = sorted(distances.values(), key=lambda pair: pair[0])
    if len(ranked) > 1 and ranked[0][0] == ranked[1][0]:
        return chosen  # two equally near: keep what name matching chose
    return ranked[0][1] if ranked else chosen


def _day_bound(value: str | None, early: bool) -> date:
    """The first (or last) day of an ISO value at any precision; open ends are unbounded."""
    if not value:
        return date.min if early else date.max
    time_value = TimeValue(value)
    bound = time_value.earliest() if early else time_value.latest()
    return bound or (date.min if early else date.max)


def _dated_names(entry: dict[str, object]) -> tuple[tuple[str, str | None, str | None], ...]:
    """`dated: {Name: [first, last]}`: names used only in a period (either end may be null)."""
    dated = entry.get("dated") or {}
    if not isinstance(dated, dict):
        raise ValueError("dated must map names to [first, last]")
    found = []
    for name, period in dated.items():
        first, last = (list(period) + [None, None])[:2] if isinstance(period, list) else (None, None)
        for bound in (first, last):
            if bound is not None:
                TimeValue(str(bound))  # fails early on a malformed date
        found.append((fold_name(str(name)), str(first) if first else None, str(last) if last else None))
    return tuple(found)


def _person_names(entry: dict[str, object]) -> tuple[str, list[str]]:
    given, family = str(entry["given"]), str(entry["family"])
    return f"{given} {family}", [f"{family} {given}"]


def _strings(entry: dict[str, object], key: str) -> list[str]:
    """A list-of-names field of a pack entry; a lone string counts as a list of one."""
    value = entry.get(key) or []
    if isinstance(value, str):
        return [value]
    if not isinstance(value, list):
        raise ValueError(f"{key} must be a list of names")
    return [str(item) for item in value]


def _mapping(entry: dict[str, object], key: str) -> dict[str, object]:
    """A mapping field of a pack file (absent: empty), so a wrong shape fails as one clear error, not deep inside."""
    value = entry.get(key) or {}
    if not isinstance(value, dict):
        raise ValueError(f"{key} must be a mapping")
    return {str(name): item for name, item in value.items()}


def _titles(titles: dict[str, object]) -> tuple[tuple[str, str], ...]:
    """A pack's title words and their roles, each role one of FORMAT.md's."""
    for title, role in titles.items():
        if role not in ROLE_VOCABULARY:
            raise ValueError(f"title {title!r}: role must be one of {', '.join(ROLE_VOCABULARY)}, not {role!r}")
    return tuple((title, str(role)) for title, role in titles.items())


def _items(entry: dict[str, object], key: str) -> list[object]:
    """A list field of a pack file (absent: empty)."""
    value = entry.get(key) or []
    if not isinstance(value, list):
        raise ValueError(f"{key} must be a list")
    return value


def _external_ids(entry: dict[str, object]) -> tuple[tuple[str, str], ...]:
    ids = entry.get("ids") or {}
    if not isinstance(ids, dict):
        raise ValueError("ids must map a scheme (partyfacts, parlgov, wikidata) to an id")
    return tuple(sorted((str(k), str(v)) for k, v in ids.items() if v is not None and v != ""))


def _entity_from(pack: str, section: str, entry: dict[str, object], source: Path, country: str | None = None) -> PackEntity:
    try:
        aliases = _strings(entry, "aliases")
        if "given" in entry:
            name, extra = _person_names(entry)
            aliases.extend(extra)
        else:
            name = str(entry["name"])
        contextual = _strings(entry, "contextual")
        # A dated name is trusted only in articles the pack applies to, like a contextual one.
        contextual += [n for n in _mapping(entry, "dated") if n not in aliases and n != name and n not in contextual]
        folded = [variant for a in aliases for variant in dict.fromkeys((strip_marks(a), transliterated(a))) if variant != a]
        return PackEntity(
            pack=pack,
            id=str(entry["id"]),
            name=name,
            type=SECTION_TYPES[section],
            aliases=tuple(dict.fromkeys(aliases + folded)),
            contextual=tuple(contextual),
            titles=tuple(_strings(entry, "titles")),
            given=str(entry["given"]) if "given" in entry else None,
            family=str(entry["family"]) if "family" in entry else None,
            founded=str(entry["founded"]) if entry.get("founded") else None,
            dissolved=str(entry["dissolved"]) if entry.get("dissolved") else None,
            dated=_dated_names(entry),
            country=str(entry["country"]).upper() if entry.get("country") else country,
            ids=_external_ids(entry),
            same_as=str(entry["same_as"]) if entry.get("same_as") else None,
        )
    except (KeyError, TypeError, ValueError) as exc:
        raise PackError(f"{source}: bad entry {entry!r} in section {section!r}: {exc}") from exc


def _read_yaml(path: Path) -> dict[str, object]:
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise PackError(f"{path}: cannot read pack file: {exc}") from exc
    if not isinstance(data, dict):
        raise PackError(f"{path}: expected a mapping at the top level")
    return data


def load_pack(folder: Path) -> Pack:
    """Read one pack folder; `load_packs` checks its facts again once its sibling packs are known."""
    meta = _read_yaml(folder / "pack.yaml")
    try:
        return _pack_from(folder, meta)
    except ValueError as exc:
        raise PackError(f"{folder / 'pack.yaml'}: {exc}") from exc


def _pack_from(folder: Path, meta: dict[str, object]) -> Pack:
    name = str(meta.get("name", folder.name))
    pack = Pack(
        name=name,
        country=str(meta.get("country", "")),
        markers=tuple(str(m) for m in _items(meta, "markers")),
        iso3=str(meta["iso3"]).upper() if meta.get("iso3") else None,
        kind=str(meta.get("kind", "country")),
        sources=_mapping(meta, "sources"),
        name_order=str(meta["name_order"]) if meta.get("name_order") else None,
        titles=_titles(_mapping(meta, "titles")),
        words={kind: tuple(str(w) for w in _items(_mapping(meta, "words"), kind)) for kind in _mapping(meta, "words")},
    )
    if meta.get("as_of"):
        try:
            pack.as_of = date.fromisoformat(str(meta["as_of"]))
        except ValueError as exc:
            raise PackError(f"{folder / 'pack.yaml'}: as_of must be a day (YYYY-MM-DD): {exc}") from exc
    if meta.get("countries_file"):
        _read_countries(pack, folder / str(meta["countries_file"]))
    for file_name in _items(meta, "entity_files"):
        path = folder / str(file_name)
        for section, entry, where in _entity_entries(path):
            pack.entities.append(_entity_from(name, section, entry, where, pack.iso3))
    for file_name in _items(meta, "history_files"):
        path = folder / str(file_name)
        entries = _history_entries(path)
        pack.history.append((path, entries))
    _check_reference(pack)
    return pack


def _check_reference(pack: Pack) -> None:
    """A bad id or date fails when the pack is read, naming the file (facts naming packs not loaded are left out)."""
    try:
        pack.reference()
    except ReferenceError as exc:
        raise PackError(str(exc)) from exc


def _read_countries(pack: Pack, path: Path) -> None:
    """A world pack's countries: their records, and their places and chambers as entities with their sizes as history."""
    raw = _read_yaml(path).get("countries") or []
    if not isinstance(raw, list):
        raise PackError(f"{path}: `countries` must be a list")
    try:
        pack.countries = [country_from(entry, path) for entry in raw]
    except CountryFileError as exc:
        raise PackError(str(exc)) from exc
    entries, history = country_entries(pack.countries)
    pack.entities.extend(_entity_from(pack.name, section, entry, path) for section, entry in entries)
    pack.history.append((path, history))


def _entity_entries(path: Path) -> Iterator[tuple[str, dict[str, object], Path]]:
    """(section, entry, where) of an entity file: YAML sections, or JSON Lines with a `section` per line."""
    if path.suffix == ".jsonl":
        for number, entry in _json_lines(path):
            section = str(entry.pop("section", ""))
            if section not in SECTION_TYPES:
                raise PackError(f"{path}:{number}: unknown section {section!r}; expected one of {sorted(SECTION_TYPES)}")
            yield section, entry, Path(f"{path}:{number}")
        return
    for section, entries in _read_yaml(path).items():
        if section not in SECTION_TYPES:
            raise PackError(f"{path}: unknown section {section!r}; expected one of {sorted(SECTION_TYPES)}")
        listed = entries or []
        if not isinstance(listed, list):
            raise PackError(f"{path}: section {section!r} must be a list of entries")
        for entry in listed:
            yield section, entry, path


def _history_entries(path: Path) -> list[dict[str, object]]:
    if path.suffix == ".jsonl":
        return [entry for _, entry in _json_lines(path)]
    entries = _read_yaml(path).get("facts") or []
    if not isinstance(entries, list) or not all(isinstance(e, dict) for e in entries):
        raise PackError(f"{path}: `facts` must be a list of mappings")
    return entries


def _json_lines(path: Path) -> Iterator[tuple[int, dict[str, object]]]:
    try:
        with path.open(encoding="utf-8") as lines:
            for number, line in enumerate(lines, 1):
                if not line.strip():
                    continue
                try:
                    entry = json.loads(line)
                except json.JSONDecodeError as exc:
                    raise PackError(f"{path}:{number}: not JSON: {exc.msg}") from exc
                if not isinstance(entry, dict):
                    raise PackError(f"{path}:{number}: expected a JSON object")
                yield number, entry
    except OSError as exc:
        raise PackError(f"{path}: cannot read pack file: {exc}") from exc


def pack_folders() -> dict[str, Path]:
    """Every pack a name can choose: the shipped ones, then those imported into the user's data folder."""
    folders = {p.name: p for p in sorted(PACKS_DIR.iterdir()) if (p / "pack.yaml").exists()}
    imported = data_dir() / "packs"
    if imported.is_dir():
        for folder in sorted(imported.iterdir()):
            if (folder / "pack.yaml").exists():
                folders.setdefault(folder.name, folder)
    return folders


def available_packs() -> list[str]:
    """Names of the packs shipped with politograph and those imported by `politograph packs import`."""
    return sorted(pack_folders())


def _folder(name: str, folders: dict[str, Path]) -> Path:
    """A pack by name, or a folder given as a path (`--packs ./my-pack`)."""
    if name in folders:
        return folders[name]
    path = Path(name).expanduser()
    if (path / "pack.yaml").exists():
        return path
    raise PackError(f"no pack named {name!r}; available: {', '.join(sorted(folders))}")


@lru_cache(maxsize=8)
def load_packs(names: tuple[str, ...] | None = None) -> tuple[Pack, ...]:
    """The named packs (default: every shipped and imported pack), merged and checked, cached per process.

    Merging makes one entity of a party that several packs describe (see
    packs/merge.py); the reference facts are checked after it, since an
    imported pack's facts name the world pack's countries and chambers.
    """
    folders = pack_folders()
    chosen = names if names is not None else tuple(folders)
    packs = tuple(load_pack(_folder(name, folders)) for name in chosen)
    merge_packs(packs)
    for pack in packs:
        _check_reference(pack)
    return packs


@dataclass(slots=True)
class PackIndex:
    """Lookups over one set of loaded packs that every document asks: its countries, and chambers by name."""

    book: CountryBook
    chambers: dict[str, list[PackEntity]]
    election_days: dict[str, tuple[date, ...]] = field(default_factory=dict)
    """Days of each country's elections to its lower (or only) chamber, by ISO3, from imported reference data."""


def _election_days(packs: Iterable[Pack]) -> dict[str, tuple[date, ...]]:
    """Each country's lower-chamber election days, as imported datasets give them.

    An imported pack's seats count in a country's lower chamber holds from the
    election it was won at (the ParlGov importer's contract: `start` is the
    election's day), so the days those counts start on are the elections.
    """
    days: dict[str, set[date]] = {}
    for pack in packs:
        if pack.kind != "imported":
            continue
        for _, entries in pack.history:
            for entry in entries:
                scope, start = str(entry.get("scope") or ""), entry.get("start")
                if entry.get("type") != "seats" or not (scope.startswith("world:") and scope.endswith("-lower")) or not start:
                    continue
                try:
                    day = date.fromisoformat(str(start))
                except ValueError:
                    continue
                days.setdefault(scope[len("world:") : -len("-lower")].upper(), set()).add(day)
    return {iso3: tuple(sorted(found)) for iso3, found in days.items()}


_INDEXES: dict[tuple[int, ...], tuple[tuple[Pack, ...], PackIndex]] = {}


def pack_index(packs: tuple[Pack, ...]) -> PackIndex:
    """The index of these packs, built once per process (packs are loaded once, see `load_packs`)."""
    key = tuple(id(p) for p in packs)
    if key not in _INDEXES:
        chambers: dict[str, list[PackEntity]] = {}
        for pack in packs:
            for entity in pack.entities:
                if entity.type == "GOV_BODY":
                    for name in entity.all_names():
                        chambers.setdefault(name, []).append(entity)
        _INDEXES[key] = (packs, PackIndex(country_book(packs), chambers, _election_days(packs)))  # the packs are kept so their ids stay theirs
    return _INDEXES[key][1]


def country_book(packs: Iterable[Pack]) -> CountryBook:
    """The countries the packs describe, with each country pack's markers added to its country."""
    book = CountryBook()
    packs = list(packs)
    for pack in packs:
        for country in pack.countries:
            book.countries.setdefault(country.iso3, country)
    for pack in packs:
        if pack.iso3:
            book.add_markers(pack.iso3, pack.country, pack.markers, pack.name_order, pack.titles)
    return book
