"""Entity spans: the statistical NER, corrected by pack data and by rules.

The small English model tags party names as PERSON or GPE and cities as ORG
often enough to matter; it also knows nothing of FORMAT.md types.  This spaCy
component runs after `ner` and rewrites `doc.ents`: pack names first (they
carry a pack id), then rule spans (factions, governments, chambers), then the
statistical spans that survive, re-typed by keyword lexicons and trimmed of
titles ("Mr", "Prime Minister").
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from itertools import pairwise
from pathlib import Path

import spacy
from spacy.attrs import ORTH
from spacy.lang.en.stop_words import STOP_WORDS
from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.pipeline import Pipe
from spacy.tokens import Doc, Span
from spacy.util import filter_spans, minibatch

from politograph.lang import EN
from politograph.lexicon import PACKAGE_DIR, load_lexicon, word_set
from politograph.model import ENTITY_TYPES, acronym, fold_name, is_acronym
from politograph.packs import Pack, PackEntity, load_packs, pack_index
from politograph.packs.merge import RANK

RULES = "nlp/data/entity_rules.yaml"


def _contains_any(text: str, words: frozenset[str]) -> bool:
    """Whether the text has one of the words (or phrases) as whole words; one-word entries by set lookup."""
    single, phrases = _partition(words)
    lowered = text.lower()
    if single & set(lowered.split()):
        return True
    padded = f" {lowered} "
    return any(f" {w} " in padded or (w.endswith(".") and f" {w}" in padded) for w in phrases)


@lru_cache(maxsize=64)
def _partition(words: frozenset[str]) -> tuple[frozenset[str], tuple[str, ...]]:
    """One-word entries apart from phrases and dotted abbreviations, computed once per word list."""
    single = frozenset(w for w in words if " " not in w and not w.endswith("."))
    return single, tuple(w for w in words if w not in single)


@dataclass(frozen=True, slots=True)
class OrgWords:
    """Words that type an organisation's name: the language's own, and the packs' (a country's party and chamber words)."""

    party: frozenset[str]
    local_group: frozenset[str]
    gov_body: frozenset[str]
    non_political: frozenset[str]

    @classmethod
    def of(cls, packs: Iterable[Pack] = ()) -> OrgWords:
        """English words from the lexicon, plus each pack's `words` and every chamber name the packs know."""
        added: dict[str, set[str]] = {"party": set(), "local_group": set(), "gov_body": set(), "non_political": set()}
        for pack in packs:
            for kind, words in pack.words.items():
                added.setdefault(kind, set()).update(w.lower() for w in words)
            for country in pack.countries:
                added["gov_body"].update(n.lower() for c in country.chambers for n in (c.name, *c.aliases) if len(n.split()) == 1)
                added["gov_body"].update(n.lower() for n in country.legislature_names if len(n.split()) == 1)
        return cls(*(frozenset(word_set(RULES, f"{kind}_words") | added[kind]) for kind in ("party", "local_group", "gov_body", "non_political")))


def classify_org(text: str, words: OrgWords | None = None) -> str | None:
    """FORMAT.md type of an organisation name from its words, or None if not political."""
    words = words or _language_words()
    if _contains_any(text, words.non_political):
        return None
    last = text.lower().split()[-1] if text.split() else ""
    if last in word_set(RULES, "faction_words") or _contains_any(text, word_set(RULES, "faction_phrases")):
        return "FACTION"
    if _contains_any(text, words.local_group):
        return "LOCAL_GROUP"
    if _contains_any(text, words.party):
        return "PARTY"
    if _contains_any(text, words.gov_body):
        return "GOV_BODY"
    return None


@lru_cache(maxsize=1)
def _language_words() -> OrgWords:
    return OrgWords.of()


