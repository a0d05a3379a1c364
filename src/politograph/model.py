"""Core types shared by every stage.

Every stage imports from here and from earlier stages only, so these types are
the vocabulary of the whole pipeline: a `Document` goes in, `Mention`s and
`Entity`s are found in it, and `Fact`s come out carrying their time, modality
and evidence.  They are plain dataclasses (cheap to build in hot loops);
pydantic models live at the HTTP edge.
"""

from __future__ import annotations

import calendar
import hashlib
import re
import unicodedata
from dataclasses import dataclass, field
from datetime import date
from enum import Enum
from functools import lru_cache
from typing import Any, Literal, get_args

EntityType = Literal["PERSON", "PARTY", "FACTION", "LOCAL_GROUP", "GOV_BODY", "PLACE"]
"""An entity's type, as a type (the API's parameters and answers are checked against it)."""
ENTITY_TYPES: tuple[str, ...] = get_args(EntityType)
ORGANISATION_TYPES = ("PARTY", "FACTION", "LOCAL_GROUP", "GOV_BODY")

ROLE_VOCABULARY = (
    "leader",
    "co-leader",
    "deputy-leader",
    "secretary-general",
    "founder",
    "prime-minister",
    "minister",
    "mayor",
    "governor",
    "lawmaker",
    "other",
)

FactType = Literal[
    "member",
    "role",
    "alliance",
    "coalition",
    "opposition",
    "split",
    "merger",
    "founding",
    "dissolution",
    "rename",
    "seats",
    "meeting",
    "election",
    "referendum",
    "portfolio",
    "stance",
]
"""A fact's type, as a type; FACT_TYPES is the same list as values (FORMAT.md's order)."""
FACT_TYPES: tuple[str, ...] = get_args(FactType)

SYMMETRIC_FACT_TYPES = frozenset({"alliance", "coalition", "merger", "meeting"})

SEAT_QUALIFIERS = ("exact", "at_least", "at_most", "about")

GROUP_TYPES = frozenset({"PARTY", "FACTION", "LOCAL_GROUP"})
"""Entity types that have members, leaders and seats of their own."""

END_TYPES: dict[tuple[str, str], frozenset[str]] = {
    ("member", "subject"): frozenset({"PERSON"}),
    ("member", "object"): GROUP_TYPES | {"GOV_BODY"},
    ("role", "subject"): frozenset({"PERSON"}),
    ("role", "object"): GROUP_TYPES | {"GOV_BODY", "PLACE"},
    ("coalition", "subject"): GROUP_TYPES,
    ("coalition", "object"): GROUP_TYPES,
    ("split", "subject"): GROUP_TYPES,
    ("split", "object"): GROUP_TYPES,
    ("merger", "subject"): GROUP_TYPES,
    ("merger", "object"): GROUP_TYPES,
    ("founding", "subject"): frozenset({"PERSON"}) | GROUP_TYPES,
    ("founding", "object"): GROUP_TYPES,
    ("dissolution", "subject"): GROUP_TYPES | {"GOV_BODY"},
    ("rename", "subject"): GROUP_TYPES | {"GOV_BODY"},
    ("seats", "subject"): GROUP_TYPES | {"GOV_BODY"},
    ("meeting", "subject"): frozenset({"PERSON"}),
    ("meeting", "object"): frozenset({"PERSON"}),
    ("referendum", "object"): frozenset({"PLACE"}),
    ("portfolio", "subject"): GROUP_TYPES,
    ("portfolio", "object"): frozenset({"GOV_BODY"}),
}
"""Entity types each end of a fact may take (FORMAT.md's table); an end not listed takes any entity."""


def end_allows(fact_type: str, end: str, entity_type: str) -> bool:
    """Whether an entity of this type can be this end of this fact type."""
    return entity_type in END_TYPES.get((fact_type, end), frozenset(ENTITY_TYPES))


class Modality(str, Enum):
    """How the text presents a fact (FORMAT.md `modality`)."""

    ASSERTED = "asserted"
    PLANNED = "planned"
    EXPECTED = "expected"
    POSSIBLE = "possible"
    NEGATED = "negated"


# --------------------------------------------------------------------------- names


ACRONYM_STOP_WORDS = frozenset({"of", "the", "and", "for", "in", "&", "de", "du", "des", "van", "voor", "en"})
"""Words a name's initials skip: "Party of Hope" is "PH", "Partido de la ..." drops its "de"."""


def acronym(name: str) -> str:
    """Initials of a name's significant words: "Liberal Democratic Party" -> "LDP"."""
    words = re.findall(r"[A-Za-z][\w'’]*", name)
    return "".join(w[0].upper() for w in words if w.lower() not in ACRONYM_STOP_WORDS)


def is_acronym(alias: str) -> bool:
    """All capitals, two to six letters once hyphens and ampersands go: "LDP", "CDP-J", "S&D"."""
    letters = alias.replace("-", "").replace("&", "")
    return alias.isupper() and 1 < len(letters) <= 6


