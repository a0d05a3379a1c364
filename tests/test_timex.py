"""The temporal normaliser's specification: expression, anchor, tense -> FORMAT.md value."""

from datetime import date

import pytest

from politograph.model import TimeValue
from politograph.nlp.timex import find_times, normalise

WED = date(2014, 6, 4)  # a Wednesday
MON = date(2015, 12, 21)  # a Monday
JAN = date(2016, 1, 5)  # a Tuesday early in the year

CASES = [
    # absolute days
    ("June 4, 2014", WED, None, "2014-06-04"),
    ("on June 19, 2014,", WED, None, "2014-06-19"),
    ("4 June 2014", WED, None, "2014-06-04"),
    ("Monday, August 31, 2009", WED, None, "2009-08-31"),
    ("2014-06-19", WED, None, "2014-06-19"),
    ("Aug. 30", date(2009, 9, 8), None, "2009-08-30"),
    ("Sept. 16", date(2009, 9, 8), None, "2009-09-16"),
    ("Dec. 20", JAN, None, "2015-12-20"),
    ("July 21", date(2013, 7, 22), None, "2013-07-21"),
    ("on March 3rd", WED, None, "2014-03-03"),
    ("Jan. 2", date(2013, 12, 28), None, "2014-01-02"),
    # months and years
    ("December 2012", WED, None, "2012-12"),
    ("in May 2015", WED, None, "2015-05"),
    ("September of 2015", WED, None, "2015-09"),
    ("the end of September", WED, None, "2014-09"),
    ("the end of September 2016", WED, None, "2016-09"),
    ("in September", date(2015, 6, 20), None, "2015-09"),
    ("in January", WED, None, "2014-01"),
    ("in November", JAN, None, "2015-11"),
    ("in March", JAN, "future", "2016-03"),
    ("last December", MON, None, "2014-12"),
    ("last June", WED, None, "2013-06"),
    ("next May", MON, None, "2016-05"),
    ("this March", JAN, None, "2016-03"),
    ("in 2013", WED, None, "2013"),
    ("the 2013 election", WED, None, "2013"),
    ("since 1955", WED, None, "1955"),
    ("early 2016", WED, None, "2016"),
    ("mid-2013", WED, None, "2013"),
    ("late 2012", WED, None, "2012"),
    ("the 1990s", WED, None, "1990/1999"),
    # seasons
    ("later this summer", WED, None, "2014-SU"),
    ("this summer", WED, None, "2014-SU"),
    ("this summer", date(2015, 12, 21), "future", "2016-SU"),  # looked ahead to in December: the coming one
    ("this summer", date(2015, 12, 21), "past", "2015-SU"),
    ("this autumn", date(2015, 3, 2), "past", "2014-FA"),  # looked back on in March: the one gone
    ("in the spring of 2015", WED, None, "2015-SP"),
    ("spring 2015", WED, None, "2015-SP"),
    ("the summer of 2016", WED, None, "2016-SU"),
    ("autumn 2013", WED, None, "2013-FA"),
    ("the fall of 2012", WED, None, "2012-FA"),
    ("next spring", WED, None, "2015-SP"),
    ("next spring", date(2014, 1, 10), None, "2014-SP"),
    ("last summer", WED, None, "2013-SU"),
    ("last summer", date(2014, 10, 1), None, "2014-SU"),
    ("this autumn", WED, None, "2014-FA"),
    ("this winter", WED, None, "2014-WI"),
    ("the winter of 2015", WED, None, "2015-WI"),
    ("by the end of the summer", date(2015, 6, 20), None, "2015-SU"),
    # intervals
    ("between 2004 and 2008", WED, None, "2004/2008"),
    ("from 2001 to 2005", WED, None, "2001/2005"),
    ("2001-2005", WED, None, "2001/2005"),
    ("2012–15", WED, None, "2012/2015"),
    ("from 2009 until 2012", WED, None, "2009/2012"),
    # relative days
    ("yesterday", WED, None, "2014-06-03"),
    ("today", WED, None, "2014-06-04"),
    ("tomorrow", WED, None, "2014-06-05"),
    ("the day before yesterday", WED, None, "2014-06-02"),
    ("later today", WED, None, "2014-06-04"),
    ("tonight", WED, None, "2014-06-04"),
    ("on Wednesday", WED, None, "2014-06-04"),
    ("on Monday", WED, None, "2014-06-02"),
    ("Saturday", WED, None, "2014-05-31"),
    ("on Friday", WED, "future", "2014-06-06"),
    ("by Thursday", WED, None, "2014-06-05"),
    ("by Tuesday", WED, None, "2014-06-10"),
    ("next Wednesday", WED, None, "2014-06-11"),
    ("last Wednesday", WED, None, "2014-05-28"),
    ("last Friday", WED, None, "2014-05-30"),
    ("this coming Sunday", WED, None, "2014-06-08"),
    ("on Monday", MON, None, "2015-12-21"),
    # relative weeks
    ("last week", WED, None, "2014-05-26/2014-06-01"),
    ("this week", WED, None, "2014-06-02/2014-06-04"),
    ("this week", MON, None, "2015-12-21"),
    ("next week", WED, None, "2014-06-09/2014-06-15"),
    ("last weekend", WED, None, "2014-05-31/2014-06-01"),
    ("this weekend", WED, None, "2014-06-07/2014-06-08"),
    ("a week ago", date(2015, 6, 20), None, "2015-06-13"),
    ("two weeks ago", WED, None, "2014-05-21"),
    ("in two weeks", WED, None, "2014-06-18"),
    ("in about two weeks", date(2009, 8, 31), None, "2009-09-14"),
    ("in two weeks' time", WED, None, "2014-06-18"),
    ("three days ago", WED, None, "2014-06-01"),
    # relative months and years
    ("last month", WED, None, "2014-05"),
    ("last month", JAN, None, "2015-12"),
    ("earlier this month", WED, None, "2014-06"),
    ("later this month", WED, None, "2014-06"),
    ("next month", WED, None, "2014-07"),
    ("next month", MON, None, "2016-01"),
    ("three months ago", WED, None, "2014-03"),
    ("last year", WED, None, "2013"),
    ("this year", WED, None, "2014"),
    ("next year", WED, None, "2015"),
    ("earlier this year", WED, None, "2014"),
    ("by the end of the year", WED, None, "2014"),
    ("two years ago", WED, None, "2012"),
    ("a year ago", WED, None, "2013"),
]