class PackMatcher:
    """Finds every pack name in a document; contextual names only in an article about their country.

    An article's countries are read from its words (country names,
    demonyms, capitals, chambers: `CountryBook` clues), from its source
    ("The Local Sweden") and from the parties it names that only one country
    has.  A name that several known actors share ("Liberal Party") goes to
    the one of the article's leading country, then to the one that existed on
    the article's date; when that does not settle it, the span keeps its type
    but no pack id, so it is never resolved by a guess.
    """

    def __init__(self, nlp: Language, packs: tuple[Pack, ...]) -> None:
        self.lower = PhraseMatcher(nlp.vocab, attr="LOWER")
        self.exact = PhraseMatcher(nlp.vocab, attr="ORTH")
        self.clues = PhraseMatcher(nlp.vocab, attr="ORTH")
        self.entities: dict[str, PackEntity] = {}
        self.pack_of: dict[str, Pack] = {}
        self.contextual_keys: set[str] = set()
        self.book = pack_index(packs).book
        self.packs = packs
        self.rank = {pack.name: RANK.get(pack.kind, 1) for pack in packs}
        for pack in packs:
            for entity in pack.entities:
                self._add(nlp, pack, entity)
        for iso3, country in self.book.countries.items():
            peoples = (EN.people_of(d) for d in country.demonyms)
            self.clues.add(iso3, _tokenised(nlp, dict.fromkeys([*country.clues(), *(p for p in peoples if p)])))
        self.legislatures = _legislatures(packs)
        self.titles = {title.lower() for country in self.book.countries.values() for title, _ in country.titles}  # "Taoiseach" is a post, not a place

    def _add(self, nlp: Language, pack: Pack, entity: PackEntity) -> None:
        """Register an entity's names: a curated pack's in any case; world and imported data's as written, content words only."""
        curated = pack.kind == "country"
        if pack.kind == "imported" and entity.type == "PERSON":
            return  # a dataset's people are known by a surname only ("Merkel" of cabinet "Merkel III"): reference data, never matched
        always = [a for a in (entity.name, *entity.aliases) if a not in entity.contextual]
        for key, names in ((entity.qualified_id, always), (f"{entity.qualified_id}#ctx", list(entity.contextual))):
            names = names if curated else [n for n in names if _distinctive(n)]
            if not names:
                continue
            self.entities[key] = entity
            self.pack_of[key] = pack
            if key.endswith("#ctx"):
                self.contextual_keys.add(key)
            acronyms = _tokenised(nlp, (a for a in names if is_acronym(a)))
            words = _tokenised(nlp, (a for a in names if not is_acronym(a)))
            if acronyms:
                self.exact.add(key, acronyms)
            if words:
                (self.lower if curated else self.exact).add(key, words)

    def countries(self, doc: Doc) -> dict[str, int]:
        """How strongly the article points to each country: clue words in its text and its source."""
        scores: dict[str, int] = {}
        for match_id, _, _ in self.clues(doc):
            iso3 = doc.vocab.strings[match_id]
            scores[iso3] = scores.get(iso3, 0) + 1
        source = str(doc.user_data.get("source") or "")
        for iso3, country in self.book.countries.items():
            if source and any(clue in source for clue in country.clues()):
                scores[iso3] = scores.get(iso3, 0) + 3
        return scores

    def _trusted(self, key: str, scores: dict[str, int], active_packs: set[int]) -> bool:
        """A contextual name is trusted in an article about its entity's country (or, without a country, its pack's)."""
        if key not in self.contextual_keys:
            return True
        country = self.entities[key].country
        return scores.get(country, 0) > 0 if country else id(self.pack_of[key]) in active_packs

    def __call__(self, doc: Doc) -> list[Span]:
        text = doc.text  # built anew on every access, so read it once
        scores = self.countries(doc)
        active_packs = {id(pack) for pack in self.packs if not pack.iso3 and pack.is_active_for(text)}
        followers = word_set(RULES, "modifier_followers")
        found: dict[tuple[int, int], dict[str, tuple[PackEntity, bool]]] = {}  # span -> id -> (entity, matched by a contextual name)
        for match_id, start, end in [*self.lower(doc), *self.exact(doc)]:
            key = doc.vocab.strings[match_id]
            if not self._trusted(key, scores, active_packs):
                continue
            entity = self.entities[key]
            if entity.type == "GOV_BODY" and end - start == 1 and end < len(doc) and doc[end].lower_ in followers:
                continue
            if entity.type == "PERSON" and start > 0 and doc[start - 1].ent_type_ == "PERSON" and doc[start - 1].is_title:
                continue
            earlier = found.setdefault((start, end), {}).get(entity.qualified_id)
            contextual = key in self.contextual_keys and (earlier is None or earlier[1])
            found[(start, end)][entity.qualified_id] = (entity, contextual)
        for candidates in found.values():  # a name only one country's actor has is a clue to that country too
            only = next(iter(candidates.values()))[0].country if len(candidates) == 1 else None
            if only is not None:
                scores[only] = scores.get(only, 0) + 1
        doc.user_data["countries"] = ranked = sorted(scores, key=lambda iso3: -scores[iso3])
        doc.user_data["family_first"] = any(country.family_first for country in map(self.book.get, ranked) if country is not None)
        day = doc.user_data.get("published")
        spans = self._bare_parliament(doc, scores, ranked)
        for (start, end), candidates in found.items():
            chosen = _choose(list(candidates.values()), scores, day, self.rank, doc[start:end].text)
            if chosen is None:
                spans.append(Span(doc, start, end, label=next(iter(candidates.values()))[0].type))
            else:
                spans.append(Span(doc, start, end, label=chosen.type, kb_id=chosen.qualified_id))
        return spans


    def _bare_parliament(self, doc: Doc, scores: dict[str, int], ranked: list[str]) -> list[Span]:
        """ "parliament voted on Friday": in an article about one country, the common noun names that country's legislature.

        Only when one country leads the article's clues and the packs know its
        whole legislature (or its one chamber); "the parliament of Catalonia"
        names another.
        """
        if not ranked or (len(ranked) > 1 and scores[ranked[0]] == scores[ranked[1]]):
            return []
        legislature = self.legislatures.get(ranked[0])
        if legislature is None:
            return []
        noun = doc.vocab.strings.add(EN.legislature_noun)
        at = [i for i, orth in enumerate(doc.to_array(ORTH).tolist()) if orth == noun]  # one array read: no Token object per word
        return [
            Span(doc, i, i + 1, label="GOV_BODY", kb_id=legislature.qualified_id)
            for i in at
            if not (i + 1 < len(doc) and doc[i + 1].lower_ == "of")
        ]


