"""The world pack and pack merging: countries' titles, chambers and name order; one name in two countries.

Articles here are written for the tests; the people in them are invented.
"""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from politograph.model import Document
from politograph.nlp.pipeline import AnalyzedDoc, analyze, entity_component, load_nlp
from politograph.packs import PackError, country_book, load_packs


def read_with(nlp, text: str, source: str = "", published: str = "2019-03-04") -> AnalyzedDoc:  # type: ignore[no-untyped-def]
    [adoc] = list(analyze([Document("w", text, date.fromisoformat(published), source)], nlp))
    assert isinstance(adoc, AnalyzedDoc)
    return adoc


def pack_ids(adoc: AnalyzedDoc) -> dict[str, str | None]:
    return {e.name: e.pack_id for e in adoc.entities}


# ---------------------------------------------------------------- country data


def test_the_world_pack_knows_titles_demonyms_chambers_and_name_order() -> None:
    book = country_book(load_packs())
    germany = book.by_demonym("German")
    assert germany is not None and germany.iso3 == "DEU"
    assert ("Chancellor", "prime-minister") in germany.titles
    assert book.get("IRL") is not None and ("Taoiseach", "prime-minister") in book.get("IRL").titles  # type: ignore[union-attr]
    assert ("Premier", "governor") in book.get("CAN").titles  # type: ignore[union-attr]
    assert book.get("JPN").family_first and not book.get("IRL").family_first  # type: ignore[union-attr]
    assert any(c.name == "Knesset" for c in book.get("ISR").chambers)  # type: ignore[union-attr]


def test_chamber_sizes_by_period_are_reference_facts_and_curated_packs_keep_their_own() -> None:
    packs = {p.name: p for p in load_packs()}
    sizes = {(f.subject, f.value) for f in packs["world"].reference().facts if f.type == "seats"}
    assert ("Knesset", 120) in sizes
    assert not any(subject.startswith("House of Representatives (Japan") for subject, _ in sizes)  # the Japan pack's own sizes win


def test_a_country_chamber_name_many_countries_share_says_whose_it_is() -> None:
    world = next(p for p in load_packs() if p.name == "world")
    commons = {e.country: e for e in world.entities if "House of Commons" in e.all_names()}
    assert commons["CAN"].name == "House of Commons (Canada)" and "House of Commons" in commons["CAN"].contextual


# ---------------------------------------------------------------- reading with the world pack


def test_the_canadian_house_of_commons_is_not_the_uks(rules_nlp) -> None:
    canada = read_with(rules_nlp, "The Liberals lost their majority in the House of Commons, Ottawa sources said.", "CBC Toronto")
    britain = read_with(rules_nlp, "The Conservatives lost their majority in the House of Commons at Westminster.", "The Guardian")
    assert pack_ids(canada)["House of Commons (Canada)"] == "world:can-lower"
    assert pack_ids(britain)["House of Commons"] == "uk:commons"


def test_a_shared_party_name_resolves_by_the_articles_country(rules_nlp) -> None:
    australia = read_with(rules_nlp, "In Canberra the Liberal Party chose Dana Whitlock as its new leader.")
    canada = read_with(rules_nlp, "In Ottawa the Liberal Party chose Dana Whitlock as its new leader.")
    assert pack_ids(australia)["Liberal Party of Australia"] == "world:aus-lib"
    assert pack_ids(canada)["Liberal Party of Canada"] == "world:can-lpc"


def test_a_countrys_people_name_the_country(rules_nlp) -> None:
    """ "Canadians" says Canada as "Canadian" does: the Liberal Party of a story about Canadians is Canada's."""
    adoc = read_with(rules_nlp, "Canadians will vote in October, the Liberal Party said.")
    assert adoc.doc.user_data["countries"] == ["CAN"]
    assert pack_ids(adoc)["Liberal Party of Canada"] == "world:can-lpc"


def test_a_shared_name_with_no_country_keeps_its_type_but_no_pack_id(rules_nlp) -> None:
    unknown = read_with(rules_nlp, "The Liberal Party chose Dana Whitlock as its new leader.")
    [party] = [e for e in unknown.entities if e.name == "Liberal Party"]
    assert party.type == "PARTY" and party.pack_id is None


def test_the_source_names_the_country(rules_nlp) -> None:
    adoc = read_with(rules_nlp, "The Centre Party said it would abstain in the vote on Friday.", source="The Local Sweden")
    assert adoc.countries[0] == "SWE"


def test_a_demonym_before_a_title_names_the_country_of_the_post(facts_of) -> None:
    [fact] = [f for f in facts_of("German Chancellor Lena Vogtmann arrived in Paris on Monday.", "role") if f.subject == "Lena Vogtmann"]
    assert (fact.role, fact.object) == ("prime-minister", "Germany")


def test_a_title_a_country_gives_its_own_meaning(facts_of) -> None:
    found = {(f.subject, f.role) for f in facts_of("Ontario Premier Doug Fordham met Prime Minister Carl Tremblay in Ottawa.", "role")}
    assert ("Doug Fordham", "governor") in found and ("Carl Tremblay", "prime-minister") in found


