"""Exports a data desk can cite: Popolo with sources, place posts, tenure and ids; GraphML evidence; facts CSV; file modes.

The store holds articles about an invented country, Veldra, with the
findings its extractors would read (saved through `Store.save_many`, as
ingest saves them), and a small country pack written for the test that
gives one party a Party Facts and a Wikidata id.  The Popolo document is
checked against the required structure of the Popolo JSON schemas, written
out below as JSON Schema and validated with `jsonschema`.
"""

from __future__ import annotations

import csv
import json
import os
import stat
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import networkx as nx
import pytest
from typer.testing import CliRunner

from builders import told
from politograph.cli import app
from politograph.export.atomic import make_folder
from politograph.export.junk import LOW_CONFIDENCE, Support, is_junk
from politograph.export.popolo import popolo
from politograph.model import Document, Entity, Fact, Mention, TimeValue
from politograph.store.repository import DocumentResult, Store

jsonschema = pytest.importorskip("jsonschema")

# --------------------------------------------------------------------------- the Popolo schemas' required structure

DATE = r"^[0-9]{4}(-[0-9]{2}){0,2}$"
SOURCES = {
    "type": "array",
    "minItems": 1,
    "items": {"type": "object", "required": ["url", "note"], "properties": {"url": {"type": "string", "minLength": 1}, "note": {"type": "string"}}},
}
IDENTIFIER = {"type": "object", "required": ["scheme", "identifier"], "properties": {"scheme": {"type": "string"}, "identifier": {"type": "string"}}}
IDENTIFIERS = {"type": "array", "items": IDENTIFIER}
OTHER_NAMES = {"type": "array", "items": {"type": "object", "required": ["name"]}}
PERSON = {
    "type": "object",
    "required": ["id", "name", "sources"],
    "properties": {"id": {"type": "string"}, "name": {"type": "string"}, "identifiers": IDENTIFIERS, "other_names": OTHER_NAMES, "sources": SOURCES},
}
ORGANIZATION = {
    "type": "object",
    "required": ["id", "name", "classification", "sources"],
    "properties": {
        "id": {"type": "string"},
        "name": {"type": "string"},
        "classification": {"type": "string"},
        "identifiers": IDENTIFIERS,
        "founding_date": {"type": "string", "pattern": DATE},
        "dissolution_date": {"type": "string", "pattern": DATE},
        "sources": SOURCES,
    },
}
MEMBERSHIP = {
    "type": "object",
    "required": ["person_id", "organization_id", "sources"],
    "properties": {
        "person_id": {"type": "string"},
        "organization_id": {"type": "string"},
        "post_id": {"type": "string"},
        "start_date": {"type": "string", "pattern": DATE},
        "end_date": {"type": "string", "pattern": DATE},
        "sources": SOURCES,
    },
}
PLACE_ROLES = ["prime-minister", "governor", "mayor"]
POST = {
    "type": "object",
    "required": ["id", "label", "organization_id", "sources"],
    "properties": {"id": {"type": "string"}, "label": {"type": "string"}, "organization_id": {"type": "string"}, "area_id": {"type": "string"}, "sources": SOURCES},
    "if": {"properties": {"role": {"enum": PLACE_ROLES}}, "required": ["role"]},
    "then": {"required": ["area_id"]},  # a head of government, a governor or a mayor holds a post of a place
}
AREA = {
    "type": "object",
    "required": ["id", "name", "sources"],
    "properties": {"id": {"type": "string"}, "name": {"type": "string"}, "identifiers": IDENTIFIERS, "sources": SOURCES},
}
POPOLO = {
    "type": "object",
    "required": ["persons", "organizations", "memberships", "posts", "areas"],
    "properties": {
        "persons": {"type": "array", "items": PERSON},
        "organizations": {"type": "array", "items": ORGANIZATION},
        "memberships": {"type": "array", "items": MEMBERSHIP},
        "posts": {"type": "array", "items": POST},
        "areas": {"type": "array", "items": AREA},
    },
}

# --------------------------------------------------------------------------- the store

TYPES = {
    "Veldra": "PLACE",
    "Port Vell": "PLACE",
    "Sun Party": "PARTY",
    "Moon Party": "PARTY",
    "Star Party": "PARTY",
    "Rock Party": "PARTY",
    "Party": "PARTY",
    "Port Vell City Government": "GOV_BODY",
}
HERALD, POST_OUTLET = "Veldra Herald", "Evening Post"


