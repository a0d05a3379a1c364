"""Modality from the clause, not the sentence, and time attached to the right clause."""

from __future__ import annotations

import pytest

from politograph.model import Modality

MODALITY_CASES = [
    # asserted: plain past or present
    ("alliance", "Komeito backed the Liberal Democratic Party in the Tokyo race.", Modality.ASSERTED),
    ("meeting", "Shinzo Abe met Toru Hashimoto in Osaka on Sunday.", Modality.ASSERTED),
    ("dissolution", "Your Party disbanded in November.", Modality.ASSERTED),
    # planned: announced intention, scheduled
    ("alliance", "Toru Hashimoto and Keiichiro Asao announced a plan to coordinate policies with each other.", Modality.PLANNED),
    ("merger", "Your Party will merge with Yui no To in September.", Modality.PLANNED),
    ("dissolution", "Your Party decided on Wednesday to disband.", Modality.PLANNED),
    ("election", "The party will field 13 candidates in the Aug. 30 House of Representatives election.", Modality.PLANNED),
    # expected: forecast by others
    ("founding", "Shintaro Ishihara is expected to launch a new party next month.", Modality.EXPECTED),
    ("merger", "Analysts say Your Party is likely to merge with Yui no To.", Modality.EXPECTED),
    # possible: speculation
    ("split", "Divisions within the Japan Innovation Party could split the party.", Modality.POSSIBLE),
    ("alliance", "Komeito may cooperate with the Democratic Party of Japan after the vote.", Modality.POSSIBLE),
    ("coalition", "It is possible that the Democratic Party of Japan will form a coalition with the Social Democratic Party.", Modality.POSSIBLE),
    # negated: denied, ruled out, no longer
    ("alliance", "Komeito will no longer support Osaka Ishin no Kai in the city assembly.", Modality.NEGATED),
    ("merger", "Your Party denied that it would merge with Yui no To.", Modality.NEGATED),
    ("alliance", "Kenji Eda ruled out cooperating with the Liberal Democratic Party.", Modality.NEGATED),
    ("alliance", "The Democratic Party of Japan did not cooperate with the Liberal Democratic Party.", Modality.NEGATED),
]


@pytest.mark.parametrize(("fact_type", "text", "modality"), MODALITY_CASES)
def test_modality_comes_from_the_clause(facts_of, fact_type, text, modality):
    found = facts_of(text, fact_type)
    assert found, f"no {fact_type} fact"
    assert found[0].modality is modality


def test_every_modality_value_is_covered():
    assert {m for *_, m in MODALITY_CASES} == set(Modality)


def test_reported_speech_keeps_the_reporters_modality(facts_of):
    text = "Yoshimi Watanabe said the Democratic Party of Japan merged with the Japan Innovation Party last year."
    [fact] = facts_of(text, "merger", published="2017-06-20")
    assert fact.modality is Modality.ASSERTED and str(fact.when) == "2016"


def test_modality_of_one_clause_does_not_leak_into_another(facts_of):
    text = "Shinzo Abe met Toru Hashimoto on Sunday, and Komeito may cooperate with the Liberal Democratic Party."
    [meeting] = facts_of(text, "meeting")
    [alliance] = facts_of(text, "alliance")
    assert meeting.modality is Modality.ASSERTED and alliance.modality is Modality.POSSIBLE


def test_a_meeting_a_week_ago(facts_of):
    [fact] = facts_of("The meeting between Toru Hashimoto and Shinzo Abe a week ago drew attention.", "meeting", published="2015-06-20")
    assert str(fact.when) == "2015-06-13"


def test_a_ministry_held_between_two_years(facts_of):
    [fact] = facts_of("A Komeito representative held the transport ministry post between 2004 and 2008.", "portfolio", published="2015-06-20")
    assert str(fact.when) == "2004/2008"


def test_a_ministry_held_since_a_month(facts_of):
    [fact] = facts_of("Komeito has held the health ministry since December 2012.", "portfolio", published="2015-06-20")
    assert str(fact.start) == "2012-12" and str(fact.when) == "2015-06-20"


def test_elections_in_a_season_to_come_are_planned(facts_of):
    [fact] = facts_of("The parties look ahead to nationwide local elections in the spring of 2015.", "election")
    assert str(fact.when) == "2015-SP" and fact.modality is Modality.PLANNED