def _legislatures(packs: tuple[Pack, ...]) -> dict[str, PackEntity]:
    """Each country's whole legislature, or its one chamber, as the packs (merged) know it: what its "parliament" names."""
    known: dict[str, PackEntity] = {}
    for pack in packs:
        known.update(pack.external)  # every qualified id, merged-away ones too, to its surviving entity
    found: dict[str, PackEntity] = {}
    for pack in packs:
        for country in pack.countries:
            whole = known.get(f"{pack.name}:{country.place_id}-legislature")
            if whole is None and len(country.chambers) == 1 and country.chambers[0].kind == "unicameral":
                whole = known.get(f"{pack.name}:{country.chamber_id(country.chambers[0])}")
            if whole is not None:
                found.setdefault(country.iso3, whole)
    return found


def _tokenised(nlp: Language, texts: Iterable[str]) -> list[Doc]:
    """Phrase patterns: each text through the pipeline's tokenizer alone."""
    return [nlp.make_doc(text) for text in texts]


def _distinctive(name: str) -> bool:
    """Whether a dataset's name can be matched in running text: an acronym, or a name with a capitalised word
    that is neither a function word nor a generic one ("The Party", "We Can", "Prime minister" and "Together" cannot)."""
    generic = word_set(RULES, "generic_name_words")
    if is_acronym(name):
        return name.lower() not in STOP_WORDS and name.lower() not in generic and name not in load_lexicon(RULES)["non_entities"]
    words = [w for w in name.replace("-", " ").split() if w[:1].isupper() and w.lower() not in generic and w.lower() not in STOP_WORDS]
    return bool(words) and len(name) > 3 and (len(name.split()) > 1 or name.lower() not in generic)