def fact(kind: str, subject: str, obj: str | None = None, when: str | None = None, **fields: object) -> Fact:
    """A finding as an extractor hands it over; `start`/`end` are FORMAT.md time values."""
    times = {name: TimeValue(str(fields.pop(name))) for name in ("start", "end") if fields.get(name)}
    found = Fact(kind, subject, obj, when=TimeValue(when) if when else None, **times, **fields)  # type: ignore[arg-type]
    found.subject_type = TYPES.get(subject, "PERSON")
    found.object_type = TYPES.get(obj, "PERSON") if obj else None
    return found


def article(doc_id: str, published: str, source: str, *found: Fact, url: str | None = None, extra: tuple[str, ...] = ()) -> DocumentResult:
    """An article whose text is one sentence per finding, each finding's evidence its own sentence."""
    text = told(doc_id, found, lambda item: f"{item.subject} {item.type} {item.object or item.result or item.value or ''} in {doc_id}.")
    names = {n for item in found for n in (item.subject, item.object, item.result) if n} | set(extra)
    known = [Entity(n, TYPES.get(n, "PERSON"), pack_id="veldra:sun" if n == "Sun Party" else None) for n in sorted(names)]
    text = text
    spans = []  # the names only mentioned: "X was there."
    for name in extra:
        text += f" {name} was there."
        spans.append(Mention(doc_id, len(text) - len(name) - len(" was there."), len(text) - len(" was there."), name, TYPES.get(name, "PERSON")))
        spans[-1].entity = next(e for e in known if e.name == name)
    return DocumentResult(Document(doc_id, text, date.fromisoformat(published), source, url), known, spans, list(found))


def articles() -> list[DocumentResult]:
    """The archive, built afresh for each store (saving fills in what resolution found)."""
    return [
        article(
            "v-01",
            "2019-02-01",
            HERALD,
            fact("role", "Ada Roan", "Sun Party", "2019-02-01", role="leader"),
            fact("role", "Ada Roan", "Veldra", "2019-02-01", role="prime-minister"),
            fact("member", "Ada Roan", "Sun Party", "2019-02-01"),
            url="https://herald.example/v-01",
        ),
        article("v-02", "2019-05-10", HERALD, fact("role", "Ada Roan", "Sun Party", "2019-05-10", role="leader")),  # a later report, inside the term
        # the successor took over on the 15th; the article is of the 20th
        article("v-03", "2019-09-20", POST_OUTLET, fact("role", "Bo Kest", "Sun Party", "2019-09-15", role="leader", start="2019-09-15"), url="https://post.example/3"),
        article("v-04", "2020-01-05", POST_OUTLET, fact("role", "Cai Dorn", "Port Vell", "2020-01-05", role="mayor"), extra=("Port Vell City Government",)),
        article("v-05", "2020-02-01", HERALD, fact("merger", "Sun Party", "Moon Party", "2020-02-01", result="Star Party"), url="https://herald.example/v-05"),
        article("v-06", "2020-03-01", HERALD, fact("coalition", "Star Party", "Rock Party", "2020-03-01", confidence=0.8), url="https://herald.example/v-06"),
        article(  # no URL: cited by its id
            "v-07", "2020-04-01", HERALD, fact("coalition", "Rock Party", "Star Party", "2020-04-01", confidence=0.6), extra=("Port Vell City Government",)
        ),
        # reading noise: a bare "Party", a name met once with nothing said of it, a post read with little confidence
        article(
            "v-08",
            "2020-05-01",
            POST_OUTLET,
            fact("seats", "Party", None, "2020-05-01", value=3, qualifier="exact", confidence=0.9),
            fact("role", "Dim Shade", "Rock Party", "2020-05-01", role="leader", confidence=0.3),
            extra=("Lone Figure",),
        ),
    ]


PACK_YAML = "name: veldra\ncountry: Veldra\niso3: VLD\nmarkers: [Veldra]\nentity_files: [entities.yaml]\n"
ENTITIES_YAML = "parties:\n  - {id: sun, name: Sun Party, aliases: [SP], ids: {partyfacts: 9101, wikidata: Q4242}}\nplaces:\n  - {id: veldra, name: Veldra}\n"


