"""Temporal expressions: find them in text and resolve them against a date.

News tells time relative to the day it was printed ("last week", "by
Thursday", "later this summer"), so every expression is resolved against the
article's publication date (the *anchor*).  Values follow FORMAT.md: a day,
month, year or season (`2015-SU`), an interval (`2004/2008`), and an expression
can open a state ("since December 2012" gives a `start`) or close one ("until
2008" gives an `end`).

dateparser parses absolute dates well but has no seasons, spans or
week arithmetic, so this module keeps one table of patterns and resolves each
with a small function; the test table in `tests/test_timex.py` is its
specification.

An anchor known only to the month or the year (an archive that dates its
articles "2014-12") gives facts no more precision than it has; see
`find_times` for how each kind of expression reads then.
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import date, timedelta
from functools import lru_cache
from typing import Literal

from politograph.lang import EN
from politograph.model import PeriodStart, TimeValue

Direction = Literal["past", "future"]
Slot = Literal["when", "start", "end"]

SEASON_START_MONTH = {"SP": 3, "SU": 6, "FA": 9, "WI": 12}
# Month names must be capitalised in the text ("May" the month, not "may" the
# modal), so the month alternation is matched case-sensitively on its first letter.
_MONTH = (
    r"(?P<month>(?:Jan(?:uary|\.)?|Feb(?:ruary|\.)?|Mar(?:ch|\.)?|Apr(?:il|\.)?|May|"
    r"June?|July?|Aug(?:ust|\.)?|Sept?(?:ember|\.)?|Oct(?:ober|\.)?|Nov(?:ember|\.)?|"
    r"Dec(?:ember|\.)?))"
)
_YEAR = r"(?P<year>(?:19|20)\d{2})"
_DAY = r"(?P<day>[0-3]?\d)(?:st|nd|rd|th)?"
_WEEKDAY = r"(?P<weekday>Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)"
_SEASON = r"(?P<season>spring|summer|autumn|fall|winter)"
_COUNT = r"(?P<count>\d+|a couple of|a few|an?|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve)"
_UNIT = r"(?P<unit>day|week|month|year)s?"


@dataclass(frozen=True, slots=True)
class TimeMention:
    """A time expression found in text, with its resolved value and its slot.

    A yearless date or a bare weekday reads differently in a past-tense and
    a future-tense clause ("Dec. 16" said in November: the coming one, or
    the one gone if the clause says "was held").  `find_tensed_times` reads
    each expression once more on its own in each tense, so the extract
    stage picks the reading of its clause's tense without running the
    finder again; None is no such reading (the value as found stands).
    """

    start: int
    end: int
    text: str
    value: TimeValue
    slot: Slot = "when"
    untensed: TimeValue | None = None
    past: TimeValue | None = None
    future: TimeValue | None = None

    def in_tense(self, direction: Direction | None) -> TimeValue:
        """The value in a clause of this tense (None: a clause with no tense of its own)."""
        reading = self.past if direction == "past" else self.future if direction == "future" else self.untensed
        return reading if reading is not None else self.value


# --------------------------------------------------------------------------- helpers


def _month_number(name: str) -> int:
    return EN.months[name.lower().rstrip(".")]


def _count(text: str) -> int:
    text = text.lower()
    return int(text) if text.isdigit() else EN.count_words[text]


def _anchor_bounds(anchor: date) -> tuple[date, date]:
    """The first and last day the anchor may be: one day, or a whole month or year of a `PeriodStart`."""
    if isinstance(anchor, PeriodStart) and anchor.precision != "day":
        first, last = anchor.value.earliest(), anchor.value.latest()
        assert first is not None and last is not None
        return first, last
    return anchor, anchor


def _closest_year(anchor: date, month: int, day: int | None, direction: Direction | None) -> int:
    """The year that puts a yearless month (or day) nearest to the anchor.

    "In September" printed in June means this September; "Dec. 20" printed on
    5 January means last December.  The tense breaks near-ties.  An anchor
    that is a whole month or year is no distance from any day inside it, so
    "Dec. 16" in an article dated "2014" is 16 December 2014.
    """
    first, last = _anchor_bounds(anchor)
    best_year, best_distance = anchor.year, None
    for year in (anchor.year - 1, anchor.year, anchor.year + 1):
        try:
            candidate = date(year, month, day or 15)
        except ValueError:
            candidate = date(year, month, 28)
        distance = 0 if first <= candidate <= last else min(abs((candidate - first).days), abs((candidate - last).days))
        first_day = candidate if day else date(year, month, 1)
        last_day = candidate if day else date(year, month, calendar.monthrange(year, month)[1])
        if direction == "past" and first_day > last:  # a past-tense clause cannot tell of a later month
            distance += 1000
        if direction == "future" and last_day < first:
            distance += 1000
        if best_distance is None or distance < best_distance:
            best_year, best_distance = year, distance
    return best_year


def _monday(day: date) -> date:
    return day - timedelta(days=day.weekday())


def _week(monday: date) -> TimeValue:
    return TimeValue(f"{monday.isoformat()}/{(monday + timedelta(days=6)).isoformat()}")


def _shift_month(year: int, month: int, delta: int) -> tuple[int, int]:
    index = year * 12 + (month - 1) + delta
    return index // 12, index % 12 + 1


def _season(year: int, code: str) -> TimeValue:
    return TimeValue(f"{year:04d}-{code}")


def _current_season(anchor: date) -> tuple[int, str]:
    month = anchor.month
    if month in (1, 2):
        return anchor.year - 1, "WI"
    for code, first in SEASON_START_MONTH.items():
        if first <= month <= first + 2:
            return anchor.year, code
    return anchor.year, "WI"


def _weekday_date(anchor: date, weekday: int, direction: Direction | None) -> date:
    """The named weekday nearest the anchor in the tense's direction.

    Past (the default in news reports): the latest such day on or before the
    anchor.  Future: the first on or after it.
    """
    if direction == "future":
        return anchor + timedelta(days=(weekday - anchor.weekday()) % 7)
    return anchor - timedelta(days=(anchor.weekday() - weekday) % 7)


# --------------------------------------------------------------------------- resolvers

Resolver = Callable[[re.Match[str], date, "Direction | None"], TimeValue | None]


def _full_date(m: re.Match[str], anchor: date, direction: Direction | None) -> TimeValue | None:
    month = _month_number(m.group("month"))
    day = int(m.group("day"))
    year = int(m.group("year")) if m.group("year") else _closest_year(anchor, month, day, direction)
    try:
        return TimeValue.of_day(date(year, month, day))
    except ValueError:
        return None


def _iso_date(m: re.Match[str], anchor: date, direction: Direction | None) -> TimeValue | None:
    try:
        return TimeValue.of_day(date.fromisoformat(m.group(0)))
    except ValueError:
        return None


def _month_year(m: re.Match[str], anchor: date, direction: Direction | None) -> TimeValue:
    return TimeValue.of_month(int(m.group("year")), _month_number(m.group("month")))


def _month_only(m: re.Match[str], anchor: date, direction: Direction | None) -> TimeValue:
    month = _month_number(m.group("month"))
    return TimeValue.of_month(_closest_year(anchor, month, None, direction), month)


def _relative_named_month(m: re.Match[str], anchor: date, direction: Direction | None) -> TimeValue:
    """ "last December" is the latest December before this month; "next May" the first after."""
    month = _month_number(m.group("month"))
    step = EN.relative_steps.get(m.group("which").lower(), 0)
    year = anchor.year
    if step < 0 and month >= anchor.month:
        year -= 1
    elif step > 0 and month <= anchor.month:
        year += 1
    return TimeValue.of_month(year, month)


def _year_only(m: re.Match[str], anchor: date, direction: Direction | None) -> TimeValue:
    return TimeValue(m.group("year"))


def _decade(m: re.Match[str], anchor: date, direction: Direction | None) -> TimeValue:
    first = int(m.group("decade"))
    return TimeValue(f"{first}/{first + 9}")


def _season_year(m: re.Match[str], anchor: date, direction: Direction | None) -> TimeValue:
    return _season(int(m.group("year")), EN.seasons[m.group("season").lower()])


def _relative_season(m: re.Match[str], anchor: date, direction: Direction | None) -> TimeValue:
    code = EN.seasons[m.group("season").lower()]
    step = EN.relative_steps.get((m.group("which") or "this").lower(), 0)  # "this" and "the" take no step
    now_year, now_code = _current_season(anchor)
    if step == 0:
        if code == now_code:
            return _season(now_year, code)
        # "this spring" said in winter means the coming one; in autumn, the past one.
        year = anchor.year
        if code == "WI" and anchor.month in (1, 2):
            year -= 1
        elif code != "WI":  # a clause that looks ahead (or back) past the season of the year puts it in the next (or last) year
            start_of_this = date(year, SEASON_START_MONTH[code], 1)
            year += 1 if direction == "future" and start_of_this < anchor else -1 if direction == "past" and start_of_this > anchor else 0
        return _season(year, code)
    start_of_this = date(anchor.year, SEASON_START_MONTH[code], 1)
    if step < 0:
        year = anchor.year if start_of_this < _monday(anchor) and code != now_code else anchor.year - 1
        if code == "WI" and anchor.month in (1, 2):
            year = anchor.year - 2 if code == now_code else anchor.year - 1
        return _season(year, code)
    # next
    year = anchor.year if start_of_this > anchor else anchor.year + 1
    return _season(year, code)


def _interval(m: re.Match[str], anchor: date, direction: Direction | None) -> TimeValue | None:
    first, last = m.group("y1"), m.group("y2")
    if len(last) == 2:
        last = first[:2] + last
    if int(last) < int(first):
        return None
    return TimeValue(f"{first}/{last}")


def _day_word(m: re.Match[str], anchor: date, direction: Direction | None) -> TimeValue:
    word = m.group(0).lower()
    return TimeValue.of_day(anchor + timedelta(days=EN.day_offsets.get(word, 0)))


def _weekday(m: re.Match[str], anchor: date, direction: Direction | None) -> TimeValue:
    weekday = EN.weekdays[m.group("weekday").lower()]
    which = (m.group("which") or "").lower().strip()
    if which in EN.weekday_future_cues:
        direction = "future"
    elif which in EN.weekday_past_cues:
        direction = "past"
    day = _weekday_date(anchor, weekday, direction)
    step = EN.weekday_skips.get(which, 0)
    if step and day == anchor:
        day += timedelta(days=7 * step)
    return TimeValue.of_day(day)


def _relative_week(m: re.Match[str], anchor: date, direction: Direction | None) -> TimeValue:
    step = EN.relative_steps.get(m.group("which").lower(), 0)
    monday = _monday(anchor)
    if step:
        return _week(monday + timedelta(days=7 * step))
    # "this week" runs from its Monday to the publication date (FORMAT.md).
    if monday == anchor:
        return TimeValue.of_day(anchor)
    return TimeValue(f"{monday.isoformat()}/{anchor.isoformat()}")


def _relative_weekend(m: re.Match[str], anchor: date, direction: Direction | None) -> TimeValue:
    step = EN.relative_steps.get(m.group("which").lower(), 0)
    saturday = _monday(anchor) + timedelta(days=5)
    if step < 0 or (step == 0 and anchor.weekday() == 0):  # "this weekend" said on a Monday is the one just gone
        saturday -= timedelta(days=7)
    elif step > 0:
        saturday += timedelta(days=7)
    return TimeValue(f"{saturday.isoformat()}/{(saturday + timedelta(days=1)).isoformat()}")


def _relative_month(m: re.Match[str], anchor: date, direction: Direction | None) -> TimeValue:
    delta = EN.relative_steps.get(m.group("which").lower(), 0)
    year, month = _shift_month(anchor.year, anchor.month, delta)
    return TimeValue.of_month(year, month)


def _relative_year(m: re.Match[str], anchor: date, direction: Direction | None) -> TimeValue:
    delta = EN.relative_steps.get(m.group("which").lower(), 0)
    return TimeValue(f"{anchor.year + delta:04d}")


def _ago_or_hence(m: re.Match[str], anchor: date, direction: Direction | None) -> TimeValue:
    count = _count(m.group("count"))
    unit = m.group("unit").lower()
    sign = -1 if m.groupdict().get("ago") else 1
    if unit == "day":
        return TimeValue.of_day(anchor + timedelta(days=sign * count))
    if unit == "week":
        return TimeValue.of_day(anchor + timedelta(days=sign * 7 * count))
    if unit == "month":
        year, month = _shift_month(anchor.year, anchor.month, sign * count)
        return TimeValue.of_month(year, month)
    return TimeValue(f"{anchor.year + sign * count:04d}")


def _anchor_day(m: re.Match[str], anchor: date, direction: Direction | None) -> TimeValue:
    return TimeValue.of_day(anchor)


# --------------------------------------------------------------------------- the table

_PATTERNS: list[tuple[str, Resolver, int]] = [
    # flags: 0 = case-sensitive month names; re.I where the words are lower-case
    (
        r"\b(?:(?:between|from)\s+)?(?:(?:the\s+)?years?\s+)?(?P<y1>(?:19|20)\d{2})\s*(?:-|–|to|and|until|through)\s*(?P<y2>(?:19|20)?\d{2})\b(?!\s*(?:seats|votes|members))",
        _interval,
        0,
    ),  # noqa: E501
    (rf"\b{_DAY}\s+{_MONTH}(?:,?\s+{_YEAR})?\b", _full_date, 0),
    (rf"\b(?:{_WEEKDAY},?\s+)?{_MONTH}\s+{_DAY}\b(?:,?\s+{_YEAR})?", _full_date, 0),
    (r"\b(?:19|20)\d{2}-[01]\d-[0-3]\d\b", _iso_date, 0),
    (rf"\b(?:(?:the\s+)?(?:end|beginning|start|middle)\s+of\s+|(?:early|mid|late)[-\s])?{_MONTH}(?:\s+of)?,?\s+{_YEAR}\b", _month_year, 0),
    (rf"\b(?P<which>[Ll]ast|[Nn]ext|[Tt]his)\s+{_MONTH}(?=\W|$)(?!\s+\d)", _relative_named_month, 0),
    (rf"\b(?:(?:in|the)\s+)?(?:the\s+)?{_SEASON}\s+(?:of\s+)?{_YEAR}\b", _season_year, re.I),
    (rf"\b(?P<which>this|last|next|the)\s+{_SEASON}\b", _relative_season, re.I),
    (r"\b(?:the\s+)?(?P<decade>(?:19|20)\d0)s\b", _decade, 0),
    (rf"\b(?:(?:the\s+)?(?:end|beginning|start|middle|first half|second half)\s+of\s+|(?:early|mid|late)[-\s])?{_YEAR}\b", _year_only, 0),  # noqa: E501
    (rf"\b(?:(?:the\s+)?(?:end|beginning|start|middle)\s+of\s+|(?:early|mid|late)[-\s])?{_MONTH}(?=\W|$)(?!\s+\d)", _month_only, 0),
    (r"\b(?:the\s+day\s+(?:before\s+yesterday|after\s+tomorrow)|yesterday|today|tomorrow|tonight)\b", _day_word, re.I),
    (r"\b(?:later|earlier)\s+(?:today|in\s+the\s+day)\b", _anchor_day, re.I),
    (rf"\b(?:(?P<which>by|next|last|this\s+past|this\s+coming|coming|until|till|on|this)\s+)?{_WEEKDAY}\b", _weekday, 0),
    (r"\b(?P<which>last|this|next|past)\s+week\b", _relative_week, re.I),
    (r"\b(?:the\s+)?(?P<which>last|this|next|past)\s+weekend\b", _relative_weekend, re.I),
    (r"\b(?:(?:earlier|later|at\s+the\s+end\s+of|the\s+end\s+of|by\s+the\s+end\s+of)\s+)?(?P<which>last|this|next|past)\s+month\b", _relative_month, re.I),  # noqa: E501
    (r"\b(?:(?:earlier|later|at\s+the\s+end\s+of|the\s+end\s+of|by\s+the\s+end\s+of)\s+)?(?P<which>last|this|next|past)\s+year\b", _relative_year, re.I),  # noqa: E501
    (r"\b(?:(?:by|at)\s+)?(?:the\s+)?(?:end|beginning|start|middle|rest)\s+of\s+the\s+(?P<which>year)\b", _relative_year, re.I),
    (r"\b(?:(?:by|at)\s+)?(?:the\s+)?(?:end|beginning|start|middle|rest)\s+of\s+the\s+(?P<which>month)\b", _relative_month, re.I),
    (rf"\b{_COUNT}\s+{_UNIT}(?:'|’)?\s+(?P<ago>ago)\b", _ago_or_hence, re.I),
    (rf"\bin\s+(?:about\s+|around\s+|roughly\s+)?{_COUNT}\s+{_UNIT}(?:'|’)?(?:\s+time)?\b", _ago_or_hence, re.I),
]
_COMPILED = [(re.compile(pattern, flags), resolver) for pattern, resolver, flags in _PATTERNS]

# How each relative expression reads against an anchor that is a whole month
# or year (the rest are absolute, or take only the year from the anchor):
# "calendar" names a month or season and needs the anchor's month; a unit is
# the step the expression counts in; "count" counts its own unit ("3 weeks ago").
_SCOPES: dict[Resolver, str] = {
    _relative_named_month: "calendar",
    _relative_season: "calendar",
    _day_word: "day",
    _anchor_day: "day",
    _weekday: "day",
    _relative_week: "week",
    _relative_weekend: "week",
    _relative_month: "month",
    _relative_year: "year",
    _ago_or_hence: "count",
}
_UNIT_RANK = {"day": 0, "week": 1, "month": 2, "year": 3}
_NOMINAL_DAYS = {"day": 1, "week": 7, "month": 30, "year": 360}  # so that 12 months make a year and 30 days a month

# Words right before an expression that turn it into the start or end of a state.
_START_CUE = re.compile(r"\b(?:since|starting(?:\s+in)?|from|as\s+of|effective)\s+(?:the\s+)?$", re.I)
_END_CUE = re.compile(r"\b(?:until|till|through|up\s+to)\s+(?:the\s+)?$", re.I)
# An ordinal or superlative a few words before "in six years": a count over a span, not a coming time.
_RANKED_BEFORE = re.compile(
    r"\b(?:first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|\d+(?:st|nd|rd|th)|biggest|largest|worst|best|highest|lowest|fewest|most|least|only)"
    r"(?:\s+[\w'’-]+){0,5}\s+$",
    re.I,
)
# "last year's", "September's": the possessive belongs to the expression.
_BAD_YEAR_FOLLOWERS = re.compile(r"^\s*(?:%|per\s*cent|percent|yen|dollars|votes|seats|people)\b", re.I)


def _as_anchor(anchor: date | TimeValue) -> date:
    """The anchor as a plain day, or as a `PeriodStart` when only its month or year is known."""
    if isinstance(anchor, TimeValue):
        first, precision = anchor.earliest(), anchor.precision
        if first is None or precision is None:
            raise ValueError(f"an anchor is a day, a month or a year, not {anchor}")
        anchor = PeriodStart.of(first, precision)
    if isinstance(anchor, PeriodStart) and anchor.precision != "day":
        return anchor
    return date(anchor.year, anchor.month, anchor.day)


def _shifted(anchor: PeriodStart, steps: int) -> TimeValue:
    """The anchor's month or year moved by whole months or years."""
    if anchor.precision == "month":
        year, month = _shift_month(anchor.year, anchor.month, steps)
        return TimeValue.of_month(year, month)
    return TimeValue(f"{anchor.year + steps:04d}")