def _choose(candidates: list[tuple[PackEntity, bool]], scores: dict[str, int], day: object, rank: dict[str, int], text: str) -> PackEntity | None:
    """The one actor a shared name means here, or None: of the article's leading country, then in existence on
    its date, then the one the name identifies (not only a contextual name), then the one whose own name it is,
    then the more carefully kept pack's."""
    if len(candidates) == 1:
        return candidates[0][0]
    best = max(scores.get(e.country or "", 0) for e, _ in candidates)
    candidates = [(e, c) for e, c in candidates if scores.get(e.country or "", 0) == best]
    if len(candidates) > 1 and isinstance(day, date):
        candidates = [(e, c) for e, c in candidates if e.active_in(day)] or candidates
    if len(candidates) > 1 and len({e.pack for e, _ in candidates}) == 1 and any(e.dated for e, _ in candidates):
        return candidates[0][0]  # one pack's dated names: the resolver picks by date (packs.in_use_instead)
    if len(candidates) > 1:
        candidates = [pair for pair in candidates if not pair[1]] or candidates
    if len(candidates) > 1:
        candidates = [pair for pair in candidates if fold_name(pair[0].name) == fold_name(text)] or candidates
    if len(candidates) > 1:
        first = min(rank.get(e.pack, 9) for e, _ in candidates)
        candidates = [pair for pair in candidates if rank.get(pair[0].pack, 9) == first]
    return candidates[0][0] if len(candidates) == 1 else None


def _rule_spans(doc: Doc, known: list[Span]) -> list[Span]:
    """Factions named after a person or place, governments named after a leader, chambers."""
    people = [span for span in [*known, *doc.ents] if span.label_ == "PERSON"]
    family_names = {span[-1].text for span in people}
    name_tokens = {i for span in [*known, *doc.ents] if span.label_ in ("PERSON", "PLACE", "GPE") for i in range(span.start, span.end)}
    tokens = list(doc)  # each Token built once: the loops below read every word and its neighbour
    name_tokens |= {t.i for t in tokens if t.text in family_names and t.pos_ == "PROPN"}
    faction_heads = word_set(RULES, "faction_heads")
    government_heads = {w.lower() for w in load_lexicon(RULES)["government_heads"]}
    chambers = {tuple(phrase.split()) for phrase in load_lexicon(RULES)["chamber_phrases"]}
    spans: list[Span] = []
    for previous, token in pairwise(tokens):
        word = token.lower_
        if (previous.lower_, word) in chambers:
            spans.append(Span(doc, previous.i, token.i + 1, label="GOV_BODY"))
        named = previous.i in name_tokens and previous.pos_ == "PROPN"
        if word in faction_heads and named:
            spans.append(Span(doc, _name_start(doc, previous.i, name_tokens), token.i + 1, label="FACTION"))
        elif word in faction_heads and word == "bloc" and previous.pos_ in ("ADJ", "NOUN", "PROPN") and "-" in previous.text + doc.text[previous.idx - 1 : previous.idx]:
            spans.append(Span(doc, _hyphen_start(doc, previous.i), token.i + 1, label="FACTION"))
        elif word in government_heads and named:
            spans.append(Span(doc, _name_start(doc, previous.i, name_tokens), token.i + 1, label="GOV_BODY"))
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


def _retype(span: Span, words: OrgWords) -> str | None:
    label, text = span.label_, span.text
    if any(t.tag_ == "POS" for t in span[:-1]) and span[-1].is_lower:
        return None  # "Hashimoto's party": a description, not a name
    if label in ("GPE", "LOC"):
        kind = classify_org(text, words)
        return kind if kind == "GOV_BODY" else "PLACE"
    if label == "NORP":
        return "PARTY" if text in load_lexicon(RULES)["party_norps"] else None
    if label == "ORG":
        return classify_org(text, words)
    if label == "PERSON":
        kind = classify_org(text, words)
        return kind if kind in ("PARTY", "LOCAL_GROUP") else "PERSON"
    return label if label in ENTITY_TYPES else None


@lru_cache(maxsize=1)
def _titles_by_first_word() -> dict[str, tuple[tuple[str, ...], ...]]:
    """Person titles ("mr", "tan sri") by their first word, longest first, read once."""
    found: dict[str, list[tuple[str, ...]]] = {}
    for title in word_set(RULES, "person_titles"):
        words = tuple(title.split())
        found.setdefault(words[0], []).append(words)
    return {first: tuple(sorted(titles, key=len, reverse=True)) for first, titles in found.items()}


