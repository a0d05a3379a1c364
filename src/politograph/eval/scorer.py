"""Scores per FORMAT.md: fact P/R/F1 per type and overall, entity F1, time and modality accuracy.

Gold and prediction are FORMAT.md corpus folders.  Only documents that have
gold are scored.  Names match when the product's string equals any alias of
the same gold entity, folded (case, macrons, punctuation ignored); a gold
`null` subject or object accepts any value.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from politograph.model import SYMMETRIC_FACT_TYPES, TimeValue, fold_name


class EvalError(ValueError):
    """A corpus folder is missing a file or has a broken line; the message says where."""


@dataclass(slots=True)
class Counts:
    true_positive: int = 0
    gold: int = 0
    predicted: int = 0

    @property
    def precision(self) -> float:
        return self.true_positive / self.predicted if self.predicted else 0.0

    @property
    def recall(self) -> float:
        return self.true_positive / self.gold if self.gold else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


@dataclass(slots=True)
class Scores:
    facts: dict[str, Counts] = field(default_factory=lambda: defaultdict(Counts))
    overall: Counts = field(default_factory=Counts)
    entities: Counts = field(default_factory=Counts)
    time_right: int = 0
    modality_right: int = 0
    matched: int = 0
    misses: list[dict[str, Any]] = field(default_factory=list)
    false_alarms: list[dict[str, Any]] = field(default_factory=list)
    confidences: list[tuple[float, bool]] = field(default_factory=list)  # (a predicted fact's confidence, whether it matched)

    @property
    def time_accuracy(self) -> float:
        return self.time_right / self.matched if self.matched else 0.0

    @property
    def modality_accuracy(self) -> float:
        return self.modality_right / self.matched if self.matched else 0.0

    @property
    def brier(self) -> float:
        """Mean squared gap between each predicted fact's confidence and whether it was right (0 is perfect)."""
        if not self.confidences:
            return 0.0
        return sum((c - float(right)) ** 2 for c, right in self.confidences) / len(self.confidences)

    def reliability(self, bins: int = 5) -> list[tuple[float, float, int, float, float]]:
        """Per confidence bin: its bounds, how many facts fell in it, their mean confidence and the share that was right."""
        rows = []
        for k in range(bins):
            low, high = k / bins, (k + 1) / bins
            inside = [(c, r) for c, r in self.confidences if low <= c < high or (k == bins - 1 and c == 1.0)]
            if inside:
                rows.append((low, high, len(inside), sum(c for c, _ in inside) / len(inside), sum(r for _, r in inside) / len(inside)))
        return rows


def read_jsonl(path: Path) -> list[dict[str, Any]]:
    if not path.exists():
        raise EvalError(f"{path}: no such file")
    records = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip():
            continue
        try:
            records.append(json.loads(line))
        except json.JSONDecodeError as exc:
            raise EvalError(f"{path}:{number}: broken JSON ({exc.msg})") from exc
    return records


def _by_doc(records: Iterable[dict[str, Any]]) -> dict[str, list[dict[str, Any]]]:
    grouped: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for record in records:
        grouped[str(record["doc"])].append(record)
    return grouped


def _alias_sets(entities: list[dict[str, Any]]) -> dict[str, set[str]]:
    """Gold entity name -> folded aliases (the name included)."""
    return {fold_name(e["name"]): {fold_name(a) for a in [e["name"], *e.get("aliases", [])]} for e in entities}


def _name_matches(gold: str | None, predicted: str | None, aliases: dict[str, set[str]]) -> bool:
    if gold is None:
        return True
    if predicted is None:
        return False
    accepted = aliases.get(fold_name(gold), {fold_name(gold)})
    return fold_name(predicted) in accepted


def _head_noun(issue: str | None) -> str:
    words = fold_name(issue or "").split()
    return words[-1] if words else ""