@lru_cache(maxsize=65536)
def fold_name(text: str) -> str:
    """The matching key FORMAT.md prescribes: case, macrons and punctuation ignored.

    "Kōmeitō", "KOMEITO" and "Komeito." all fold to "komeito"; hyphens and
    apostrophes vanish so "co-leader" style spellings compare equal.
    """
    decomposed = unicodedata.normalize("NFKD", text)
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    lowered = stripped.casefold()
    cleaned = re.sub(r"[^\w\s]", "", lowered)
    return re.sub(r"\s+", " ", cleaned).strip()


def content_hash(text: str) -> str:
    """Hash of the normalised text: two copies of one article hash alike."""
    normalised = re.sub(r"\s+", " ", unicodedata.normalize("NFC", text)).strip()
    return hashlib.sha256(normalised.encode("utf-8")).hexdigest()


# --------------------------------------------------------------------------- time

SEASONS = {"SP": (3, 5), "SU": (6, 8), "FA": (9, 11), "WI": (12, 14)}
PRECISIONS = ("day", "month", "year")
"""How finely a publication date is known, finest first: archives often give only a month or a year."""
_POINT = re.compile(r"^(\d{4})(?:-(\d{2}|SP|SU|FA|WI)(?:-(\d{2}))?)?$")


def _month_end(year: int, month: int) -> date:
    while month > 12:
        year, month = year + 1, month - 12
    return date(year, month, calendar.monthrange(year, month)[1])


def _point_bounds(value: str) -> tuple[date, date]:
    match = _POINT.match(value)
    if not match:
        raise ValueError(f"not a FORMAT.md time value: {value!r}")
    year = int(match.group(1))
    middle, day = match.group(2), match.group(3)
    if middle is None:
        return date(year, 1, 1), date(year, 12, 31)
    if middle in SEASONS:
        first, last = SEASONS[middle]
        return date(year, first, 1), _month_end(year, last)
    month = int(middle)
    if day is None:
        return date(year, month, 1), _month_end(year, month)
    exact = date(year, month, int(day))
    return exact, exact


@dataclass(frozen=True, slots=True)
class TimeValue:
    """An ISO 8601 value at the precision the text supports.

    Points (`2014`, `2014-06`, `2014-06-04`, `2015-SU`) and intervals
    (`2004/2008`, open-ended `2012-12/..`).  `earliest()`/`latest()` give the
    day bounds so values of different precision can be compared.
    """

    value: str

    def __post_init__(self) -> None:
        for part in self.value.split("/"):
            if part != "..":
                _point_bounds(part)

    @property
    def is_interval(self) -> bool:
        return "/" in self.value

    def _parts(self) -> tuple[str, str]:
        if "/" in self.value:
            first, last = self.value.split("/", 1)
            return first, last
        return self.value, self.value

    def earliest(self) -> date | None:
        first = self._parts()[0]
        return None if first == ".." else _point_bounds(first)[0]

    def latest(self) -> date | None:
        last = self._parts()[1]
        return None if last == ".." else _point_bounds(last)[1]

    def within(self, other: TimeValue) -> bool:
        """True when this value lies inside `other` (the FORMAT.md time match)."""
        mine_lo, mine_hi = self.earliest(), self.latest()
        lo, hi = other.earliest(), other.latest()
        if lo is not None and (mine_lo is None or mine_lo < lo):
            return False
        if hi is not None and (mine_hi is None or mine_hi > hi):
            return False
        return True

    def __str__(self) -> str:
        return self.value

    @classmethod
    def of_day(cls, day: date) -> TimeValue:
        return cls(date.isoformat(day))  # the day itself, even of a `PeriodStart` (which prints as its period)

    @classmethod
    def of_month(cls, year: int, month: int) -> TimeValue:
        return cls(f"{year:04d}-{month:02d}")

    @classmethod
    def at_precision(cls, day: date, precision: str) -> TimeValue:
        """The day, month or year (by `precision`) that contains `day`: a date told only as "2014-12" stays a month."""
        if precision == "year":
            return cls(f"{day.year:04d}")
        if precision == "month":
            return cls.of_month(day.year, day.month)
        if precision == "day":
            return cls.of_day(day)
        raise ValueError(f"unknown precision {precision!r}; expected one of {PRECISIONS}")

    @property
    def precision(self) -> str | None:
        """ "day", "month" or "year" for a plain point; None for a season or an interval, which are no single period."""
        if self.is_interval or self.value[5:7] in SEASONS:
            return None
        return {4: "year", 7: "month", 10: "day"}[len(self.value)]

    @classmethod
    def span(cls, first: TimeValue | None, last: TimeValue | None) -> TimeValue:
        """An interval from two points; either end may be open."""
        left = first.value if first else ".."
        right = last.value if last else ".."
        if left == right:
            return cls(left)
        return cls(f"{left}/{right}")


