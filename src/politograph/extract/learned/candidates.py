"""Candidates for the learned extractor and the features it reads them by.

Most facts a reader finds relate two names in one sentence ("KDP leader Jan
Moor", "the Farmers' League left its coalition with the Civic Union") or
say something of one person ("Norwegian Prime Minister Ana Lund").  So the
candidates are every pair of entity mentions in a sentence and every person
mention, and the classifier decides from the words around them, never from
the names themselves: features are lemmas, dependency paths and entity
types, with names replaced by their type.  That is what lets the model read
a party it has never seen.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field

from spacy.tokens import Doc, Span, Token

from politograph.extract.actors import is_definite
from politograph.extract.context import ExtractContext
from politograph.extract.numbers import parse_number
from politograph.lang import EN
from politograph.model import ENTITY_TYPES, GROUP_TYPES, ORGANISATION_TYPES, Entity

MAX_PAIR_DISTANCE = 40
"""Tokens between two mentions beyond which no pair is considered (long sentences of lists)."""
WINDOW = 3
"""Words read on either side of a mention."""
MAX_ISSUE_DISTANCE = 15
"""Tokens from an actor to a policy issue it may hold a stance on (half the candidates were stances before this bound)."""
PERSON = "PERSON"


@dataclass(slots=True)
class Occurrence:
    """One mention of an entity as a token span of the parsed document."""

    entity: Entity
    span: Span
    reference: bool = False
    """A pronoun or "the party" pointing back to the entity, not its name."""

    @property
    def root(self) -> Token:
        return self.span.root


PAIR, PERSON_KIND, SEATS, STANCE = "pair", "person", "seats", "stance"
"""Candidate kinds: two mentions; one person; a group and a number; an actor and a noun phrase (an issue)."""


@dataclass(slots=True)
class Candidate:
    """A pair of mentions (first before second in the text), a person, or a mention with a number or an issue."""

    kind: str
    sentence: Span
    first: Occurrence
    second: Occurrence | None = None
    target: Span | None = None
    features: dict[str, float] = field(default_factory=dict)

    @property
    def anchor(self) -> Token:
        """The word the fact hangs from: the lowest head shared by both ends, or the person's head."""
        other = self.second.root if self.second is not None else self.target.root if self.target is not None else None
        if other is None:
            return self.first.root.head if self.first.root.dep_ in ("compound", "appos", "nsubj", "nsubjpass", "poss") else self.first.root
        return lowest_common_head(self.first.root, other)


def occurrences(ctx: ExtractContext) -> list[Occurrence]:
    """The document's mentions as token spans, in text order (mentions the parse cannot align are skipped)."""
    doc = ctx.adoc.doc
    found = []
    for mention in ctx.adoc.mentions:
        if mention.entity is None:
            continue
        span = doc.char_span(mention.start, mention.end, alignment_mode="expand")
        if span is not None:
            found.append(Occurrence(mention.entity, span))
    named = {i for o in found for i in range(o.span.start, o.span.end)}
    found.extend(references(ctx, named))
    found.sort(key=lambda o: o.span.start)
    return found


REFERRED_TYPES = tuple(t for t in ENTITY_TYPES if t != "PLACE")


def _referent(ctx: ExtractContext, token: Token) -> Entity | None:
    """The entity a pronoun or a definite group noun points back to, if the text just named exactly that one."""
    if token.pos_ == "PRON" and token.lower_ in EN.person_references:
        return ctx.recent(token, (PERSON,))
    if token.pos_ == "PRON" and token.lower_ in EN.neuter_pronouns:
        return ctx.recent(token, ORGANISATION_TYPES)
    if token.pos_ == "NOUN" and token.lower_ in EN.group_nouns and is_definite(token):
        return ctx.salient(token, GROUP_TYPES)
    return None


def references(ctx: ExtractContext, named: set[int]) -> list[Occurrence]:
    """Pronouns and "the party" as mentions of what they point back to.

    Most facts of a story's later sentences are told of "he" or "the party"
    ("He became leader in 2012", "the party's pledge to cut taxes"), so the
    classifier reads them as it reads names, with a feature saying it is a
    reference (resolution is less sure than a name).
    """
    found = []
    for token in ctx.adoc.doc:
        if token.i in named:
            continue
        entity = _referent(ctx, token)
        if entity is not None and entity.type in REFERRED_TYPES:
            found.append(Occurrence(entity, token.doc[token.i : token.i + 1], reference=True))
    return found


def _ancestors(token: Token) -> list[Token]:
    chain = [token]
    head = token.head
    while head.i != chain[-1].i and len(chain) < 40:  # each `.head` builds a new Token: read it once per step
        chain.append(head)
        head = head.head
    return chain


def lowest_common_head(a: Token, b: Token) -> Token:
    """The lowest token that governs both (the sentence root when the parse joins them nowhere lower)."""
    above_a = {t.i for t in _ancestors(a)}
    for token in _ancestors(b):
        if token.i in above_a:
            return token
    return a.sent.root