def build(folder: Path) -> Store:
    """A store of the archive in `folder`, resolving against a one-party country pack written there."""
    pack = folder / "veldra"
    pack.mkdir()
    (pack / "pack.yaml").write_text(PACK_YAML, encoding="utf-8")
    (pack / "entities.yaml").write_text(ENTITIES_YAML, encoding="utf-8")
    store = Store(f"sqlite:///{folder / 'kb.db'}", packs=(str(pack),))
    assert all(store.save_many(articles()))
    return store


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Store]:
    built = build(tmp_path_factory.mktemp("veldra"))
    yield built
    built.close()


@pytest.fixture(scope="module")
def document(store: Store) -> dict[str, list[dict[str, object]]]:
    return popolo(store)


def named(items: list[dict[str, object]], name: str) -> dict[str, object]:
    [found] = [i for i in items if i.get("name") == name]
    return found


def export(store: Store, target: Path, *options: str) -> None:
    packs = ",".join(store.pack_choice or ())
    result = CliRunner().invoke(app, ["export", str(target), *options, "--db", store.url], env={"POLITOGRAPH_PACKS": packs})
    assert result.exit_code == 0, result.output


# --------------------------------------------------------------------------- Popolo


def test_popolo_validates_against_the_schemas_required_structure(document: dict[str, list[dict[str, object]]]) -> None:
    jsonschema.validate(document, POPOLO)
    ids = [item["id"] for items in document.values() for item in items if "id" in item]
    assert len(ids) == len(set(ids))  # one id, one item
    orgs = {o["id"] for o in document["organizations"]}
    people = {p["id"] for p in document["persons"]}
    assert all(m["organization_id"] in orgs and m["person_id"] in people for m in document["memberships"])
    assert all(p["organization_id"] in orgs for p in document["posts"])
    assert {p["area_id"] for p in document["posts"] if "area_id" in p} <= {a["id"] for a in document["areas"]}


def test_every_item_cites_its_articles_by_url_outlet_date_and_quote(document: dict[str, list[dict[str, object]]]) -> None:
    for collection in ("persons", "organizations", "memberships", "posts", "areas"):
        assert document[collection] and all(item["sources"] for item in document[collection]), collection
    ada = named(document["persons"], "Ada Roan")
    first = ada["sources"][0]  # type: ignore[index]
    assert first == {"url": "https://herald.example/v-01", "note": HERALD, "date": "2019-02-01", "document": "v-01", "quote": "Ada Roan role Sun Party in v-01."}
    coalition_cited = [s for s in named(document["organizations"], "Rock Party")["sources"] if s["document"] == "v-07"]  # type: ignore[union-attr]
    assert coalition_cited and coalition_cited[0]["url"] == "urn:politograph:document:v-07"  # no URL of its own: named by its id


def test_a_prime_minister_holds_a_post_of_the_place_with_an_area(document: dict[str, list[dict[str, object]]]) -> None:
    [post] = [p for p in document["posts"] if p["role"] == "prime-minister"]
    veldra = named(document["areas"], "Veldra")
    assert post["area_id"] == veldra["id"] and post["label"] == "prime minister of Veldra"
    government = [o for o in document["organizations"] if o["id"] == post["organization_id"]]
    assert government and government[0]["name"] == "Government of Veldra" and government[0]["area_id"] == veldra["id"]
    [term] = [m for m in document["memberships"] if m.get("post_id") == post["id"]]
    assert term["person_id"] == named(document["persons"], "Ada Roan")["id"] and term["area_id"] == veldra["id"]
    [mayor] = [p for p in document["posts"] if p["role"] == "mayor"]
    assert mayor["area_id"] == named(document["areas"], "Port Vell")["id"]
    city = named(document["organizations"], "Port Vell City Government")  # the place's own government body, where the store holds one
    assert mayor["organization_id"] == city["id"] and "Government of Port Vell" not in {o["name"] for o in document["organizations"]}
    assert city["sources"][0]["quote"] == "Port Vell City Government was there."  # type: ignore[index]  # quoted from its mention: no fact names it
    assert named(document["areas"], "Port Vell").get("classification") == "city"


def test_tenure_is_the_terms_first_and_last_day_not_the_report_days(document: dict[str, list[dict[str, object]]]) -> None:
    people = {p["name"]: p["id"] for p in document["persons"]}
    sun = named(document["organizations"], "Sun Party")["id"]
    leaders = {m["person_id"]: m for m in document["memberships"] if m["role"] == "leader" and m["organization_id"] == sun}
    ada, bo = leaders[people["Ada Roan"]], leaders[people["Bo Kest"]]
    assert (ada["start_date"], ada["end_date"]) == ("2019-02-01", "2019-09-15")  # ended by her successor, not on her last report (05-10)
    assert ada["end_reason"] == "successor" and ada["end_source"]["document"] == "v-03"  # type: ignore[index]
    assert bo["start_date"] == "2019-09-15"  # the stated start, not the article's day (09-20)
    assert bo["end_date"] == "2020-02-01" and bo["end_reason"] == "merged"  # the party merged away
    assert {s["document"] for s in ada["sources"]} == {"v-01", "v-02"}  # type: ignore[union-attr]


