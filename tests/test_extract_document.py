"""The extract stage's interface: what it returns beside the facts, the readings it takes from nlp, its trigger specs.

Sentences and names are invented, in news style.
"""

from __future__ import annotations

from datetime import date

from politograph.extract import REGISTRY, extract_document, extract_facts
from politograph.extract.relations import FIELDS
from politograph.extract.triggers import EVENTS, RELATIONS, TriggerSpec, trigger_spec
from politograph.lexicon import load_lexicon
from politograph.model import Modality, TimeValue
from politograph.nlp.timex import find_tensed_times

FOLLOWERS = "Last month, more than 40 Harbour Party lawmakers said they would go with Ilse Brandvik."


def test_implied_faction_is_returned_and_the_analysed_document_is_left_alone(read):
    adoc = read(FOLLOWERS)
    entities, mentions = list(adoc.entities), list(adoc.mentions)
    found = extract_document(adoc, learned=False)
    assert adoc.entities == entities and adoc.mentions == mentions
    assert [(e.name, e.type) for e in found.entities] == [("Brandvik faction", "FACTION")]
    assert [m.text for m in found.mentions] == []  # "go with X" names the faction by no phrase of its own
    assert any(f.subject == "Brandvik faction" and f.type == "seats" for f in found.facts)
    joined_entities, joined_mentions = found.joined(adoc)
    assert joined_entities == [*entities, *found.entities]
    assert [m.start for m in joined_mentions] == sorted(m.start for m in joined_mentions)


def test_extract_facts_still_adds_what_it_implies_to_the_document(read):
    adoc = read("Ilse Brandvik's camp will form a new party, and 20 lawmakers are expected to go with Ilse Brandvik.")
    before = len(adoc.entities)
    facts = extract_facts(adoc, learned=False)
    factions = [e for e in adoc.entities[before:] if e.type == "FACTION"]
    assert [e.name for e in factions] == ["Brandvik faction"]
    assert any(f.type == "seats" and f.subject == "Brandvik faction" and f.value == 20 for f in facts)
    assert [m.text for m in adoc.mentions if m.entity is factions[0]] == ["'s camp"]
    assert [m.start for m in adoc.mentions] == sorted(m.start for m in adoc.mentions)


def test_time_mentions_carry_their_reading_in_each_tense():
    dec16, talks, friday = find_tensed_times("The vote on Dec. 16 and the talks from June 2010 to September 2011, on Friday.", date(2014, 12, 10))
    assert (str(dec16.in_tense(None)), str(dec16.in_tense("past")), str(dec16.in_tense("future"))) == ("2014-12-16", "2013-12-16", "2014-12-16")
    assert (str(friday.in_tense("past")), str(friday.in_tense("future"))) == ("2014-12-05", "2014-12-12")
    assert talks.value == TimeValue("2010-06/2011-09") and talks.past is None and talks.in_tense("past") == talks.value  # a range read whole


def test_a_clause_takes_the_reading_of_its_tense(facts_of):
    [held] = facts_of("The Harbour Party held its leadership election on Dec. 16.", "election", published="2014-12-10")
    [coming] = facts_of("The Harbour Party will hold its leadership election on Dec. 16.", "election", published="2014-12-10")
    assert (str(held.when), held.modality) == ("2013-12-16", Modality.ASSERTED)
    assert (str(coming.when), coming.modality) == ("2014-12-16", Modality.PLANNED)


def test_relations_and_events_share_one_trigger_spec():
    coalition, split = trigger_spec(RELATIONS, "coalition"), trigger_spec(EVENTS, "split")
    assert isinstance(coalition, TriggerSpec) and isinstance(split, TriggerSpec)
    assert coalition.symmetric and coalition.types == ("PARTY", "FACTION", "LOCAL_GROUP") and "government" in coalition.two_named
    assert coalition.nouns["partner"] >= {"coalition", "junior"}  # "coalition partner": the noun needs its first word
    assert split.verbs["break"] == {"up", "away", "apart"} and "divided" in split.adjectives
    assert {"founding", "split", "dissolution", "rename"} <= set(load_lexicon(EVENTS)) and not {"founding", "split"} & set(load_lexicon(RELATIONS))


def test_relation_types_fill_their_own_fields_through_registered_hooks(facts_of):
    assert set(FIELDS) == {"coalition", "merger"}
    [merger] = facts_of("The Harbour Party merged with the Civic Union Party to form the Reform Alliance Party.", "merger")
    assert (merger.subject, merger.object, merger.result) == ("Harbour Party", "Civic Union Party", "Reform Alliance Party")
    [local] = facts_of("The Harbour Party and the Civic Union Party formed a coalition in the city council.", "coalition")
    assert local.scope == "city council"


def test_a_place_leader_holds_the_post_of_its_head(facts_of):
    [role] = facts_of("Japan's next leader, Taro Minami, met reporters.", "role")
    assert (role.subject, role.role, role.object, role.modality) == ("Taro Minami", "prime-minister", "Japan", Modality.EXPECTED)


def test_claims_are_read_in_a_fixed_order_of_fact_types():
    """The first reading of a claim is the one kept, so the registry's order is part of what is extracted."""
    assert list(REGISTRY) == [
        "role", "seats", "member", "stance", "election", "referendum", "founding", "split", "dissolution", "rename",
        "portfolio", "alliance", "coalition", "opposition", "merger", "meeting",
    ]  # fmt: skip
    assert [f.__name__ for f in REGISTRY["member"]] == ["extract_named_followers", "extract_members"]


def test_the_party_of_a_story_is_the_one_it_is_about(facts_of):
    """ "Kada set up the party" when the sentences just before name no party: the one the story has named most, if one leads clearly."""
    text = (
        "The Harbour Party has already broken up. The Harbour Party was meant to unite the left. "
        "Voters never warmed to it. Most of its lawmakers lost. Yuki Kada set up the party on Nov. 3."
    )
    [founding] = facts_of(text, "founding", published="2012-12-29")
    assert (founding.subject, founding.object, str(founding.when), founding.modality.value) == ("Yuki Kada", "Harbour Party", "2012-11-03", "asserted")
    text = "The Harbour Party met the Unity Party. Both were unhappy. Voters never warmed to them. Yuki Kada set up the party on Nov. 3."
    [founding] = facts_of(text, "founding", published="2012-12-29")
    assert founding.object is None  # two parties named as often: no story's party