def _word(token: Token, entity_at: dict[int, str]) -> str:
    """A token as the model sees it: a name becomes its entity type, a number NUM, a word its lemma."""
    kind = entity_at.get(token.i)
    if kind is not None:
        return kind
    if token.like_num:
        return "NUM"
    return token.lemma_.lower()


@dataclass(slots=True)
class Words:
    """Every token of a document as the model sees it, worked out once (features read slices of it)."""

    words: list[str]
    spaces: frozenset[int]

    @classmethod
    def of(cls, doc: Doc, entity_at: dict[int, str]) -> Words:
        return cls([_word(t, entity_at) for t in doc], frozenset(t.i for t in doc if t.is_space))

    def between(self, start: int, end: int) -> list[str]:
        return [self.words[i] for i in range(start, end) if i not in self.spaces]

    def before(self, start: int, limit: int) -> list[str]:
        """The words before `start`, nearest first, back to `limit`."""
        return self.words[max(limit, 0) : start][::-1]


def path_between(a: Token, b: Token, head: Token) -> str:
    """The dependency path a → head ← b, as labels with the head's lemma."""
    up = []
    for token in _ancestors(a):
        if token.i == head.i:
            break
        up.append(token.dep_)
    down = []
    for token in _ancestors(b):
        if token.i == head.i:
            break
        down.append(token.dep_)
    return "^".join(up[:4]) + f"|{head.lemma_.lower()}|" + "^".join(down[:4])


def _content(words: list[str]) -> list[str]:
    return [w for w in words if w.isalpha() and w not in EN.feature_stop_words]


def _window_features(features: dict[str, float], prefix: str, words: list[str]) -> None:
    for k, word in enumerate(words):
        features[f"{prefix}{k}={word}"] = 1.0
        features[f"{prefix}*={word}"] = 1.0


def pair_features(a: Span, b: Span, kinds: str, sentence: Span, words: Words) -> dict[str, float]:
    """What the text says between and around two spans (`a` first), with names as their types."""
    features: dict[str, float] = {f"types={kinds}": 1.0, "bias": 1.0}
    between = words.between(a.end, b.start)
    gap = len(between)
    features[f"gap={min(gap, 6) if gap < 6 else (10 if gap < 10 else 20)}"] = 1.0
    for word in set(between):
        features[f"btw={word}"] = 1.0
        features[f"btw={word}|{kinds}"] = 1.0
    if gap <= 5:
        features[f"seq={' '.join(between)}|{kinds}"] = 1.0
    content = _content(between)
    if content:
        features[f"after_first={content[0]}"] = 1.0
        features[f"before_second={content[-1]}|{kinds}"] = 1.0
    features["names_between"] = float(sum(1 for w in between if w.isupper() and w in ENTITY_TYPES))
    _window_features(features, "pre", words.before(a.start, max(sentence.start, a.start - WINDOW)))
    _window_features(features, "post", words.words[b.end : min(sentence.end, b.end + WINDOW)])
    head = lowest_common_head(a.root, b.root)
    features[f"path={path_between(a.root, b.root, head)}"] = 1.0
    features[f"head={head.lemma_.lower()}|{kinds}"] = 1.0
    features[f"head_pos={head.pos_}"] = 1.0
    features[f"deps={a.root.dep_}>{b.root.dep_}"] = 1.0
    if head.i in (a.root.i, b.root.i):
        features["one_governs_other"] = 1.0
    return features


def person_features(person: Occurrence, sentence: Span, words: Words) -> dict[str, float]:
    """What is said of one person: the title words before the name, an apposition after it, the verb it hangs from."""
    span = person.span
    features: dict[str, float] = {"bias": 1.0}
    before = words.before(span.start, max(sentence.start, span.start - 5))
    after = words.words[span.end : min(sentence.end, span.end + 6)]
    _window_features(features, "pre", before)
    _window_features(features, "post", after)
    root = span.root
    features[f"dep={root.dep_}"] = 1.0
    features[f"head={root.head.lemma_.lower()}|{root.dep_}"] = 1.0
    for child in root.children:
        if child.dep_ in ("appos", "compound", "amod"):
            features[f"child={child.dep_}:{child.lemma_.lower()}"] = 1.0
            for grandchild in child.children:
                if grandchild.dep_ in ("compound", "amod", "conj"):
                    features[f"grandchild={grandchild.lemma_.lower()}"] = 1.0
    if root.dep_ in ("attr", "appos", "conj"):
        features[f"governor={root.head.lemma_.lower()}"] = 1.0
    return features


def _ordered(first: Span, second: Span) -> tuple[Span, Span, bool]:
    return (first, second, False) if first.start <= second.start else (second, first, True)


