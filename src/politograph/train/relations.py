"""Training the learned extractor: label every candidate from the gold, fit, calibrate.

A candidate's label is the gold fact it expresses: a pair whose two entities
are a gold fact's subject and object, told in the sentence the gold
evidence is in, takes that fact's type, role word and direction; a person
mention takes the role of a gold post whose holder it is and whose object
the sentence does not name.  Every other candidate is `none`.  So the model
learns from the annotators' whole reading, not from a list of trigger words.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from politograph.eval.scorer import facts_match
from politograph.extract import rule_facts
from politograph.extract.context import ExtractContext
from politograph.extract.learned import NONE, label, read_candidates
from politograph.extract.learned.candidates import PERSON_KIND, SEATS, STANCE, Candidate, Occurrence
from politograph.extract.learned.linear import LinearModel
from politograph.extract.learned.verify import RIGHT, fact_features
from politograph.extract.numbers import parse_number
from politograph.model import SYMMETRIC_FACT_TYPES, Fact, fold_name
from politograph.nlp.pipeline import AnalyzedDoc
from politograph.train.corpus import GoldDocument

PAIR_TYPES = ("member", "role", "alliance", "coalition", "opposition", "merger", "meeting", "portfolio", "split", "founding")
"""Fact types a pair of mentions can state."""
SEED = 13


@dataclass(slots=True)
class Examples:
    """Feature dicts and labels, in the order they were read."""

    features: list[dict[str, float]] = field(default_factory=list)
    labels: list[str] = field(default_factory=list)

    def extend(self, other: Examples) -> None:
        self.features.extend(other.features)
        self.labels.extend(other.labels)


def _evidence_spans(gold: GoldDocument) -> list[tuple[int, int, dict[str, Any]]]:
    text = gold.document.text
    spans = []
    for fact in gold.facts:
        start = text.find(fact["evidence"])
        if start >= 0:
            spans.append((start, start + len(fact["evidence"]), fact))
    return spans


def _names(occurrence: Occurrence) -> set[str]:
    return {fold_name(occurrence.span.text), fold_name(occurrence.entity.name), *(fold_name(a) for a in occurrence.entity.aliases)}


def _is(occurrence: Occurrence, gold_name: str | None, aliases: dict[str, set[str]]) -> bool:
    if gold_name is None:
        return False
    accepted = aliases.get(fold_name(gold_name), {fold_name(gold_name)})
    return bool(_names(occurrence) & accepted)


def _head(text: str | None) -> str:
    words = fold_name(text or "").split()
    return words[-1] if words else ""


def candidate_label(candidate: Candidate, facts: list[dict[str, Any]], aliases: dict[str, set[str]], sentence_occurrences: list[Occurrence]) -> str:
    """The gold class of one candidate (`none` when no gold fact of its sentence is about it)."""
    first, second, target = candidate.first, candidate.second, candidate.target
    mine = [f for f in facts if _is(first, f["subject"], aliases)]
    if candidate.kind == PERSON_KIND:
        for fact in mine:
            if fact["type"] != "role":
                continue
            if fact["object"] is None or not any(_is(o, fact["object"], aliases) for o in sentence_occurrences if o.entity is not first.entity):
                return label("role", fact["role"], PERSON_KIND)
        return NONE
    if candidate.kind == SEATS and target is not None:
        value = parse_number(target.text)
        return next((label("seats", None, SEATS) for f in mine if f["type"] == "seats" and f["value"] == value), NONE)
    if candidate.kind == STANCE and target is not None:
        head = _head(target.text)
        return next((label("stance", f["polarity"], STANCE) for f in mine if f["type"] == "stance" and _head(f["object"]) == head), NONE)
    assert second is not None
    for fact in facts:
        if fact["type"] not in PAIR_TYPES or fact["subject"] is None or fact["object"] is None:
            continue
        forward = _is(first, fact["subject"], aliases) and _is(second, fact["object"], aliases)
        backward = _is(second, fact["subject"], aliases) and _is(first, fact["object"], aliases)
        if not (forward or backward):
            continue
        direction = "=" if fact["type"] in SYMMETRIC_FACT_TYPES else (">" if forward else "<")
        return label(fact["type"], fact.get("role") if fact["type"] == "role" else None, direction)
    return NONE


def document_examples(adoc: AnalyzedDoc, gold: GoldDocument) -> Examples:
    """Every candidate of one analysed document with its gold label."""
    ctx = ExtractContext(adoc)
    found = read_candidates(ctx, rule_facts(ctx))
    aliases = gold.aliases()
    evidence = _evidence_spans(gold)
    examples = Examples()
    by_sentence: dict[int, list[Occurrence]] = {}
    for candidate in found:
        occurrences = by_sentence.setdefault(candidate.sentence.start, [])
        for occurrence in (candidate.first, candidate.second):
            if occurrence is not None and all(o.span.start != occurrence.span.start for o in occurrences):
                occurrences.append(occurrence)
    for candidate in found:
        sentence = candidate.sentence
        facts = [fact for start, end, fact in evidence if start < sentence.end_char and end > sentence.start_char]
        examples.features.append(candidate.features)
        examples.labels.append(candidate_label(candidate, facts, aliases, by_sentence[sentence.start]))
    return examples


def fact_record(fact: Fact) -> dict[str, Any]:
    """The fields the scorer compares, as a FORMAT.md line has them."""
    return {"type": fact.type, "subject": fact.subject, "object": fact.object, "role": fact.role, "value": fact.value, "polarity": fact.polarity}


UNSAID_ENDS = {"split": "object", "founding": "subject", "referendum": "object"}
"""The end FACTS.md lets a fact of each type leave null: the resulting group, the founder, the referendum's place."""


