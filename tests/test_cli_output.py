"""`--json` and `--csv` on every query command: the API's own records on standard output, for pipes and spreadsheets.

The store holds a few articles about an invented country, Vesterland, with
the findings an extractor would read (leaders, a prime minister, an
election, a coalition and a planned one, a merger, and two outlets that
disagree on one seat count), so each command has something to print.  Each
command's JSON must equal what the API answers for the same question, and
its CSV must parse with a header row and one row per record.
"""

from __future__ import annotations

import csv
import io
import json
from datetime import date
from typing import Any

import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from builders import stored, told
from politograph.api.app import ServerSettings, create_app
from politograph.cli import app
from politograph.model import Document, Entity, Fact, Modality, TimeValue
from politograph.store.repository import DocumentResult

TYPES = {"Vesterland": "PLACE", "Vesterland Diet": "GOV_BODY", "Amber Party": "PARTY", "Teal Alliance": "PARTY", "Violet Front": "PARTY"}
DIET = "Vesterland Diet"
POST, LAMP = "Vester Post", "Evening Lamp"


def fact(kind: str, subject: str, obj: str | None = None, when: str | None = None, **fields: Any) -> Fact:
    """A fact as an extractor would read it (`when` a FORMAT.md time value)."""
    found = Fact(kind, subject, obj, when=TimeValue(when) if when else None, **fields)
    found.subject_type = TYPES.get(subject, "PERSON")
    found.object_type = TYPES.get(obj or "", "PERSON") if obj else None
    return found


def article(doc_id: str, published: str, source: str, *found: Fact) -> DocumentResult:
    """An article whose text is one sentence per fact, each fact's evidence its own sentence."""
    text = told(doc_id, found, lambda item: f"{item.subject} {item.type} {item.object or item.result or item.value or ''} ({item.role or ''}, {doc_id}).")
    names = {n for item in found for n in (item.subject, item.object) if n} | ({DIET} if any(f.scope == DIET for f in found) else set())
    entities = [Entity(name, TYPES.get(name, "PERSON")) for name in sorted(names)]
    return DocumentResult(Document(doc_id, text, date.fromisoformat(published), source, url=f"https://vester.example/{doc_id}"), entities, [], list(found))


def seats(group: str, value: int, when: str, **fields: Any) -> Fact:
    return fact("seats", group, None, when, value=value, qualifier="exact", scope=DIET, **fields)


ARTICLES = [
    article(
        "v-01",
        "2019-02-01",
        POST,
        fact("role", "Ida Rask", "Amber Party", "2019-02-01", role="leader"),
        fact("role", "Tor Beck", "Vesterland", "2019-02-01", role="prime-minister"),
    ),
    article(
        "v-02",
        "2019-03-04",
        POST,
        fact("seats", DIET, None, "2019-03-03", value=100, qualifier="exact"),
        seats("Amber Party", 45, "2019-03-03", won=True),
        seats("Teal Alliance", 35, "2019-03-03", won=True),
        seats("Violet Front", 20, "2019-03-03", won=True),
    ),
    article("v-03", "2019-03-05", LAMP, seats("Violet Front", 21, "2019-03-03", won=True)),  # one count, two outlets: a contradiction
    article("v-04", "2019-03-10", POST, fact("coalition", "Amber Party", "Teal Alliance", "2019-03-10")),
    article("v-05", "2019-06-01", LAMP, fact("coalition", "Teal Alliance", "Violet Front", "2019-09", modality=Modality.PLANNED)),
    article("v-06", "2020-01-15", POST, fact("merger", "Teal Alliance", "Violet Front", "2020-01-15", result="Violet Front")),
]


@pytest.fixture(scope="module")
def url(tmp_path_factory: pytest.TempPathFactory) -> str:
    return stored(f"sqlite:///{tmp_path_factory.mktemp('vesterland') / 'kb.db'}", ARTICLES)


@pytest.fixture(scope="module")
def client(url: str) -> TestClient:
    return TestClient(create_app(ServerSettings(url)))