def _title_length(doc: Doc, start: int) -> int:
    """How many words of a person title open the text at `start` (0: none)."""
    for words in _titles_by_first_word().get(doc[start].lower_, ()):
        if tuple(token.lower_ for token in doc[start : start + len(words)]) == words:
            return len(words)
    return 0


def _trim(span: Span, label: str) -> Span | None:
    """Drop leading articles and titles ("Tan Sri"), a trailing possessive and a trailing "-led" ("the Mahathir-led pact")."""
    start, end = span.start, span.end
    doc = span.doc
    while start < end and doc[start].lower_ in EN.articles:
        start += 1
    if label == "PERSON":
        while start < end - 1:
            length = _title_length(doc, start)
            if length == 0 and not doc[start].is_punct:
                break
            start += min(max(length, 1), end - 1 - start)
    if end - start > 2 and doc[end - 2].text in EN.dashes and doc[end - 1].lower_ in EN.compound_participles:
        end -= 2
    while end > start and (doc[end - 1].lower_ in EN.trailing_possessives or doc[end - 1].is_punct):
        end -= 1
    if start >= end:
        return None
    return Span(doc, start, end, label=label, kb_id=span.kb_id_)


def _acronyms_of_known_names(candidates: list[Span], kept: list[Span]) -> list[Span]:
    """An unknown acronym ("GRP") that abbreviates a party named in the article takes its type."""
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
    """The political NER's spans for a batch of documents (titles and all), read without disturbing the spans already on them."""
    saved = [doc.ents for doc in docs]
    for doc in docs:
        doc.ents = []
    batch: Iterable[Doc] = docs
    for _, component in ner.pipeline:
        batch = component.pipe(batch) if isinstance(component, Pipe) else (component(d) for d in batch)
    found = [[Span(doc, s.start, s.end, label=s.label_) for s in doc.ents] for doc in batch]
    for doc, ents in zip(docs, saved, strict=True):
        doc.ents = ents
    return found


def doubtful_sentences(doc: Doc, learned: list[Span], words: OrgWords) -> list[Span]:
    """Sentences where the political NER may have misread a name: the only ones the English model is asked about.

    Trained on a few hundred articles, it sometimes reads a real person's
    name in a party's place ("... ousted Tony Abbott") or a place's (such a
    name has no word of a group's name), and it sometimes passes over a
    capitalised group word ("Party", "Union") in a name it has not seen.
    The English model, trained on far more names, reads these sentences;
    reading every sentence would double the cost of reading.
    """
    sentences = {}
    for span in learned:
        if span.label_ != "PERSON" and len(span) <= 4 and all(t.is_title or t.is_punct for t in span) and classify_org(span.text, words) is None:
            sentences[span.sent.start] = span.sent
    covered = {i for span in learned for i in range(span.start, span.end)}
    group_words = words.party | words.local_group | words.gov_body
    for sentence in doc.sents:
        if sentence.start not in sentences and any(t.is_title and t.i not in covered and t.lower_ in group_words for t in sentence):
            sentences[sentence.start] = sentence
    return sorted(sentences.values(), key=lambda sentence: sentence.start)


def english_spans(docs: list[Doc], sentences: list[list[Span]], english_ner: Pipe) -> list[list[Span]]:
    """The English model's spans in the given sentences of each document, as spans of the document."""
    pieces = [Doc(doc.vocab, words=[t.text for t in s], spaces=[bool(t.whitespace_) for t in s]) for doc, chosen in zip(docs, sentences, strict=True) for s in chosen]
    read = iter(english_ner.pipe(pieces))
    found: list[list[Span]] = []
    for doc, chosen in zip(docs, sentences, strict=True):
        spans: list[Span] = []
        for sentence in chosen:
            piece = next(read)
            spans.extend(Span(doc, sentence.start + e.start, sentence.start + e.end, label=e.label_) for e in piece.ents)
        found.append(spans)
    return found


