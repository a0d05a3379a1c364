"""Trigger words and patterns are data files next to the code that reads them.

`load_lexicon("extract/data/roles.yaml")` reads a YAML file shipped inside the
package, once per process; stages keep their words as data, not literals.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

PACKAGE_DIR = Path(__file__).parent


@lru_cache(maxsize=32)
def load_lexicon(relative_path: str) -> dict[str, Any]:
    """The mapping in a package data file (path relative to the package)."""
    path = PACKAGE_DIR / relative_path
    with path.open(encoding="utf-8") as handle:
        data = yaml.safe_load(handle)
    if not isinstance(data, dict):
        raise ValueError(f"{path}: expected a mapping at the top level")
    return data


@lru_cache(maxsize=256)
def word_set(relative_path: str, key: str) -> frozenset[str]:
    """One list of a lexicon file, lower-cased, as a set."""
    return frozenset(str(word).lower() for word in load_lexicon(relative_path)[key])