def run(url: str, *args: str) -> Any:
    return CliRunner().invoke(app, [*args, "--db", url], terminal_width=200)


def entity_id(client: TestClient, name: str) -> int:
    [found] = [e for e in client.get("/api/entities", params={"q": name}).json()["items"] if e["name"] == name]
    return int(found["id"])


# (the command's arguments, the API's path and parameters for the same question, where the CSV's rows are in the JSON)
QUESTIONS: dict[str, tuple[list[str], str, dict[str, Any], str | None]] = {
    "facts": (["facts", "--type", "role", "--limit", "10"], "/api/facts", {"type": "role", "limit": 10}, "items"),
    "facts of an entity": (["facts", "--entity", "Amber Party", "--limit", "5"], "/api/facts", {"entity": "Amber Party", "reference": True, "limit": 5}, "items"),
    "who": (["who", "--role", "leader", "--of", "Amber Party", "--at", "2019-04-01"], "/api/who", {"role": "leader", "of": "Amber Party", "at": "2019-04-01"}, "holders"),
    "timeline": (["timeline", "Amber Party"], "/api/timeline", {"name": "Amber Party"}, None),
    "seats": (["seats", "--chamber", DIET, "--at", "2019-04-01"], "/api/seats", {"chamber": DIET, "at": "2019-04-01"}, "groups"),
    "lineage": (["lineage", "Violet Front"], "/api/lineage", {"name": "Violet Front"}, None),
    "contradictions": (["contradictions", "--all"], "/api/contradictions", {"decided": True}, None),
    "network": (["network", "--at", "2019-04-01", "--limit", "10"], "/api/network", {"at": "2019-04-01", "limit": 10}, "edges"),
    "stats": (["stats"], "/api/stats", {}, None),
}


@pytest.mark.parametrize("question", sorted(QUESTIONS))
def test_json_is_what_the_api_answers(url: str, client: TestClient, question: str) -> None:
    args, path, params, _ = QUESTIONS[question]
    result = run(url, *args, "--json")
    assert result.exit_code == 0, result.output
    printed = json.loads(result.stdout)  # standard output is the one JSON document and nothing else
    answer = client.get(path, params=params)
    assert answer.status_code == 200
    assert printed == answer.json()
    assert printed not in ([], {}, None), "the question should have an answer to compare"


def test_entity_json_is_the_profile_and_timeline_the_api_gives_by_id(url: str, client: TestClient) -> None:
    result = run(url, "entity", "Amber Party", "--json")
    assert result.exit_code == 0, result.output
    printed = json.loads(result.stdout)
    found = entity_id(client, "Amber Party")
    assert printed["entity"] == client.get(f"/api/entities/{found}").json()
    assert printed["timeline"] == client.get(f"/api/entities/{found}/timeline").json() and printed["timeline"]


def _rows(text: str) -> tuple[list[str], list[dict[str, str]]]:
    reader = csv.DictReader(io.StringIO(text))
    return list(reader.fieldnames or []), list(reader)


@pytest.mark.parametrize("question", sorted(QUESTIONS))
def test_csv_has_a_header_and_a_row_per_record(url: str, question: str) -> None:
    args, _, _, key = QUESTIONS[question]
    document = json.loads(run(url, *args, "--json").stdout)
    result = run(url, *args, "--csv")
    assert result.exit_code == 0, result.output
    header, rows = _rows(result.stdout)
    assert header and len(set(header)) == len(header)
    if question == "lineage":  # one row per step of the tree
        assert {r["name"] for r in rows} == {"Teal Alliance"} and rows[0]["direction"] == "predecessor" and rows[0]["party"] == "Violet Front"
    elif question == "stats":
        assert len(rows) == 1 and rows[0]["counts.documents"] == "6"
    else:
        records = document[key] if key else document
        assert len(rows) == len(records) > 0
    if question.startswith("facts"):
        assert [int(r["id"]) for r in rows] == [f["id"] for f in document["items"]]
        assert {"id", "type", "sentence", "source", "url", "published", "confidence"} <= set(header)
        assert rows[0]["url"].startswith("https://vester.example/v-")


