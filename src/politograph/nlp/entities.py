"""Entity spans: the statistical NER, corrected by pack data and by rules.

The small English model tags party names as PERSON or GPE and cities as ORG
often enough to matter; it also knows nothing of FACTS.md types.  This spaCy
component runs after `ner` and rewrites `doc.ents`: pack names first (they
carry a pack id), then rule spans (factions, governments, chambers), then the
statistical spans that survive, re-typed by keyword lexicons and trimmed of
titles ("Mr", "Prime Minister").
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from functools import lru_cache
from pathlib import Path

import spacy
from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Span
from spacy.util import filter_spans, minibatch

from politograph.lexicon import PACKAGE_DIR, load_lexicon, word_set
from politograph.packs import Pack, PackEntity, load_packs

RULES = "nlp/data/entity_rules.yaml"
OUR_TYPES = {"PERSON", "PARTY", "FACTION", "LOCAL_GROUP", "GOV_BODY", "PLACE"}


def _contains_any(text: str, words: Iterable[str]) -> bool:
    padded = f" {text.lower()} "
    return any(f" {w} " in padded or (w.endswith(".") and f" {w}" in padded) for w in words)


def classify_org(text: str) -> str | None:
    """FACTS.md type of an organisation name from its words, or None if not political."""
    if _contains_any(text, word_set(RULES, "non_political_words")):
        return None
    last = text.lower().split()[-1] if text.split() else ""
    if last in word_set(RULES, "faction_words") or _contains_any(text, {"splinter group"}):
        return "FACTION"
    if _contains_any(text, word_set(RULES, "local_group_words")):
        return "LOCAL_GROUP"
    if _contains_any(text, word_set(RULES, "party_words")):
        return "PARTY"
    if _contains_any(text, word_set(RULES, "gov_body_words")):
        return "GOV_BODY"
    return None


def is_acronym(alias: str) -> bool:
    """All capitals, two to six letters once hyphens and ampersands go: "LDP", "CDP-J", "S&D"."""
    letters = alias.replace("-", "").replace("&", "")
    return alias.isupper() and 1 < len(letters) <= 6


class PackMatcher:
    """Finds every pack name in a document; contextual names only where the pack applies."""

    def __init__(self, nlp: Language, packs: tuple[Pack, ...]) -> None:
        self.lower = PhraseMatcher(nlp.vocab, attr="LOWER")
        self.exact = PhraseMatcher(nlp.vocab, attr="ORTH")
        self.entities: dict[str, PackEntity] = {}
        self.pack_of: dict[str, Pack] = {}
        self.contextual_keys: set[str] = set()
        for pack in packs:
            for entity in pack.entities:
                self._add(nlp, pack, entity)

    def _add(self, nlp: Language, pack: Pack, entity: PackEntity) -> None:
        always = [a for a in (entity.name, *entity.aliases) if a not in entity.contextual]
        for key, names in ((entity.qualified_id, always), (f"{entity.qualified_id}#ctx", entity.contextual)):
            if not names:
                continue
            self.entities[key] = entity
            self.pack_of[key] = pack
            if key.endswith("#ctx"):
                self.contextual_keys.add(key)
            acronyms = [nlp.make_doc(a) for a in names if is_acronym(a)]
            words = [nlp.make_doc(a) for a in names if not is_acronym(a)]
            if acronyms:
                self.exact.add(key, acronyms)
            if words:
                self.lower.add(key, words)

    def __call__(self, doc: Doc) -> list[Span]:
        text = doc.text  # built anew on every access, so read it once
        packs = {id(pack): pack for pack in self.pack_of.values()}
        active_packs = {pack_id for pack_id, pack in packs.items() if pack.is_active_for(text)}
        active = {key for key in self.contextual_keys if id(self.pack_of[key]) in active_packs}
        followers = word_set(RULES, "modifier_followers")
        spans = []
        for match_id, start, end in [*self.lower(doc), *self.exact(doc)]:
            key = doc.vocab.strings[match_id]
            if key in self.contextual_keys and key not in active:
                continue
            entity = self.entities[key]
            if entity.type == "GOV_BODY" and end - start == 1 and end < len(doc) and doc[end].lower_ in followers:
                continue
            if entity.type == "PERSON" and start > 0 and doc[start - 1].ent_type_ == "PERSON" and doc[start - 1].is_title:
                continue
            spans.append(Span(doc, start, end, label=entity.type, kb_id=entity.qualified_id))
        return spans


def _rule_spans(doc: Doc, known: list[Span]) -> list[Span]:
    """Factions named after a person or place, governments named after a leader, chambers."""
    people = [span for span in [*known, *doc.ents] if span.label_ == "PERSON"]
    family_names = {span[-1].text for span in people}
    name_tokens = {i for span in [*known, *doc.ents] if span.label_ in ("PERSON", "PLACE", "GPE") for i in range(span.start, span.end)}
    name_tokens |= {t.i for t in doc if t.text in family_names and t.pos_ == "PROPN"}
    faction_heads = word_set(RULES, "faction_heads")
    government_heads = {w.lower() for w in load_lexicon(RULES)["government_heads"]}
    spans: list[Span] = []
    for token in doc:
        word = token.lower_
        if token.i == 0:
            continue
        previous = doc[token.i - 1]
        named = previous.i in name_tokens and previous.pos_ == "PROPN"
        if word in faction_heads and named:
            spans.append(Span(doc, _name_start(doc, previous.i, name_tokens), token.i + 1, label="FACTION"))
        elif word in faction_heads and word == "bloc" and previous.pos_ in ("ADJ", "NOUN", "PROPN") and "-" in previous.text + doc.text[previous.idx - 1 : previous.idx]:
            spans.append(Span(doc, _hyphen_start(doc, previous.i), token.i + 1, label="FACTION"))
        elif word in government_heads and named:
            spans.append(Span(doc, _name_start(doc, previous.i, name_tokens), token.i + 1, label="GOV_BODY"))
    for phrase in load_lexicon(RULES)["chamber_phrases"]:
        first, second = phrase.split()
        for token in doc[:-1]:
            if token.lower_ == first and doc[token.i + 1].lower_ == second:
                spans.append(Span(doc, token.i, token.i + 2, label="GOV_BODY"))
    return spans


def _name_start(doc: Doc, last: int, name_tokens: set[int]) -> int:
    """The first token of the name ending at `last` (only its family name for people)."""
    if doc[last].ent_type_ == "PERSON":
        return last
    start = last
    while start - 1 >= 0 and start - 1 in name_tokens and doc[start - 1].pos_ == "PROPN":
        start -= 1
    return start


def _hyphen_start(doc: Doc, last: int) -> int:
    start = last
    while start - 1 >= 0 and (doc[start - 1].text == "-" or doc[start].text == "-"):
        start -= 1
    return start


def _is_modifier_use(span: Span) -> bool:
    """ "Diet" in "Diet members" is not the Diet itself."""
    doc = span.doc
    return len(span) == 1 and span.end < len(doc) and doc[span.end].lower_ in word_set(RULES, "modifier_followers")


def _retype(span: Span) -> str | None:
    label, text = span.label_, span.text
    if any(t.tag_ == "POS" for t in span[:-1]) and span[-1].is_lower:
        return None  # "Hashimoto's party": a description, not a name
    if label in ("GPE", "LOC"):
        kind = classify_org(text)
        return kind if kind == "GOV_BODY" else "PLACE"
    if label == "NORP":
        return "PARTY" if text in load_lexicon(RULES)["party_norps"] else None
    if label == "ORG":
        return classify_org(text)
    if label == "PERSON":
        kind = classify_org(text)
        return kind if kind in ("PARTY", "LOCAL_GROUP") else "PERSON"
    return label if label in OUR_TYPES else None


def _trim(span: Span, label: str) -> Span | None:
    """Drop leading articles and titles and a trailing possessive."""
    start, end = span.start, span.end
    doc = span.doc
    titles = word_set(RULES, "person_titles")
    while start < end and doc[start].lower_ in ("the", "a", "an"):
        start += 1
    if label == "PERSON":
        while start < end - 1 and (doc[start].lower_ in titles or doc[start].is_punct):
            start += 1
    while end > start and (doc[end - 1].lower_ in ("'s", "’s", "'", "’") or doc[end - 1].is_punct):
        end -= 1
    if start >= end:
        return None
    return Span(doc, start, end, label=label, kb_id=span.kb_id_)


def _acronyms_of_known_names(candidates: list[Span], kept: list[Span]) -> list[Span]:
    """An unknown acronym ("GRP") that abbreviates a party named in the article takes its type."""
    from politograph.nlp.mentions import acronym

    by_acronym = {acronym(s.text): s.label_ for s in kept if s.label_ not in ("PERSON", "PLACE") and len(s) > 1}
    found = []
    for span in candidates:
        label = by_acronym.get(span.text.replace("-", ""))
        if label is not None:
            found.append(Span(span.doc, span.start, span.end, label=label))
    return found


POLITICAL_NER = PACKAGE_DIR / "models" / "political_ner"


@lru_cache(maxsize=2)
def political_ner(choice: str = "shipped") -> Language | None:
    """The NER `politograph train` fitted on the corpus: the shipped one, one in a folder, or none ("none")."""
    if choice == "none":
        return None
    path = POLITICAL_NER if choice == "shipped" else Path(choice)
    return spacy.load(path) if (path / "config.cfg").exists() else None


def political_spans(docs: list[Doc], ner: Language) -> list[list[Span]]:
    """The political NER's spans for a batch of documents, read without disturbing the spans already on them."""
    saved = [doc.ents for doc in docs]
    for doc in docs:
        doc.ents = []
    batch: Iterable[Doc] = docs
    for _, component in ner.pipeline:
        batch = component.pipe(batch) if hasattr(component, "pipe") else (component(d) for d in batch)  # type: ignore[attr-defined]
    found = [[Span(doc, s.start, s.end, label=s.label_) for s in doc.ents] for doc in batch]
    for doc, ents in zip(docs, saved, strict=True):
        doc.ents = ents
    return [_names_only(spans, ents) for spans, ents in zip(found, saved, strict=True)]


