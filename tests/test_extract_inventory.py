"""Every fact type of the inventory on sentences we wrote: positives, negatives, extra fields.

Each row is (type, sentence, expected): `expected` is (subject, object) for a
fact that must be found (either order for symmetric types), or None when the
sentence states no fact of that type.  A third element, when present, is a
dict of fields the fact must also carry (polarity, result, outcome, scope).
"""

from __future__ import annotations

import pytest

from politograph.model import SYMMETRIC_FACT_TYPES, Fact, Modality

CASES: list[tuple[str, str, tuple | None]] = [
    # alliance
    ("alliance", "The Liberal Democratic Party and Komeito agreed on Monday to cooperate in the local elections.", ("Liberal Democratic Party", "Komeito")),
    ("alliance", "Your Party will team up with Nippon Ishin no Kai before the Diet session.", ("Your Party", "Nippon Ishin no Kai")),
    ("alliance", "Banri Kaieda was backed by Ichiro Ozawa in the leadership race.", ("Ichiro Ozawa", "Banri Kaieda")),
    ("alliance", "Toru Hashimoto formed an alliance with Keiichiro Asao last week.", ("Toru Hashimoto", "Keiichiro Asao")),
    ("alliance", "Komeito said it would support the Liberal Democratic Party in the Tokyo race.", ("Komeito", "Liberal Democratic Party")),
    ("alliance", "Your Party held a convention in Tokyo on Sunday.", None),
    ("alliance", "In Kestria, the left bloc took 61 seats (the Farmers League, the Civic Union and the Greens) on Sunday.", ("Farmers League", "Greens")),
    ("alliance", "In Kestria, the Farmers League took 61 seats (up from 40) and the Civic Union 12.", None),  # a bracket after no bloc noun
    ("alliance", "The Liberal Democratic Party criticized the Democratic Party of Japan over the budget.", None),
    # coalition
    ("coalition", "The ruling coalition of the Liberal Democratic Party and Komeito won a majority in the upper house.", ("Liberal Democratic Party", "Komeito")),
    (
        "coalition",
        "Osaka Ishin no Kai has long relied on New Komeito, its coalition partner in the city assembly.",
        ("Osaka Ishin no Kai", "Komeito"),
        {"scope": "city assembly"},
    ),
    ("coalition", "The Democratic Party of Japan formed a coalition with the Social Democratic Party in 2009.", ("Democratic Party of Japan", "Social Democratic Party")),
    ("coalition", "Abe thanked the Liberal Democratic Party and its coalition partner, Komeito, on Monday.", ("Liberal Democratic Party", "Komeito")),
    ("coalition", "The Liberal Democratic Party won 294 seats in the lower house election.", None),
    ("coalition", "Komeito and the Japanese Communist Party rarely agree on security policy.", None),
    # opposition
    (
        "opposition",
        "The Liberal Democratic Party, which is opposed to Osaka Ishin no Kai, fielded its own candidates.",
        ("Liberal Democratic Party", "Osaka Ishin no Kai"),
    ),
    ("opposition", "Yoshimi Watanabe sharply criticized Prime Minister Taro Aso on Tuesday.", ("Yoshimi Watanabe", "Taro Aso")),
    ("opposition", "Yoshimi Watanabe called on Prime Minister Taro Aso to resign on Tuesday.", ("Yoshimi Watanabe", "Taro Aso")),
    ("opposition", "Yoshimi Watanabe asked Taro Aso to stay on as prime minister.", None),
    ("opposition", "The Democratic Party of Japan defeated the Liberal Democratic Party in a landslide.", ("Democratic Party of Japan", "Liberal Democratic Party")),
    ("opposition", "Shigeru Ishiba challenged Shinzo Abe for the party presidency.", ("Shigeru Ishiba", "Shinzo Abe")),
    ("opposition", "Shinzo Abe met Toru Hashimoto in Tokyo on Sunday.", None),
    ("opposition", "The Liberal Democratic Party opposes the new tax.", None),
    ("opposition", "Longtime rivals the Farmers Party and the Civic Party clashed again over taxes on Monday.", ("Farmers Party", "Civic Party")),
    ("opposition", "Longtime rivals the Farmers Party and the Civic Party clashed again over taxes on Monday.", ("Civic Party", "Farmers Party")),
    ("opposition", "Maria Lindqvist said she was disillusioned with Premier Jonas Berg's handling of the budget.", ("Maria Lindqvist", "Jonas Berg")),
    ("opposition", "Maria Lindqvist resigned from the cabinet over a dispute with Jonas Berg.", ("Maria Lindqvist", "Jonas Berg")),
    ("opposition", "Maria Lindqvist easily beat her two rivals, Jonas Berg and Karin Holm, in the first round.", None),
    ("opposition", "Maria Lindqvist defeated Jonas Berg in a runoff after winning 215 of the 392 votes cast.", None),  # a contest, no fight
    ("opposition", "Maria Lindqvist beat Jonas Berg in the leadership vote after a bitter feud over the budget.", ("Maria Lindqvist", "Jonas Berg")),
    # merger
    ("merger", "Your Party will merge with Yui no To in September.", ("Your Party", "Yui no To")),
    (
        "merger",
        "The Democratic Party was created in March 2016 through the merger of the Democratic Party of Japan and the Japan Innovation Party.",
        ("Democratic Party of Japan", "Japan Innovation Party"),
        {"result": "Democratic Party"},
    ),
    ("merger", "Your Party and the Unity Party agreed on a merger in Tokyo on Tuesday.", ("Your Party", "Yui no To")),
    (
        "merger",
        "The Democratic Party of Japan and the Japan Innovation Party merged to form the Democratic Party.",
        ("Democratic Party of Japan", "Japan Innovation Party"),
        {"result": "Democratic Party"},
    ),
    (  # a name the parser does not know breaks its parse of the list: the words still say who merged
        "merger",
        "The Civic Party was formed last spring through the merger of Your Party and Ishin no To (Japan Innovation Party).",
        ("Your Party", "Japan Innovation Party"),
    ),
    ("merger", "Yui no To held its first convention in Tokyo.", None),
    ("merger", "The merger of ideas at the Democratic Party congress pleased Yui no To.", None),
    ("merger", "The Liberal Democratic Party will cooperate with Komeito in the election.", None),
    # meeting
    ("meeting", "Prime Minister Shinzo Abe met Toru Hashimoto in Tokyo on Sunday.", ("Shinzo Abe", "Toru Hashimoto")),
    ("meeting", "The meeting between Toru Hashimoto and Shinzo Abe a week ago drew wide attention.", ("Toru Hashimoto", "Shinzo Abe")),
    ("meeting", "Keiichiro Asao held talks with Toru Hashimoto on Friday.", ("Keiichiro Asao", "Toru Hashimoto")),
    ("meeting", "Shinzo Abe and Natsuo Yamaguchi met for an hour on Monday.", ("Shinzo Abe", "Natsuo Yamaguchi")),
    ("meeting", "Shinzo Abe met reporters in Tokyo on Sunday.", None),
    ("meeting", "Maria Lindqvist was received by President Karin Holm at the palace on Tuesday.", ("Karin Holm", "Maria Lindqvist")),
    ("meeting", "Premier Maria Lindqvist receiving her letter of appointment from President Karin Holm on Tuesday.", ("Maria Lindqvist", "Karin Holm")),
    ("meeting", "Maria Lindqvist at a news conference with Jonas Berg in Malmo on Tuesday.", ("Maria Lindqvist", "Jonas Berg")),
    ("meeting", "Maria Lindqvist called at the palace on Friday to inform President Karin Holm of her cabinet line-up.", ("Maria Lindqvist", "Karin Holm")),
    ("meeting", "Maria Lindqvist said voters would see the budget as a fair one.", None),
    ("meeting", "The Liberal Democratic Party will meet on Friday to pick a new leader.", None),
    # founding
    ("founding", "Shintaro Ishihara will launch a new party next month.", ("Shintaro Ishihara", None)),
    ("founding", "Ichiro Ozawa formed a new political group on Wednesday.", ("Ichiro Ozawa", None)),
    ("founding", "Yoshimi Watanabe founded Your Party in 2009.", ("Yoshimi Watanabe", "Your Party")),
    ("founding", "Erik Holm said he has launched a new political party called the Harbour Party.", ("Erik Holm", "Harbour Party")),  # named by "called"
    ("founding", "The Harbour Party has no leader yet. Erik Holm formed the party in May.", ("Erik Holm", "Harbour Party")),  # the party of the story
    ("founding", "Tomin First no Kai, a regional party launched by Yuriko Koike, won 49 seats.", ("Yuriko Koike", "Tomin First no Kai")),
    ("founding", "Twenty lawmakers are expected to join a new party that Shintaro Ishihara is likely to form.", ("Shintaro Ishihara", None)),
    ("founding", "The coalition formed a government in 2009.", None),
    ("founding", "Ichiro Ozawa launched a campaign against the tax increase.", None),
    # split
    ("split", "Nippon Ishin's lawmakers prepare for the party's split into two groups.", ("Nippon Ishin no Kai", None)),
    ("split", "Nine lawmakers broke away from the Democratic Party of Japan in July.", ("Democratic Party of Japan", None)),
    ("split", "Your Party split in December over cooperation with the ruling bloc.", ("Your Party", None)),
    ("split", "Maria Lindqvist and 11 other deputies quit the Farmers Party on Monday.", ("Farmers Party", None)),
    ("split", "Last week Maria Lindqvist led a walkout of some 20 deputies from the Farmers Party.", ("Farmers Party", None)),
    ("split", "Maria Lindqvist and two aides quit the Farmers Party on Monday.", None),  # no count of its people: a departure
    ("split", "After Nippon Ishin no Kai's formal breakup, Hashimoto turned to Osaka.", ("Nippon Ishin no Kai", None)),
    ("split", "The voters split their ballots between two candidates.", None),
    ("split", "Komeito held its convention in Tokyo on Sunday.", None),
    # dissolution
    ("dissolution", "Your Party decided on Wednesday to disband amid dismal public support.", ("Your Party", None)),
    ("dissolution", "The now-defunct Democratic Party of Japan lost power in 2012.", ("Democratic Party of Japan", None)),
    ("dissolution", "Members voted to dissolve Yui no To at a party convention.", ("Yui no To", None)),
    ("dissolution", "The dissolution of Your Party left its lawmakers without a home.", ("Your Party", None)),
    ("dissolution", "Prime Minister Shinzo Abe dissolved the House of Representatives on Friday.", None),
    ("dissolution", "Your Party won 18 seats in the upper house.", None),
    # rename
    ("rename", "The Democratic Party of Japan renamed itself the Democratic Party.", ("Democratic Party of Japan", None), {"result": "Democratic Party"}),
    ("rename", "Osaka Ishin no Kai changed its name to Nippon Ishin no Kai in 2016.", ("Osaka Ishin no Kai", None), {"result": "Nippon Ishin no Kai"}),
    ("rename", "Yui no To was renamed the Unity Party after the vote.", ("Yui no To", None)),
    ("rename", "The renaming of Your Party was approved by members in June.", ("Your Party", None)),
    ("rename", "Your Party named Keiichiro Asao as its new leader.", None),
    ("rename", "The Liberal Democratic Party kept its name for sixty years.", None),
    # election
    ("election", "Your Party will field 13 candidates in the Aug. 30 House of Representatives election.", ("House of Representatives election", None)),
    ("election", "Hashimoto and Asao are looking ahead to nationwide local elections in the spring of 2015.", ("nationwide local elections", None)),
    ("election", "Party members watched Japan's Komeito leadership election closely on Sunday.", ("Komeito leadership election", None)),
    ("election", "Voters turned out in force for Tokyo's gubernatorial election on Sunday.", ("Tokyo gubernatorial election", None)),
    (
        "election",
        "Shinzo Abe won the Liberal Democratic Party's presidential election on Thursday.",
        ("Liberal Democratic Party presidential election", None),
        {"outcome": "Shinzo Abe"},
    ),
    ("election", "The party lost most of its seats in the July election for the House of Councillors.", ("House of Councillors election", None)),
    ("election", "By September's LDP presidential election, Abe might find himself under attack.", ("LDP presidential election", None)),
    ("election", "The former minister beat his rival 54 votes to 44 in a two-horse race.", None),
    ("election", "The party will decide its position after the election.", None),
    # referendum
    (
        "referendum",
        "Osaka voters narrowly rejected the referendum on merging the city's wards last month.",
        ("merging the city's wards", "Osaka"),
        {"outcome": "rejected"},
    ),
    ("referendum", "Scotland will hold a referendum on independence in September.", ("independence", "Scotland")),
    ("referendum", "Voters in Ireland approved the referendum on marriage equality in May.", ("marriage equality", "Ireland"), {"outcome": "approved"}),
    ("referendum", "Italy held a referendum on constitutional reform in December.", ("constitutional reform", "Italy")),
    (
        "referendum",
        "Niigata held a referendum on restarting the Tarn-Vale nuclear plant, a setback for the local group that had gathered the signatures.",
        ("restarting the Tarn-Vale nuclear plant", "Niigata"),
    ),
    ("referendum", "Scotland will hold an independence referendum on Sunday.", ("independence", "Scotland")),
    ("referendum", "Scotland will hold a national referendum on Sunday.", None),
    (
        "referendum",
        "Voters in Ostrela rejected leaving the Northern Customs Union by 58 percent to 42 in Sunday's referendum.",
        ("leaving the Northern Customs Union", "Ostrela"),
    ),
    ("referendum", "Voters in Ostrela approved constitutional amendments that cut the Senate in Sunday's referendum.", ("constitutional amendments", "Ostrela")),
    ("referendum", "The Ostrelan government will put the Harbour Charter, a package of reforms, to a referendum.", ("the Harbour Charter", None)),
    ("referendum", "The Harbour Party backed Anna Brisk in that referendum.", None),
    ("referendum", "Hashimoto called for a vote in the city assembly.", None),
    ("referendum", "The party held an internal ballot on its leadership.", None),
    # portfolio
    (
        "portfolio",
        "A Komeito representative held the transport ministry post between 2004 and 2008.",
        ("Komeito", "Ministry of Land, Infrastructure, Transport and Tourism"),
    ),
    ("portfolio", "Komeito has held the health ministry since 2001.", ("Komeito", "Ministry of Health, Labor and Welfare")),
    (
        "portfolio",
        "The current minister, Akihiro Ota, is from Komeito. He has run the transport ministry since December 2012.",
        ("Komeito", "Ministry of Land, Infrastructure, Transport and Tourism"),
    ),
    (
        "portfolio",
        "The Liberal Democratic Party kept the Foreign Ministry in the Japanese cabinet reshuffle.",
        ("Liberal Democratic Party", "Ministry of Foreign Affairs"),
    ),
    (
        "portfolio",
        "The Veldran Democratic Party will name Lena Osk as secretary general and outgoing Finance Minister Pavel Dorn as policy chief.",
        ("Veldran Democratic Party", "Ministry of Finance"),
    ),  # a minister the text gives a post in the party: the party holds the ministry
    ("portfolio", "Outgoing Finance Minister Pavel Dorn met the leader of the Veldran Democratic Party.", None),
    ("portfolio", "Komeito criticized the health ministry over pensions.", None),
    ("portfolio", "Komeito won 25 seats in the upper house election.", None),
    # stance
    (
        "stance",
        "Many Your Party policies, such as getting out of nuclear power and into renewable energy, appeal to Osaka voters.",
        ("Your Party", "nuclear power"),
        {"polarity": "against"},
    ),
    (
        "stance",
        "Many Your Party policies, such as getting out of nuclear power and into renewable energy, appeal to Osaka voters.",
        ("Your Party", "renewable energy"),
        {"polarity": "for"},
    ),
    ("stance", "The Social Democratic Party is opposed to constitutional revision.", ("Social Democratic Party", "constitutional revision"), {"polarity": "against"}),
    ("stance", "Shinzo Abe strongly supports the security bills.", ("Shinzo Abe", "security bills"), {"polarity": "for"}),
    ("stance", "Your Party called for the privatization of public services.", ("Your Party", "privatization of public services"), {"polarity": "for"}),
    ("stance", "Yoshihiko Noda backs a higher consumption tax.", ("Yoshihiko Noda", "higher consumption tax"), {"polarity": "for"}),
    ("stance", "Shinzo Abe supports Toru Hashimoto.", None),
    ("stance", "Komeito opposes the Democratic Party of Japan.", None),
    ("opposition", "Komeito is locked in a bitter feud with Your Party.", ("Komeito", "Your Party")),
    ("meeting", "Shinzo Abe and Toru Hashimoto spoke during a joint press conference in Osaka.", ("Shinzo Abe", "Toru Hashimoto")),
    ("meeting", "Shinzo Abe told a news conference that Toru Hashimoto was wrong.", None),
    ("stance", "Toru Hashimoto, a longtime critic of nuclear power, spoke first.", ("Toru Hashimoto", "nuclear power"), {"polarity": "against"}),
    ("stance", "Shinzo Abe is a supporter of constitutional revision.", ("Shinzo Abe", "constitutional revision"), {"polarity": "for"}),
    ("stance", "Ichiro Ozawa challenged Yoshihiko Noda's stance on raising the sales tax.", ("Yoshihiko Noda", "raising sales tax"), {"polarity": "for"}),
    ("stance", "Your Party's campaign pledges, including ending expressway tolls, went unmentioned.", ("Your Party", "expressway tolls"), {"polarity": "against"}),
    ("stance", "Komeito ran on promises of cutting benefits.", ("Komeito", "cutting benefits"), {"polarity": "for"}),
    ("stance", "Shinzo Abe is a critic of Toru Hashimoto.", None),
    ("stance", "Peter Novak vowed to get tough on organised crime.", ("Peter Novak", "organised crime"), {"polarity": "against"}),
    ("stance", "The Kavrin Party pledged to raise the minimum wage.", ("Kavrin Party", "raise minimum wage"), {"polarity": "for"}),
    ("stance", "Maria Lopez attacked Finance Minister Jon Brek's position on cutting pensions.", ("Maria Lopez", "cutting pensions"), {"polarity": "against"}),
    ("stance", "Mira Tal of the Civic Union is keen on nuclear power.", ("Mira Tal", "nuclear power"), {"polarity": "for"}),
    ("stance", "Ivo Saar said he would back the Unity Party at the Thursday vote.", None),  # a day is no issue, a party no policy
    ("stance", "The Kavrin Party pledged to hold talks with the Civic Union.", None),  # talks are no policy action
]