def test_the_csv_of_claims_carries_the_first_report_and_its_count(url: str) -> None:
    header, rows = _rows(run(url, "contradictions", "--csv").stdout)
    [conflict] = rows
    assert conflict["kind"] == "seats" and {conflict["first.value"], conflict["second.value"]} == {"20", "21"}
    assert {conflict["first.source"], conflict["second.source"]} == {POST, LAMP} and conflict["first.reports"] == "1"


def test_an_empty_answer_is_still_a_header_row(url: str) -> None:
    result = run(url, "who", "--role", "mayor", "--of", "Amber Party", "--at", "2019-04-01", "--csv")
    assert result.exit_code == 0
    header, rows = _rows(result.stdout)
    assert rows == [] and {"subject", "valid_from", "valid_to", "evidence"} <= set(header)
    facts = run(url, "facts", "--type", "referendum", "--csv")
    assert facts.exit_code == 0 and _rows(facts.stdout) == (_rows(facts.stdout)[0], []) and "sentence" in _rows(facts.stdout)[0]


@pytest.mark.parametrize("args", [["facts"], ["stats"], ["who", "--role", "leader", "--of", "Amber Party", "--at", "2019-04-01"], ["network", "--at", "2019-04-01"]])
def test_json_and_csv_together_is_a_clear_usage_error(url: str, args: list[str]) -> None:
    result = run(url, *args, "--json", "--csv")
    assert result.exit_code == 2 and result.stdout == ""
    [line] = result.stderr.strip().splitlines()
    assert line == "error: --json and --csv: choose one of them"


def test_facts_without_an_entity_by_type_modality_and_dates(url: str, client: TestClient) -> None:
    planned = json.loads(run(url, "facts", "--type", "coalition", "--modality", "planned", "--json").stdout)
    assert [(f["subject"], f["object"], f["modality"]) for f in planned["items"]] == [("Teal Alliance", "Violet Front", "planned")]
    asserted = json.loads(run(url, "facts", "--type", "coalition", "--modality", "asserted", "--json").stdout)
    assert [(f["subject"], f["object"]) for f in asserted["items"]] == [("Amber Party", "Teal Alliance")]
    in_2020 = json.loads(run(url, "facts", "--since", "2020-01-01", "--until", "2020-12-31", "--json").stdout)
    assert [f["type"] for f in in_2020["items"]] == ["merger"]
    api = client.get("/api/facts", params={"from": "2020-01-01", "to": "2020-12-31", "limit": 50}).json()
    assert in_2020 == api
    wrong = run(url, "facts", "--type", "marriage")
    assert wrong.exit_code == 2 and "--type marriage: expected one of" in wrong.stderr
    backwards = run(url, "facts", "--since", "2020-02-01", "--until", "2020-01-01")
    assert backwards.exit_code == 2 and "is after --until" in backwards.stderr


def test_the_facts_table_prints_each_facts_id(url: str) -> None:
    document = json.loads(run(url, "facts", "--type", "seats", "--json").stdout)
    table = run(url, "facts", "--type", "seats")
    assert table.exit_code == 0 and "id" in table.stdout
    for record in document["items"]:
        assert f"│ {record['id']} " in table.stdout


def test_the_limit_keeps_the_first_facts_and_says_how_many_more(url: str) -> None:
    every = json.loads(run(url, "facts", "--json").stdout)
    first = json.loads(run(url, "facts", "--limit", "2", "--json").stdout)
    assert first["total"] == every["total"] > 2 and first["items"] == every["items"][:2] and first["next_cursor"]
    table = run(url, "facts", "--limit", "2")
    assert f"2 of {every['total']} facts" in table.stdout and f"{every['total'] - 2} more" in table.stderr
    assert run(url, "facts", "--limit", "0").exit_code == 2
