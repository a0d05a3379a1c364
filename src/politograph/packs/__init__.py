"""Country packs: country knowledge kept as data, never as code.

A pack is a folder with `pack.yaml` (name, country, markers, data files) and
entity files grouped by type.  Code reads packs only through `load_packs`, so
adding a country means adding a folder (see docs/PACKS.md).
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from pathlib import Path

import yaml

from politograph.model import Entity, TimeValue, fold_name
from politograph.packs.reference import Reference, ReferenceError, build_reference

PACKS_DIR = Path(__file__).parent

# Section of an entity file -> FACTS.md entity type.
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

    @property
    def qualified_id(self) -> str:
        return f"{self.pack}:{self.id}"

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
        periods = [(_day_bound(first, early=True), _day_bound(last, early=False)) for name, first, last in self.dated if name == folded]
        if not periods:
            return None
        return min(0 if first <= day <= last else min(abs((first - day).days), abs((day - last).days)) for first, last in periods)


@dataclass(slots=True)
class Pack:
    """A country's data: its markers and its entities."""

    name: str
    country: str
    markers: tuple[str, ...]
    entities: list[PackEntity] = field(default_factory=list)
    as_of: date = date(2000, 1, 1)  # the day the reference data was last checked: its recorded time
    history: list[tuple[Path, list[dict[str, object]]]] = field(default_factory=list)

    def reference(self) -> Reference:
        """The pack's reference facts as one document of kind "reference" (see packs/reference.py)."""
        known = {e.id: Entity(e.name, e.type, set(e.all_names()), e.qualified_id) for e in self.entities}
        return build_reference(self.name, self.as_of, self.history, known)

    def is_active_for(self, text: str) -> bool:
        """Whether an article is about this country closely enough to trust short names."""
        return any(marker in text for marker in self.markers)


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


def strip_marks(text: str) -> str:
    """Remove macrons and other combining marks ("Kōmeitō" -> "Komeito")."""
    decomposed = unicodedata.normalize("NFKD", text)
    return unicodedata.normalize("NFC", "".join(c for c in decomposed if not unicodedata.combining(c)))


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


def _entity_from(pack: str, section: str, entry: dict[str, object], source: Path) -> PackEntity:
    try:
        aliases = _strings(entry, "aliases")
        if "given" in entry:
            name, extra = _person_names(entry)
            aliases.extend(extra)
        else:
            name = str(entry["name"])
        contextual = _strings(entry, "contextual")
        # A dated name is trusted only in articles the pack applies to, like a contextual one.
        contextual += [str(n) for n in dict(entry.get("dated") or {}) if str(n) not in aliases and str(n) != name and str(n) not in contextual]  # type: ignore[call-overload]
        folded = [strip_marks(a) for a in aliases if strip_marks(a) != a]
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
    """Read one pack folder."""
    meta = _read_yaml(folder / "pack.yaml")
    name = str(meta.get("name", folder.name))
    pack = Pack(
        name=name,
        country=str(meta.get("country", "")),
        markers=tuple(str(m) for m in meta.get("markers", []) or []),  # type: ignore[attr-defined]
    )
    if meta.get("as_of"):
        try:
            pack.as_of = date.fromisoformat(str(meta["as_of"]))
        except ValueError as exc:
            raise PackError(f"{folder / 'pack.yaml'}: as_of must be a day (YYYY-MM-DD): {exc}") from exc
    for file_name in meta.get("entity_files", []) or []:  # type: ignore[attr-defined]
        path = folder / str(file_name)
        for section, entries in _read_yaml(path).items():
            if section not in SECTION_TYPES:
                raise PackError(f"{path}: unknown section {section!r}; expected one of {sorted(SECTION_TYPES)}")
            for entry in entries or []:  # type: ignore[attr-defined]
                pack.entities.append(_entity_from(name, section, entry, path))
    for file_name in meta.get("history_files", []) or []:  # type: ignore[attr-defined]
        path = folder / str(file_name)
        entries = _read_yaml(path).get("facts") or []
        if not isinstance(entries, list) or not all(isinstance(e, dict) for e in entries):
            raise PackError(f"{path}: `facts` must be a list of mappings")
        pack.history.append((path, entries))
    try:
        pack.reference()  # a bad id or date fails when the pack is read, naming the file
    except ReferenceError as exc:
        raise PackError(str(exc)) from exc
    return pack


def available_packs() -> list[str]:
    """Names of the packs shipped with politograph."""
    return sorted(p.name for p in PACKS_DIR.iterdir() if (p / "pack.yaml").exists())


@lru_cache(maxsize=8)
def load_packs(names: tuple[str, ...] | None = None) -> tuple[Pack, ...]:
    """The named packs (default: every shipped pack), cached per process."""
    chosen = names if names is not None else tuple(available_packs())
    packs = []
    for name in chosen:
        folder = PACKS_DIR / name
        if not (folder / "pack.yaml").exists():
            raise PackError(f"no pack named {name!r}; available: {', '.join(available_packs())}")
        packs.append(load_pack(folder))
    return tuple(packs)