def verified_right(record: dict[str, Any], gold: list[dict[str, Any]], aliases: dict[str, set[str]]) -> bool:
    """Whether a rule's reading states a gold fact: matched as the scorer matches, or told with less.

    "The Harbour Party split on Monday" is right though the gold also names
    the group that left: the rule read the event and left unsaid an end the
    type may leave null.  Labelled wrong, such readings taught the verifier
    that a split without its new group never happens (it scored them 0.14).
    """
    unsaid = UNSAID_ENDS.get(record["type"])
    return any(
        facts_match(g, record, aliases) or (unsaid is not None and record[unsaid] is None and facts_match({**g, unsaid: None}, record, aliases))
        for g in gold
    )


def verifier_examples(adoc: AnalyzedDoc, gold: GoldDocument) -> Examples:
    """The rules' facts, each labelled right or wrong by `verified_right`."""
    ctx = ExtractContext(adoc)
    aliases = gold.aliases()
    examples = Examples()
    for fact in rule_facts(ctx):
        right = verified_right(fact_record(fact), gold.facts, aliases)
        examples.features.append(fact_features(fact, adoc.doc, adoc.entity_at))
        examples.labels.append(RIGHT if right else NONE)
    return examples


def fit(examples: Examples, c: float = 0.5, min_count: int = 2) -> LinearModel:
    """A multinomial logistic regression over the examples' features (scikit-learn, fixed seed).

    `c` was chosen on candidates of the held-out split and dev: 0.5 against 2 and 8 gave the same F1 with
    precision 3 to 4 points higher.
    """
    from sklearn.feature_extraction import DictVectorizer
    from sklearn.linear_model import LogisticRegression

    counts: Counter[str] = Counter(name for features in examples.features for name in features)
    kept = [{k: v for k, v in features.items() if counts[k] >= min_count} for features in examples.features]
    vectorizer = DictVectorizer()
    matrix = vectorizer.fit_transform(kept)
    classifier = LogisticRegression(C=c, max_iter=400, random_state=SEED)
    classifier.fit(matrix, examples.labels)
    classes = [str(c) for c in classifier.classes_]
    if len(classes) > 2:
        weights, bias = classifier.coef_.T, classifier.intercept_
    else:  # a binary fit has one weight row for the second class; the softmax of (-w/2, w/2) is its sigmoid
        weights = np.hstack([-classifier.coef_.T, classifier.coef_.T]) / 2
        bias = np.array([-classifier.intercept_[0], classifier.intercept_[0]]) / 2
    vocabulary = {name: int(k) for name, k in vectorizer.vocabulary_.items()}
    return LinearModel(classes, vocabulary, np.asarray(weights, dtype=np.float32), np.asarray(bias, dtype=np.float32))


def fit_temperature(model: LinearModel, examples: Examples) -> float:
    """The softmax temperature that makes held-out probabilities honest (lowest log loss on a grid)."""
    if not examples.labels:
        return 1.0
    index = {c: k for k, c in enumerate(model.classes)}
    logits = np.array([model.scores(f) for f in examples.features])
    truth = np.array([index.get(y, 0) for y in examples.labels])
    best, best_loss = 1.0, float("inf")
    for temperature in np.arange(0.5, 3.01, 0.1):
        scaled = logits / temperature
        scaled -= scaled.max(axis=1, keepdims=True)
        log_probabilities = scaled - np.log(np.exp(scaled).sum(axis=1, keepdims=True))
        loss = -float(log_probabilities[np.arange(len(truth)), truth].mean())
        if loss < best_loss:
            best, best_loss = float(temperature), loss
    return round(best, 2)


def label_counts(examples: Iterable[str]) -> Counter[str]:
    return Counter(examples)
