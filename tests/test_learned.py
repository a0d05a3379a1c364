"""The shipped extractor (learned NER, classifier and verifier over the rules) on a country no pack knows.

Kalvia, its parties and its people are invented for these tests and are not in the corpus, so
whatever is found is read from context.  Each fact family has a sentence that states it and one
that does not.
"""

from __future__ import annotations

from datetime import date

import pytest

from politograph.extract import extract_facts
from politograph.extract.learned import load_models
from politograph.model import GROUP_TYPES, SYMMETRIC_FACT_TYPES, Document, Fact, Modality
from politograph.nlp.pipeline import AnalyzedDoc, analyze

pytestmark = pytest.mark.skipif(load_models() is None, reason="no trained model in the package")


@pytest.fixture(scope="module")
def kalvia(nlp):
    """Entities and facts of one text, published on Wednesday 8 May 2019."""

    def run(text: str) -> tuple[AnalyzedDoc, list[Fact]]:
        [adoc] = list(analyze([Document("k", text, date(2019, 5, 8))], nlp))
        assert isinstance(adoc, AnalyzedDoc)
        return adoc, extract_facts(adoc)

    return run


def found(facts: list[Fact], kind: str, subject: str | None = None, obj: str | None = None, **fields: object) -> list[Fact]:
    """Facts of a type between these names (either way round for symmetric types) with these fields."""
    chosen = []
    for fact in facts:
        ends = [(fact.subject, fact.object)] + ([(fact.object, fact.subject)] if kind in SYMMETRIC_FACT_TYPES else [])
        ends_match = any((subject is None or s == subject) and (obj is None or o == obj) for s, o in ends)
        if fact.type == kind and ends_match and all(getattr(fact, key) == value for key, value in fields.items()):
            chosen.append(fact)
    return chosen


def test_parties_places_and_people_never_seen_are_typed(kalvia) -> None:
    adoc, _ = kalvia(
        "VORNA, Kalvia — The Kalvian Harvest Party and the newly formed Citizens for Tomorrow agreed on Monday to govern together. "
        "Irena Voskova will become prime minister."
    )
    types = {e.name: e.type for e in adoc.entities}
    assert types.get("Kalvian Harvest Party") == "PARTY"
    assert types.get("Citizens for Tomorrow") in GROUP_TYPES  # a party or a local group: resolution treats them alike
    assert (types.get("Kalvia"), types.get("VORNA")) == ("PLACE", "PLACE")
    assert types.get("Irena Voskova") == "PERSON"


def test_a_word_inside_a_name_is_no_date(kalvia) -> None:
    _, facts = kalvia("The Kalvian Harvest Party formed a coalition with the Citizens for Tomorrow on Monday.")
    [coalition] = found(facts, "coalition", "Kalvian Harvest Party", "Citizens for Tomorrow")
    assert str(coalition.when) == "2019-05-06"  # Monday, not the "Tomorrow" of the party's name


def test_a_post_read_from_an_apposition_and_a_mention_that_is_none(kalvia) -> None:
    _, facts = kalvia("Tomas Brel, leader of the Kalvian Harvest Party, met farmers in Vorna on Tuesday.")
    assert found(facts, "role", "Tomas Brel", "Kalvian Harvest Party", role="leader")
    _, facts = kalvia("Tomas Brel criticised the Kalvian Harvest Party on Tuesday.")
    assert not found(facts, "role", "Tomas Brel")


def test_a_demonym_and_a_title_before_a_name(kalvia) -> None:
    _, facts = kalvia("Norwegian Prime Minister Ana Lund met Kalvian President Piotr Halas in Vorna on Friday.")
    assert found(facts, "role", "Ana Lund", role="prime-minister")
    assert found(facts, "meeting", "Ana Lund", "Piotr Halas")
    assert not found(facts, "role", "Piotr Halas", role="prime-minister")


def test_seats_won_and_a_number_that_is_not_seats(kalvia) -> None:
    _, facts = kalvia("The Kalvian Harvest Party won 42 seats in the 120-seat Popular Assembly on Sunday.")
    assert found(facts, "seats", "Kalvian Harvest Party", value=42)
    assert found(facts, "seats", "Popular Assembly", value=120)
    _, facts = kalvia("The Kalvian Harvest Party held 42 rallies across the country before the vote.")
    assert not found(facts, "seats")