def test_junk_entities_and_what_names_them_are_left_out(document: dict[str, list[dict[str, object]]]) -> None:
    people = {p["name"] for p in document["persons"]}
    organizations = {o["name"] for o in document["organizations"]}
    assert "Lone Figure" not in people and "Dim Shade" not in people and "Party" not in organizations
    assert {"Ada Roan", "Bo Kest", "Cai Dorn"} <= people and {"Sun Party", "Moon Party", "Star Party", "Rock Party"} <= organizations
    rock = named(document["organizations"], "Rock Party")["id"]
    assert not [m for m in document["memberships"] if m["organization_id"] == rock]  # the low-confidence leader's post went with him


def test_the_junk_rule() -> None:
    assert is_junk(Support(False, 1, None, "Lone Figure"))
    assert is_junk(Support(False, 1, LOW_CONFIDENCE - 0.01, "Dim Shade"))
    assert is_junk(Support(False, 1, 0.95, "the Party"))
    assert not is_junk(Support(False, 1, 0.9, "Kenji Matsuno"))
    assert not is_junk(Support(False, 2, None, "Party"))  # two articles name it
    assert not is_junk(Support(True, 0, None, "Party"))  # a pack knows it


def test_identifiers_carry_the_pack_party_facts_and_wikidata_ids(document: dict[str, list[dict[str, object]]]) -> None:
    ids = {(i["scheme"], i["identifier"]) for i in named(document["organizations"], "Sun Party")["identifiers"]}  # type: ignore[union-attr]
    assert {("politograph-pack", "veldra:sun"), ("partyfacts", "9101"), ("wikidata", "Q4242")} <= ids
    assert ("politograph", "PARTY:moon party") in {(i["scheme"], i["identifier"]) for i in named(document["organizations"], "Moon Party")["identifiers"]}  # type: ignore[union-attr]


def test_the_popolo_command_writes_areas_too(store: Store, tmp_path: Path) -> None:
    export(store, tmp_path / "out" / "kb.json", "-f", "popolo")
    written = json.loads((tmp_path / "out" / "kb.json").read_text(encoding="utf-8"))
    jsonschema.validate(written, POPOLO)


def test_a_flagged_fact_leaves_every_export(tmp_path: Path) -> None:
    from sqlalchemy import select

    from politograph.store.curation import flag_fact
    from politograph.store.schema import facts

    flagged = build(tmp_path)
    try:
        with flagged.connect() as connection:
            successor = connection.execute(select(facts.c.id).where(facts.c.doc_id == "v-03")).scalar_one()
        flag_fact(flagged, successor, note="Bo Kest never led the Sun Party")
        document = popolo(flagged)
        people = {p["name"]: p["id"] for p in document["persons"]}
        assert not [m for m in document["memberships"] if m["person_id"] == people.get("Bo Kest")]
        [ada] = [m for m in document["memberships"] if m["person_id"] == people["Ada Roan"] and m["role"] == "leader"]
        assert (ada["end_date"], ada["end_reason"]) == ("2020-02-01", "merged")  # no successor now: her term runs to the merger
        export(flagged, tmp_path / "csv", "-f", "csv")
        with (tmp_path / "csv" / "facts.csv").open(encoding="utf-8", newline="") as handle:
            assert "v-03" not in {row["doc_id"] for row in csv.DictReader(handle)}
    finally:
        flagged.close()


# --------------------------------------------------------------------------- GraphML