def test_a_past_tense_month_is_never_after_the_article(facts_of):
    [fact] = facts_of("The party lost badly in the July election for the House of Councillors.", "election", published="2014-06-04")
    assert str(fact.when) == "2013-07" and fact.modality is Modality.ASSERTED


def test_a_forecast_as_subject_makes_a_count_expected(read):
    from politograph.extract import extract_facts

    facts = extract_facts(read("Media forecasts give the Harbour Party 81 of the 150 seats in parliament."), ["seats"])
    [fact] = [f for f in facts if f.subject == "Harbour Party"]
    assert fact.modality is Modality.EXPECTED and fact.value == 81


def test_a_tenure_from_one_month_to_another_dates_the_post(facts_of):
    [fact] = facts_of("Lina Voss served as prime minister from June 2010 to September 2011.", "role")
    assert str(fact.when) == "2010-06/2011-09"


def test_seats_won_without_a_date_hold_from_the_reported_election(read):
    from politograph.extract import extract_facts

    text = "Voters went to the polls in the Senate election on May 18. The Harbour Party won 12 seats, while the Farmers League gained 7 seats."
    facts = extract_facts(read(text, "2014-05-20"), ["seats", "election"], learned=False)
    assert {f.subject: str(f.when) for f in facts if f.type == "seats"} == {"Harbour Party": "2014-05-18", "Farmers League": "2014-05-18"}


def test_a_bloc_and_its_members_stood_together_at_the_election_whose_seats_they_won(read):
    from politograph.extract import extract_facts

    text = "Voters went to the polls in the general election on May 18. The left bloc won 88 seats (the Farmers Party, the Civic Party and the Greens)."
    facts = extract_facts(read(text, "2014-05-20"), ["alliance", "election"], learned=False)
    alliances = [f for f in facts if f.type == "alliance"]
    assert len(alliances) == 3 and {str(f.when) for f in alliances} == {"2014-05-18"}


def test_a_coalition_deal_told_with_a_win_keeps_its_own_date(read):
    from politograph.extract import extract_facts

    text = "Voters went to the polls in the general election on May 18. The Farmers Party formed a coalition with the Civic Party after winning the vote."
    [fact] = [f for f in extract_facts(read(text, "2014-05-20"), ["coalition", "election"], learned=False) if f.type == "coalition"]
    assert str(fact.when) == "2014-05-20"


def test_former_rivals_were_rivals_once_at_no_date_the_text_gives(facts_of):
    facts = facts_of("The former foes the Farmers Party and the Civic Party signed a pact on Monday.", "opposition")
    assert {(f.subject, f.object) for f in facts} == {("Farmers Party", "Civic Party"), ("Civic Party", "Farmers Party")}
    assert all(f.when is None for f in facts)


def test_an_election_named_by_its_day_is_the_election_the_article_names(read):
    from politograph.extract import extract_facts

    text = "Voters go to the polls in the Senate election next month. The Harbour Party hopes to double its seats in the March 3 vote."
    facts = extract_facts(read(text, "2015-02-10"), ["election"], learned=False)
    assert [(f.subject, str(f.when)) for f in facts] == [("Senate election", "2015-03-03")]


def test_a_day_named_election_beside_a_party_vote_stays_its_own(read):
    from politograph.extract import extract_facts

    text = "The Harbour Party leadership election is due next month. The party hopes to double its seats in the March 3 vote."
    facts = extract_facts(read(text, "2015-02-10"), ["election"], learned=False)
    assert {f.subject for f in facts} == {"Harbour Party leadership election", "March 3 vote"}


def test_seats_held_now_keep_the_publication_date(read):
    from politograph.extract import extract_facts

    text = "Voters went to the polls in the Senate election on May 18. The Harbour Party now holds 12 seats."
    [fact] = [f for f in extract_facts(read(text, "2014-05-20"), ["seats", "election"], learned=False) if f.type == "seats"]
    assert str(fact.when) == "2014-05-20"


def test_an_event_since_a_month_is_dated_by_that_month(facts_of):
    [fact] = facts_of("Some 131 days have now passed since the September election.", "election", published="2019-01-18")
    assert str(fact.when) == "2018-09" and fact.start is None


