"""`role` facts on sentences written for these tests: positives and negatives."""

from datetime import date

import pytest

from politograph.model import Document, Modality
from politograph.nlp.pipeline import analyze


def roles(facts):
    return {(f.subject, f.object, f.role) for f in facts}


POSITIVE = [
    ("Finance Minister Yoshihiko Noda spoke to reporters in Tokyo, Japan.", ("Yoshihiko Noda", "Ministry of Finance", "minister")),
    ("Your Party head Keiichiro Asao announced the plan.", ("Keiichiro Asao", "Your Party", "leader")),
    ("LDP President Shinzo Abe met supporters.", ("Shinzo Abe", "Liberal Democratic Party", "leader")),
    ("Prime Minister Shinzo Abe met supporters.", ("Shinzo Abe", "Japan", "prime-minister")),
    ("Nagoya Mayor Takashi Kawamura joined the group.", ("Takashi Kawamura", "Nagoya", "mayor")),
    ("Hiroshi Nakada, the former Yokohama mayor, backed the plan.", ("Hiroshi Nakada", "Yokohama", "mayor")),
    ("Yukiko Kada, the governor of Shiga Prefecture, spoke first.", ("Yukiko Kada", "Shiga Prefecture", "governor")),
    ("Tomin First no Kai, a regional party led by Yuriko Koike, won the vote.", ("Yuriko Koike", "Tomin First no Kai", "leader")),
    ("Komeito secretary general Yoshihisa Inoue attended.", ("Yoshihisa Inoue", "Komeito", "secretary-general")),
    ("Lower House member Kenji Eda left the meeting in Tokyo early.", ("Kenji Eda", "House of Representatives", "lawmaker")),
    ("In Dublin, Taoiseach John Murphy met the Irish press.", ("John Murphy", "Ireland", "prime-minister")),  # a country's own title (world pack)
    ("Australian Foreign Minister Jane Dalby spoke in Canberra.", ("Jane Dalby", "Ministry of Foreign Affairs", "minister")),  # a demonym is no portfolio word
    ("In Tokyo, LDP Diet affairs chief Kenta Mori said no.", ("Kenta Mori", "Liberal Democratic Party", "other")),  # the Japan pack's own title
    ("Halvard Sten, the ex-transport minister, spoke in Oslo, Norway.", ("Halvard Sten", "Ministry of Transport", "minister")),  # a prefix ends the title
    ("Mira Tosk, a former minister of rural affairs and fisheries, lost the vote.", ("Mira Tosk", "Ministry of Rural Affairs and Fisheries", "minister")),
    ("Orla Venn, Minister of Finance in the previous government, was the favourite.", ("Orla Venn", "Ministry of Finance", "minister")),
    ("They met Ivo Saar, incumbent foreign minister of Estonia.", ("Ivo Saar", "Ministry of Foreign Affairs", "minister")),  # the longest tail naming a portfolio
]


@pytest.mark.parametrize(("text", "expected"), POSITIVE, ids=[p[1][0] + " " + p[1][2] for p in POSITIVE])
def test_role_found(facts_of, text, expected):
    assert expected in roles(facts_of(text, "role"))


NEGATIVE = [
    "The president of the bank, Taro Yamada, resigned.",
    "Keiichiro Asao met reporters on Wednesday.",
    "The head of the delegation arrived, and Shinzo Abe waved.",
    "Reporters asked whether a leader would emerge, and Toru Hashimoto declined to answer.",
    "Satoshi Tanaka of Acme Corp. spoke at the event.",
    "The governor's office said it had no comment on Yukio Edano.",
]


@pytest.mark.parametrize("text", NEGATIVE)
def test_no_role_where_none_is_stated(facts_of, text):
    found = facts_of(text, "role")
    assert not [f for f in found if f.role in ("leader", "minister", "mayor", "governor") and f.object is not None], found


def test_former_post_is_marked_and_has_no_current_time(facts_of):
    [fact] = [f for f in facts_of("Hiroshi Nakada, the former Yokohama mayor, spoke.", "role") if f.role == "mayor"]
    assert fact.former is True and fact.when is None