def _target_features(mention: Occurrence, target: Span, sentence: Span, words: Words) -> dict[str, float]:
    """Pair features between a mention and a number or noun phrase, whichever comes first, plus the target's own words."""
    a, b, swapped = _ordered(mention.span, target)
    kinds = f"T>{mention.entity.type}" if swapped else f"{mention.entity.type}>T"
    features = pair_features(a, b, kinds, sentence, words)
    features[f"target_head={target.root.head.lemma_.lower()}"] = 1.0
    features[f"target_root={target.root.lemma_.lower()}"] = 1.0
    features[f"target_dep={target.root.dep_}"] = 1.0
    for k, word in enumerate(words.words[target.end : min(sentence.end, target.end + 3)]):
        features[f"target_next{k}={word}"] = 1.0
    for k, word in enumerate(words.before(target.start, max(sentence.start, target.start - 3))):
        features[f"target_prev{k}={word}"] = 1.0
    return features


STANCE_HOLDERS = frozenset({"PERSON", *ORGANISATION_TYPES})


def numbers_in(sentence: Span) -> list[Span]:
    """Counts in a sentence: digits or number words, not years or percentages."""
    found = []
    for token in sentence:
        if not token.like_num or token.ent_type_ in ("DATE", "PERCENT", "MONEY", "TIME"):
            continue
        value = parse_number(token.text)
        if value is None or 1900 <= value <= 2100:
            continue
        found.append(sentence.doc[token.i : token.i + 1])
    return found


def issues_in(chunks: list[Span], taken: set[int]) -> list[Span]:
    """Noun phrases that may name a policy issue: not a name, not a number, not a pronoun."""
    found = []
    for chunk in chunks:
        if chunk.root.pos_ != "NOUN" or any(t.i in taken for t in chunk) or chunk.root.like_num:
            continue
        start = chunk.start
        while start < chunk.end and chunk.doc[start].pos_ in ("DET", "PRON", "NUM"):
            start += 1
        if start < chunk.end:
            found.append(chunk.doc[start : chunk.end])
    return found


def chunks_by_sentence(doc: Doc) -> dict[int, list[Span]]:
    """The document's noun chunks by the start of their sentence (a sentence's own `noun_chunks` walks the whole document)."""
    sentence_of = {i: sentence.start for sentence in doc.sents for i in range(sentence.start, sentence.end)}
    grouped: dict[int, list[Span]] = {}
    for chunk in doc.noun_chunks:  # the chunk's root token's sentence, looked up rather than walked to for each chunk
        grouped.setdefault(sentence_of[chunk.root.i], []).append(chunk)
    return grouped


def _prefixed(kind: str, features: dict[str, float]) -> dict[str, float]:
    return {f"{kind}:{name}": value for name, value in features.items()}


def _marked(features: dict[str, float], *ends: Occurrence) -> dict[str, float]:
    """Say which end is a pronoun or "the party" (and which word), so the model can trust those less."""
    for k, end in enumerate(ends):
        if end.reference:
            features[f"ref{k}"] = 1.0
            features[f"ref{k}={end.span.root.lower_}"] = 1.0
    return features


def candidates(ctx: ExtractContext) -> Iterator[Candidate]:
    """Every pair of distinct entities in one sentence, every person, every group with a number, every actor with an issue."""
    found = occurrences(ctx)
    entity_at = {i: o.entity.type for o in found for i in range(o.span.start, o.span.end)}
    words = Words.of(ctx.adoc.doc, entity_at)
    chunks = chunks_by_sentence(ctx.adoc.doc)
    named = set(entity_at) | {t.i for t in ctx.adoc.doc if ctx.is_time(t)}  # neither a name nor a date is an issue
    by_sentence: dict[int, list[Occurrence]] = {}
    for occurrence in found:
        by_sentence.setdefault(occurrence.span.sent.start, []).append(occurrence)
    for group in by_sentence.values():
        sentence = group[0].span.sent
        numbers = numbers_in(sentence)
        issues = issues_in(chunks.get(sentence.start, []), named)
        for k, first in enumerate(group):
            kind = first.entity.type
            if kind == PERSON:
                yield Candidate(PERSON_KIND, sentence, first, features=_marked(_prefixed(PERSON_KIND, person_features(first, sentence, words)), first))
            if kind in ORGANISATION_TYPES:
                for number in numbers:
                    yield Candidate(SEATS, sentence, first, target=number, features=_marked(_prefixed(SEATS, _target_features(first, number, sentence, words)), first))
            if kind in STANCE_HOLDERS:
                for issue in issues:
                    if not 0 < issue.start - first.span.end <= MAX_ISSUE_DISTANCE:  # "X opposes the reform": the issue follows its holder
                        continue
                    yield Candidate(STANCE, sentence, first, target=issue, features=_marked(_prefixed(STANCE, _target_features(first, issue, sentence, words)), first))
            for second in group[k + 1 :]:
                if second.entity is first.entity or second.span.start - first.span.end > MAX_PAIR_DISTANCE or first.reference and second.reference:
                    continue
                if first.entity.type == second.entity.type == "PLACE":
                    continue
                kinds = f"{first.entity.type}>{second.entity.type}"
                yield Candidate(PAIR, sentence, first, second, features=_marked(pair_features(first.span, second.span, kinds, sentence, words), first, second))
