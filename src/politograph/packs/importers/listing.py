"""A summary of every pack politograph can use, read from the pack files alone.

`politograph packs list` must answer in a moment, so it counts entities and
facts straight from the files (lines of JSON Lines, entries of YAML) and
never loads a pack, spaCy or the store.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

import yaml

from politograph.settings import data_dir


@dataclass(frozen=True, slots=True)
class PackSummary:
    """One line of the listing."""

    name: str
    kind: str
    source: str
    version: str
    entities: int
    facts: int
    folder: str

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


def _yaml(path: Path) -> dict[str, Any]:
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError):
        return {}
    return data if isinstance(data, dict) else {}


def _count(path: Path, history: bool) -> int:
    """Entries of one pack file: lines of JSON Lines, list items of a YAML file's sections (or its `facts`)."""
    if not path.is_file():
        return 0
    if path.suffix == ".jsonl":
        with path.open(encoding="utf-8") as handle:
            return sum(1 for line in handle if line.strip())
    data = _yaml(path)
    lists = [data.get("facts")] if history else list(data.values())
    return sum(len(value) for value in lists if isinstance(value, list))


def summarise(folder: Path, shipped: bool) -> PackSummary:
    """A pack folder's name, kind, source, version and counts."""
    meta = _yaml(folder / "pack.yaml")
    entities = sum(_count(folder / str(f), history=False) for f in meta.get("entity_files") or [])
    facts = sum(_count(folder / str(f), history=True) for f in meta.get("history_files") or [])
    if meta.get("countries_file"):  # each country, and each of its chambers, is an entity; each chamber size a fact
        countries = _yaml(folder / str(meta["countries_file"])).get("countries") or []
        chambers = [c for country in countries for c in country.get("legislature") or []]
        entities += len(countries) + len(chambers)
        facts += sum(len(c.get("seats") or []) for c in chambers)
    sources = meta.get("sources") or {}
    if shipped or not isinstance(sources, dict) or not sources:
        source, version = "politograph" if shipped else "imported", str(meta.get("as_of", ""))
    else:
        source = ", ".join(str(s.get("title", key)) if isinstance(s, dict) else str(key) for key, s in sources.items())
        version = ", ".join(f"{key} {s.get('version', '?')}" if isinstance(s, dict) else str(key) for key, s in sources.items())
    kind = str(meta.get("kind") or ("country" if shipped else "imported"))
    return PackSummary(str(meta.get("name", folder.name)), kind, source, version, entities, facts, str(folder))


def list_packs(shipped_dir: Path, imported_dir: Path | None = None) -> list[PackSummary]:
    """Shipped packs first, then imported ones (in the data folder's `packs/` unless given), each by name."""
    imported_dir = imported_dir if imported_dir is not None else data_dir() / "packs"
    found = []
    for root, shipped in ((shipped_dir, True), (imported_dir, False)):
        if root.is_dir():
            found += [summarise(p, shipped) for p in sorted(root.iterdir()) if (p / "pack.yaml").is_file()]
    return found
