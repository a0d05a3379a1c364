"""A confidence for each fact the rules read, learned from how often such a reading was right.

The rules for seats, elections, referendums, renames, dissolutions and
stances fire on trigger words; whether a firing is a fact depends on the
sentence around it ("seats" in a sentence about a stadium, "election" in a
sentence about a party's rules).  The verifier is a binary linear model over
the fact's type, fields and the sentence's words, trained on the corpus:
its probability is the fact's confidence, and facts below the threshold are
not stored.
"""

from __future__ import annotations

from spacy.tokens import Doc

from politograph.extract.learned.linear import LinearModel
from politograph.model import Fact

RIGHT = "right"


def fact_features(fact: Fact, doc: Doc) -> dict[str, float]:
    """What the verifier reads of one fact: its type and fields, and its sentence's words."""
    kind = fact.type
    features: dict[str, float] = {"bias": 1.0, f"type={kind}": 1.0, f"modality={kind}|{fact.modality.value}": 1.0}
    features[f"ends={kind}|{fact.subject_type or '-'}|{fact.object_type or ('-' if fact.object is None else 'text')}"] = 1.0
    if fact.role:
        features[f"role={fact.role}"] = 1.0
    if fact.qualifier:
        features[f"qualifier={fact.qualifier}"] = 1.0
    if fact.value is not None:
        features[f"value_size={len(str(fact.value))}"] = 1.0
    if fact.when is not None:
        features[f"when_precision={kind}|{len(fact.when.value)}"] = 1.0
    if fact.former:
        features["former"] = 1.0
    if fact.evidence is not None:
        span = doc.char_span(fact.evidence.start, fact.evidence.end, alignment_mode="expand")
        words = {t.lemma_.lower() for t in span if t.is_alpha and not t.ent_type_} if span is not None else set()
        for word in words:
            features[f"{kind}|w={word}"] = 1.0
        if span is not None:
            features[f"length={min(len(span) // 10, 5)}"] = 1.0
    subject = fact.subject or ""
    features[f"subject_words={kind}|{min(len(subject.split()), 5)}"] = 1.0
    return features


def confidence(model: LinearModel, fact: Fact, doc: Doc) -> float:
    """The verifier's probability that the fact is right."""
    probabilities = model.probabilities(fact_features(fact, doc))
    return float(probabilities[model.classes.index(RIGHT)])
