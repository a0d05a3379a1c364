"""Groups known only by their leader, and the seats of the halves of a split.

Sentences are our own, in news style.  A faction named after its leader
exists in the document only when a fact points to it.
"""

from __future__ import annotations

from politograph.extract import extract_facts
from politograph.model import Fact, Modality


def _facts(read, text: str) -> tuple[list[Fact], dict[str, set[str]]]:
    adoc = read(text)
    facts = extract_facts(adoc, learned=False)
    factions = {e.name: e.aliases for e in adoc.entities if e.type == "FACTION"}
    return facts, factions


def _one(facts: list[Fact], fact_type: str, subject: str) -> Fact:
    found = [f for f in facts if f.type == fact_type and f.subject == subject]
    assert len(found) == 1, [(f.type, f.subject, f.object) for f in facts]
    return found[0]


def test_members_going_with_a_leader_give_seats_to_the_leaders_faction(read):
    facts, factions = _facts(read, "Last month, more than 40 Democratic Party lawmakers said they would go with Seiji Maehara.")
    seats = _one(facts, "seats", "Maehara faction")
    assert (seats.value, seats.qualifier, seats.modality) == (40, "at_least", Modality.PLANNED)
    assert str(seats.when) == "2014-05"
    assert "Maehara group" in factions["Maehara faction"]


def test_expected_followers_and_a_named_member(read):
    facts, _ = _facts(read, "The party will split next week. Fifteen are expected to side with Yukio Edano, including Kiyomi Tsujimoto.")
    seats = _one(facts, "seats", "Edano faction")
    assert (seats.value, seats.qualifier, seats.modality) == (15, "exact", Modality.EXPECTED)
    member = _one(facts, "member", "Kiyomi Tsujimoto")
    assert member.object == "Edano faction"


def test_a_count_through_an_adjective_clause(read):
    facts, _ = _facts(read, "Senator Maria Lopez and her followers quit the Liberal Party on Tuesday, and 12 senators are likely to follow Lopez.")
    assert _one(facts, "seats", "Lopez faction").value == 12


def test_a_group_leaving_its_party_splits_it(read):
    facts, factions = _facts(read, "Ichiro Ozawa and his loyal supporters left the Democratic Party of Japan in July.")
    split = _one(facts, "split", "Democratic Party of Japan")
    assert split.object == "Ozawa faction"
    assert "Ozawa faction" in factions


def test_a_person_leaving_alone_is_no_split(read):
    facts, factions = _facts(read, "Ichiro Ozawa left the Democratic Party of Japan in July.")
    assert not [f for f in facts if f.type == "split"]
    assert not factions


def test_splinter_group_led_by_a_person(read):
    facts, _ = _facts(read, "The splinter group led by Ichiro Ozawa holds 49 seats in the lower house.")
    assert _one(facts, "seats", "Ozawa faction").value == 49
    role = _one(facts, "role", "Ichiro Ozawa")
    assert (role.object, role.role) == ("Ozawa faction", "leader")


def test_possessive_camp(read):
    facts, _ = _facts(read, "Ichiro Ozawa's camp now has 37 Diet members.")
    assert _one(facts, "seats", "Ozawa faction").value == 37


def test_allies_in_passing_make_no_entity(read):
    facts, factions = _facts(read, "Shinzo Abe and his allies met business leaders in Osaka on Friday.")
    assert not factions


def test_a_named_group_after_a_possessive_is_not_a_leader_group(read):
    facts, factions = _facts(read, "Hashimoto's local political group Osaka Ishin no Kai won 10 seats.")
    assert not factions
    assert _one(facts, "seats", "Osaka Ishin no Kai").value == 10


def test_an_explicit_faction_with_the_leaders_name_is_reused(read):
    facts, factions = _facts(read, "One half will be headed by Shintaro Ishihara and his Tokyo allies. The Ishihara faction expects to keep 20 seats.")
    assert list(factions) == ["Ishihara faction"]
    role = _one(facts, "role", "Shintaro Ishihara")
    assert (role.object, role.role, role.modality) == ("Ishihara faction", "leader", Modality.PLANNED)


def test_a_place_in_the_allies_phrase_links_to_the_place_named_faction(read):
    facts, factions = _facts(read, "Toru Hashimoto and his Osaka-based allies will merge with Yui no To. The Osaka faction favours renewable energy.")
    assert list(factions) == ["Osaka faction"]
    assert "Hashimoto faction" in factions["Osaka faction"]
    merger = _one(facts, "merger", "Osaka faction")
    assert merger.object == "Yui no To"


def test_a_partys_people_splitting_split_the_party(read):
    facts, _ = _facts(read, "The talks aim to reunite Veldran Democratic Party-linked deputies that split ahead of the 2012 election.")
    split = _one(facts, "split", "Veldran Democratic Party")
    assert (split.object, split.modality) == (None, Modality.ASSERTED)
    facts, _ = _facts(read, "Veldran Democratic Party deputies split over the budget on Tuesday.")
    assert _one(facts, "split", "Veldran Democratic Party")


def test_voters_splitting_split_no_party(read):
    facts, _ = _facts(read, "Voters split over the Veldran Democratic Party's budget on Tuesday.")
    assert not [f for f in facts if f.type == "split"]


def test_a_group_founded_by_those_who_left_a_party_split_it(read):
    facts, _ = _facts(read, "The Coastal Renewal Party was formed in 2016 mainly by deputies who had been expelled from the Veldran Democratic Party.")
    split = _one(facts, "split", "Veldran Democratic Party")
    assert (split.object, str(split.when)) == ("Coastal Renewal Party", "2016")
    facts, _ = _facts(read, "Defectors from the Veldran Democratic Party launched the Harbour Front Party in March 2015.")
    assert _one(facts, "split", "Veldran Democratic Party").object == "Harbour Front Party"


def test_a_group_founded_by_members_who_stayed_splits_nothing(read):
    facts, _ = _facts(read, "The Coastal Renewal Party was formed in 2016 by deputies who still sit for the Veldran Democratic Party.")
    assert not [f for f in facts if f.type == "split"]
