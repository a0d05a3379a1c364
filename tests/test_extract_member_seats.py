"""`member` and `seats` facts on sentences written for these tests."""

import pytest


def members(facts):
    return {(f.subject, f.object) for f in facts}


MEMBER_POSITIVE = [
    ("Kota Matsuda, a Your Party member in the Upper House, resigned.", ("Kota Matsuda", "Your Party")),
    ("LDP lawmaker Taro Kono criticised the plan.", ("Taro Kono", "Liberal Democratic Party")),
    ("Akihiro Ota is from Komeito.", ("Akihiro Ota", "Komeito")),
    ("Kenji Eda joined the Japan Innovation Party in September.", ("Kenji Eda", "Japan Innovation Party")),
    ("Yoshimi Watanabe left the LDP in January.", ("Yoshimi Watanabe", "Liberal Democratic Party")),
    ("Hiroshi Ogushi (Party of Hope) asked a question.", ("Hiroshi Ogushi", "Party of Hope")),
    ("Several lawmakers, among them Kenji Eda, left Your Party last month.", ("Kenji Eda", "Your Party")),
    ("Several lawmakers, among them Mari Kask, have joined the Harbour Party since Monday.", ("Mari Kask", "Harbour Party")),
]


@pytest.mark.parametrize(("text", "expected"), MEMBER_POSITIVE, ids=[p[1][0] for p in MEMBER_POSITIVE])
def test_member_found(facts_of, text, expected):
    assert expected in members(facts_of(text, "member", published="2014-11-19"))


MEMBER_NEGATIVE = [
    "Taro Kono criticised the LDP.",
    "Kenji Eda met Your Party leaders on Monday.",
    "Voters from Osaka rejected the plan backed by Toru Hashimoto.",
    "The Liberal Democratic Party and Komeito announced a deal.",
    "Former LDP lawmaker Taro Yamada spoke.",
    "Ten parties, including Your Party, backed the bill of Kenji Eda.",
    "Shinzo Abe praised Komeito.",
]


@pytest.mark.parametrize("text", MEMBER_NEGATIVE)
def test_no_member_where_none_is_stated(facts_of, text):
    assert facts_of(text, "member") == []


def test_leaving_sets_end_and_joining_sets_time(facts_of):
    [left] = facts_of("Yoshimi Watanabe left the LDP in January.", "member", published="2009-08-09")
    assert (str(left.end), str(left.when)) == ("2009-01", "2009-01")
    [joined] = facts_of("Kenji Eda joined the Japan Innovation Party in September 2014.", "member")
    assert str(joined.when) == "2014-09"


def test_negated_membership(facts_of):
    [fact] = facts_of("Yoshihiko Noda did not join the Democratic Party for the People.", "member")
    assert fact.modality.value == "negated"


def seats(facts):
    return {(f.subject, f.value, f.qualifier) for f in facts}


SEATS_POSITIVE = [
    ("The LDP won 65 seats in the election.", ("Liberal Democratic Party", 65, "exact")),
    ("Nippon Ishin's 62 Diet members met on Tuesday.", ("Nippon Ishin no Kai", 62, "exact")),
    ("Hashimoto said the bill passed the 480-seat lower house in Japan.", ("House of Representatives", 480, "exact")),
    ("Your Party said the 20-member party would disband.", ("Your Party", 20, "exact")),
    ("Komeito secured more than 30 seats.", ("Komeito", 30, "at_least")),
    ("The Liberal Democratic Party holds about 290 seats.", ("Liberal Democratic Party", 290, "about")),
    ("Polls give the DPJ 308 of the 480 seats in the lower house of Japan.", ("Democratic Party of Japan", 308, "exact")),
    ("Campaigning for the Tokyo Metropolitan Assembly ended. Few expect one party to control the 127-seat assembly.", ("Tokyo Metropolitan Assembly", 127, "exact")),
    ("The Harbour Party still had the backing of most members of the 242-strong House of Councillors.", ("House of Councillors", 242, "exact")),
    ("In the House of Councillors, Japan's 242 lawmakers debated the bill until midnight.", ("House of Councillors", 242, "exact")),
]


@pytest.mark.parametrize(("text", "expected"), SEATS_POSITIVE, ids=[str(p[1]) for p in SEATS_POSITIVE])
def test_seats_found(facts_of, text, expected):
    assert expected in seats(facts_of(text, "seats"))


SEATS_NEGATIVE = [
    "The LDP won 65 percent of the vote.",
    "Komeito was founded in 1964.",
    "Shinzo Abe received 553 votes.",
    "Twelve reporters waited outside the LDP headquarters.",
    "The party's 2013 manifesto promised tax cuts.",
    "Keiichiro Asao, 50, spoke to reporters.",
]


@pytest.mark.parametrize("text", SEATS_NEGATIVE)
def test_no_seats_where_none_are_stated(facts_of, text):
    assert facts_of(text, "seats") == []


def test_number_words_and_scope(facts_of):
    found = facts_of("Yui no To's fourteen Diet members backed the merger.", "seats")
    assert [(f.subject, f.value, f.scope) for f in found] == [("Yui no To", 14, "National Diet")]  # the chamber the Japan pack knows as "Diet"


@pytest.mark.parametrize(
    ("text", "won"),
    [
        ("The Harbour Party won 65 seats in the election.", True),
        ("The Harbour Party holds 65 seats in parliament.", False),
        ("The Harbour Party has 65 seats after the vote.", False),
    ],
)
def test_seats_won_at_an_election_are_told_from_seats_held(facts_of, text, won):
    [fact] = [f for f in facts_of(text, "seats") if f.value == 65]
    assert fact.won is won


def test_the_count_a_verb_brings_its_object_to_is_the_objects(facts_of):
    facts = facts_of("The general election left the Harbour Party with 17 seats, down from 30.", "seats")
    assert [(f.subject, f.value) for f in facts if f.value == 17] == [("Harbour Party", 17)]
    facts = facts_of("The Farmers League took 57 seats and cut its nearest challenger to 41 seats.", "seats")
    assert all(f.value != 41 for f in facts)  # the rival is not named: nobody's count rather than the winner's


def test_a_bracketed_translation_is_no_membership(nlp):
    from datetime import date

    from politograph.extract import extract_facts
    from politograph.model import Document
    from politograph.nlp.pipeline import analyze

    text = "Kaze Yamato (Liberal Yamato) split on Saturday when three of its five members quit. Mika Sato (Liberal Yamato) stayed."
    [adoc] = list(analyze([Document("y", text, date(2017, 9, 30))], nlp))
    members = {(f.subject, f.object) for f in extract_facts(adoc, ["member"], learned=False)}
    assert ("Kaze Yamato", "Liberal Yamato") not in members
    assert ("Mika Sato", "Liberal Yamato") in members  # a person and her party
