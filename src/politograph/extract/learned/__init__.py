"""The learned extractor: a classifier over mention pairs, persons, counts and issues, and a verifier.

The hand rules stay, as candidate generators and as features: every rule
reading is kept with the verifier's confidence, each candidate carries the
rules' findings about it as `rule=...` features, and the classifier adds
the many readings the rules miss.  Modality and time use the clause readers
every extractor shares, anchored on the word that governs both ends.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace
from functools import lru_cache
from pathlib import Path

import numpy as np

from politograph.extract.actors import agents
from politograph.extract.context import ExtractContext, keep_surer
from politograph.extract.learned.candidates import PAIR, PERSON_KIND, SEATS, STANCE, Candidate, candidates
from politograph.extract.learned.linear import LinearModel
from politograph.extract.learned.verify import confidences as verified
from politograph.extract.numbers import parse_number
from politograph.extract.portfolio import is_chamber_name
from politograph.extract.role import PARTY_ROLES
from politograph.extract.seats import counted_object, qualifier_before, won_at_election
from politograph.extract.stance import stance_modality
from politograph.extract.titles import MEMBERS, ROLES
from politograph.lang import EN
from politograph.lexicon import PACKAGE_DIR, word_set
from politograph.model import GROUP_TYPES, ORGANISATION_TYPES, SYMMETRIC_FACT_TYPES, Entity, Fact, end_allows

MODEL_DIR = PACKAGE_DIR / "models"
NONE = "none"
ENDING_VERBS = "leaving_verbs"
RELATIONS_FILE = "relations.npz"
VERIFIER_FILE = "verifier.npz"


@dataclass(slots=True)
class LearnedModels:
    """The trained extractor: the pair and person classifier, and the verifier of the rules' other facts."""

    relations: LinearModel
    verifier: LinearModel | None = None

    @property
    def threshold(self) -> float:
        """Least confidence a fact needs to be kept (chosen on dev, stored with the model)."""
        return float(self.relations.meta.get("threshold", 0.5))

    def save(self, folder: Path) -> None:
        self.relations.save(folder / RELATIONS_FILE)
        if self.verifier is not None:
            self.verifier.save(folder / VERIFIER_FILE)

    @classmethod
    def load(cls, folder: Path) -> LearnedModels | None:
        if not (folder / RELATIONS_FILE).exists():
            return None
        verifier = folder / VERIFIER_FILE
        return cls(LinearModel.load(folder / RELATIONS_FILE), LinearModel.load(verifier) if verifier.exists() else None)


def label(fact_type: str, role: str | None, direction: str) -> str:
    """A class of the model: the fact type, its role word, and which mention is the subject."""
    return f"{fact_type}|{role or ''}|{direction}"


def parse_label(text: str) -> tuple[str, str | None, str]:
    fact_type, role, direction = text.split("|")
    return fact_type, role or None, direction


_ACTIVE: list[LearnedModels | None] = []


def use_models(models: LearnedModels | Path | None) -> None:
    """Read with these models from now on in this process (a folder, models, or None for rules alone)."""
    _ACTIVE[:] = [LearnedModels.load(models) if isinstance(models, Path) else models]


def use_shipped_models() -> None:
    """Back to the default: the models shipped in the package."""
    _ACTIVE.clear()


def load_models() -> LearnedModels | None:
    """The models chosen by `use_models`, else the ones shipped in the package (None when there are none)."""
    if _ACTIVE:
        return _ACTIVE[0]
    return _shipped_models()


@lru_cache(maxsize=1)
def _shipped_models() -> LearnedModels | None:
    return LearnedModels.load(MODEL_DIR)


def add_rule_features(candidate: Candidate, rules: dict[str, list[Fact]]) -> None:
    """What the hand rules said of this pair, person, count or issue, as features the model weighs."""
    first = candidate.first.entity.name
    said = rules.get(first, [])
    if candidate.kind == PERSON_KIND:
        names = {f"rule={f.type}|{f.role or ''}" for f in said if f.type == "role" and f.object is None}
    elif candidate.kind == SEATS:
        value = parse_number(candidate.target.text) if candidate.target is not None else None
        names = {f"rule=seats|{f.qualifier}" for f in said if f.type == "seats" and f.value == value}
    elif candidate.kind == STANCE:
        head = candidate.target.root.lower_ if candidate.target is not None else ""
        names = {f"rule=stance|{f.polarity}" for f in said if f.type == "stance" and (f.object or "").lower().endswith(head)}
    else:
        assert candidate.second is not None
        second = candidate.second.entity.name
        names = set()
        for subject, obj, direction in ((first, second, ">"), (second, first, "<")):
            for fact in rules.get(subject, []):
                if fact.object == obj:
                    names.add(f"rule={fact.type}|{fact.role or ''}|{'=' if fact.type in SYMMETRIC_FACT_TYPES else direction}")
    for name in names:
        candidate.features[name] = 1.0


