"""What every reader returns: documents, or problems that name the file and line."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from politograph.model import Document, PeriodStart


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


FIRST_YEAR, LAST_YEAR = 1800, 2100
"""Publication years outside these are typing slips (`0`, `20144`), not news archives."""
DATE_FORMS = "YYYY, YYYY-MM or YYYY-MM-DD"
_ISO_DATE = re.compile(
    r"(?P<year>\d{4})(?:-(?P<month>\d{2})(?:-(?P<day>\d{2})"
    r"(?:[T ]\d{2}:\d{2}(?::\d{2}(?:[.,]\d+)?)?(?:Z|[+-]\d{2}(?::?\d{2})?)?)?)?)?"
)


def parse_date(value: object) -> PeriodStart | None:
    """A publication date at the precision given: `YYYY`, `YYYY-MM`, `YYYY-MM-DD` or an ISO date-time.

    Archives and wire feeds often know only the month or the year, and
    inventing a day would date every relative expression in the article
    falsely, so the result is the period's first day with its precision.  A
    date-time keeps the calendar day it was written with (no shift to UTC):
    that is the day the outlet printed.  None for anything else, including a
    year before 1800 or after 2100.
    """
    if not isinstance(value, str):
        return None
    match = _ISO_DATE.fullmatch(value.strip())
    if match is None or not FIRST_YEAR <= int(match["year"]) <= LAST_YEAR:
        return None
    year, month, day = int(match["year"]), match["month"], match["day"]
    precision = "day" if day else "month" if month else "year"
    try:
        return PeriodStart(year, int(month or 1), int(day or 1), precision)
    except ValueError:  # month 13, 30 February
        return None


def precision_of(day: date) -> str:
    """The precision a parsed date carries ("day" for a plain `date`)."""
    return day.precision if isinstance(day, PeriodStart) else "day"