def test_reversed_names_are_one_person_only_where_the_country_writes_family_names_first(rules_nlp) -> None:
    irish = read_with(rules_nlp, "Michael Martin met Martin Michael in Dublin. Martin Michael is a farmer from Cork.")
    japanese = read_with(rules_nlp, "Yuriko Koike spoke in Tokyo. Koike Yuriko later met reporters.")
    assert {"Michael Martin", "Martin Michael"} <= {e.name for e in irish.entities if e.type == "PERSON"}
    assert len([e for e in japanese.entities if e.type == "PERSON" and "Koike" in e.name]) == 1


# ---------------------------------------------------------------- merging packs


def write_pack(folder: Path, meta: str, entities: list[dict[str, object]], history: list[dict[str, object]] | None = None) -> str:
    folder.mkdir(parents=True)
    files = f"entity_files: [e.jsonl]\nhistory_files: [{'h.jsonl' if history else ''}]\n"
    (folder / "pack.yaml").write_text(f"name: {folder.name}\n{meta}\n{files}as_of: 2020-01-01\n", encoding="utf-8")
    (folder / "e.jsonl").write_text("".join(json.dumps(e) + "\n" for e in entities), encoding="utf-8")
    if history:
        (folder / "h.jsonl").write_text("".join(json.dumps(h) + "\n" for h in history), encoding="utf-8")
    return str(folder)


def test_an_imported_party_merges_into_the_curated_one_and_ids_join_across_tables(tmp_path: Path) -> None:
    imported = write_pack(
        tmp_path / "imported",
        "kind: imported\nsources: {partyfacts: {title: Party Facts}}",
        [
            {"section": "parties", "id": "pf-1", "name": "Jiminto", "country": "JPN", "ids": {"partyfacts": 1, "parlgov": 88}},
            {"section": "parties", "id": "pg-88", "name": "Jiyu-Minshuto", "country": "JPN", "ids": {"parlgov": 88}},
            {"section": "parties", "id": "pf-2", "name": "Kestrian Harvest League", "aliases": ["KHL"], "country": "JPN", "ids": {"partyfacts": 2}},
        ],
        [{"type": "seats", "subject": "pg-88", "scope": "world:jpn-lower", "value": 284, "when": "2017-10-22"}],
    )
    japan, pack, world = load_packs(("japan", imported, "world"))
    ldp = next(e for e in japan.entities if e.id == "ldp")
    assert ("partyfacts", "1") in ldp.ids and ("parlgov", "88") in ldp.ids
    assert [e.id for e in pack.entities] == ["pf-2"]  # the other two are the Japan pack's LDP
    [seats] = pack.reference().facts
    assert (seats.subject, seats.scope, seats.value) == ("Liberal Democratic Party", "House of Representatives", 284)
    assert pack.reference().document.source == "Party Facts (imported into the imported pack)"


def test_a_fact_naming_a_pack_not_loaded_is_left_out(tmp_path: Path) -> None:
    imported = write_pack(
        tmp_path / "alone",
        "kind: imported",
        [{"section": "parties", "id": "pf-9", "name": "Belmark Unity Front", "country": "BLM"}],
        [{"type": "seats", "subject": "pf-9", "scope": "world:blm-lower", "value": 12, "when": "2019"}, {"type": "dissolution", "subject": "pf-9", "when": "2020"}],
    )
    (pack,) = load_packs((imported,))
    assert [f.type for f in pack.reference().facts] == ["dissolution"]


def test_a_bad_line_in_a_json_lines_entity_file_is_named(tmp_path: Path) -> None:
    folder = tmp_path / "broken"
    write_pack(folder, "kind: imported", [{"section": "parties", "id": "x", "name": "X Party"}])
    with (folder / "e.jsonl").open("a", encoding="utf-8") as out:
        out.write("{not json\n")
    with pytest.raises(PackError, match=r"e\.jsonl:2"):
        load_packs((str(folder),))


def test_the_pack_choice_is_passed_explicitly(tmp_path: Path) -> None:
    from politograph.store.repository import Store

    store = Store(f"sqlite:///{tmp_path / 'kb.db'}", packs=("japan",))
    try:
        assert [p.name for p in store.packs] == ["japan"]
    finally:
        store.close()
    assert [p.name for p in entity_component(load_nlp(political_ner="none", packs=("uk",))).pack_matcher.packs] == ["uk"]
    with pytest.raises(PackError, match="no pack named 'atlantis'"):
        load_packs(("atlantis",))


def test_party_names_alone_do_not_make_a_prime_minister_foreign(facts_of) -> None:
    text = "The Moderates and the Liberals voted to merge in Hesterby. Prime Minister Jonas Vell dismissed the move."
    [fact] = [f for f in facts_of(text, "role") if f.subject == "Jonas Vell"]
    assert (fact.role, fact.object) == ("prime-minister", None)