def rule_index(facts: Iterable[Fact]) -> dict[str, list[Fact]]:
    """The rules' facts by subject name."""
    index: dict[str, list[Fact]] = {}
    for fact in facts:
        index.setdefault(fact.subject or "", []).append(fact)
    return index


def read_candidates(ctx: ExtractContext, rule_facts: Iterable[Fact], index: dict[str, list[Fact]] | None = None) -> list[Candidate]:
    """The document's candidates with the rules' findings (indexed by subject, if the caller has it) among their features."""
    index = index if index is not None else rule_index(rule_facts)
    found = list(candidates(ctx))
    for candidate in found:
        add_rule_features(candidate, index)
    return found


def _allowed(kind: str, first_type: str, second_type: str | None, text: str) -> bool:
    """Whether a class fits a candidate: its kind, and its entity types (a role's subject is a person, and so on)."""
    if text == NONE:
        return False
    fact_type, _, direction = parse_label(text)
    if kind != PAIR:
        return direction == kind
    if direction not in (">", "<", "=") or second_type is None:
        return False
    subject, obj = (first_type, second_type) if direction in (">", "=") else (second_type, first_type)
    return end_allows(fact_type, "subject", subject) and end_allows(fact_type, "object", obj)


@lru_cache(maxsize=512)
def _mask(classes: tuple[str, ...], kind: str, first_type: str, second_type: str | None) -> np.ndarray:
    return np.array([_allowed(kind, first_type, second_type, c) for c in classes])


def classify(model: LinearModel, candidate: Candidate) -> tuple[str, float]:
    """The most probable fact class that fits the candidate, and its probability (`none` when nothing fits).

    The class is chosen among the facts, not against `none`: the stored
    threshold then decides, so lowering it trades precision for recall.
    """
    return classify_all(model, [candidate])[0]


def classify_all(model: LinearModel, found: list[Candidate]) -> list[tuple[str, float]]:
    """`classify` for a document's candidates at once (one matrix product instead of one per candidate)."""
    classes = tuple(model.classes)
    masks = [_mask(classes, c.kind, c.first.entity.type, c.second.entity.type if c.second is not None else None) for c in found]
    fitting = [k for k, mask in enumerate(masks) if mask.any()]
    answers: list[tuple[str, float]] = [(NONE, 1.0)] * len(found)
    if not fitting:
        return answers
    probabilities = model.probabilities_of([found[k].features for k in fitting])
    for row, k in zip(probabilities, fitting, strict=True):
        best = int(np.argmax(np.where(masks[k], row, -1.0)))
        answers[k] = (model.classes[best], float(row[best]))
    return answers


def _is_former(candidate: Candidate) -> bool:
    """ "former", "ex-" among the title words before the person or between the two names."""
    doc = candidate.sentence.doc
    first = candidate.first.span
    start = max(candidate.sentence.start, first.start - 4)
    end = candidate.second.span.start if candidate.second is not None else min(candidate.sentence.end, first.end + 5)
    words = word_set(ROLES, "former_words")
    return any(t.lower_ in words or t.lower_.startswith(EN.former_prefixes) for t in doc[start:end])


def _target_start(candidate: Candidate) -> int:
    return candidate.target.start if candidate.target is not None else -1


def _surest_holders(found: list[Candidate], answers: list[tuple[str, float]]) -> dict[int, int]:
    """For each number read as seats, the candidate that read it surest: one count in the text is one group's.

    "X beat Y and took 57 seats": the 57 are X's or Y's, never both; the
    classifier's surer reading stands.
    """
    surest: dict[int, int] = {}
    for k, (candidate, (text, confidence)) in enumerate(zip(found, answers, strict=True)):
        if candidate.kind != SEATS or text == NONE:
            continue
        start = _target_start(candidate)
        if start not in surest or confidence > answers[surest[start]][1]:
            surest[start] = k
    return surest


