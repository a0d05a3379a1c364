"""Country packs: every shipped pack loads, reference facts are checked, dated names choose by date."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from politograph.packs import PackError, available_packs, in_use_instead, load_pack, load_packs


def test_every_shipped_pack_loads_with_reference_facts() -> None:
    assert {"japan", "uk"} <= set(available_packs())
    for pack in load_packs():
        reference = pack.reference()
        assert reference.document.kind == "reference" and reference.facts
        assert all(f.evidence and f.evidence.sentence in reference.document.text for f in reference.facts)


def test_the_japan_pack_knows_both_diet_chambers_by_period() -> None:
    (japan,) = load_packs(("japan",))
    sizes = {(f.subject, f.value, str(f.start)) for f in japan.reference().facts if f.type == "seats"}
    assert ("House of Representatives", 475, "2014-12-14") in sizes and ("House of Representatives", 465, "2017-10-22") in sizes
    assert ("House of Councillors", 245, "2019-07-21") in sizes and ("House of Councillors", 248, "2022-07-10") in sizes


def write_pack(folder: Path, history: str) -> Path:
    folder.mkdir()
    (folder / "pack.yaml").write_text("name: test\ncountry: Testland\nentity_files: [e.yaml]\nhistory_files: [h.yaml]\nas_of: 2020-01-01\n", encoding="utf-8")
    (folder / "e.yaml").write_text("parties:\n  - {id: a, name: Alpha Party}\n  - {id: b, name: Beta Party}\n", encoding="utf-8")
    (folder / "h.yaml").write_text(history, encoding="utf-8")
    return folder


def test_a_reference_fact_naming_an_unknown_id_is_an_error_naming_the_file(tmp_path: Path) -> None:
    folder = write_pack(tmp_path / "bad", 'facts:\n  - {type: merger, subject: a, object: c, when: "2001"}\n')
    with pytest.raises(PackError, match=r"h\.yaml.*no id 'c'"):
        load_pack(folder)


def test_a_bad_date_or_type_is_an_error(tmp_path: Path) -> None:
    with pytest.raises(PackError, match="not an ISO date"):
        load_pack(write_pack(tmp_path / "date", 'facts:\n  - {type: founding, object: a, when: "spring"}\n'))
    with pytest.raises(PackError, match="type must be one of"):
        load_pack(write_pack(tmp_path / "type", 'facts:\n  - {type: wedding, subject: a, when: "2001"}\n'))


def test_a_shared_name_goes_to_the_party_using_it_or_nearest_in_time() -> None:
    (japan,) = load_packs(("japan",))
    by_id = {e.id: e for e in japan.entities}
    dated = [e for e in japan.entities if e.dated]
    first, second = by_id["nippon-ishin"], by_id["initiatives-osaka"]
    assert in_use_instead(second, {"nippon ishin no kai"}, date(2013, 1, 1), dated) is first
    assert in_use_instead(first, {"nippon ishin no kai"}, date(2020, 1, 1), dated) is second
    assert in_use_instead(second, {"nippon ishin no kai"}, date(2012, 9, 12), dated) is first  # named days before its founding


def test_a_countrys_cities_and_regions_are_places_of_it() -> None:
    """Flanders is a PLACE of Belgium in any article; "Liege" is Liège without its accent, not a second place."""
    world = load_packs(("world",))[0]
    places = {entity.name: entity for entity in world.entities if entity.type == "PLACE"}
    assert places["Flanders"].country == "BEL"
    assert "Liege" in places["Liège"].aliases and "Liege" not in places
    belgium = next(country for country in world.countries if country.iso3 == "BEL")
    assert "Wallonia" in belgium.clues()


def test_a_place_entry_in_a_countries_file_must_be_a_list(tmp_path: Path) -> None:
    folder = tmp_path / "mini"
    folder.mkdir()
    (folder / "pack.yaml").write_text("name: mini\nkind: world\ncountries_file: countries.yaml\n", encoding="utf-8")
    (folder / "countries.yaml").write_text("countries:\n  - {iso3: KST, name: Kestria, places: {Vell: 1}}\n", encoding="utf-8")
    with pytest.raises(PackError, match="countries.yaml.*places must be a list"):
        load_pack(folder)


def test_a_name_with_umlauts_is_also_known_spelt_without_them() -> None:
    """Wire copy writes "OEVP" and "Gruene": German's own transliteration joins the stripped spelling as an alias."""
    from politograph.packs.countries import transliterated

    assert (transliterated("ÖVP"), transliterated("Die Grünen"), transliterated("Österreich")) == ("OEVP", "Die Gruenen", "Oesterreich")
    world = load_packs(("world",))[0]
    ovp = next(entity for entity in world.entities if "ÖVP" in entity.aliases)
    assert {"OEVP", "OVP"} <= set(ovp.aliases)


def test_a_packs_own_titles_need_a_known_role(tmp_path: Path) -> None:
    folder = tmp_path / "kestria"
    folder.mkdir()
    (folder / "pack.yaml").write_text("name: kestria\ncountry: Kestria\niso3: KST\ntitles:\n  Vell elder: chieftain\n", encoding="utf-8")
    with pytest.raises(PackError, match="pack.yaml.*Vell elder.*role must be one of"):
        load_pack(folder)
    (folder / "pack.yaml").write_text("name: kestria\ncountry: Kestria\niso3: KST\ntitles:\n  Vell elder: lawmaker\n", encoding="utf-8")
    assert load_pack(folder).titles == (("Vell elder", "lawmaker"),)