def test_a_post_in_the_outgoing_cabinet_is_a_former_post(facts_of):
    text = "Maria Lindqvist, the Farmers Party leader and interior minister in the outgoing cabinet, was sworn in on Thursday."
    [minister] = [f for f in facts_of(text, "role") if f.role == "minister"]
    assert minister.former is True and minister.when is None
    [leader] = [f for f in facts_of(text, "role") if f.role == "leader"]
    assert not leader.former and leader.when is not None


def test_title_holds_at_publication_date(facts_of):
    [fact] = facts_of("Your Party head Keiichiro Asao spoke.", "role", published="2014-06-04")
    assert str(fact.when) == "2014-06-04" and fact.modality.value == "asserted"
    assert fact.evidence is not None and fact.evidence.sentence == "Your Party head Keiichiro Asao spoke."


def test_future_post_from_a_verb_is_planned(facts_of):
    found = facts_of("Toru Hashimoto said on Monday that Ichiro Matsui will lead the Japan Innovation Party.", "role")
    planned = [f for f in found if f.subject == "Ichiro Matsui" and f.role == "leader"]
    assert planned and planned[0].modality.value == "planned"


def test_expected_post_from_a_verb(facts_of):
    found = facts_of("Yoshihiko Noda is expected to be elected prime minister of Japan next week.", "role")
    [fact] = [f for f in found if f.role == "prime-minister"]
    assert fact.modality.value == "expected"
    assert str(fact.when) == "2014-06-09/2014-06-15"


def test_a_ministry_named_only_by_a_title_becomes_an_entity(read):
    from politograph.extract import extract_facts

    adoc = read("Trade minister Ana Lund met the press on Monday.")
    facts = extract_facts(adoc, ["role"], learned=False)
    assert any(f.object == "Ministry of Trade" and f.role == "minister" for f in facts)
    [ministry] = [e for e in adoc.entities if e.name == "Ministry of Trade"]
    assert ministry.type == "GOV_BODY" and {"Trade", "Trade ministry"} <= ministry.aliases


def test_resigning_as_a_post_names_the_post(facts_of):
    facts = facts_of("Taro Aso conceded defeat and said he would resign as LDP head.", "role")
    assert any(f.subject == "Taro Aso" and f.object == "Liberal Democratic Party" and f.role == "leader" for f in facts)


def test_a_post_resigned_ends_that_day_and_one_to_be_resigned_does_not(facts_of):
    [done] = facts_of("Taro Aso resigned as LDP head on Monday.", "role", published="2014-06-04")
    assert (done.object, done.role, str(done.end)) == ("Liberal Democratic Party", "leader", "2014-06-02")
    [planned] = facts_of("Taro Aso said he would resign as LDP head.", "role", published="2014-06-04")
    assert planned.end is None and planned.modality is Modality.ASSERTED and str(planned.when) == "2014-06-04"  # he holds it still


def test_a_post_noun_passes_the_post_to_its_verb(facts_of):
    facts = facts_of("Yoshihiko Noda will return to his role as finance minister.", "role")
    assert any(f.subject == "Yoshihiko Noda" and f.role == "minister" for f in facts)


def test_a_participle_inside_an_apposition_does_not_end_the_title(facts_of):
    """ "X, head of the Dutch-speaking Harbour Party": "speaking" describes the party; the title runs on to its name."""
    found = facts_of("The motion was tabled by Paul Vesk, head of the Dutch-speaking Harbour Party.", "role")
    assert [(f.subject, f.object, f.role) for f in found] == [("Paul Vesk", "Harbour Party", "leader")]


def test_an_apposition_with_two_posts_gives_both(facts_of):
    found = roles(facts_of("Erik Holm, the Harbour Party leader and interior minister, declined to comment.", "role"))
    assert {("Erik Holm", "Harbour Party", "leader"), ("Erik Holm", "Ministry of the Interior", "minister")} <= found
    one = facts_of("Yukio Edano, the minister of economy, trade and industry, spoke.", "role")
    assert [(f.role, f.object) for f in one] == [("minister", "Ministry of Economy Trade and Industry")]  # "and Industry" is no second post


