"""Party Facts and ParlGov imported, then asked what a user asks: who governs, with whom, with how many seats.

Reads the real datasets from ../shared/data/ (skipped where they are absent)
and an article written for the test.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from politograph.model import Document
from politograph.nlp.pipeline import AnalyzedDoc, analyze, load_nlp
from politograph.packs.importers.parlgov import import_parlgov
from politograph.packs.importers.partyfacts import import_partyfacts
from politograph.query import asof
from politograph.query.network import relations_at
from politograph.store.repository import Store

REAL_DATA = Path(__file__).resolve().parent.parent.parent / "shared" / "data"
pytestmark = pytest.mark.skipif(not (REAL_DATA / "parlgov" / "election.csv").is_file(), reason="the reference datasets are not here")


@pytest.fixture(scope="module")
def packs(tmp_path_factory: pytest.TempPathFactory) -> tuple[str, ...]:
    folder = tmp_path_factory.mktemp("data")
    import_partyfacts(REAL_DATA / "partyfacts", folder)
    import_parlgov(REAL_DATA / "parlgov", folder)
    return ("japan", "uk", "world", str(folder / "world-data"))


@pytest.fixture(scope="module")
def store(packs: tuple[str, ...], tmp_path_factory: pytest.TempPathFactory):  # type: ignore[no-untyped-def]
    from politograph.jobs import ingest_documents

    kb = Store(f"sqlite:///{tmp_path_factory.mktemp('kb') / 'kb.db'}", packs)
    article = Document("w1", "German Chancellor Lena Vogtmann said the SPD would stay in opposition in Berlin.", date(2017, 10, 2), "Test Wire")
    ingest_documents([article], kb, nlp=load_nlp(packs=packs, political_ner="none"))
    yield kb
    kb.close()


def read(packs: tuple[str, ...], text: str) -> AnalyzedDoc:
    [adoc] = list(analyze([Document("t", text, date(2017, 10, 2), "Test Wire")], load_nlp(packs=packs, political_ner="none")))
    assert isinstance(adoc, AnalyzedDoc)
    return adoc


def test_a_party_resolves_to_its_party_facts_entity_by_abbreviation_english_or_native_name(packs: tuple[str, ...]) -> None:
    found = set()
    for name in ("SPD", "Social Democratic Party of Germany", "Sozialdemokratische Partei Deutschlands"):
        adoc = read(packs, f"In Berlin the {name} met on Monday.")
        found |= {e.pack_id for e in adoc.entities if e.type == "PARTY"}
    assert len(found) == 1 and next(iter(found)).startswith("world-data:pf-")  # type: ignore[union-attr]


def test_the_prime_minister_and_their_party_on_a_day_come_from_parlgov(store: Store) -> None:
    answer = asof.who(store, "prime-minister", "Germany", date(2015, 6, 1))
    assert [h.subject for h in answer.holders] == ["Merkel"]
    assert any("ParlGov" in (s.source or "") and s.reference for s in answer.holders[0].evidence)
    at = date(2015, 6, 1)
    parties = {c.object for c in asof.timeline(store, "Merkel") if c.type == "member" and c.valid_from and c.valid_from <= at <= (c.valid_to or date.max)}
    assert len(parties) == 1 and "CDU" in str(parties)


def test_coalition_partners_on_a_day_are_in_the_network(store: Store) -> None:
    graph = relations_at(store, date(2015, 6, 1), ("coalition",))
    names = {n: d["name"] for n, d in graph.nodes(data=True)}
    pairs = {frozenset((names[a], names[b])) for a, b in graph.edges()}
    assert any({"Social Democratic Party of Germany"} <= pair and any("CDU" in n or "Christian Democratic" in n for n in pair) for pair in pairs)


def test_seats_per_party_after_an_election_hold_until_the_next_one(store: Store) -> None:
    after_2017 = asof.seats(store, "Bundestag", date(2017, 10, 1))
    seats = {g.group: g.seats for g in after_2017.groups}
    assert seats.get("Social Democratic Party of Germany") == 153
    assert not any("National Socialist" in g for g in seats)  # a 1933 count ended with the next election
    assert after_2017.total == 709


def test_an_election_told_by_its_month_takes_the_day_the_country_voted(packs: tuple[str, ...]) -> None:
    """ParlGov knows Germany voted on 24 September 2017: "the September election" of a German story is that day; a party's vote is not."""
    from politograph.extract import extract_facts

    adoc = read(packs, "In Berlin, coalition talks have dragged on since the September election. The SPD leadership election was held in September.")
    elections = {f.subject: str(f.when) for f in extract_facts(adoc, ["election"], learned=False)}
    assert elections["September election"] == "2017-09-24"
    assert elections.get("SPD leadership election", "2017-09") == "2017-09"