def _names_only(found: list[Span], english: Iterable[Span]) -> list[Span]:
    """The political spans trimmed of titles, without demonyms and without what does not look like a name."""
    english = list(english)
    tagged = {i for span in english for i in range(span.start, span.end)}
    demonyms = {(s.start, s.end) for s in english if s.label_ == "NORP" and s.text not in load_lexicon(RULES)["party_norps"]}
    trimmed = [_trim(span, span.label_) for span in found]
    return [span for span in trimmed if span is not None and (span.start, span.end) not in demonyms and _looks_like_a_name(span, tagged)]


def _cleaned(spans: list[Span], english: dict[int, str] | None = None) -> list[Span]:
    """Spans without page furniture and with the English model's PERSON where a group name has no group word.

    Agencies, outlets and time zones ("AFP", "Jiji Press", "AEST"), a lone "Party", shouted headlines, buildings
    ("Leinster House", "Lund University"), events ("the Civil War"), a lone title ("the King") and spans that open with a
    function word ("However the") are not actors.  "REUTERS/Jane Doe"
    credits a photographer: the name after the slash is a person, the agency
    before it is nothing.  A world region ("Middle East") is a place.  A learned span typed as a party that the English
    model reads as a person, with no word of a group's name in it ("Tony
    Abbott"), is the person.
    """
    kept = []
    known = english or {}
    for span in spans:
        pieces = [_without_leading_connective(p) for p in _slash_pieces(span)]
        for piece in pieces:
            if _is_furniture(piece) or _generic_group_word(piece):
                continue
            if piece.text in load_lexicon(RULES)["regions"]:
                kept.append(Span(piece.doc, piece.start, piece.end, label="PLACE"))
                continue
            if piece[0].lower_ in word_set(RULES, "honorifics"):  # "Mr Turnbull" (a person, "Mr" dropped), "Queen Margrethe"; "the King" alone names no one
                person = _trim(piece, "PERSON") if len(piece) > 1 else None
                if person is not None:
                    kept.append(person)
                continue
            credited = len(pieces) > 1 and 2 <= len(piece) <= 3 and all(t.is_title for t in piece)
            english_person = bool(known) and all(known.get(t.i) == "PERSON" for t in piece) and not is_acronym(piece.text)
            if piece.label_ != "PERSON" and (credited or english_person) and classify_org(piece.text) is None:
                piece = Span(piece.doc, piece.start, piece.end, label="PERSON")
            kept.append(piece)
    return kept


def _coordinations_split(spans: list[Span], english: dict[int, str], words: OrgWords, known: list[Span]) -> list[Span]:
    """ "Moderates and Christian Democrats", "PSOE and Podemos": two names joined, when each side is a name on its own.

    A side is a name when a pack names it, the English model tagged it by
    itself, or a lexicon of party names knows it; "Law and Justice" has
    neither side, so it stays one party.
    """
    by_bounds = {(k.start, k.end): k for k in known}
    found = []
    for span in spans:
        joints = [t.i for t in span if t.lower_ in EN.coordinators and span.start < t.i < span.end - 1] or _hyphen_joints(span)
        if span.kb_id_ or len(joints) != 1:
            found.append(span)
            continue
        sides = [Span(span.doc, span.start, joints[0]), Span(span.doc, joints[0] + 1, span.end)]
        sides = [by_bounds.get((side.start, side.end), side) for side in sides]
        labels = [side.label_ if side.label_ else _side_label(side, english, words) for side in sides]
        dashed = span.doc[joints[0]].text in EN.dashes
        if labels[0] is None or labels[1] is None or (dashed and labels != ["PARTY", "PARTY"]):  # "Jean-Claude", "Baden-Württemberg" stay whole
            found.append(span)
        else:
            found.extend(Span(span.doc, side.start, side.end, label=label or "", kb_id=side.kb_id_) for side, label in zip(sides, labels, strict=True))
    return found


def _hyphen_joints(span: Span) -> list[int]:
    """ "Social Democrat-Green Party", "Liberal-NDP": a dash written inside one word joins two names.

    Only a span that names no group of its own (no "bloc", "coalition" at its
    end: "Labour-Green bloc" is one faction) and no pack name is split, and
    only when both sides are names (checked by the caller).
    """
    if span[-1].lower_ in EN.group_nouns - EN.bare_group_nouns:
        return []
    return [t.i for t in span if t.text in EN.dashes and span.start < t.i < span.end - 1 and not t.whitespace_ and not span.doc[t.i - 1].whitespace_]


