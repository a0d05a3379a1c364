"""`politograph train`: rebuild the learned extractor from the project's corpus.

Steps, each deterministic (fixed split, fixed seeds, ordered inputs), so two
runs give the same models and the same scores:

1. read and check the corpus; split it (`train.corpus.is_held_out`);
2. train the political NER on the training split (`train.ner`);
3. parse every training document once with the English pipeline, that NER
   and the rules;
4. label every candidate from the gold; fit the classifier on four fifths of
   the training split, fit its temperature on the last fifth, then refit on
   the whole split with that temperature; the verifier of the rules' other
   facts likewise;
5. score the held-out split through the whole product (ingest into a
   throwaway SQLite store, export, `politograph eval`'s scorer), before
   (rules alone) and after, so the gain is measured, not assumed.
"""

from __future__ import annotations

import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from spacy.language import Language
from spacy.tokens import Doc, Span

from politograph.eval.scorer import Scores, score
from politograph.extract.learned import LearnedModels, use_models, use_shipped_models
from politograph.extract.learned.linear import LinearModel
from politograph.model import Document
from politograph.nlp.pipeline import AnalysisFailure, AnalyzedDoc, analyze, load_nlp
from politograph.progress import Progress, Quiet
from politograph.train.corpus import CorpusError, GoldDocument, doc_number, read_corpus, write_gold
from politograph.train.ner import EPOCHS as NER_EPOCHS
from politograph.train.ner import gold_spans, train_ner
from politograph.train.relations import Examples, document_examples, fit, fit_temperature, verifier_examples

CALIBRATION_REMAINDER = 1
"""Training documents whose number is 1 modulo 5 calibrate the temperatures before the final fit."""
DEFAULT_THRESHOLD = 0.40
"""Least confidence a fact needs to be stored, chosen on the dev set with the models shipped now (thirteen parts):
P 0.81 / R 0.55 / F1 0.655 at 0.40, against 0.76 / 0.56 / 0.64 at 0.35, 0.82 / 0.54 / 0.65 at 0.45 and 0.83 / 0.52 / 0.64
at 0.5 (per-type thresholds chosen on the calibration documents scored lower, in an earlier round)."""
NER_FOLDER = "political_ner"


@dataclass(slots=True)
class TrainResult:
    """What a training run built and how it scored on the held-out split."""

    models: LearnedModels
    folder: Path
    train_documents: int
    held_out_documents: int
    examples: int
    before: Scores | None
    after: Scores | None


def _analysed(nlp: Language, documents: list[GoldDocument], progress: Progress) -> list[tuple[AnalyzedDoc, GoldDocument]]:
    """The documents parsed, with their gold mentions as entity spans: the classifier learns from every fact, not only those the tagger found."""
    by_id = {g.document.id: g for g in documents}
    pairs = []

    def gold_mentions(doc: Doc, document: Document) -> list[Span]:
        return gold_spans(doc, by_id[document.id])

    for adoc in progress.track(analyze([g.document for g in documents], nlp, entity_spans=gold_mentions), "parse", total=len(documents)):
        if not isinstance(adoc, AnalysisFailure):
            pairs.append((adoc, by_id[adoc.document.id]))
    return pairs


def _number(doc_id: str) -> int:
    return doc_number(doc_id) or 0


def _calibrated_fit(pairs: list[tuple[AnalyzedDoc, GoldDocument]], read: Callable[[AnalyzedDoc, GoldDocument], Examples], **meta: object) -> tuple[LinearModel, int]:
    """Fit on four fifths, choose the temperature on the fifth left, refit on all with it."""

    def examples_of(subset: list[tuple[AnalyzedDoc, GoldDocument]]) -> Examples:
        examples = Examples()
        for adoc, gold in subset:
            examples.extend(read(adoc, gold))
        return examples

    calibration = [(a, g) for a, g in pairs if _number(g.document.id) % 5 == CALIBRATION_REMAINDER]
    fitting = [(a, g) for a, g in pairs if _number(g.document.id) % 5 != CALIBRATION_REMAINDER]
    temperature = fit_temperature(fit(examples_of(fitting)), examples_of(calibration)) if calibration and fitting else 1.0
    everything = examples_of(pairs)
    model = fit(everything)
    model.temperature = temperature
    model.meta.update(meta)
    return model, len(everything.labels)


def score_documents(documents: list[GoldDocument], models: LearnedModels | None, political_ner: str) -> Scores:
    """The product's scores on these documents: ingest, export and score, as `politograph eval` does."""
    from politograph.export.facts_format import export_facts
    from politograph.jobs import ingest_documents
    from politograph.store.repository import Store

    use_models(models)
    try:
        with tempfile.TemporaryDirectory() as folder:
            root = Path(folder)
            store = Store(f"sqlite:///{root / 'scoring.db'}")
            try:
                ingest_documents([g.document for g in documents], store, nlp=load_nlp(political_ner=political_ner))
                export_facts(store, root / "pred")
            finally:
                store.close()
            write_gold(documents, root / "gold")
            return score(root / "gold", root / "pred")
    finally:
        use_shipped_models()


def train(
    corpus: Path,
    out: Path,
    progress: Progress | None = None,
    threshold: float = DEFAULT_THRESHOLD,
    evaluate: bool = True,
    ner_epochs: int = NER_EPOCHS,
    keep_ner: bool = False,
) -> TrainResult:
    """Train the NER, the classifier and the verifier on the training split; save them in `out`.

    `keep_ner` keeps a NER already in `out`: the classifier trains on gold
    mentions, so it does not depend on the NER, and a NER retrained on a
    grown corpus is not always better on real text (measured on dev).
    """
    progress = progress or Quiet()
    documents = sorted(read_corpus(corpus), key=lambda g: g.document.id)
    training = [g for g in documents if not g.held_out]
    held_out = [g for g in documents if g.held_out]
    ner_folder = out / NER_FOLDER
    if keep_ner and not (ner_folder / "meta.json").exists():
        raise CorpusError(f"{ner_folder}: no trained NER to keep (train once without --keep-ner)")
    if not keep_ner:
        train_ner(training, ner_folder, progress, epochs=ner_epochs)
    use_models(None)  # candidates carry the rules' findings, never an older model's
    try:
        pairs = _analysed(load_nlp(political_ner="none"), training, progress)
        relations, count = _calibrated_fit(pairs, document_examples, threshold=threshold, train_documents=len(training))
        verifier, _ = _calibrated_fit(pairs, verifier_examples)
    finally:
        use_shipped_models()
    LearnedModels(relations, verifier).save(out)
    models = LearnedModels.load(out)  # scored as shipped: half-precision weights
    assert models is not None
    before = after = None
    if evaluate and held_out:
        before = score_documents(held_out, None, "none")
        after = score_documents(held_out, models, str(ner_folder))
    return TrainResult(models, out, len(training), len(held_out), count, before, after)