def _names_only(found: list[Span], english: Iterable[Span]) -> list[Span]:
    """The political spans trimmed of titles, without demonyms and without what does not look like a name."""
    english = list(english)
    tagged = {i for span in english for i in range(span.start, span.end)}
    demonyms = {(s.start, s.end) for s in english if s.label_ == "NORP" and s.text not in load_lexicon(RULES)["party_norps"]}
    trimmed = [_trim(span, span.label_) for span in found]
    return [span for span in trimmed if span is not None and (span.start, span.end) not in demonyms and _looks_like_a_name(span, tagged)]


def _looks_like_a_name(span: Span, tagged: set[int]) -> bool:
    """Names begin with a capital; a lone word must be a proper noun, or a name the English model also saw.

    The political NER has read news text only; page furniture and a
    sentence's capitalised first word ("Even", "Questions") are not names.
    """
    first = span[0]
    if not (first.text[:1].isupper() or first.text[:1].isdigit()):
        return False
    if len(span) == 1 and first.i not in tagged and (first.pos_ != "PROPN" or first.is_stop):
        return False
    return any(t.is_alpha for t in span)


class PolitographEntities:
    """The spaCy component: pack spans, rule spans, the political NER's spans, then re-typed statistical spans."""

    def __init__(self, nlp: Language, packs: tuple[str, ...] | None, political: str = "shipped") -> None:
        self.pack_matcher = PackMatcher(nlp, load_packs(tuple(packs) if packs else None))
        self.ner = political_ner(political)
        if self.ner is not None:  # its labels must be known to the pipeline's own string store
            for label in self.ner.get_pipe("ner").labels:  # type: ignore[attr-defined]
                nlp.vocab.strings.add(label)

    def pipe(self, docs: Iterable[Doc], batch_size: int = 32) -> Iterator[Doc]:
        """Batches through the political NER (one matrix product per batch, not per document)."""
        for batch in minibatch(docs, size=batch_size):
            learned = political_spans(batch, self.ner) if self.ner is not None else [[] for _ in batch]
            for doc, spans in zip(batch, learned, strict=True):
                yield self.annotate(doc, spans)

    def __call__(self, doc: Doc) -> Doc:
        return self.annotate(doc, political_spans([doc], self.ner)[0] if self.ner is not None else [])

    def annotate(self, doc: Doc, learned: list[Span]) -> Doc:
        pack_spans = self.pack_matcher(doc)
        # the longer name wins ("Kalvian Harvest League" over a pack's "League"); on a tie the pack's, which carries an id.
        # Measured on dev: learned spans before the English model's or after them, F1 0.484 vs 0.483; before reads new names better
        preferred = filter_spans([*pack_spans, *_rule_spans(doc, pack_spans), *learned])
        taken = {i for span in preferred for i in range(span.start, span.end)}
        statistical = []
        unknown_acronyms = []
        for span in doc.ents:
            label = _retype(span)
            if label is None and span.label_ == "ORG" and is_acronym(span.text):
                unknown_acronyms.append(span)
            if label is None or (label == "GOV_BODY" and _is_modifier_use(span)):
                continue
            trimmed = _trim(span, label)
            if trimmed is not None and not any(i in taken for i in range(trimmed.start, trimmed.end)):
                statistical.append(trimmed)
        statistical.extend(_acronyms_of_known_names(unknown_acronyms, [*preferred, *statistical]))
        doc.ents = filter_spans([*preferred, *statistical])
        return doc


@Language.factory("politograph_entities", default_config={"packs": None, "political_ner": "shipped"})
def make_politograph_entities(nlp: Language, name: str, packs: list[str] | None, political_ner: str) -> PolitographEntities:
    """Registered so a spaCy config can add the component by name (`political_ner`: "shipped", a folder, or "none")."""
    return PolitographEntities(nlp, tuple(packs) if packs else None, political_ner)