def _side_label(side: Span, english: dict[int, str], words: OrgWords) -> str | None:
    norps = load_lexicon(RULES)["party_norps"]
    if side.text in norps or f"{side.text}s" in norps:  # "Liberal-NDP": a party's adjective before a dash is its name
        return "PARTY"
    labels = {english.get(t.i) for t in side}
    if len(labels) != 1 or None in labels:
        return None
    as_english = Span(side.doc, side.start, side.end, label=labels.pop() or "")
    return _retype(as_english, words)


CONNECTIVE_POS = ("ADP", "SCONJ", "CCONJ", "ADV")


def _without_leading_connective(span: Span) -> Span:
    """ "Despite Ozawa", "Although Saar": a sentence-opening connective the tagger took into the name is not part of it."""
    start = span.start
    while start < span.end - 1 and span.doc[start].pos_ in CONNECTIVE_POS and span.doc[start].is_sent_start:
        start += 1
    return span if start == span.start else Span(span.doc, start, span.end, label=span.label_, kb_id=span.kb_id_)


def _is_furniture(span: Span) -> bool:
    text = span.text
    if text in load_lexicon(RULES)["non_entities"] or (text.isupper() and not is_acronym(text)):
        return True
    if any(t.lower_ in word_set(RULES, "media_words") for t in span) and not span.kb_id_:
        return True
    if all(t.is_stop or t.is_punct for t in span):  # "the", "It": no name at all
        return True
    if span[-1].lower_ in word_set(RULES, "event_words") or _names_the_outlet(span):
        return True
    return span[-1].lower_ in word_set(RULES, "building_words") or (span[0].is_stop and span[0].lower_ not in EN.articles)


def _names_the_outlet(span: Span) -> bool:
    """ "The Local Sweden" over its own article: the outlet's name (or two or more words of it) is a credit, not an actor."""
    source = fold_name(str(span.doc.user_data.get("source") or ""))
    named = fold_name(span.text)
    return bool(source) and (named == source or (len(span) > 1 and f" {named} " in f" {source} "))


def _slash_pieces(span: Span) -> list[Span]:
    bounds = [span.start, *(t.i for t in span if t.text == "/"), span.end]
    pieces = []
    for start, end in zip(bounds, bounds[1:], strict=False):
        start = start + 1 if span.doc[start].text == "/" else start
        if start < end:
            pieces.append(Span(span.doc, start, end, label=span.label_, kb_id=span.kb_id_))
    return pieces


def _common_group_phrase(span: Span) -> bool:
    """ "the new party", "the ruling party": a group told of in lowercase words is a description, not a name (the English model tags some as ORG)."""
    return span.label_ in ("PARTY", "LOCAL_GROUP") and not any(t.text[:1].isupper() or t.text[:1].isdigit() for t in span)


def _generic_group_word(span: Span) -> bool:
    """ "Party" of "Party chairman X", "The Group": a word every group's name may end in, alone, names none of them."""
    words = [t for t in span if t.lower_ not in EN.articles]
    return bool(words) and all(t.lower_ in word_set(RULES, "generic_group_words") for t in words)


def _looks_like_a_name(span: Span, tagged: set[int]) -> bool:
    """Names begin with a capital; a lone word must be a proper noun, or a name the English model also saw.

    The political NER has read news text only; page furniture and a
    sentence's capitalised first word ("Even", "Questions") are not names.
    """
    first = span[0]
    if not (first.text[:1].isupper() or first.text[:1].isdigit()):
        return False
    named = next((t for t in span if t.lower_ not in EN.articles), first)
    if named is not first and not (named.text[:1].isupper() or named.text[:1].isdigit()):
        return False  # "The new party" opening a sentence: its capital is the sentence's, not a name's
    if len(span) == 1 and first.i not in tagged and (first.pos_ != "PROPN" or first.is_stop):
        return False
    return any(t.is_alpha for t in span)