def _counted_for_another(ctx: ExtractContext, candidate: Candidate) -> bool:
    """A count the sentence tells of a verb's object, read for the verb's subject or a possessive of the object.

    "X took 57 seats and cut its challenger to 41": the 41 are
    the challenger's, never X's (whether the text says "its" or "X's"); another
    group the sentence names may be the rival.
    """
    told_of = counted_object(candidate.target.root) if candidate.target is not None else None
    if told_of is None:
        return False
    verb = told_of.head
    owners = {id(e) for e in agents(ctx, verb, ORGANISATION_TYPES)}
    owners |= {id(e) for e, _ in ctx.entities_in([t for t in told_of.subtree if t.i != told_of.i and t.dep_ == "poss"], ORGANISATION_TYPES)}
    referent = candidate.first.entity
    return id(referent) in owners


def _fill_target(fact: Fact, candidate: Candidate, detail: str | None) -> None:
    """A count's value and qualifier, or an issue's words and polarity."""
    target = candidate.target
    if target is None:
        return
    if candidate.kind == SEATS:
        fact.value = parse_number(target.text)
        fact.qualifier = qualifier_before(target[0])
        fact.won = won_at_election(target.root.head) if target.root.dep_ == "nummod" else None
        fact.role = None
    elif candidate.kind == STANCE:
        fact.object = target.text
        fact.polarity = detail
        fact.role = None


def _post_of(ctx: ExtractContext, candidate: Candidate, role: str | None, said: list[Fact]) -> Entity | str | None:
    """Where a person's post is, when the sentence names no organisation beside them.

    The rules' reading of the same post comes first ("Finance Minister X": the
    ministry); a party post belongs to the party the article is about ("the
    party's leader"); a mayor or governor to the place just named.
    """
    for fact in said:
        if fact.type == "role" and fact.role == role and fact.object is not None:
            return fact.object
    if role in PARTY_ROLES:
        return ctx.salient(candidate.anchor, GROUP_TYPES)
    if role in ("mayor", "governor"):
        return ctx.recent(candidate.anchor, ("PLACE",), sentences_back=0)
    return None


def fact_subject(candidate: Candidate, text: str) -> str:
    """The name a class makes the subject of the candidate's fact."""
    if candidate.second is not None and parse_label(text)[2] == "<":
        return candidate.second.entity.name
    return candidate.first.entity.name


def to_fact(ctx: ExtractContext, candidate: Candidate, text: str, confidence: float, said: list[Fact] | None = None) -> Fact:
    """The fact a class names for this candidate, with the clause's modality and time."""
    fact_type, detail, direction = parse_label(text)
    obj_entity = None
    subject = candidate.first.entity
    if candidate.second is not None:
        subject, obj_entity = (candidate.second.entity, candidate.first.entity) if direction == "<" else (candidate.first.entity, candidate.second.entity)
    fact = Fact(
        fact_type,
        subject.name,
        obj_entity.name if obj_entity is not None else None,
        role=detail,
        evidence=ctx.evidence(candidate.sentence),
        confidence=round(confidence, 3),
        subject_type=subject.type,
        object_type=obj_entity.type if obj_entity is not None else None,
    )
    _fill_target(fact, candidate, detail)
    ministry = next((f.object for f in said or [] if f.type == "role" and f.role == "minister" and f.object), None) if detail == "minister" else None
    if ministry is not None:  # "Defense Minister X": the rules name the ministry in full
        fact.object, fact.object_type = ministry, "GOV_BODY"
    elif candidate.kind == PERSON_KIND:
        post = _post_of(ctx, candidate, detail, said or [])
        if isinstance(post, Entity):
            fact.object, fact.object_type = post.name, post.type
        else:
            fact.object = post
    anchor = candidate.anchor
    if fact_type == "role" and _is_former(candidate):
        fact.former = True
        return fact
    fact.modality = stance_modality(ctx, anchor) if fact_type == "stance" else ctx.modality(anchor)
    ctx.timed(fact, anchor)
    if fact_type == "member" and anchor.lemma_.lower() in word_set(MEMBERS, ENDING_VERBS) and fact.end is None:
        fact.end = fact.when
    return fact