@pytest.mark.parametrize(("expression", "anchor", "direction", "expected"), CASES, ids=[c[0] for c in CASES])
def test_normalise(expression: str, anchor: date, direction, expected: str) -> None:
    assert str(normalise(expression, anchor, direction)) == expected


def test_table_is_large_enough() -> None:
    assert len(CASES) >= 80


@pytest.mark.parametrize("text", ["It may rain", "the 480 seats", "He won 2,013 votes", "54 votes to 44", "a march on parliament"])
def test_no_time_where_there_is_none(text: str) -> None:
    assert find_times(text, WED) == []


def test_since_opens_a_state_and_until_closes_one() -> None:
    [since] = find_times("has run the ministry since December 2012", WED)
    assert (since.value, since.slot) == (TimeValue("2012-12"), "start")
    [until] = find_times("held the post until 2008", WED)
    assert (until.value, until.slot) == (TimeValue("2008"), "end")


def test_longest_expression_wins_and_spans_are_exact() -> None:
    text = "nationwide local elections in the spring of 2015, after talks last week"
    found = find_times(text, WED)
    assert [(t.text, str(t.value)) for t in found] == [("in the spring of 2015", "2015-SP"), ("last week", "2014-05-26/2014-06-01")]
    assert all(text[t.start : t.end] == t.text for t in found)


def test_time_value_bounds_and_within() -> None:
    assert TimeValue("2015-SU").earliest() == date(2015, 6, 1)
    assert TimeValue("2015-WI").latest() == date(2016, 2, 29)
    assert TimeValue("2014-06-19").within(TimeValue("2014-06"))
    assert not TimeValue("2014-07-01").within(TimeValue("2014-06"))
    assert TimeValue("2005").within(TimeValue("2004/2008"))
    assert TimeValue("2012-12/..").latest() is None
    with pytest.raises(ValueError):
        TimeValue("June 2014")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Lina Voss served as premier from June 2010 to September 2011.", "2010-06/2011-09"),
        ("He chaired the Harbour Party from March 3, 2009 to May 8, 2012.", "2009-03-03/2012-05-08"),
        ("The party led the council between 2005 and 2008.", "2005/2008"),
    ],
)
def test_from_one_date_to_another_is_one_interval(text: str, expected: str) -> None:
    found = find_times(text, WED)
    assert [str(m.value) for m in found] == [expected]
    assert found[0].slot == "when"


def test_since_and_until_stay_a_start_and_an_end() -> None:
    found = find_times("She has led the party since June 2010 and will stay until 2016.", WED)
    assert [(str(m.value), m.slot) for m in found] == [("2010-06", "start"), ("2016", "end")]


@pytest.mark.parametrize("text", ["Moro became the seventh prime minister in six years.", "It was the biggest defeat for the party in 20 years."])
def test_a_count_over_a_span_names_no_time(text: str) -> None:
    assert find_times(text, WED) == []


def test_in_six_months_is_still_a_coming_time() -> None:
    assert [str(m.value) for m in find_times("The vote will be held in six months.", WED)] == ["2014-12"]