class PeriodStart(date):
    """The first day of a day, month or year, knowing which: "2014-12" is 1 December 2014 at month precision.

    It is a `date`, so it compares, sorts and stores as its first day and
    every signature typed `date` still takes it (the CLI's `--published`
    travels this way), but it prints as the period (`str`, f-strings and
    `isoformat()` give "2014-12"), so pages show what the source said.  Read
    it back with `TimeValue(str(x))`, never `date.fromisoformat`.
    """

    __slots__ = ("precision",)
    precision: str

    def __new__(cls, year: int, month: int = 1, day: int = 1, precision: str = "day") -> PeriodStart:
        if precision not in PRECISIONS:
            raise ValueError(f"unknown precision {precision!r}; expected one of {PRECISIONS}")
        self = super().__new__(cls, year, month, day)
        self.precision = precision
        return self

    @classmethod
    def of(cls, day: date, precision: str = "day") -> PeriodStart:
        """The period of `precision` that contains `day`, as its first day."""
        first = TimeValue.at_precision(day, precision).earliest()
        assert first is not None
        return cls(first.year, first.month, first.day, precision)

    def __reduce__(self) -> tuple[type[PeriodStart], tuple[int, int, int, str]]:
        return type(self), (self.year, self.month, self.day, self.precision)  # date's own pickling would drop the precision

    @property
    def value(self) -> TimeValue:
        return TimeValue.at_precision(self, self.precision)

    def isoformat(self) -> str:
        return self.value.value

    def __str__(self) -> str:
        return self.value.value

    def __repr__(self) -> str:
        return f"PeriodStart({self.value.value!r})"


# --------------------------------------------------------------------------- documents


@dataclass(slots=True)
class Document:
    """One article: the unit of ingest, evidence and idempotence."""

    id: str
    text: str
    published: date
    source: str | None = None
    url: str | None = None
    title: str | None = None
    kind: str = "article"  # or "reference": a country pack's reference data, never an article
    published_precision: str = "day"  # "month" or "year" when the source gave no finer date; `published` is then the period's first day
    _hash: str | None = field(default=None, init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        """Keep `published` a plain date on the first day of its period, so every user of it sees one convention."""
        if type(self.published) is not date or self.published_precision != "day":
            self.published = date.fromordinal(PeriodStart.of(self.published, self.published_precision).toordinal())

    @property
    def published_value(self) -> TimeValue:
        """The publication date at the precision the source gave ("2014-12"): the anchor relative times resolve against."""
        return TimeValue.at_precision(self.published, self.published_precision)

    @property
    def hash(self) -> str:
        """The normalised-text hash, computed once (dedupe, storage and lookups all ask)."""
        if self._hash is None:
            self._hash = content_hash(self.text)
        return self._hash


@dataclass(slots=True)
class Entity:
    """An actor or place as one document (or, once resolved, the store) knows it."""

    name: str
    type: str
    aliases: set[str] = field(default_factory=set)
    pack_id: str | None = None

    @property
    def key(self) -> str:
        return f"{self.type}:{fold_name(self.name)}"


@dataclass(slots=True)
class Mention:
    """A span of a document that names an entity."""

    doc_id: str
    start: int
    end: int
    text: str
    type: str
    entity: Entity | None = None


@dataclass(slots=True)
class Evidence:
    """Where a fact was read: the document and the sentence's character span."""

    doc_id: str
    start: int
    end: int
    sentence: str


@dataclass(slots=True)
class Fact:
    """One claim of one document, in the FORMAT.md shape."""

    type: str
    subject: str | None
    object: str | None = None
    role: str | None = None
    value: int | None = None
    qualifier: str | None = None
    scope: str | None = None
    outcome: str | None = None
    polarity: str | None = None
    result: str | None = None
    former: bool | None = None
    when: TimeValue | None = None
    start: TimeValue | None = None
    end: TimeValue | None = None
    modality: Modality = Modality.ASSERTED
    evidence: Evidence | None = None
    confidence: float = 1.0
    subject_type: str | None = None
    object_type: str | None = None
    won: bool | None = None  # seats: won at an election (True) or held in the chamber (False); None when the text does not say

    def identity(self) -> tuple[Any, ...]:
        """What makes two facts of one document the same claim.

        Explicit bounds count: a party that held a ministry from 2004 to 2008
        and holds it again since 2012 makes two claims.
        """
        ends: tuple[str | None, ...] = (self.subject, self.object)
        if self.type in SYMMETRIC_FACT_TYPES:
            ends = tuple(sorted((e or "") for e in ends))
        bounds = (str(self.start) if self.start else None, str(self.end) if self.end else None)
        return (self.type, *ends, self.role, self.value, self.polarity, self.scope, *bounds)


@dataclass(slots=True)
class DocumentResult:
    """One document with what reading it found: the unit jobs hand the store, and Spark writes and loads back."""

    document: Document
    entities: list[Entity]
    mentions: list[Mention]
    facts: list[Fact]