def test_a_claim_told_twice_keeps_the_reading_told_as_fact(facts_of):
    text = "Incoming Prime Minister Lina Voss arrived at the palace. Lina Voss was sworn in as prime minister on Sunday."
    [fact] = facts_of(text, "role", published="2020-03-02")
    assert fact.modality is Modality.ASSERTED


@pytest.mark.parametrize(
    ("text", "modality"),
    [
        ("The Harbour Party pledged to scrap expressway tolls.", Modality.ASSERTED),
        ("Lina Voss wants to scrap expressway tolls.", Modality.ASSERTED),
        ("The Harbour Party will oppose the budget bill.", Modality.PLANNED),
    ],
)
def test_a_wish_is_a_stance_held_now(facts_of, text, modality):
    [fact] = facts_of(text, "stance")
    assert fact.modality is modality


def test_a_referendum_with_no_place_in_its_sentence_is_held_where_the_article_is(read):
    from politograph.extract import extract_facts

    text = "Voters in Kestria go to the polls in spring. Kestrians will vote on November 8 in a referendum on electoral reform."
    [fact] = extract_facts(read(text), ["referendum"], learned=False)
    assert (fact.subject, fact.object, fact.modality) == ("electoral reform", "Kestria", Modality.PLANNED)


def test_whether_or_not_is_no_negation(facts_of):
    text = "Your Party split over whether or not to cooperate with the ruling camp in the Dec. 14 Lower House election."
    [fact] = facts_of(text, "election", published="2014-11-19")
    assert fact.modality is not Modality.NEGATED


def test_a_date_in_an_elections_name_is_its_day_whatever_the_clause_says(facts_of):
    text = "Rosa Vell said on Thursday she would back the Harbour Party after an inconclusive Sept. 23 election."
    [fact] = facts_of(text, "election", published="2017-10-19")
    assert str(fact.when) == "2017-09-23" and fact.modality is Modality.ASSERTED


def test_a_named_day_to_come_is_a_planned_election(facts_of):
    [fact] = facts_of("Campaigning has begun for the Dec. 16 election.", "election", published="2012-11-20")
    assert str(fact.when) == "2012-12-16" and fact.modality is Modality.PLANNED


def test_an_election_of_a_chamber_takes_the_chambers_first_name_only(facts_of):
    text = "The parties split ahead of the October 2017 election of the House of Representatives, the lower chamber of Japan's parliament."
    [fact] = facts_of(text, "election", published="2018-05-07")
    assert fact.subject == "House of Representatives election"


def test_a_post_made_by_a_verb_takes_the_verbs_modality(facts_of):
    text = "Rosa Vell said she would back the Harbour Party to form a government, making Erik Holm the country's prime minister."
    [fact] = [f for f in facts_of(text, "role") if f.subject == "Erik Holm"]
    assert fact.role == "prime-minister" and fact.modality is Modality.PLANNED
    [told] = [f for f in facts_of("Erik Holm, the country's prime minister, said she would back the Harbour Party.", "role") if f.subject == "Erik Holm"]
    assert told.modality is Modality.ASSERTED  # an apposition of a subject is no result of the verb


def test_a_participle_clause_keeps_its_own_modality(facts_of):
    [fact] = facts_of("The Harbour Party, founded in 2009 by Erik Holm, was once considered a hopeful third force.", "founding")
    assert fact.modality is Modality.ASSERTED and str(fact.when) == "2009"


def test_an_election_slated_for_a_month_is_the_coming_one(facts_of):
    [fact] = facts_of("A general election slated for November will test the Harbour Party, Ana Holm said.", "election", published="2021-09-29")
    assert str(fact.when) == "2021-11" and fact.modality is Modality.PLANNED


def test_a_then_title_holds_when_its_clause_happened(facts_of):
    [fact] = facts_of("In 2010 then Varna Mayor Erik Holm launched the Harbour League.", "role", published="2016-08-23")
    assert fact.subject == "Erik Holm" and fact.role == "mayor" and str(fact.when) == "2010" and fact.former


