"""Popolo JSON, CSV per table and GraphML as of a day, on the example corpus."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import networkx as nx
import pytest
from typer.testing import CliRunner

from politograph.cli import app
from politograph.store.repository import Store


@pytest.fixture(scope="module")
def url(examples_url: str) -> str:
    return examples_url


def export(url: str, target: Path, *options: str) -> str:
    result = CliRunner().invoke(app, ["export", str(target), *options, "--db", url])
    assert result.exit_code == 0, result.output
    return result.output


def test_popolo_has_dated_organizations_with_lineage_and_posts(url: str, tmp_path: Path) -> None:
    export(url, tmp_path / "kb.json", "-f", "popolo")
    document = json.loads((tmp_path / "kb.json").read_text(encoding="utf-8"))
    assert set(document) == {"persons", "organizations", "memberships", "posts", "areas"}
    by_name = {o["name"]: o for o in document["organizations"]}
    jip = by_name["Japan Innovation Party"]
    assert (jip["founding_date"], jip["dissolution_date"]) == ("2014-09-21", "2016-03-27")
    assert by_name["Yui no To"]["id"] in jip["predecessor_ids"] and by_name["Democratic Party"]["id"] in jip["successor_ids"]
    person = {p["name"]: p["id"] for p in document["persons"]}
    watanabe = [m for m in document["memberships"] if m["person_id"] == person["Yoshimi Watanabe"] and m["organization_id"] == by_name["Your Party"]["id"]]
    assert any(m["role"] == "leader" and m["start_date"] == "2009-08-08" and m["post_id"] for m in watanabe)
    assert {p["id"] for p in document["posts"]} >= {m["post_id"] for m in document["memberships"] if "post_id" in m}


def test_csv_writes_every_table_with_a_header(url: str, tmp_path: Path) -> None:
    export(url, tmp_path / "csv", "-f", "csv")
    with (tmp_path / "csv" / "facts.csv").open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    counts = Store(url).counts()
    assert len(rows) == counts["facts"] + counts["reference facts"]
    assert {"doc_id", "type", "subject", "sentence", "recorded_at"} <= set(rows[0])
    tables = ("documents", "entities", "aliases", "doc_entities", "mentions", "facts", "decisions", "entity_ids")
    assert {p.name for p in (tmp_path / "csv").iterdir()} == {f"{t}.csv" for t in tables}


def test_graphml_draws_the_relations_that_hold_on_the_day(url: str, tmp_path: Path) -> None:
    export(url, tmp_path / "2014.graphml", "-f", "graphml", "--at", "2014-10-01")
    export(url, tmp_path / "2010.graphml", "-f", "graphml", "--at", "2010-01-01")
    later, earlier = nx.read_graphml(tmp_path / "2014.graphml"), nx.read_graphml(tmp_path / "2010.graphml")
    names = {data["name"] for _, data in later.nodes(data=True)}
    assert {"Japan Innovation Party", "Yui no To"} <= names
    assert "Japan Innovation Party" not in {data["name"] for _, data in earlier.nodes(data=True)}
    assert earlier.number_of_edges() < later.number_of_edges()
    assert all({"type", "since", "reports"} <= set(data) for _, _, data in later.edges(data=True))


def test_the_facts_export_leaves_reference_data_out(url: str, tmp_path: Path) -> None:
    export(url, tmp_path / "facts")
    docs = [json.loads(line)["id"] for line in (tmp_path / "facts" / "docs.jsonl").read_text(encoding="utf-8").splitlines()]
    assert len(docs) == 24 and not any(d.startswith("pack:") for d in docs)


def test_an_unknown_format_is_a_clear_error(url: str, tmp_path: Path) -> None:
    result = CliRunner().invoke(app, ["export", str(tmp_path / "x"), "-f", "xml", "--db", url])
    assert result.exit_code != 0 and "available: facts, popolo, csv, graphml" in result.output + str(result.stderr)