def test_a_count_is_one_groups_and_the_count_a_winner_brings_its_rival_to_is_the_rivals(kalvia) -> None:
    text = "The Kalvian Harvest Party took 61 seats on Sunday and cut its old rival, the Citizens for Tomorrow, to 19 seats."
    _, facts = kalvia(text)
    assert found(facts, "seats", "Kalvian Harvest Party", value=61)
    assert not found(facts, "seats", "Kalvian Harvest Party", value=19)  # the rival's count, never the winner's
    assert len(found(facts, "seats", value=61)) == 1  # one number, one holder


def test_joining_and_leaving_a_party(kalvia) -> None:
    _, facts = kalvia("Irena Voskova quit the Kalvian Harvest Party on Thursday and joined the Citizens for Tomorrow.")
    [left] = found(facts, "member", "Irena Voskova", "Kalvian Harvest Party")
    assert str(left.end) == "2019-05-02"
    assert found(facts, "member", "Irena Voskova", "Citizens for Tomorrow")


def test_a_ruled_out_alliance_is_negated(kalvia) -> None:
    _, facts = kalvia("Harvest Party leader Tomas Brel ruled out any alliance with the Citizens for Tomorrow.")
    alliances = found(facts, "alliance", obj="Citizens for Tomorrow")
    assert alliances and any(f.modality is Modality.NEGATED for f in alliances)


def test_stances_on_an_issue(kalvia) -> None:
    _, facts = kalvia("The Kalvian Harvest Party opposes the pension reform, while the Citizens for Tomorrow support it.")
    [stance] = found(facts, "stance", "Kalvian Harvest Party", polarity="against")
    assert stance.object == "pension reform"
    _, facts = kalvia("The Kalvian Harvest Party held its congress in Vorna.")
    assert not found(facts, "stance")


def test_a_planned_merger_and_no_merger_where_parties_only_meet(kalvia) -> None:
    _, facts = kalvia("The Kalvian Harvest Party and the Farmers' Union will merge into a single party, their leaders announced.")
    assert found(facts, "merger", "Kalvian Harvest Party", "Farmers' Union", modality=Modality.PLANNED)
    _, facts = kalvia("The Kalvian Harvest Party and the Farmers' Union held talks in Vorna.")
    assert not found(facts, "merger")


def test_a_new_party_is_founded(kalvia) -> None:
    _, facts = kalvia("Dissident lawmakers split from the Kalvian Harvest Party to form the New Harvest movement.")
    assert found(facts, "founding", obj="New Harvest")


def test_a_rename_and_a_dissolution(kalvia) -> None:
    _, facts = kalvia("The Kalvian Harvest Party renamed itself the Kalvian Rural Party at its congress.")
    assert found(facts, "rename", "Kalvian Harvest Party")
    _, facts = kalvia("The Citizens for Tomorrow party was dissolved by the Constitutional Court.")
    assert found(facts, "dissolution", "Citizens for Tomorrow")
    assert not found(facts, "rename")


def test_a_cabinet_list_gives_portfolios_and_members(kalvia) -> None:
    _, facts = kalvia("Finance: Irena Voskova (Kalvian Harvest Party)\nInterior: Tomas Brel (Citizens for Tomorrow)")
    assert found(facts, "member", "Tomas Brel", "Citizens for Tomorrow")
    assert found(facts, "portfolio", "Citizens for Tomorrow")


def test_a_chamber_is_no_partys_portfolio(kalvia) -> None:
    _, facts = kalvia("The Kalvian Harvest Party holds the Senate, where its whip Tomas Brel sits. Irena Voskova (Kalvian Harvest Party) holds the finance portfolio.")
    assert not [f for f in facts if f.type == "portfolio" and f.object == "Senate"]


def test_a_coming_election_is_planned(kalvia) -> None:
    _, facts = kalvia("Kalvia will hold a general election on June 2, the electoral commission said.")
    [election] = found(facts, "election", "general election")
    assert (election.modality, str(election.when)) == (Modality.PLANNED, "2019-06-02")