def test_seats_won_are_dated_by_the_election_told_before_them(read):
    from politograph.extract import extract_facts

    text = (
        "The Harbour Party swept the Upper House election held on July 7. "
        "The Harbour Party won 65 seats. The Unity Party swept the mayoral election on July 21."
    )
    facts = extract_facts(read(text, "2013-07-22"), ["seats", "election"], learned=False)
    [won] = [f for f in facts if f.type == "seats"]
    assert str(won.when) == "2013-07-07"  # the election told before the count, not the later one told after it


def test_a_purpose_of_a_past_act_happened_with_it(facts_of):
    """ "Dissolved in March to establish X": X was established then, not next March; nor is the "To" of "Ishin no To" an infinitive."""
    text = "The Harbour League and the Unity Party joined forces in March to create the Civic Party."
    [founding] = facts_of(text, "founding", published="2016-08-23")
    assert (str(founding.when), founding.modality) == ("2016-03", Modality.ASSERTED)
    [dissolution] = facts_of("Meanwhile, Ishin no To was dissolved in March.", "dissolution", published="2016-08-23")
    assert (str(dissolution.when), dissolution.modality) == ("2016-03", Modality.ASSERTED)


def _the_one(read, text: str, published: str, fact_type: str):
    """The one fact of a type the rules read in a text."""
    from politograph.extract import extract_facts

    [fact] = extract_facts(read(text, published), [fact_type], learned=False)
    return fact


def test_an_event_told_twice_takes_the_day_the_text_gives_it(read):
    text = "At a special congress, members of the Harbour Party agreed to dissolve it. The party will disband on March 3."
    fact = _the_one(read, text, "2015-02-10", "dissolution")
    assert str(fact.when) == "2015-03-03" and fact.modality is Modality.PLANNED
    text = "The Harbour Party will disband on March 3. At a special congress, its members agreed to dissolve the party."
    assert str(_the_one(read, text, "2015-02-10", "dissolution").when) == "2015-03-03"  # the undated repeat does not undo the day


def test_an_election_the_article_looks_ahead_to_is_still_to_come(read):
    ahead = _the_one(read, "The Harbour Party chose its candidates on Monday, well ahead of this summer's Senate election.", "2015-12-21", "election")
    assert str(ahead.when) == "2016-SU" and ahead.modality is Modality.PLANNED
    gone = _the_one(read, "The Harbour Party lost ground in this summer's Senate election.", "2015-12-21", "election")
    assert str(gone.when) == "2015-SU" and gone.modality is Modality.ASSERTED


def test_a_time_inside_the_subjects_relative_clause_does_not_date_the_main_verb(facts_of):
    text = "Greta Lyss, who has led the Harbour Party since Olaf Dunn resigned last June, won the party's leadership election on Saturday."
    [election] = facts_of(text, "election", published="2019-03-18")
    assert str(election.when) == "2019-03-16"  # Saturday, not the June of the relative clause


def test_a_relative_clause_on_the_event_itself_dates_it(facts_of):
    text = "Caretakers have governed Ostrela since the general election, which took place on 26 May 2019."
    [election] = facts_of(text, "election", published="2020-10-02")
    assert str(election.when) == "2019-05-26"


def test_a_coalition_left_ends_that_day(facts_of):
    [left] = facts_of("The Harbour Party quit its coalition with the Unity Party on Sunday.", "coalition", published="2019-03-18")
    assert (str(left.when), str(left.end)) == ("2019-03-17", "2019-03-17")
    [kept] = facts_of("The Harbour Party formed a coalition with the Unity Party on Sunday.", "coalition", published="2019-03-18")
    assert kept.end is None


def test_a_coalition_led_by_a_party_names_that_party_as_a_side(facts_of):
    [joined] = facts_of("The Harbour Party joined the coalition led by the Unity Party in 2019.", "coalition")
    assert {joined.subject, joined.object} == {"Harbour Party", "Unity Party"}


def test_a_repeat_that_says_more_exactly_when_dates_the_claim(facts_of):
    text = "Voters crushed the Harbour Party in last year's general election. In the general election last December, it won two seats."
    [election] = facts_of(text, "election", published="2015-12-21")
    assert str(election.when) == "2014-12"


def test_days_counted_since_an_election_give_its_day(facts_of):
    text = "Talks in Ostrela have taken longer than ever, and 131 days have now passed since the September election."
    [election] = facts_of(text, "election", published="2019-01-18")
    assert str(election.when) == "2018-09-09"
