"""The corpus validator on inputs written to break it, and the project's own corpus passing it."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from politograph.cli import app
from politograph.eval.corpus import check_corpus, corpus_folders

CORPUS = Path(__file__).resolve().parent.parent / "corpus"
TEXT = "Tarvo, Estland — Unity Party leader Ivo Saar met Jan Moor of the Farmers' League on Monday. Saar's party ruled out a merger."


def _write(folder: Path, docs: list[dict], entities: list[dict], facts: list[dict]) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for name, records in (("docs", docs), ("entities", entities), ("facts", facts)):
        (folder / f"{name}.jsonl").write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    return folder


def _good() -> tuple[list[dict], list[dict], list[dict]]:
    docs = [{"id": "t-001", "published": "2014-03-05", "source": "Test Wire", "text": TEXT}]
    entities = [
        {"doc": "t-001", "name": "Unity Party", "type": "PARTY", "aliases": ["Unity Party"]},
        {"doc": "t-001", "name": "Ivo Saar", "type": "PERSON", "aliases": ["Ivo Saar", "Saar"]},
        {"doc": "t-001", "name": "Jan Moor", "type": "PERSON", "aliases": ["Jan Moor"]},
        {"doc": "t-001", "name": "Farmers' League", "type": "PARTY", "aliases": ["Farmers' League"]},
        {"doc": "t-001", "name": "Tarvo", "type": "PLACE", "aliases": ["Tarvo"]},
    ]
    base = {"doc": "t-001", "role": None, "value": None, "qualifier": None, "start": None, "end": None, "when": "2014-03-03", "modality": "asserted"}
    meeting = "Unity Party leader Ivo Saar met Jan Moor of the Farmers' League on Monday."
    facts = [
        {**base, "type": "role", "subject": "Ivo Saar", "object": "Unity Party", "role": "leader", "evidence": meeting},
        {**base, "type": "meeting", "subject": "Ivo Saar", "object": "Jan Moor", "evidence": meeting},
        {**base, "type": "merger", "subject": "Unity Party", "object": "Farmers' League", "modality": "negated", "evidence": "Saar's party ruled out a merger."},
    ]
    return docs, entities, facts


def test_a_good_folder_passes_and_is_counted(tmp_path: Path) -> None:
    report = check_corpus(_write(tmp_path / "good", *_good()))
    assert report.ok, report.problems
    assert report.documents == 1
    assert report.facts == {"role": 1, "meeting": 1, "merger": 1}
    assert report.modalities == {"asserted": 2, "negated": 1}


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (lambda d, e, f: f[0].update(evidence="Ivo Saar leads the Unity Party."), "facts.jsonl:1: evidence is not in the text of t-001"),
        (lambda d, e, f: e[2].update(aliases=["Jan Moor", "Janek Moor"]), "entities.jsonl:3: alias(es) of 'Jan Moor' not in the text of t-001: 'Janek Moor'"),
        (lambda d, e, f: e[2].update(aliases=["Janek Moor"]), "entities.jsonl:3: 'Jan Moor' has no alias in the text of t-001"),
        (lambda d, e, f: f[1].update(confidence_score=0.3), "facts.jsonl:2: field(s) not in FORMAT.md: confidence_score"),
        (lambda d, e, f: e[0].update(wikidata="Q1"), "entities.jsonl:1: field(s) not in FORMAT.md: wikidata"),
        (lambda d, e, f: f[0].update(role="chairman"), "facts.jsonl:1: role 'chairman' is not one of leader"),
        (lambda d, e, f: f[1].update(modality="reported"), "facts.jsonl:2: modality 'reported' is not one of asserted"),
        (lambda d, e, f: f[1].update(when="2014-02-30"), "facts.jsonl:2: when '2014-02-30' is not a FORMAT.md time value"),
        (lambda d, e, f: f[1].update(object="Unity Party"), "facts.jsonl:2: object of a meeting fact is 'Unity Party' (PARTY), which should be PERSON"),
        (lambda d, e, f: f[0].update(object="Estland Greens"), "facts.jsonl:1: object 'Estland Greens' is not an entity of t-001"),
        (lambda d, e, f: f.append({**f[0], "type": "seats", "value": "many", "qualifier": "exact"}), "facts.jsonl:4: seats need an integer value, not 'many'"),
        (lambda d, e, f: f.append({**f[0], "type": "endorsement"}), "facts.jsonl:4: fact type 'endorsement' is not one of FORMAT.md's"),
        (lambda d, e, f: e.append({"doc": "t-001", "name": "Tarvo", "type": "CITY", "aliases": ["Tarvo"]}), "entities.jsonl:6: 'Tarvo' has type 'CITY'"),
        (lambda d, e, f: d.append(dict(d[0])), "docs.jsonl:2: document id 't-001' used twice"),
        (lambda d, e, f: d[0].update(published="2014-13-45"), "docs.jsonl:1: published '2014-13-45' is not a YYYY-MM-DD date"),
        (lambda d, e, f: f.append({**f[0], "doc": "t-999"}), "facts.jsonl:4: fact of unknown document 't-999'"),
    ],
)
def test_each_bad_input_is_named_with_its_file_and_line(tmp_path: Path, change, expected: str) -> None:
    docs, entities, facts = _good()
    change(docs, entities, facts)
    report = check_corpus(_write(tmp_path / "bad", docs, entities, facts))
    assert any(expected in problem for problem in report.problems), report.problems


def test_a_broken_line_is_reported_and_the_rest_still_checked(tmp_path: Path) -> None:
    folder = _write(tmp_path / "broken", *_good())
    with (folder / "facts.jsonl").open("a", encoding="utf-8") as handle:
        handle.write('{"doc": "t-001", "type": \n')
    report = check_corpus(folder)
    assert any("facts.jsonl:4: broken JSON" in p for p in report.problems)
    assert report.facts["role"] == 1


def test_a_missing_file_is_a_problem(tmp_path: Path) -> None:
    folder = _write(tmp_path / "partial", *_good())
    (folder / "entities.jsonl").unlink()
    assert any("entities.jsonl: no such file" in p for p in check_corpus(folder).problems)


def test_the_command_exits_1_and_names_the_problem(tmp_path: Path) -> None:
    docs, entities, facts = _good()
    facts[0]["evidence"] = "Not in the text."
    _write(tmp_path / "cli" / "part", docs, entities, facts)
    result = CliRunner().invoke(app, ["corpus", "check", str(tmp_path / "cli")])
    assert result.exit_code == 1
    assert "facts.jsonl:1: evidence is not in the text of t-001" in result.output


def test_the_projects_corpus_passes_the_check() -> None:
    folders = corpus_folders(CORPUS)
    assert folders, "corpus/ has no parts"
    for folder in folders:
        report = check_corpus(folder)
        assert report.ok, f"{folder}: {report.problems[:5]}"


def test_the_corpus_is_as_large_and_as_varied_as_promised() -> None:
    """corpus/README.md's promise: 400 documents, 3,000 facts, every type 80 times, every modality 100."""
    from collections import Counter

    from politograph.model import FACT_TYPES, Modality

    documents, facts, modalities = 0, Counter[str](), Counter[str]()
    for folder in corpus_folders(CORPUS):
        report = check_corpus(folder)
        documents += report.documents
        facts.update(report.facts)
        modalities.update(report.modalities)
    assert documents >= 400 and sum(facts.values()) >= 3000
    assert {kind: facts[kind] for kind in FACT_TYPES if facts[kind] < 80} == {}
    assert {m.value: modalities[m.value] for m in Modality if modalities[m.value] < 100} == {}
