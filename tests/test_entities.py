"""Entity spans and in-document coreference on sentences written for these tests."""

from datetime import date

from politograph.model import Document
from politograph.nlp.pipeline import analyze


def names(adoc, kind=None):
    return {e.name: e for e in adoc.entities if kind is None or e.type == kind}


def test_pack_names_party_translation_and_short_form(read):
    adoc = read("Nippon Ishin no Kai (Japan Restoration Party) met on Monday. Nippon Ishin later issued a statement.")
    party = names(adoc, "PARTY")["Nippon Ishin no Kai"]
    assert {"Japan Restoration Party", "Nippon Ishin"} <= party.aliases


def test_family_name_joins_full_name_even_when_tagged_as_place(read):
    adoc = read("Shintaro Ishihara spoke in Tokyo. Later, Ishihara said the party would split.")
    person = names(adoc, "PERSON")["Shintaro Ishihara"]
    assert "Ishihara" in person.aliases
    assert "Ishihara" not in names(adoc, "PLACE")


def test_acronym_joins_its_long_form(read):
    adoc = read("The Grand Reform Party said it would contest the poll. A GRP official declined to comment.")
    party = names(adoc, "PARTY")["Grand Reform Party"]
    assert "GRP" in party.aliases


def test_faction_and_government_named_after_people(read):
    adoc = read("Shintaro Ishihara spoke on Monday. The Ishihara faction met later, and the Abe government said nothing.")
    assert "Ishihara faction" in names(adoc, "FACTION")
    assert "Abe government" in names(adoc, "GOV_BODY")


def test_title_is_not_part_of_the_name(read):
    adoc = read("Prime Minister Shinzo Abe met Mr. Hatoyama in Kyoto.")
    people = names(adoc, "PERSON")
    assert "Shinzo Abe" in people
    assert not any(n.startswith(("Prime", "Mr")) for n in people)


def test_diet_members_is_not_the_diet(read):
    adoc = read("The party has 62 Diet members. The Diet will convene in the autumn.")
    diets = [e for e in adoc.entities if e.type == "GOV_BODY"]
    assert len(diets) == 1 and diets[0].aliases == {"Diet"}


def test_two_people_with_one_family_name_are_not_guessed(read):
    adoc = read("Yoshihiko Noda and Seiko Noda both spoke. Noda said little.")
    people = names(adoc, "PERSON")
    assert "Noda" not in people["Yoshihiko Noda"].aliases
    assert "Noda" not in people["Seiko Noda"].aliases


def test_media_organisations_are_not_political_actors(read):
    adoc = read("Bloomberg News and Kyodo News reported that the Liberal Democratic Party won.")
    assert set(names(adoc)) == {"Liberal Democratic Party"}


def test_contextual_pack_alias_needs_the_country(read):
    japanese = read("The Democratic Party chose a new leader in Tokyo, Japan.")
    assert "Democratic Party" in names(japanese, "PARTY")
    assert names(japanese, "PARTY")["Democratic Party"].pack_id == "japan:dp"
    american = read("The Democratic Party chose a new leader in Chicago.")
    assert all(e.pack_id != "japan:dp" for e in american.entities)


def test_outlet_credits_are_not_people_and_regions_are_places(read):
    adoc = read("Tarvo, July 2 (Jiji Press) - The party opened offices in Africa and the Middle East. Photo: Ritzau Scanpix.")
    types = {e.name: e.type for e in adoc.entities}
    assert "Jiji Press" not in types and "Ritzau Scanpix" not in types
    assert types.get("Africa") == "PLACE" and types.get("Middle East") == "PLACE"


def test_a_sentence_opening_connective_is_not_part_of_a_name(read):
    adoc = read("Despite Ozawa's efforts, the party split in two.")
    assert "Despite Ozawa" not in {e.name for e in adoc.entities}


def test_a_dash_inside_a_word_joins_two_parties(nlp):
    """ "Liberal-NDP deal": the Liberals and the NDP, not a party called "Liberal-NDP"; a bloc keeps its name."""
    text = "In Ottawa, the Liberal-NDP deal will hold until 2025. In Toronto, a Liberal-Green bloc was formed."
    [adoc] = list(analyze([Document("t", text, date(2022, 3, 22))], nlp))
    parties = names(adoc, "PARTY")
    assert "Liberal-NDP" not in parties
    assert "New Democratic Party" in parties
    assert "Liberal-Green bloc" in names(adoc, "FACTION")


def test_hyphenated_people_and_places_stay_whole(nlp):
    text = "On Monday, Jean-Claude Marchetti met Hans-Dieter Vollmer in Baden-Baden."
    [adoc] = list(analyze([Document("t", text, date(2016, 5, 2))], nlp))
    people = names(adoc, "PERSON")
    assert {"Jean-Claude Marchetti", "Hans-Dieter Vollmer"} <= set(people)


def test_a_led_compound_names_the_person_without_led(read):
    adoc = read("The Arvo Kesk-led alliance collapsed on Monday. Arvo Kesk said he would fight on.", "2020-03-01")
    assert "Arvo Kesk" in names(adoc, "PERSON")
    assert not any(name.endswith("led") for name in names(adoc))