def test_every_fact_has_a_confidence_and_the_verifier_drops_what_it_doubts(kalvia) -> None:
    _, facts = kalvia("The Kalvian Harvest Party won 42 seats. Tomas Brel said the party would not join any coalition with the Citizens for Tomorrow.")
    assert facts and all(0.35 <= f.confidence <= 1.0 for f in facts)


def test_a_prefix_before_a_party_is_its_stance(kalvia) -> None:
    _, facts = kalvia("The anti-austerity Kalvian Harvest Party won 42 seats in the Popular Assembly.")
    [stance] = found(facts, "stance", "Kalvian Harvest Party", polarity="against")
    assert stance.object == "austerity"
    _, facts = kalvia("The Kalvian Harvest Party won 42 seats in the Popular Assembly.")
    assert not found(facts, "stance")


def test_a_pronoun_in_a_later_sentence_is_the_person_just_named(kalvia) -> None:
    _, facts = kalvia("Irena Voskova grew up on a farm near Vorna. She became leader of the Kalvian Harvest Party in 2015.")
    assert found(facts, "role", "Irena Voskova", "Kalvian Harvest Party", role="leader")
    _, facts = kalvia("Irena Voskova grew up on a farm near Vorna. She joined the Kalvian Harvest Party in 2015.")
    assert found(facts, "member", "Irena Voskova", "Kalvian Harvest Party")
    _, facts = kalvia("Irena Voskova grew up on a farm near Vorna. She visited the Kalvian Harvest Party's congress in 2015.")
    assert not found(facts, "role", "Irena Voskova", "Kalvian Harvest Party")


def test_a_documents_candidates_scored_at_once_score_as_one_by_one() -> None:
    """The batched product that reads a whole document gives each candidate the probabilities it gets alone."""
    import numpy as np

    from politograph.extract.learned.linear import LinearModel

    model = LinearModel(
        ["none", "role"],
        {"bias": 0, "pre0=leader": 1, "btw=and": 2},
        np.array([[0.1, -0.2], [0.0, 1.5], [0.3, 0.0]], dtype=np.float32),
        np.array([0.2, -0.1], dtype=np.float32),
        1.5,
    )
    many = [{"bias": 1.0, "pre0=leader": 1.0}, {"unknown": 1.0}, {}, {"btw=and": 2.0, "bias": 1.0}]
    together = model.probabilities_of(many)
    for row, features in zip(together, many, strict=True):
        logits = (model.bias + sum((value * model.weights[model.vocabulary[name]] for name, value in features.items() if name in model.vocabulary), np.zeros(2))) / 1.5
        alone = np.exp(logits - logits.max()) / np.exp(logits - logits.max()).sum()
        assert np.allclose(row, alone, atol=1e-6)


def test_a_chamber_told_by_its_size_alone(kalvia) -> None:
    _, facts = kalvia("The Vorna City Assembly vote was held on Sunday. The Kalvian Harvest Party won 33 seats in the 61-seat assembly.")
    assert found(facts, "seats", "Kalvian Harvest Party", value=33)
    assert found(facts, "seats", "Vorna City Assembly", value=61)


def test_a_wished_policy_action_is_a_stance(kalvia) -> None:
    _, facts = kalvia("The Kalvian Harvest Party pledged to raise the minimum wage, while Irena Voskova vowed to get tough on tax evasion.")
    assert found(facts, "stance", "Kalvian Harvest Party", polarity="for")
    assert found(facts, "stance", "Irena Voskova", polarity="against")


def test_the_verifier_reads_whether_a_facts_ends_are_listed_in_one_bracket(nlp) -> None:
    from politograph.extract.learned.verify import fact_features
    from politograph.model import Evidence

    text = "The left bloc won 88 seats (the Farmers Party, the Civic Party and the Greens), while the Harbour Party won 30 seats."
    [adoc] = list(analyze([Document("b", text, date(2019, 5, 8))], nlp))
    assert isinstance(adoc, AnalyzedDoc)
    sentence = Evidence("b", 0, len(text), text)

    def features(subject: str, other: str) -> dict[str, float]:
        fact = Fact("alliance", subject, other, evidence=sentence, subject_type="PARTY", object_type="PARTY")
        return fact_features(fact, adoc.doc, adoc.entity_at)

    assert "alliance|bracketed" in features("Farmers Party", "Civic Party")
    assert "alliance|bracketed" not in features("Civic Party", "Harbour Party")