def test_graphml_edges_carry_tenure_modality_confidence_and_evidence(store: Store, tmp_path: Path) -> None:
    export(store, tmp_path / "g.graphml", "-f", "graphml", "--at", "2020-04-15")
    graph = nx.read_graphml(tmp_path / "g.graphml")
    name = {node: data["name"] for node, data in graph.nodes(data=True)}
    [coalition] = [d for a, b, d in graph.edges(data=True) if d["type"] == "coalition"]
    assert coalition["start"] == "2020-03-01" and "end" not in coalition and coalition["modality"] == "asserted"
    assert coalition["confidence"] == pytest.approx(0.8)  # the surest of its reports
    assert (coalition["doc_id"], coalition["source"], coalition["url"]) == ("v-07", HERALD, "")  # the latest report, which has no URL
    assert coalition["sentence"] == "Rock Party coalition Star Party in v-07." and coalition["published"] == "2020-04-01"
    mayor = [d for a, b, d in graph.edges(data=True) if d["type"] == "role" and name[b] == "Port Vell"]
    assert mayor and mayor[0]["url"] == "" and mayor[0]["source"] == POST_OUTLET


def test_a_merger_points_from_each_partner_to_the_party_formed(store: Store, tmp_path: Path) -> None:
    export(store, tmp_path / "g.graphml", "-f", "graphml", "--at", "2020-04-15")
    graph = nx.read_graphml(tmp_path / "g.graphml")
    name = {node: data["name"] for node, data in graph.nodes(data=True)}
    mergers = {(name[a], name[b]): d for a, b, d in graph.edges(data=True) if d["type"] == "merger"}
    assert set(mergers) == {("Sun Party", "Star Party"), ("Moon Party", "Star Party")}
    edge = mergers[("Sun Party", "Star Party")]
    assert (edge["start"], edge["end"], edge["url"], edge["modality"]) == ("2020-02-01", "2020-02-01", "https://herald.example/v-05", "asserted")


# --------------------------------------------------------------------------- the facts CSV


def test_the_facts_csv_carries_source_url_published_and_confidence(store: Store, tmp_path: Path) -> None:
    export(store, tmp_path / "csv", "-f", "csv")
    with (tmp_path / "csv" / "facts.csv").open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert {"source", "url", "published", "confidence", "sentence", "doc_id"} <= set(rows[0])
    [merger] = [r for r in rows if r["type"] == "merger"]
    assert (merger["source"], merger["url"], merger["published"], float(merger["confidence"])) == (HERALD, "https://herald.example/v-05", "2020-02-01", 1.0)
    [late] = [r for r in rows if r["doc_id"] == "v-07"]
    assert late["url"] == "" and float(late["confidence"]) == pytest.approx(0.6)


# --------------------------------------------------------------------------- file modes follow the umask


@pytest.mark.parametrize(("umask", "file_mode", "folder_mode"), [(0o022, 0o644, 0o755), (0o077, 0o600, 0o700)])
def test_exports_are_written_with_the_users_umask(store: Store, tmp_path: Path, umask: int, file_mode: int, folder_mode: int) -> None:
    before = os.umask(umask)
    try:
        export(store, tmp_path / "csv" / "deep", "-f", "csv")
        export(store, tmp_path / "kb.json", "-f", "popolo")
        export(store, tmp_path / "g.graphml", "-f", "graphml", "--at", "2020-04-15")
        export(store, tmp_path / "facts", "-f", "facts")
        make_folder(tmp_path / "made" / "here")
    finally:
        os.umask(before)
    files = [tmp_path / "kb.json", tmp_path / "g.graphml", *(tmp_path / "csv" / "deep").iterdir(), *(tmp_path / "facts").iterdir()]
    assert {oct(stat.S_IMODE(p.stat().st_mode)) for p in files} == {oct(file_mode)}
    folders = [tmp_path / "csv", tmp_path / "csv" / "deep", tmp_path / "facts", tmp_path / "made", tmp_path / "made" / "here"]
    assert {oct(stat.S_IMODE(p.stat().st_mode)) for p in folders} == {oct(folder_mode)}


def test_the_example_corpus_exports_valid_popolo_without_its_reading_noise(examples_url: str) -> None:
    examples = Store(examples_url)
    try:
        document = popolo(examples)
    finally:
        examples.close()
    jsonschema.validate(document, POPOLO)
    assert "Party" not in {o["name"] for o in document["organizations"]}  # "Party president Keiichiro Asao said…"
    # one-word names (Renho; a bare family name resolution left alone) are kept only with a fact read of them at 0.5 or more
    assert all(p["sources"] for p in document["persons"] if " " not in p["name"])
    [pm] = [p for p in document["posts"] if p["label"] == "prime minister of Japan"]
    assert pm["area_id"] == named(document["areas"], "Japan")["id"]
    hashimoto = named(document["persons"], "Toru Hashimoto")
    assert {s["document"] for s in hashimoto["sources"]} >= {"ex-001"}  # type: ignore[union-attr]
