"""`politograph train` end to end on a small slice of the corpus: models written, loadable, the same twice."""

from __future__ import annotations

import shutil
from pathlib import Path

from typer.testing import CliRunner

from politograph.cli import app
from politograph.extract.learned import NONE, LearnedModels
from politograph.train import DEFAULT_THRESHOLD, train

CORPUS = Path(__file__).resolve().parent.parent / "corpus" / "parts"


def _slice(root: Path, documents: int = 6) -> Path:
    """The first documents of two parts, as a corpus of its own."""
    for part in ("p3", "p8"):
        target = root / part
        target.mkdir(parents=True)
        ids = set()
        lines = (CORPUS / part / "docs.jsonl").read_text(encoding="utf-8").splitlines()[:documents]
        (target / "docs.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
        for line in lines:
            ids.add(line.split('"id": "', 1)[1].split('"', 1)[0])
        for name in ("entities.jsonl", "facts.jsonl"):
            kept = [line for line in (CORPUS / part / name).read_text(encoding="utf-8").splitlines() if line.split('"doc": "', 1)[1].split('"', 1)[0] in ids]
            (target / name).write_text("\n".join(kept) + "\n", encoding="utf-8")
    return root


def test_training_writes_models_that_load_and_score_the_held_out_split(tmp_path: Path) -> None:
    corpus = _slice(tmp_path / "corpus")
    result = train(corpus, tmp_path / "model", ner_epochs=2)
    assert (result.train_documents, result.held_out_documents) == (10, 2)  # numbers 5 of each part are held out
    models = LearnedModels.load(tmp_path / "model")
    assert models is not None and models.verifier is not None
    assert NONE in models.relations.classes and models.threshold == DEFAULT_THRESHOLD
    assert (tmp_path / "model" / "political_ner" / "config.cfg").exists()
    assert result.before is not None and result.after is not None and result.after.overall.gold > 0

    again = train(corpus, tmp_path / "again", ner_epochs=2, evaluate=False)
    assert again.models.relations.classes == models.relations.classes
    for name in ("relations.npz", "verifier.npz", "political_ner/ner/model"):
        assert (tmp_path / "model" / name).read_bytes() == (tmp_path / "again" / name).read_bytes(), name

    ner = (tmp_path / "again" / "political_ner" / "ner" / "model").read_bytes()
    kept = train(corpus, tmp_path / "again", evaluate=False, keep_ner=True)  # the classifier and verifier refit, the NER left as it is
    assert kept.models.relations.classes == models.relations.classes
    assert (tmp_path / "again" / "political_ner" / "ner" / "model").read_bytes() == ner
    refused = CliRunner().invoke(app, ["train", str(corpus), "--out", str(tmp_path / "none"), "--keep-ner", "--no-eval"])
    assert refused.exit_code == 1 and "no trained NER to keep" in refused.output


def test_a_corpus_with_problems_is_not_trained_on(tmp_path: Path) -> None:
    corpus = _slice(tmp_path / "corpus", documents=2)
    facts = corpus / "p3" / "facts.jsonl"
    facts.write_text(facts.read_text(encoding="utf-8").replace('"evidence": "', '"evidence": "Not in the text: ', 1), encoding="utf-8")
    result = CliRunner().invoke(app, ["train", str(corpus), "--out", str(tmp_path / "model")])
    assert result.exit_code == 1
    assert "problem(s)" in result.output and "politograph corpus check" in result.output
    assert not (tmp_path / "model").exists()
    shutil.rmtree(corpus)


def test_the_verifier_counts_a_reading_that_leaves_an_optional_end_unsaid_as_right() -> None:
    from politograph.train.relations import verified_right

    gold = [
        {"type": "split", "subject": "Harbour Union", "object": "Coastal Front", "role": None, "value": None},
        {"type": "merger", "subject": "Harbour Union", "object": "Civic Party", "role": None, "value": None},
    ]
    aliases = {"harbour union": {"harbour union"}, "coastal front": {"coastal front"}, "civic party": {"civic party"}}

    def reading(kind: str, subject: str | None, other: str | None) -> dict[str, object]:
        return {"type": kind, "subject": subject, "object": other, "role": None, "value": None, "polarity": None}

    assert verified_right(reading("split", "Harbour Union", None), gold, aliases)  # "the Harbour Union split": right, told with less
    assert verified_right(reading("split", "Harbour Union", "Coastal Front"), gold, aliases)
    assert not verified_right(reading("split", "Harbour Union", "Civic Party"), gold, aliases)  # a wrong group is still wrong
    assert not verified_right(reading("split", "Civic Party", None), gold, aliases)
    assert not verified_right(reading("merger", "Harbour Union", None), gold, aliases)  # a merger's other side is never optional