class PolitographEntities:
    """The spaCy component: pack spans, rule spans, the political NER's spans, then re-typed statistical spans."""

    def __init__(self, nlp: Language, packs: tuple[str, ...] | None, political: str = "shipped") -> None:
        self.pack_matcher = PackMatcher(nlp, load_packs(tuple(packs) if packs else None))
        self.words = OrgWords.of(self.pack_matcher.packs)
        self.ner = political_ner(political)
        self.nlp = nlp
        learned = self.ner.get_pipe("ner") if self.ner is not None else None
        for label in learned.labels if isinstance(learned, Pipe) else ():  # its labels must be known to the pipeline's own string store
            nlp.vocab.strings.add(label)

    def _in_title(self, span: Span) -> bool:
        """ "Taoiseach", or "Diet affairs" of "Diet affairs chief": a country's title (or its start) names a post, not an actor."""
        titles = self.pack_matcher.titles
        text = span.text.lower()
        following = span.doc[span.end].lower_ if span.end < len(span.doc) else ""
        return text in titles or f"{text} {following}" in titles

    def pipe(self, docs: Iterable[Doc], batch_size: int = 32) -> Iterator[Doc]:
        """Batches through the political NER (one matrix product per batch, not per document)."""
        for batch in minibatch(docs, size=batch_size):
            yield from self._read_batch(batch)

    def __call__(self, doc: Doc) -> Doc:
        return self._read_batch([doc])[0]

    def _read_batch(self, batch: list[Doc]) -> list[Doc]:
        """The political NER over the batch, the English model over its doubtful sentences, then each document's spans."""
        learned = political_spans(batch, self.ner) if self.ner is not None else [[] for _ in batch]
        english = self.nlp.get_pipe("ner") if "ner" in self.nlp.component_names and "ner" in self.nlp.disabled else None
        if isinstance(english, Pipe):  # load_nlp leaves the English NER out of the run; it is asked about doubtful sentences here
            doubtful = [doubtful_sentences(doc, spans, self.words) if self.ner is not None else list(doc.sents) for doc, spans in zip(batch, learned, strict=True)]
            for doc, spans in zip(batch, english_spans(batch, doubtful, english), strict=True):
                doc.ents = spans
        return [self.annotate(doc, _names_only(spans, doc.ents)) for doc, spans in zip(batch, learned, strict=True)]

    def annotate(self, doc: Doc, learned: list[Span]) -> Doc:
        pack_spans = self.pack_matcher(doc)
        # the longer name wins ("Kalvian Harvest League" over a pack's "League"); on a tie the pack's, which carries an id.
        # Measured on dev: learned spans before the English model's or after them, F1 0.484 vs 0.483; before reads new names better
        english = {i: span.label_ for span in doc.ents for i in range(span.start, span.end)}
        preferred = filter_spans([*pack_spans, *_rule_spans(doc, pack_spans), *_cleaned(learned, english)])
        taken = {i for span in preferred for i in range(span.start, span.end)}
        statistical = []
        unknown_acronyms = []
        for span in doc.ents:
            label = _retype(span, self.words)
            if label is None and span.label_ == "ORG" and is_acronym(span.text):
                unknown_acronyms.append(span)
            if label is None or (label == "GOV_BODY" and _is_modifier_use(span)):
                continue
            trimmed = _trim(span, label)
            if trimmed is not None and not any(i in taken for i in range(trimmed.start, trimmed.end)) and not _common_group_phrase(trimmed):
                statistical.append(trimmed)
        statistical = _cleaned(statistical)
        statistical.extend(_acronyms_of_known_names(unknown_acronyms, [*preferred, *statistical]))
        preferred = [span for span in preferred if span.kb_id_ or not self._in_title(span)]
        statistical = [span for span in statistical if not self._in_title(span)]
        doc.ents = filter_spans(_coordinations_split([*preferred, *statistical], english, self.words, pack_spans))
        return doc


@Language.factory("politograph_entities", default_config={"packs": None, "political_ner": "shipped"})
def make_politograph_entities(nlp: Language, name: str, packs: list[str] | None, political_ner: str) -> PolitographEntities:
    """Registered so a spaCy config can add the component by name (`political_ner`: "shipped", a folder, or "none")."""
    return PolitographEntities(nlp, tuple(packs) if packs else None, political_ner)