def test_a_counterpart_holds_the_same_post_in_the_body_named_on_it(facts_of):
    found = roles(facts_of("Harbour Party leader Kenta Mori phoned his Unity Party counterpart, Aiko Sato, after the vote.", "role"))
    assert ("Aiko Sato", "Yui no To", "leader") in found or ("Aiko Sato", "Unity Party", "leader") in found
    found = roles(facts_of("Norwegian Prime Minister Ana Lund met her Swedish counterpart, Erik Berg, on Monday.", "role"))
    assert ("Erik Berg", "Sweden", "prime-minister") in found
    assert not [f for f in facts_of("Harbour Party leader Kenta Mori met his counterpart Aiko Sato.", "role") if f.subject == "Aiko Sato"]  # no body named


def test_an_appointment_list_said_with_one_verb_gives_every_post(facts_of):
    text = "The Veldran Democratic Party will name Lena Osk as secretary general, Pavel Dorn as policy chief and Mira Tal as deputy leader."
    found = {(f.subject, f.object, f.role, f.modality) for f in facts_of(text, "role")}
    party = "Veldran Democratic Party"
    assert {
        ("Lena Osk", party, "secretary-general", Modality.PLANNED),
        ("Pavel Dorn", party, "other", Modality.PLANNED),
        ("Mira Tal", party, "deputy-leader", Modality.PLANNED),
    } <= found


def test_a_name_with_as_outside_an_appointment_takes_no_post(facts_of):
    text = "Lena Osk, the Veldran Democratic Party's secretary general, spoke first, with Pavel Dorn as a guest."
    assert not [f for f in facts_of(text, "role") if f.subject == "Pavel Dorn"]


def test_a_title_ends_at_a_comma_before_another_persons_title(facts_of):
    text = "Lena Osk will be named secretary general of the Veldran Democratic Party, outgoing Finance Minister Pavel Dorn as policy chief."
    found = {(f.subject, f.object, f.role) for f in facts_of(text, "role")}
    assert ("Lena Osk", "Veldran Democratic Party", "secretary-general") in found
    assert not [f for f in found if f[0] == "Lena Osk" and f[1] != "Veldran Democratic Party"]


CABINET_LIST = """Varn names her cabinet

OSTRELA — Prime Minister Edda Varn presented her ministers on Friday. The new cabinet:

Finance: Mara Vosk (Civic Renewal)
Deputy Prime Minister and Foreign Affairs: Ivo Talsen (Civic Renewal)
Land, Infrastructure and Tourism: Piet Haldor (Agrarian Union)
Shadow Health: Anna Brisk
"""


@pytest.fixture(scope="module")
def listed(nlp):
    """The rules' facts of the cabinet list, its names found by the shipped NER (the small English model misses names on list lines)."""
    from politograph.extract import extract_facts

    [adoc] = list(analyze([Document("c", CABINET_LIST, date(2014, 6, 6))], nlp))
    return lambda kind: extract_facts(adoc, [kind], learned=False)


def test_a_cabinet_list_line_gives_the_minister_of_its_portfolio(listed):
    found = roles(listed("role"))
    assert {
        ("Mara Vosk", "Ministry of Finance", "minister"),
        ("Ivo Talsen", "Ministry of Foreign Affairs", "minister"),
        ("Piet Haldor", "Ministry of Land, Infrastructure and Tourism", "minister"),
    } <= found
    assert not [f for f in found if f[0] == "Anna Brisk"]  # a shadow spokesman is no minister


def test_a_cabinet_list_line_gives_the_party_in_parentheses_its_portfolio(listed):
    found = {(f.subject, f.object) for f in listed("portfolio")}
    assert {
        ("Civic Renewal", "Ministry of Finance"),
        ("Civic Renewal", "Ministry of Foreign Affairs"),
        ("Agrarian Union", "Ministry of Land, Infrastructure and Tourism"),
    } <= found


def test_a_colon_before_a_name_inside_a_sentence_is_no_cabinet_list(facts_of):
    text = "The mayor had one message for the council on Monday: Anna Brisk would stay on as treasurer of the Harbour Party."
    assert not [f for f in facts_of(text, "role") if f.role == "minister"]