def facts_match(gold: dict[str, Any], pred: dict[str, Any], aliases: dict[str, set[str]]) -> bool:
    """Same type, matching subject and object, and the type's key field (FORMAT.md)."""
    if gold["type"] != pred["type"]:
        return False
    if gold["type"] == "stance":  # the issue is free text: compared by head noun below
        pred = {**pred, "object": gold.get("object")}
    ends_match = _name_matches(gold.get("subject"), pred.get("subject"), aliases) and _name_matches(gold.get("object"), pred.get("object"), aliases)
    if not ends_match and gold["type"] in SYMMETRIC_FACT_TYPES:
        ends_match = _name_matches(gold.get("subject"), pred.get("object"), aliases) and _name_matches(gold.get("object"), pred.get("subject"), aliases)
    if not ends_match:
        return False
    kind = gold["type"]
    if kind == "role" and gold.get("role") != pred.get("role"):
        return False
    if kind == "seats" and gold.get("value") != pred.get("value"):
        return False
    if kind == "stance":
        return gold.get("polarity") == pred.get("polarity") and _head_noun(gold.get("object")) == _head_noun(pred.get("object"))
    return True


def time_right(gold: dict[str, Any], pred: dict[str, Any]) -> bool:
    """The product's `when` lies within the gold value's precision (both null also counts)."""
    gold_when, pred_when = gold.get("when"), pred.get("when")
    if gold_when is None or pred_when is None:
        return gold_when is None and pred_when is None
    try:
        return TimeValue(str(pred_when)).within(TimeValue(str(gold_when)))
    except ValueError:
        return False


def _score_entities(gold: list[dict[str, Any]], pred: list[dict[str, Any]], counts: Counts) -> None:
    counts.gold += len(gold)
    counts.predicted += len(pred)
    used: set[int] = set()
    for g in gold:
        accepted = {fold_name(a) for a in [g["name"], *g.get("aliases", [])]}
        for k, p in enumerate(pred):
            if k in used or p.get("type") != g["type"]:
                continue
            if accepted & {fold_name(a) for a in [p["name"], *p.get("aliases", [])]}:
                used.add(k)
                counts.true_positive += 1
                break


def score(gold_dir: Path, pred_dir: Path) -> Scores:
    """Compare a predicted corpus folder with a gold one."""
    gold_facts = _by_doc(read_jsonl(gold_dir / "facts.jsonl"))
    gold_entities = _by_doc(read_jsonl(gold_dir / "entities.jsonl"))
    pred_facts = _by_doc(read_jsonl(pred_dir / "facts.jsonl"))
    pred_entities = _by_doc(read_jsonl(pred_dir / "entities.jsonl"))
    scores = Scores()
    for doc in sorted(set(gold_facts) | set(gold_entities)):
        aliases = _alias_sets(gold_entities.get(doc, []))
        _score_entities(gold_entities.get(doc, []), pred_entities.get(doc, []), scores.entities)
        predicted = pred_facts.get(doc, [])
        used: set[int] = set()
        for fact in predicted:
            scores.facts[fact["type"]].predicted += 1
            scores.overall.predicted += 1
        for gold in gold_facts.get(doc, []):
            scores.facts[gold["type"]].gold += 1
            scores.overall.gold += 1
            candidates = [k for k, p in enumerate(predicted) if k not in used and facts_match(gold, p, aliases)]
            if not candidates:
                scores.misses.append(gold)
                continue
            best = max(candidates, key=lambda k: (time_right(gold, predicted[k]), gold.get("modality") == predicted[k].get("modality")))
            used.add(best)
            scores.facts[gold["type"]].true_positive += 1
            scores.overall.true_positive += 1
            scores.matched += 1
            scores.time_right += time_right(gold, predicted[best])
            scores.modality_right += gold.get("modality") == predicted[best].get("modality")
        scores.false_alarms.extend(p for k, p in enumerate(predicted) if k not in used)
        scores.confidences.extend((float(p.get("confidence", 1.0) or 0.0), k in used) for k, p in enumerate(predicted))
    return scores
