"""What every reader returns: documents, or problems that name the file and line."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from politograph.model import Document


class IngestError(Exception):
    """An input that cannot be read at all (missing file, unknown format)."""


@dataclass(frozen=True, slots=True)
class IngestProblem:
    """One document or line that was skipped, and why."""

    path: str
    line: int | None
    message: str

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}" if self.line else self.path
        return f"{where}: {self.message}"


Item = Document | IngestProblem


def parse_date(value: object) -> date | None:
    """A publication date from `YYYY-MM-DD` or a longer ISO timestamp."""
    if not isinstance(value, str) or len(value) < 10:
        return None
    try:
        return date.fromisoformat(value[:10])
    except ValueError:
        return None