def test_a_title_of_two_words_is_not_part_of_the_name(read):
    adoc = read("Tan Sri Rahman Idris was sworn in. Rahman Idris thanked the king.", "2020-03-01")
    people = names(adoc, "PERSON")
    assert "Rahman Idris" in people and not any(name.startswith("Tan Sri") for name in people)


def test_a_family_name_of_two_words_joins_the_full_name(read):
    adoc = read("Marieke Van Dael will lead the talks. Van Dael said on Monday that a deal was close.", "2020-09-30")
    person = names(adoc, "PERSON")["Marieke Van Dael"]
    assert "Van Dael" in person.aliases and "Van Dael" not in names(adoc, "PERSON")


def test_mr_and_a_family_name_is_the_person_named_in_full(read):
    adoc = read("Olav Brekke won the ballot. Mr Brekke thanked his colleagues, and Brekke then left.", "2015-09-14")
    people = names(adoc, "PERSON")
    assert set(people) == {"Olav Brekke"}


def test_a_lone_title_and_an_event_name_are_not_actors(read):
    adoc = read("The King has made his decision, Olav Brekke said, recalling the Civil War.", "2015-09-14")
    assert "King" not in names(adoc) and "Civil War" not in names(adoc)


def test_the_outlets_own_name_is_a_credit(rules_nlp):
    text = "The Daily Courier Kestria\nOlav Brekke won the vote, the Daily Courier Kestria learned."
    [adoc] = list(analyze([Document("t", text, date(2015, 9, 14), source="The Daily Courier Kestria")], rules_nlp))
    assert not any("Courier" in name for name in names(adoc))


def test_a_bare_parliament_is_the_legislature_of_the_articles_country(read):
    """ "parliament voted": the Riksdag in an article about Sweden; "the parliament of Catalonia" names another."""
    adoc = read("STOCKHOLM — Sweden's parliament voted on Friday; Stockholm waits. The parliament of Catalonia did not.", "2019-01-18")
    riksdag = names(adoc, "GOV_BODY")["Riksdag"]
    assert "parliament" in riksdag.aliases
    assert len([m for m in adoc.mentions if m.text == "parliament"]) == 1


def test_a_bare_parliament_names_nothing_when_no_country_leads(read):
    adoc = read("Leaders of Sweden and Norway said parliament would vote on Friday.", "2019-01-18")
    assert "parliament" not in {alias for entity in adoc.entities for alias in entity.aliases}


def test_a_countrys_title_is_not_an_entity(read):
    adoc = read("In Dublin, Taoiseach John Murphy met the Irish press.", "2021-05-04")
    assert "Taoiseach" not in names(adoc) and "John Murphy" in names(adoc, "PERSON")


def test_the_start_of_a_countrys_title_is_not_an_entity(read):
    """ "Diet affairs" of the Japan pack's "Diet affairs chief" is no government body."""
    adoc = read("In Tokyo, Komeito Diet affairs chief Kenta Mori said the party would vote no.", "2009-09-08")
    assert not any(name.startswith("Diet affairs") for name in names(adoc))


def test_the_english_model_reads_only_the_sentences_the_political_ner_leaves_in_doubt(nlp):
    from spacy.tokens import Span

    from politograph.nlp.entities import OrgWords, doubtful_sentences

    doc = nlp("The Kalvian Harvest Party met in Vorna. Tomas Brel spoke there. Farmers of the Ostrava Unity Party marched on Friday.")
    learned = [Span(doc, 1, 4, label="PARTY"), Span(doc, 8, 10, label="PARTY")]  # a person's bare name typed as a party
    doubtful = [s.text for s in doubtful_sentences(doc, learned, OrgWords.of())]
    # the first sentence is read (its party's name has a group word); the person typed as a party and the passed-over
    # "Party" of the third sentence send those two to the English model
    assert doubtful == ["Tomas Brel spoke there.", "Farmers of the Ostrava Unity Party marched on Friday."]


def test_a_name_the_political_ner_passes_over_is_read_by_the_english_model(nlp):
    [adoc] = list(analyze([Document("k", "Yesterday the Ostrava Unity Party and its allies marched through Vorna.", date(2019, 5, 8))], nlp))
    assert names(adoc, "PARTY").keys() >= {"Ostrava Unity Party"}


def test_a_group_told_of_in_lowercase_words_is_no_name(nlp):
    """The English model tags some descriptions as organisations ("did not join the new party"): they are not names."""
    from spacy.tokens import Span

    from politograph.nlp.entities import _common_group_phrase

    doc = nlp.make_doc("He did not join the new party or the Harbour Party.")
    assert _common_group_phrase(Span(doc, 5, 7, label="PARTY"))  # "new party"
    assert not _common_group_phrase(Span(doc, 9, 11, label="PARTY"))  # "Harbour Party"
    assert not _common_group_phrase(Span(doc, 5, 7, label="FACTION"))  # a lowercase bloc can be a faction's name ("centre-left bloc")


def test_a_legislators_title_is_not_part_of_the_name(nlp):
    text = "Legislator Tomas Reyl, who co-founded the Harbour Party in 2015, quit the party on Wednesday."
    [adoc] = list(analyze([Document("l", text, date(2019, 8, 8))], nlp))
    assert "Tomas Reyl" in names(adoc, "PERSON")
    assert "Legislator Tomas Reyl" not in names(adoc, "PERSON")