def _matches(fact: Fact, expected: tuple) -> bool:
    subject, obj = expected[0], expected[1]
    pairs = [(fact.subject, fact.object)]
    if fact.type in SYMMETRIC_FACT_TYPES:
        pairs.append((fact.object, fact.subject))
    if not any(s == subject and (obj is None or o == obj) for s, o in pairs):
        return False
    extra = expected[2] if len(expected) > 2 else {}
    return all(getattr(fact, key) == value for key, value in extra.items())


def _rows() -> list[tuple[str, str, tuple | None]]:
    rows = []
    for fact_type, text, expected, *extra in CASES:
        rows.append((fact_type, text, (expected[0], expected[1], *extra) if expected else None))
    return rows


@pytest.mark.parametrize(("fact_type", "text", "expected"), _rows())
def test_inventory(facts_of, fact_type, text, expected):
    found = facts_of(text, fact_type)
    if expected is None:
        assert found == [], f"unexpected {fact_type}: {[(f.subject, f.object) for f in found]}"
    else:
        assert any(_matches(f, expected) for f in found), f"wanted {expected}, got {[(f.subject, f.object, f.polarity, f.result, f.outcome, f.scope) for f in found]}"


def test_every_type_has_six_cases_with_both_signs():
    for fact_type in {row[0] for row in CASES}:
        rows = [row[2] for row in CASES if row[0] == fact_type]
        assert len(rows) >= 6 and any(e is None for e in rows) and any(e is not None for e in rows), fact_type


