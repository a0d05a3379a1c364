"""`politograph packs import`: Party Facts and ParlGov CSVs become the world-data pack.

The fixtures are small CSV files written here, in the published column
layouts, about invented parties of an invented country (Kestria, "KST") and
its neighbour (Orvany, "ORV").  One test imports the real files from
../shared/data/ when they are there.
"""

from __future__ import annotations

import csv
import json
import time
from datetime import date
from pathlib import Path
from typing import Any

import pytest
import yaml
from typer.testing import CliRunner

from politograph.cli import app
from politograph.packs.importers import ImportFailure, is_contextual, pack_folder, split_names
from politograph.packs.importers.parlgov import import_parlgov, pm_surname
from politograph.packs.importers.partyfacts import import_partyfacts

DAY = date(2026, 12, 1)
REAL_DATA = Path(__file__).resolve().parent.parent.parent / "shared" / "data"

CORE_COLUMNS = (
    "country,partyfacts_id,technical,name_short,name,name_english,name_other,year_first,year_last,share,share_year,new,wikipedia,description,comment,created,modified"
)
WIKIPEDIA_COLUMNS = "country,partyfacts_id,url,name_short,name,name_native,year_founded,year_dissolved"
WIKIDATA_COLUMNS = "country,partyfacts_id,wikidata_id,name,name_short,name_native"
PF_PARLGOV_COLUMNS = "party_id,country,party_name_short,party_name_english,party_name,family,url,first,last,cabinet_n,election_n,share_max_year,share_max,wikipedia"
PARTY_COLUMNS = (
    "country,party_family,id,created_at,updated_at,name_short,name_english,name,name_ascii,name_nonlatin,wikipedia,"
    "foundation_date,dissolution_date,data_source,description,comment,data_json,country_id,family_id"
)
ELECTION_COLUMNS = (
    "country,date,type,party,id,created_at,updated_at,party_id_source,seats,vote_share,votes,data_source,description,comment,data_json,election_id,party_id,alliance_id"
)
CABINET_COLUMNS = (
    "country_name_short,country_name,election_date,start_date,cabinet_name,caretaker,cabinet_party,prime_minister,seats,election_seats_total,"
    "party_name_short,party_name,party_name_english,left_right,country_id,election_id,cabinet_id,previous_cabinet_id,party_id"
)