def _resolve(resolver: Resolver, match: re.Match[str], anchor: date, direction: Direction | None) -> TimeValue | None:
    """One match's value; against a whole month or year, never finer than that period allows (see `find_times`)."""
    scope = _SCOPES.get(resolver)
    if scope is None or not isinstance(anchor, PeriodStart):
        return resolver(match, anchor, direction)
    first, last = _anchor_bounds(anchor)
    if scope == "calendar":
        readings = [v for v in (resolver(match, first, direction), resolver(match, last, direction)) if v is not None]
        readings.sort(key=lambda v: v.earliest() or date.min)
        return readings[0] if len(readings) < 2 or readings[0] == readings[1] else TimeValue.span(readings[0], readings[-1])
    unit, steps = scope, 0
    if scope == "count":
        unit, count = match.group("unit").lower(), _count(match.group("count"))
        steps = (1 if not match.groupdict().get("ago") else -1) * (count * _NOMINAL_DAYS[unit] // _NOMINAL_DAYS[anchor.precision])
    if _UNIT_RANK[unit] < _UNIT_RANK[anchor.precision]:
        return _shifted(anchor, steps)
    return resolver(match, first, direction)


def find_times(text: str, anchor: date | TimeValue, direction: Direction | None = None) -> list[TimeMention]:
    """Every time expression in `text`, resolved against `anchor`, left to right.

    Overlapping candidates are settled longest first, so "in the spring of
    2015" wins over "2015" and "June 4, 2014" over "June".

    The anchor is a day, or a month or year (a `TimeValue` such as "2014-12",
    or a `PeriodStart`) when the source dated the article no finer.  Facts
    then carry no more precision than the anchor supports:

    - an expression counted in a unit finer than the anchor ("yesterday",
      "on Monday", "last week", "this week"; "last month" against a year)
      is the anchor's own period: "last week" in a "2014-12" article is
      `2014-12`, and "next month" in a "2014" article is `2014`.  Near the
      period's edges the true value may fall just outside it ("last week"
      printed on 1 December); no finer reading is honest, and the period is
      where the article places the event;
    - a count of finer units moves the period by the whole periods it spans
      ("45 days ago" against "2014-12" is `2014-11`, "18 months ago" against
      "2014" is `2013`; "three weeks ago" stays `2014-12`);
    - a unit as coarse as the anchor or coarser counts from it: "last month"
      in a "2014-12" article is `2014-11`, "last year" is `2013`;
    - a named month or season ("last June", "next spring") is read at the
      period's first and last day; when the readings differ ("last June"
      against "2014" is June 2013 or June 2014) the value is the interval
      between them (`2013-06/2014-06`), never a guess between the two;
    - absolute dates keep their own precision ("December 16, 2014"), and a
      yearless one takes the year that puts it inside or nearest the
      period ("Dec. 16" in a "2014" article is `2014-12-16`).
    """
    anchor = _as_anchor(anchor)
    candidates: list[tuple[int, int, TimeValue]] = []
    for pattern, resolver in _COMPILED:
        for match in pattern.finditer(text):
            if match.group(0).strip() == "":
                continue
            if _BAD_YEAR_FOLLOWERS.match(text[match.end() :]):
                continue
            if resolver is _ago_or_hence and _RANKED_BEFORE.search(text[max(0, match.start() - 40) : match.start()]):
                continue  # "the seventh prime minister in six years" counts over a span, it names no time
            value = _resolve(resolver, match, anchor, direction)
            if value is not None:
                candidates.append((match.start(), match.end(), value))
    candidates.sort(key=lambda c: (-(c[1] - c[0]), c[0]))
    taken: list[tuple[int, int, TimeValue]] = []
    for start, end, value in candidates:
        if all(end <= s or start >= e for s, e, _ in taken):
            taken.append((start, end, value))
    taken.sort()
    return _joined_ranges(text, [_with_slot(text, start, end, value) for start, end, value in taken])


_RANGE_OPENER = re.compile(r"\b(?:from|between)\s+(?:the\s+)?$", re.I)
_RANGE_JOINER = re.compile(r"^\s*(?:to|until|till|through|and|-|–)\s+(?:the\s+)?$", re.I)


def _joined_ranges(text: str, mentions: list[TimeMention]) -> list[TimeMention]:
    """"from June 2010 to September 2011" is one interval, `2010-06/2011-09`, not a start and a separate end.

    Both ends must be points (a day, a month or a year); the pattern for
    two bare years already reads "from 2011 to 2012" whole.
    """
    joined: list[TimeMention] = []
    k = 0
    while k < len(mentions):
        first = mentions[k]
        second = mentions[k + 1] if k + 1 < len(mentions) else None
        if (
            second is not None
            and _RANGE_OPENER.search(text[max(0, first.start - 20) : first.start])
            and _RANGE_JOINER.match(text[first.end : second.start])
            and "/" not in first.value.value
            and "/" not in second.value.value
            and (first.value.earliest() or date.max) <= (second.value.earliest() or date.min)
        ):
            joined.append(TimeMention(first.start, second.end, text[first.start : second.end], TimeValue.span(first.value, second.value), "when"))
            k += 2
            continue
        joined.append(first)
        k += 1
    return joined


def _with_slot(text: str, start: int, end: int, value: TimeValue) -> TimeMention:
    before = text[max(0, start - 25) : start]
    surface = text[start:end]
    slot: Slot = "when"
    if _START_CUE.search(before) or re.match(r"(?i)since\b", surface):
        slot = "start"
    elif _END_CUE.search(before):
        slot = "end"
    return TimeMention(start, end, surface, value, slot)


def find_tensed_times(text: str, anchor: date | TimeValue) -> list[TimeMention]:
    """`find_times`, each expression with its readings in an untensed, a past and a future clause (see `TimeMention`)."""
    return [
        replace(mention, untensed=_alone(mention, anchor, None), past=_alone(mention, anchor, "past"), future=_alone(mention, anchor, "future"))
        for mention in find_times(text, anchor)
    ]


def _alone(mention: TimeMention, anchor: date | TimeValue, direction: Direction | None) -> TimeValue | None:
    """The expression's value read on its own in a clause of this tense, when the finder reads all of it as one expression."""
    return _value_alone(mention.text, anchor, str(anchor), direction)


@lru_cache(maxsize=8192)
def _value_alone(text: str, anchor: date | TimeValue, printed: str, direction: Direction | None) -> TimeValue | None:
    """`_alone` by the expression's words: "on Monday" in many sentences of one article is read once a tense.

    `printed` keys the anchor by its precision too: a month's `PeriodStart` equals the date of its first day.
    """
    found = find_times(text, anchor, direction)
    return found[0].value if found and found[0].text == text else None


def normalise(expression: str, anchor: date | TimeValue, direction: Direction | None = None) -> TimeValue | None:
    """The value of one expression ("later this summer") at `anchor` (a day, month or year), or None."""
    found = find_times(expression, anchor, direction)
    if not found:
        return None
    best = max(found, key=lambda t: t.end - t.start)
    return best.value