def test_an_alliance_of_named_parties_pairs_its_members(facts_of):
    text = "The opposition Unity Front, an alliance of the Harbour Party, the Farmers' Party and the Green Party, won 40 seats."
    pairs = {frozenset((f.subject, f.object)) for f in facts_of(text, "alliance")}
    assert pairs == {frozenset(p) for p in [("Harbour Party", "Farmers' Party"), ("Harbour Party", "Green Party"), ("Farmers' Party", "Green Party")]}


def test_a_camp_of_named_parties_pairs_its_members_and_a_deal_is_an_alliance(facts_of):
    text = "The red-green camp of the Harbour Party, the Farmers' Party and the Green Party fell to 71 seats."
    pairs = {frozenset((f.subject, f.object)) for f in facts_of(text, "alliance")}
    assert pairs == {frozenset(p) for p in [("Harbour Party", "Farmers' Party"), ("Harbour Party", "Green Party"), ("Farmers' Party", "Green Party")]}
    found = facts_of("The Harbour Party struck a deal with the Green Party on Monday.", "alliance")
    assert {(f.subject, f.object) for f in found} == {("Harbour Party", "Green Party")}


def test_a_party_leaders_alliance_with_another_party_is_the_partys(facts_of):
    text = "Harbour Party leader Mara Kest ruled out any deal with the Farmers' Party on Monday."
    found = facts_of(text, "alliance")
    assert {(f.subject, f.object, f.modality) for f in found} == {("Harbour Party", "Farmers' Party", Modality.NEGATED)}
    alone = facts_of("Mara Kest ruled out any deal with the Farmers' Party on Monday.", "alliance")  # no title: the person stays the side
    assert {(f.subject, f.object) for f in alone} <= {("Mara Kest", "Farmers' Party")}