def learned_facts(ctx: ExtractContext, rule_facts: list[Fact], model: LinearModel, threshold: float) -> list[Fact]:
    """Facts the model reads from the document's candidates, at or above the threshold."""
    facts: list[Fact] = []
    paired_roles: set[tuple[str, str | None, int]] = set()
    singles: list[tuple[Candidate, str, float]] = []
    index = rule_index(rule_facts)
    found = read_candidates(ctx, rule_facts, index)
    # a count told of a verb's object is never its subject's: that reading goes before the surest holder is chosen
    answers = [(NONE, 1.0) if c.kind == SEATS and _counted_for_another(ctx, c) else a for c, a in zip(found, classify_all(model, found), strict=True)]
    surest_count = _surest_holders(found, answers)
    for k, (candidate, (text, confidence)) in enumerate(zip(found, answers, strict=True)):
        if text == NONE or confidence < threshold or (candidate.kind == SEATS and surest_count.get(_target_start(candidate)) != k):
            continue
        if candidate.kind == PERSON_KIND:
            singles.append((candidate, text, confidence))
            continue
        fact = to_fact(ctx, candidate, text, confidence, index.get(fact_subject(candidate, text), []))
        if fact.type == "portfolio" and is_chamber_name(fact.object):  # a party holds a ministry, never a chamber
            continue
        facts.append(fact)
        if fact.type == "role":
            paired_roles.add((fact.subject or "", fact.role, candidate.sentence.start))
    for candidate, text, confidence in singles:
        _, role, _ = parse_label(text)
        if (candidate.first.entity.name, role, candidate.sentence.start) not in paired_roles:
            facts.append(to_fact(ctx, candidate, text, confidence, index.get(candidate.first.entity.name, [])))
    return facts


def combine(ctx: ExtractContext, rules: list[Fact], models: LearnedModels) -> list[Fact]:
    """The rules' readings with the verifier's confidence, then the classifier's own readings, each claim once.

    Measured on dev: letting the classifier alone read the pair types, seats
    and stances (the rules' readings of them scored by the classifier) gave
    F1 0.45; keeping every rule reading beside the classifier's gave 0.49.
    """
    kept: list[Fact] = []
    if models.verifier is not None:
        for fact, sure in zip(rules, verified(models.verifier, rules, ctx.adoc.doc, ctx.adoc.entity_at), strict=True):
            fact.confidence = round(sure, 3)
    for fact in rules:
        if fact.confidence >= models.threshold:
            kept.append(fact)
    seen: dict[tuple[object, ...], Fact] = {}
    for fact in kept:
        seen.setdefault(fact.identity(), fact)
        seen.setdefault(_loose(fact), fact)
    posts = {(f.subject, f.role, f.evidence.start) for f in rules if f.type == "role" and f.evidence is not None}
    for fact in learned_facts(ctx, rules, models.relations, models.threshold):
        if _other_post(fact, posts, seen):
            continue
        plain = fact.scope is None and fact.start is None and fact.end is None
        known = seen.get(fact.identity()) or (seen.get(_loose(fact)) if plain else None)
        if known is None:
            seen[fact.identity()] = fact
            kept.append(fact)
        else:
            known.confidence = max(known.confidence, fact.confidence)
            if not _same_sentence(known, fact):  # in one sentence the rules' reading of the clause stands: the classifier's anchor is a guess
                keep_surer(known, fact, ctx.published)
    return without_implied_membership(kept)


def _other_post(fact: Fact, posts: set[tuple[str | None, str | None, int]], seen: dict[tuple[object, ...], Fact]) -> bool:
    """A post the classifier gives someone the rules gave the same post of another body in the same sentence.

    "KDP leader Jan Moor ... no blank cheque for the Greens": the title
    says whose leader he is; the other party named in the sentence is not a
    second one.  "Former Cabinet minister X": the minister of no named
    ministry is not the Cabinet's.
    """
    if fact.type != "role" or fact.evidence is None or (fact.subject, fact.role, fact.evidence.start) not in posts:
        return False
    return fact.identity() not in seen


def _same_sentence(one: Fact, other: Fact) -> bool:
    return one.evidence is not None and other.evidence is not None and one.evidence.start == other.evidence.start


def _loose(fact: Fact) -> tuple[object, ...]:
    """A claim's identity without its chamber and bounds: the classifier reads neither, so its "308 seats" is the rules'
    "308 seats in the lower house", and its "X leads Y" the rules' "X resigned as Y's leader on Monday".

    A stance is one claim per issue noun: the classifier's "minimum wage" is the rules' "raise minimum wage"."""
    if fact.type == "stance" and fact.object:
        fact = replace(fact, object=fact.object.split()[-1].lower())
    if fact.scope is None and fact.start is None and fact.end is None:
        return fact.identity()
    return replace(fact, scope=None, start=None, end=None).identity()


def without_implied_membership(facts: list[Fact]) -> list[Fact]:
    """A post in a party implies membership of it: "DPJ leader X" is one claim, a role, not also a member fact."""
    posts = {(f.subject, f.object) for f in facts if f.type == "role" and f.object}
    return [f for f in facts if not (f.type == "member" and (f.subject, f.object) in posts and f.start is None and f.end is None)]
