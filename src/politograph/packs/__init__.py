"""Country packs: country knowledge kept as data, never as code.

A pack is a folder with `pack.yaml` (name, country, markers, data files) and
entity files grouped by type.  Code reads packs only through `load_packs`, so
adding a country means adding a folder (see docs/PACKS.md).
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import yaml

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
    seats: tuple[tuple[str, int], ...] = ()

    @property
    def qualified_id(self) -> str:
        return f"{self.pack}:{self.id}"


@dataclass(slots=True)
class Pack:
    """A country's data: its markers and its entities."""

    name: str
    country: str
    markers: tuple[str, ...]
    entities: list[PackEntity] = field(default_factory=list)

    def is_active_for(self, text: str) -> bool:
        """Whether an article is about this country closely enough to trust short names."""
        return any(marker in text for marker in self.markers)


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
        folded = [strip_marks(a) for a in aliases if strip_marks(a) != a]
        seats = entry.get("seats") or {}
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
            seats=tuple((str(k), int(v)) for k, v in dict(seats).items()),  # type: ignore[call-overload]
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
    for file_name in meta.get("entity_files", []) or []:  # type: ignore[attr-defined]
        path = folder / str(file_name)
        for section, entries in _read_yaml(path).items():
            if section not in SECTION_TYPES:
                raise PackError(f"{path}: unknown section {section!r}; expected one of {sorted(SECTION_TYPES)}")
            for entry in entries or []:  # type: ignore[attr-defined]
                pack.entities.append(_entity_from(name, section, entry, path))
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