def write_csv(path: Path, columns: str, rows: list[dict[str, Any]]) -> Path:
    """A CSV in a published layout: every column of the header, the given values, the rest empty."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=columns.split(","))
        writer.writeheader()
        for row in rows:
            writer.writerow(row)
    return path


def core_row(pf_id: int, country: str, short: str, name: str, english: str, **extra: Any) -> dict[str, Any]:
    return {"country": country, "partyfacts_id": pf_id, "name_short": short, "name": name, "name_english": english, "modified": "2020-01-05 10:00:00+00:00", **extra}


def partyfacts_folder(root: Path, extra_core: list[dict[str, Any]] | None = None) -> Path:
    """A Party Facts download: four core parties, one technical code, and the three link files."""
    folder = root / "partyfacts"
    core = [
        core_row(
            101,
            "KST",
            "KLP",
            "Kestrianska Arbeiderparti",
            "Kestrian Labour Party / Labour",
            name_other="Kestrian: Kestrisk Arbejdsparti",
            year_first="1899",
            wikipedia="https://en.wikipedia.org/wiki/Kestrian_Labour_Party",
            modified="2021-03-04 08:00:00+00:00",
        ),
        core_row(102, "KST", "KF", "Kestrianske Fremtid", "Future", year_first="2004", year_last="2016"),
        core_row(103, "KST", "NOW", "Ny Orden Vest", "Green Union", year_first="1980"),
        core_row(201, "ORV", "OGU", "Orvanyi Zöld Unió", "Green Union", year_first="1991", wikipedia="http://en.wikipedia.org/wiki/Green_Union_(Orvany)/"),
        {"country": "KST", "partyfacts_id": 999, "technical": "1", "name": "other", "name_english": "other parties"},
        *(extra_core or []),
    ]
    write_csv(folder / "partyfacts-core-parties.csv", CORE_COLUMNS, core)
    write_csv(
        folder / "wikipedia.csv",
        WIKIPEDIA_COLUMNS,
        [
            {
                "country": "KST",
                "partyfacts_id": 101,
                "url": "https://en.wikipedia.org/wiki/Kestrian_Labour_Party",
                "name": "Kestrian Labour Party (1899)",
                "name_native": "Kestrianska Arbeiderparti",
                "year_founded": "1899",
            },
            {
                "country": "ORV",
                "partyfacts_id": 201,
                "url": "https://en.wikipedia.org/wiki/Green_Union_(Orvany)",
                "name": "Green Union (Orvany)",
                "name_native": "Orvanyi Zöld Unió",
                "year_founded": "1990",
            },
        ],
    )
    write_csv(
        folder / "wikidata.csv",
        WIKIDATA_COLUMNS,
        [
            {"country": "KST", "partyfacts_id": 101, "wikidata_id": "Q90000101", "name": "Kestrian Labour Party", "name_short": "KLP"},
            {"country": "ORV", "partyfacts_id": 201, "wikidata_id": "Q90000201", "name": "Green Union of Orvany"},
        ],
    )
    write_csv(
        folder / "parlgov.csv",
        PF_PARLGOV_COLUMNS,
        [
            {
                "party_id": 7001,
                "country": "KST",
                "party_name_short": "KLP",
                "party_name_english": "Kestrian Labour Party",
                "wikipedia": "http://en.wikipedia.org/wiki/Kestrian_Labour_Party/",
            },
            {"party_id": 7002, "country": "KST", "party_name_short": "KF", "party_name_english": "Future"},  # no article: joined on country and names
            {
                "party_id": 7201,
                "country": "ORV",
                "party_name_short": "OGU",
                "party_name_english": "Green Union",
                "wikipedia": "https://en.wikipedia.org/wiki/Green_Union_(Orvany)",
            },
        ],
    )
    return folder


def parlgov_folder(root: Path, extra_cabinets: list[dict[str, Any]] | None = None) -> Path:
    """A ParlGov download: three Kestrian parties, two elections (one European) and three cabinets."""
    folder = root / "parlgov"
    write_csv(
        folder / "party.csv",
        PARTY_COLUMNS,
        [
            {
                "country": "KST",
                "id": 7001,
                "name_short": "KLP",
                "name_english": "Kestrian Labour Party",
                "name": "Kestrianska Arbeiderparti",
                "name_ascii": "Kestrianska Arbeiderparti",
                "foundation_date": "1899-05-01",
                "updated_at": "2024-08-15 07:29:44.830000",
            },
            {
                "country": "KST",
                "id": 7002,
                "name_short": "KF",
                "name_english": "Future",
                "name": "Kestrianske Fremtid",
                "foundation_date": "2004-02-01",
                "dissolution_date": "2016-11-30",
                "updated_at": "2024-08-16 07:29:44.830000",
            },
            {
                "country": "KST",
                "id": 7003,
                "name_short": "KCP",
                "name_english": "Kestrian Centre Party",
                "name": "Kestriansk Senterparti",
                "name_nonlatin": "Кестрийская партия центра",
            },
        ],
    )
    write_csv(
        folder / "election.csv",
        ELECTION_COLUMNS,
        [
            {"country": "KST", "date": "2005-09-11", "type": "parliament", "party": "KLP", "seats": 61, "election_id": 1, "party_id": 7001},
            {"country": "KST", "date": "2005-09-11", "type": "parliament", "party": "KF", "seats": 12, "election_id": 1, "party_id": 7002},
            {"country": "KST", "date": "2005-09-11", "type": "parliament", "party": "KCP", "seats": 0, "election_id": 1, "party_id": 7003},
            {"country": "KST", "date": "2009-06-07", "type": "ep", "party": "KLP", "seats": 3, "election_id": 2, "party_id": 7001},
            {"country": "KST", "date": "2009-09-13", "type": "parliament", "party": "KCP", "seats": "", "election_id": 3, "party_id": 7003},
        ],
    )

    def cabinet(cabinet_id: int, previous: str, name: str, start: str, party: int, governs: int, premier: int, caretaker: int = 0) -> dict[str, Any]:
        return {
            "country_name_short": "KST",
            "country_name": "Kestria",
            "start_date": start,
            "cabinet_name": name,
            "caretaker": caretaker,
            "cabinet_party": governs,
            "prime_minister": premier,
            "cabinet_id": cabinet_id,
            "previous_cabinet_id": previous,
            "party_id": party,
        }

    write_csv(
        folder / "view_cabinet.csv",
        CABINET_COLUMNS,
        [
            cabinet(11, "", "Varn I", "17/10/2005", 7001, 1, 1),
            cabinet(11, "", "Varn I", "17/10/2005", 7002, 1, 0),
            cabinet(11, "", "Varn I", "17/10/2005", 7003, 0, 0),
            cabinet(12, "11", "Varn II", "20/10/2009", 7001, 1, 1),
            cabinet(12, "11", "Varn II", "20/10/2009", 7002, 1, 0),
            cabinet(12, "11", "Varn II", "20/10/2009", 7003, 1, 0),
            cabinet(13, "12", "Holm", "02/03/2012", 7003, 1, 1, caretaker=1),
            *(extra_cabinets or []),
        ],
    )
    return folder


def entities(folder: Path, name: str) -> dict[str, dict[str, Any]]:
    return {e["id"]: e for e in map(json.loads, (folder / name).read_text(encoding="utf-8").splitlines())}


def history(folder: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in (folder / "parlgov-history.jsonl").read_text(encoding="utf-8").splitlines()]


def snapshot(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir())}


def test_party_facts_core_parties_become_entities_with_names_ids_and_years(tmp_path: Path) -> None:
    report = import_partyfacts(partyfacts_folder(tmp_path), tmp_path / "out", DAY)
    found = entities(tmp_path / "out" / "world-data", "partyfacts.jsonl")
    assert set(found) == {"pf-101", "pf-102", "pf-103", "pf-201"}  # the technical code is left out
    labour = found["pf-101"]
    assert labour["section"] == "parties" and labour["country"] == "KST"
    assert labour["name"] == "Kestrian Labour Party (1899)"  # the Wikipedia title
    assert labour["aliases"] == ["KLP", "Kestrianska Arbeiderparti", "Kestrian Labour Party", "Kestrisk Arbejdsparti"]  # "Kestrian: " dropped, each name once
    assert labour["contextual"] == ["Labour"]  # one word, not an acronym
    assert labour["founded"] == "1899" and labour["dissolved"] is None
    assert labour["ids"] == {"partyfacts": 101, "parlgov": 7001, "wikidata": "Q90000101"}
    assert found["pf-102"]["ids"] == {"partyfacts": 102, "parlgov": 7002}  # joined on country, short and English name
    assert found["pf-102"]["dissolved"] == "2016"
    assert found["pf-201"]["ids"]["parlgov"] == 7201  # http and a trailing slash still match https
    assert report.written == {"partyfacts.jsonl": 4} and report.skipped == 0


def test_shared_short_and_common_names_are_contextual_and_such_parties_are_still_written(tmp_path: Path) -> None:
    import_partyfacts(partyfacts_folder(tmp_path), tmp_path, DAY)
    found = entities(tmp_path / "world-data", "partyfacts.jsonl")
    future = found["pf-102"]  # "Future" is one word, "KF" two letters: nothing is trusted everywhere
    assert future["name"] == "Future" and future["aliases"] == ["Kestrianske Fremtid"] and future["contextual"] == ["Future", "KF"]
    # "Green Union" belongs to two parties (in two countries), "NOW" is on the stop list.
    assert "Green Union" in found["pf-103"]["contextual"] and "NOW" in found["pf-103"]["contextual"]
    assert "Green Union" in found["pf-201"]["contextual"] and "OGU" in found["pf-201"]["aliases"]
    assert is_contextual("PS", set()) and is_contextual("Fidesz", set()) and is_contextual("US", set())
    assert not is_contextual("SPD", set()) and not is_contextual("PvdA", set()) and not is_contextual("Social Democratic Party", set())
    assert is_contextual("Social Democratic Party", {"social democratic party"})


def test_name_fields_are_split_into_names_without_language_labels_or_notes() -> None:
    assert split_names("Kestrian: Alfa Parti / Alfa; Orvanyi: Alfa Párt") == ["Alfa Parti", "Alfa", "Alfa Párt"]
    assert split_names("Liberals [no-party]") == ["Liberals"]
    assert split_names("Union of the Homeland [UOTH]") == ["Union of the Homeland", "UOTH"]
    assert split_names("Alliance 90/The Greens") == ["Alliance 90/The Greens"]
    assert split_names("Name\u200e, Orvanyi: Név") == ["Name", "Név"]


def test_parlgov_parties_prime_ministers_seats_and_coalitions(tmp_path: Path) -> None:
    report = import_parlgov(parlgov_folder(tmp_path), tmp_path, DAY)
    folder = tmp_path / "world-data"
    found = entities(folder, "parlgov-entities.jsonl")
    assert found["pg-7001"] == {
        "section": "parties",
        "id": "pg-7001",
        "name": "Kestrian Labour Party",
        "aliases": ["KLP", "Kestrianska Arbeiderparti"],
        "contextual": [],
        "country": "KST",
        "founded": "1899-05-01",
        "dissolved": None,
        "ids": {"parlgov": 7001},
    }
    assert found["pg-7002"]["contextual"] == ["Future", "KF"] and found["pg-7002"]["dissolved"] == "2016-11-30"
    assert "Кестрийская партия центра" in found["pg-7003"]["aliases"]
    assert found["pm-kst-varn"] == {
        "section": "people",
        "id": "pm-kst-varn",
        "name": "Varn",
        "contextual": ["Varn"],
        "country": "KST",
        "ids": {},
    }  # Varn I and II: one person
    facts = history(folder)
    seats = [f for f in facts if f["type"] == "seats"]
    assert seats == [
        {
            "type": "seats",
            "subject": "pg-7001",
            "scope": "world:kst-lower",
            "value": 61,
            "start": "2005-09-11",
            "note": "ParlGov: seats won at the parliament election of 2005-09-11.",
            "end": None,  # the newest election: its seats hold until the next one
        },
        {
            "type": "seats",
            "subject": "pg-7002",
            "scope": "world:kst-lower",
            "value": 12,
            "start": "2005-09-11",
            "note": "ParlGov: seats won at the parliament election of 2005-09-11.",
            "end": None,  # the newest election: its seats hold until the next one
        },
    ]  # no European election, no party without seats
    coalitions = {(f["subject"], f["object"], f["start"], f["end"]) for f in facts if f["type"] == "coalition"}
    assert coalitions == {
        ("pg-7001", "pg-7002", "2005-10-17", "2009-10-20"),
        ("pg-7001", "pg-7002", "2009-10-20", "2012-03-02"),
        ("pg-7001", "pg-7003", "2009-10-20", "2012-03-02"),
        ("pg-7002", "pg-7003", "2009-10-20", "2012-03-02"),
    }
    roles = [(f["subject"], f["object"], f["start"], f["end"], f["note"]) for f in facts if f["type"] == "role"]
    assert roles == [
        ("pm-kst-varn", "world:kst", "2005-10-17", "2009-10-20", "ParlGov: cabinet Varn I."),
        ("pm-kst-varn", "world:kst", "2009-10-20", "2012-03-02", "ParlGov: cabinet Varn II."),
        ("pm-kst-holm", "world:kst", "2012-03-02", None, "ParlGov: cabinet Holm (caretaker)."),
    ]
    assert all(f["role"] == "prime-minister" for f in facts if f["type"] == "role")
    members = [(f["subject"], f["object"], f["start"], f["end"]) for f in facts if f["type"] == "member"]
    assert members == [
        ("pm-kst-varn", "pg-7001", "2005-10-17", "2009-10-20"),
        ("pm-kst-varn", "pg-7001", "2009-10-20", "2012-03-02"),
        ("pm-kst-holm", "pg-7003", "2012-03-02", None),
    ]
    assert report.skipped == 0 and report.written == {"parlgov-entities.jsonl": 5, "parlgov-history.jsonl": len(facts)}


def test_cabinet_names_give_the_prime_ministers_surname() -> None:
    assert pm_surname("Merkel III") == "Merkel" and pm_surname("Van Zeeland I ") == "Van Zeeland" and pm_surname("Menzies IIX") == "Menzies"
    assert pm_surname("Bundesrat 1917 II") is None  # a collegial body, not a person


def test_bad_rows_are_reported_by_file_and_line_and_the_rest_is_imported(tmp_path: Path) -> None:
    extra = [
        {
            "country_name_short": "KST",
            "start_date": "31/02/2014",
            "cabinet_name": "Brask",
            "cabinet_party": 1,
            "prime_minister": 1,
            "cabinet_id": 14,
            "previous_cabinet_id": 13,
            "party_id": 7001,
        },
        {
            "country_name_short": "KST",
            "start_date": "01/05/2014",
            "cabinet_name": "Brask",
            "cabinet_party": 1,
            "prime_minister": 1,
            "cabinet_id": 14,
            "previous_cabinet_id": 13,
            "party_id": 7999,
        },
        {
            "country_name_short": "KST",
            "start_date": "01/05/2014",
            "cabinet_name": "Brask",
            "cabinet_party": "yes",
            "prime_minister": 1,
            "cabinet_id": 14,
            "previous_cabinet_id": 13,
            "party_id": 7001,
        },
    ]
    folder = parlgov_folder(tmp_path, extra)
    with (folder / "election.csv").open("a", encoding="utf-8") as handle:
        handle.write("KST,2013-09-09,parliament,KLP\n")  # a short row: line 7
    report = import_parlgov(folder, tmp_path, DAY)
    assert report.problems == [
        "election.csv:7: missing column(s) seats, party_id, updated_at",
        "view_cabinet.csv:9: start_date '31/02/2014' is not a date (DD/MM/YYYY)",
        "view_cabinet.csv:10: unknown party id 7999 (not in party.csv)",
        "view_cabinet.csv:11: cabinet_party 'yes' is not a number",
    ]
    assert report.skipped == 4 and report.read == {"party.csv": 3, "election.csv": 6, "view_cabinet.csv": 10}
    assert len([f for f in history(tmp_path / "world-data") if f["type"] == "role"]) == 3  # the good cabinets are all there

    pf = partyfacts_folder(
        tmp_path / "pf", [core_row(301, "KST", "", "Bad Year Party", "", year_first="c. 1950"), core_row(302, "KST", "", "x", "", partyfacts_id="abc")]
    )
    report = import_partyfacts(pf, tmp_path, DAY)
    assert report.problems == ["partyfacts-core-parties.csv:7: year_first 'c. 1950' is not a year", "partyfacts-core-parties.csv:8: partyfacts_id 'abc' is not a number"]
    assert "pf-101" in entities(tmp_path / "world-data", "partyfacts.jsonl")


def test_a_missing_file_or_column_exits_1_and_leaves_the_previous_pack_untouched(tmp_path: Path) -> None:
    runner = CliRunner()
    out = tmp_path / "packs"
    assert runner.invoke(app, ["packs", "import", "partyfacts", str(partyfacts_folder(tmp_path)), "--to", str(out)]).exit_code == 0
    assert runner.invoke(app, ["packs", "import", "parlgov", str(parlgov_folder(tmp_path)), "--to", str(out)]).exit_code == 0
    before = snapshot(out / "world-data")

    broken = tmp_path / "broken"
    write_csv(broken / "partyfacts-core-parties.csv", "country,partyfacts_id,name_short", [{"country": "KST", "partyfacts_id": 1, "name_short": "KLP"}])
    result = runner.invoke(app, ["packs", "import", "partyfacts", str(broken), "--to", str(out)])
    assert result.exit_code == 1 and "missing column(s) name" in result.output and "not changed" in result.output
    result = runner.invoke(app, ["packs", "import", "parlgov", str(tmp_path / "nowhere"), "--to", str(out)])
    assert result.exit_code == 1 and "no such file or folder" in result.output
    (tmp_path / "parlgov" / "view_cabinet.csv").unlink()
    result = runner.invoke(app, ["packs", "import", "parlgov", str(tmp_path / "parlgov"), "--to", str(out)])
    assert result.exit_code == 1 and "view_cabinet.csv" in result.output
    assert snapshot(out / "world-data") == before
    assert [p.name for p in out.iterdir()] == ["world-data"]  # no staging folder left behind
    with pytest.raises(ImportFailure, match="no such file"):
        import_partyfacts(tmp_path / "parlgov", out, DAY)


def test_a_failure_while_moving_files_in_puts_the_old_files_back(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import politograph.packs.importers as importers

    import_partyfacts(partyfacts_folder(tmp_path), tmp_path, DAY)
    before = snapshot(tmp_path / "world-data")
    real_replace = importers.os.replace

    def failing(source: Path, target: Path) -> None:
        if Path(target).name == "pack.yaml" and "importing" in str(source):
            raise OSError("disk full")
        real_replace(source, target)

    monkeypatch.setattr(importers.os, "replace", failing)
    with pytest.raises(OSError, match="disk full"):
        import_partyfacts(partyfacts_folder(tmp_path, [core_row(301, "KST", "KNP", "Kestrian New Party", "Kestrian New Party")]), tmp_path, DAY)
    assert snapshot(tmp_path / "world-data") == before


def test_reimport_replaces_its_own_files_and_pack_yaml_records_both_sources(tmp_path: Path) -> None:
    import_partyfacts(partyfacts_folder(tmp_path), tmp_path, DAY)
    import_parlgov(parlgov_folder(tmp_path), tmp_path, DAY)
    folder = tmp_path / "world-data"
    parlgov_files = {name: (folder / name).read_bytes() for name in ("parlgov-entities.jsonl", "parlgov-history.jsonl")}
    import_partyfacts(partyfacts_folder(tmp_path / "again", [core_row(301, "KST", "KNP", "Kestrian New Party", "Kestrian New Party")]), tmp_path, DAY)
    assert set(entities(folder, "partyfacts.jsonl")) == {"pf-101", "pf-102", "pf-103", "pf-201", "pf-301"}
    assert {name: (folder / name).read_bytes() for name in parlgov_files} == parlgov_files
    meta = yaml.safe_load((folder / "pack.yaml").read_text(encoding="utf-8"))
    assert meta["name"] == "world-data" and meta["kind"] == "imported" and meta["country"] == "" and meta["as_of"] == "2026-12-01"
    assert meta["entity_files"] == ["partyfacts.jsonl", "parlgov-entities.jsonl"] and meta["history_files"] == ["parlgov-history.jsonl"]
    partyfacts, parlgov = meta["sources"]["partyfacts"], meta["sources"]["parlgov"]
    assert partyfacts["title"] == "Party Facts (Döring & Regel)" and partyfacts["rows"] == 5 and partyfacts["version"] == "2021-03-04"
    assert set(partyfacts["files"]) == {"partyfacts-core-parties.csv", "wikipedia.csv", "wikidata.csv", "parlgov.csv"}
    assert all(len(digest) == 12 for digest in partyfacts["files"].values())
    assert parlgov["title"] == "ParlGov (Döring & Manow)" and parlgov["version"] == "2024-08-16" and parlgov["imported"] == "2026-12-01"
    assert set(parlgov["files"]) == {"party.csv", "election.csv", "view_cabinet.csv"}


def test_the_pack_loads_like_a_shipped_pack(tmp_path: Path) -> None:
    from politograph.packs import load_pack

    import_partyfacts(partyfacts_folder(tmp_path), tmp_path, DAY)
    import_parlgov(parlgov_folder(tmp_path), tmp_path, DAY)
    pack = load_pack(tmp_path / "world-data")
    assert pack.name == "world-data" and len(pack.entities) == 4 + 5
    assert len(pack.history[0][1]) == len(history(tmp_path / "world-data"))


def test_default_folder_and_the_list_command(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("POLITOGRAPH_HOME", str(tmp_path / "home"))
    assert pack_folder() == tmp_path / "home" / "packs" / "world-data"
    runner = CliRunner()
    result = runner.invoke(app, ["packs", "import", "parlgov", str(parlgov_folder(tmp_path) / "party.csv"), "--json"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.output)["written"]["parlgov-entities.jsonl"] == 5
    result = runner.invoke(app, ["packs", "list", "--json"])
    assert result.exit_code == 0, result.output
    listed = {p["name"]: p for p in json.loads(result.output)}
    assert listed["world-data"]["kind"] == "imported" and listed["world-data"]["entities"] == 5 and listed["world-data"]["facts"] == len(history(pack_folder()))
    assert listed["world-data"]["version"] == "parlgov 2024-08-16"
    assert listed["japan"]["entities"] > 0 and listed["japan"]["source"] == "politograph"
    assert runner.invoke(app, ["packs", "list"]).exit_code == 0


@pytest.mark.skipif(not (REAL_DATA / "partyfacts" / "partyfacts-core-parties.csv").is_file(), reason="the reference datasets are not here")
def test_the_real_party_facts_and_parlgov_files_import_in_reasonable_time(tmp_path: Path) -> None:
    started = time.perf_counter()
    partyfacts = import_partyfacts(REAL_DATA / "partyfacts", tmp_path, DAY)
    parlgov = import_parlgov(REAL_DATA / "parlgov", tmp_path, DAY)
    seconds = time.perf_counter() - started
    print(f"Party Facts {partyfacts.seconds:.1f} s, ParlGov {parlgov.seconds:.1f} s, together {seconds:.1f} s")
    assert partyfacts.written["partyfacts.jsonl"] >= 5000
    facts = history(tmp_path / "world-data")
    assert len({f["scope"] for f in facts if f["type"] == "seats"}) >= 37
    assert {f["type"] for f in facts} == {"seats", "coalition", "role", "member"}
    assert seconds < 120
