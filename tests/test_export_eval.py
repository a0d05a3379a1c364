"""FORMAT.md export and the scorer on small hand-made gold/prediction pairs."""

import json
from pathlib import Path

from typer.testing import CliRunner

from politograph.cli import app
from politograph.eval.scorer import score

runner = CliRunner()


def write(folder: Path, name: str, rows: list[dict]) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / name).write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")


def fact(doc="d", type="role", subject="Toru Hashimoto", object="Osaka", **extra):
    return {
        "doc": doc,
        "type": type,
        "subject": subject,
        "object": object,
        "role": "mayor",
        "value": None,
        "qualifier": None,
        "start": None,
        "end": None,
        "when": "2014-06-04",
        "modality": "asserted",
        **extra,
    }


GOLD_ENTITIES = [
    {"doc": "d", "name": "Toru Hashimoto", "type": "PERSON", "aliases": ["Hashimoto", "Toru Hashimoto"]},
    {"doc": "d", "name": "Osaka", "type": "PLACE", "aliases": ["Osaka"]},
    {"doc": "d", "name": "Komeito", "type": "PARTY", "aliases": ["Komeito", "New Komeito"]},
]


def test_scorer_matches_aliases_time_precision_and_modality(tmp_path):
    gold, pred = tmp_path / "gold", tmp_path / "pred"
    write(gold, "entities.jsonl", GOLD_ENTITIES)
    write(
        gold,
        "facts.jsonl",
        [
            fact(when="2014-06"),
            fact(type="seats", subject="Komeito", object=None, role=None, value=31, qualifier="exact"),
            fact(type="meeting", subject="Toru Hashimoto", object="Komeito", role=None),
        ],
    )
    write(
        pred,
        "entities.jsonl",
        [
            {"doc": "d", "name": "Hashimoto", "type": "PERSON", "aliases": ["Hashimoto"]},
            {"doc": "d", "name": "Osaka", "type": "LOCAL_GROUP", "aliases": ["Osaka"]},
            {"doc": "d", "name": "Kōmeitō", "type": "PARTY", "aliases": []},
        ],
    )
    write(
        pred,
        "facts.jsonl",
        [
            fact(subject="HASHIMOTO", when="2014-06-19"),  # alias, case, finer time: right
            fact(type="seats", subject="New Komeito", object=None, role=None, value=30, qualifier="exact"),  # wrong value
            fact(type="meeting", subject="Komeito", object="Toru Hashimoto", role=None, modality="planned"),  # symmetric
        ],
    )
    scores = score(gold, pred)
    assert (scores.overall.true_positive, scores.overall.gold, scores.overall.predicted) == (2, 3, 3)
    assert scores.facts["seats"].true_positive == 0
    assert scores.time_accuracy == 1.0 and scores.modality_accuracy == 0.5
    assert (scores.entities.true_positive, scores.entities.gold) == (2, 3)  # Osaka has the wrong type
    assert round(scores.entities.f1, 3) == round(2 / 3, 3)


def test_scorer_accepts_any_value_for_a_null_gold_object(tmp_path):
    gold, pred = tmp_path / "gold", tmp_path / "pred"
    write(gold, "entities.jsonl", GOLD_ENTITIES)
    write(gold, "facts.jsonl", [fact(object=None, role="prime-minister")])
    write(pred, "entities.jsonl", [])
    write(pred, "facts.jsonl", [fact(object="Japan", role="prime-minister")])
    assert score(gold, pred).overall.true_positive == 1


def test_stance_needs_polarity_and_head_noun(tmp_path):
    gold, pred = tmp_path / "gold", tmp_path / "pred"
    write(gold, "entities.jsonl", GOLD_ENTITIES)
    write(gold, "facts.jsonl", [fact(type="stance", object="nuclear power", role=None, polarity="against")])
    write(pred, "entities.jsonl", [])
    write(
        pred,
        "facts.jsonl",
        [fact(type="stance", object="atomic power", role=None, polarity="against"), fact(type="stance", object="nuclear power", role=None, polarity="for")],
    )
    scores = score(gold, pred)
    assert scores.overall.true_positive == 1 and scores.overall.predicted == 2


def test_export_writes_the_facts_format_and_eval_reads_it(tmp_path, db):
    source = tmp_path / "docs.jsonl"
    source.write_text(
        json.dumps({"id": "d", "published": "2014-06-04", "source": "Wire", "text": "Osaka Mayor Toru Hashimoto met Komeito leaders."}) + "\n", encoding="utf-8"
    )
    assert runner.invoke(app, ["ingest", str(source), "--db", db, "--quiet"]).exit_code == 0
    out = tmp_path / "out"
    assert runner.invoke(app, ["export", str(out), "--db", db]).exit_code == 0
    facts = [json.loads(line) for line in (out / "facts.jsonl").read_text().splitlines()]
    entities = [json.loads(line) for line in (out / "entities.jsonl").read_text().splitlines()]
    assert {"doc", "type", "subject", "object", "role", "value", "qualifier", "start", "end", "when", "modality", "evidence"} <= set(facts[0])
    assert ("Toru Hashimoto", "Osaka", "mayor") in {(f["subject"], f["object"], f["role"]) for f in facts}
    assert {"doc": "d", "name": "Komeito", "type": "PARTY", "aliases": ["Komeito"]} in entities
    gold = tmp_path / "gold"
    write(gold, "entities.jsonl", GOLD_ENTITIES)
    write(gold, "facts.jsonl", [fact()])
    result = runner.invoke(app, ["eval", str(gold), str(out)])
    assert result.exit_code == 0 and "all facts" in result.stdout and "entities" in result.stdout