def test_a_shared_leading_verb_and_a_deputy_chair_name_their_own_posts(facts_of):
    assert roles(facts_of("Ola Dahl, who co-leads the Harbour Party with Mats Orvik, spoke first.", "role")) >= {("Ola Dahl", "Harbour Party", "co-leader")}
    found = roles(facts_of("Harbour Party deputy chairman Bertil Fenn said he would sit as an independent.", "role"))
    assert ("Bertil Fenn", "Harbour Party", "deputy-leader") in found
    assert ("Bertil Fenn", "Harbour Party", "leader") not in found


def test_a_word_before_a_party_post_names_the_party_it_belongs_to(facts_of):
    text = "The Agrarian Party and the Harbour Party signed the deal. Agrarian leader Mark Stone said his party would stay."
    found = roles(facts_of(text, "role"))
    assert ("Mark Stone", "Agrarian Party", "leader") in found
    assert ("Mark Stone", "Harbour Party", "leader") not in found  # not whichever party came last


def test_a_plain_prime_minister_is_the_datelines_country_when_no_pack_knows_it(nlp):
    from politograph.extract import extract_facts

    text = "Varn sworn in\n\nVALMORA, Kestria — Edda Varn was sworn in on Wednesday in Kestria. Prime Minister Edda Varn said her cabinet would meet."
    [adoc] = list(analyze([Document("k", text, date(2014, 10, 9))], nlp))
    found = roles(extract_facts(adoc, ["role"], learned=False))
    assert ("Edda Varn", "Kestria", "prime-minister") in found


@pytest.fixture
def shipped_facts(nlp):
    """The rules' facts of one type with the shipped entity tagger: these tests need the invented names found."""
    from politograph.extract import extract_facts

    def run(text: str, fact_type: str) -> list:
        [adoc] = list(analyze([Document("t", text, date(2014, 6, 4))], nlp))
        return extract_facts(adoc, [fact_type], learned=False)

    return run


def test_a_plural_party_name_is_named_by_its_singular_before_a_post(shipped_facts):
    text = "The Liberals of Dornia gained three seats. Liberal leader Hanna Vix said the result was a turning point."
    assert ("Hanna Vix", "Liberals", "leader") in roles(shipped_facts(text, "role"))


def test_a_party_post_opening_a_sentence_is_no_party_named_party(shipped_facts):
    found = shipped_facts("The Left Union met in Orvik on Monday. Party chairman Jonas Brede said his party would not topple the government.", "role")
    assert ("Jonas Brede", "Left Union", "leader") in roles(found)
    assert not [f for f in found if f.object == "Party"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Party leader Tevita Lomu, who is also tourism minister, said the coalition would hold.", ("Tevita Lomu", "Ministry of Tourism", "minister")),
        ("Rosa Ambe, who served as financial services minister from 2014 to 2016, joined Labour.", ("Rosa Ambe", "Ministry of Financial Services", "minister")),
    ],
)
def test_a_portfolio_no_list_has_names_its_ministry_as_written(shipped_facts, text, expected):
    assert expected in roles(shipped_facts(text, "role"))


def test_a_rank_before_minister_names_no_ministry(shipped_facts):
    found = shipped_facts("Kana Oru, a senior minister in the cabinet, said the budget would pass.", "role")
    assert not [f for f in found if f.object and f.object.startswith("Ministry of Senior")]


def test_an_appointee_a_noun_introduces_takes_the_post(shipped_facts):
    [fact] = [f for f in shipped_facts("President Orsk is expected to name the economist Pavel Drin as economy minister.", "role") if f.subject == "Pavel Drin"]
    assert (fact.object, fact.role, fact.modality) == ("Ministry of Economy", "minister", Modality.EXPECTED)


def test_the_place_after_a_titled_name_is_the_post_s(shipped_facts):
    assert ("Ilia Gvar", "Kutaisi", "mayor") in roles(shipped_facts("Mayor Ilia Gvar of Kutaisi called the walkout a betrayal.", "role"))


def test_a_party_led_jointly_by_the_founders_it_lists_has_each_as_co_leader(shipped_facts):
    found = [f for f in shipped_facts("The Civic Left will be led jointly by its founders, Ana Roe, Bea Fisk and Cora Lund.", "role") if f.role == "co-leader"]
    assert {(f.subject, f.object) for f in found} == {(name, "Civic Left") for name in ("Ana Roe", "Bea Fisk", "Cora Lund")}
    assert {f.modality for f in found} == {Modality.PLANNED}
