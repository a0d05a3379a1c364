"""What every extractor needs from a parsed article: clauses, time, modality, entities.

Extractors find a trigger (a title, a verb, a number) and ask this module
three questions about it: which clause is it in and what does that clause
say about time and certainty, which entities are around it, and which
sentence is the evidence.  Keeping the answers here means every fact family
reads modality and time the same way.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Iterator
from dataclasses import dataclass, field, replace

from spacy.tokens import Span, Token

from politograph.lang import EN
from politograph.lexicon import load_lexicon, word_set
from politograph.model import Entity, Evidence, Fact, Modality, TimeValue, fold_name
from politograph.nlp.groups import LeaderGroup, faction_for
from politograph.nlp.pipeline import AnalyzedDoc
from politograph.nlp.timex import Direction, TimeMention

MODALITY = "extract/data/modality.yaml"
CLAUSE_LINKS = {"xcomp", "ccomp", "acl", "dobj", "pobj", "prep", "attr", "oprd", "aux", "auxpass", "acomp", "pcomp", "advcl", "appos", "agent"}


def _in_a_name(token: Token) -> bool:
    """A function word the tagger misread inside a name: the "To" of "Ishin no To" is no infinitive marker, "no" no negation."""
    return bool(token.ent_type_) or (token.text[:1].isupper() and token.i != token.sent.start)


@dataclass(slots=True)
class ExtractContext:
    """One analysed article, with lookups shared by every extractor."""

    adoc: AnalyzedDoc
    _time_tokens: dict[int, TimeMention] = field(default_factory=dict)
    _group_tokens: dict[int, LeaderGroup] = field(default_factory=dict)
    _led_factions: dict[int, Entity] = field(default_factory=dict)  # id(leader) -> faction
    _titled_ministries: dict[str, tuple[int, int, str]] = field(default_factory=dict)  # name -> (start, end, portfolio words)
    memo: dict[str, object] = field(default_factory=dict)  # results several extractors share

    def __post_init__(self) -> None:
        doc = self.adoc.doc
        for mention in self.adoc.times:
            span = doc.char_span(mention.start, mention.end, alignment_mode="expand")
            if span is not None and not any(token.ent_type_ for token in span):  # "Tomorrow" of "Citizens for Tomorrow" is a name
                for token in span:
                    self._time_tokens[token.i] = mention
        for group in self.adoc.groups:
            self._led_factions.setdefault(id(group.leader), group.faction)
            for i in range(group.start, group.end):
                self._group_tokens[i] = group

    # ------------------------------------------------------------------ triggers

    def tokens_with_lemma(self, lemmas: Iterable[str]) -> list[Token]:
        """Tokens whose lemma (or lower-cased form) is one of `lemmas`, in text order.

        The index is built once per document, so each fact family looks up
        its trigger words instead of walking every token again.
        """
        index = self.memo.get("lemma_index")
        if index is None:
            built: dict[str, list[Token]] = {}
            for token in self.adoc.doc:
                built.setdefault(token.lemma_.lower(), []).append(token)
                if token.lower_ != token.lemma_.lower():
                    built.setdefault(token.lower_, []).append(token)
            self.memo["lemma_index"] = index = built
        assert isinstance(index, dict)
        found = {t.i: t for lemma in lemmas for t in index.get(lemma, [])}
        return [found[i] for i in sorted(found)]

    def is_time(self, token: Token) -> bool:
        """Whether the token is part of a time expression the normaliser found."""
        return token.i in self._time_tokens

    def time_at(self, token: Token) -> TimeMention | None:
        """The time expression a token is part of, if any."""
        return self._time_tokens.get(token.i)

    # ------------------------------------------------------------------ entities

    @property
    def published(self) -> TimeValue:
        """When a present-tense state with no time of its own holds: the publication date at its precision ("2014-12")."""
        return self.adoc.document.published_value

    def entity(self, token: Token | int) -> Entity | None:
        """The entity a token names; words of "X and his allies" name X's faction."""
        index = token if isinstance(token, int) else token.i
        group = self._group_tokens.get(index)
        if group is not None:
            return group.faction
        return self.adoc.entity_at.get(index)

    def faction_led_by(self, leader: Entity) -> Entity:
        """The group a person leads in this article ("30 members would go with X")."""
        faction = self._led_factions.get(id(leader))
        if faction is None:
            faction, _ = faction_for(leader, self.adoc.entities)
            self._led_factions[id(leader)] = faction
        return faction

    def title_names_ministry(self, name: str, portfolio: list[Token]) -> None:
        """Remember that a minister's title ("farm minister") names this ministry, for `implied_entities`."""
        if portfolio and name not in self._titled_ministries:
            words = " ".join(t.text for t in portfolio)
            self._titled_ministries[name] = (portfolio[0].idx, portfolio[-1].idx + len(portfolio[-1]), words)

    def implied_entities(self, facts: Iterable[Fact]) -> Iterator[tuple[Entity, list[tuple[int, int]]]]:
        """Factions and ministries the text implies that facts point to, with the phrases naming them.

        A faction, or a ministry only a title names ("trade minister X" holds
        the Ministry of Trade), becomes an entity of the document only here,
        when a fact needs it.
        """
        known = {id(e) for e in self.adoc.entities}
        known_names = {fold_name(e.name) for e in self.adoc.entities}
        named = {name for fact in facts for name in (fact.subject, fact.object) if name}
        doc = self.adoc.doc
        for faction in {id(f): f for f in self._led_factions.values()}.values():
            if id(faction) in known or faction.name not in named:
                continue
            spans = [(doc[g.start].idx, doc[g.end - 1].idx + len(doc[g.end - 1])) for g in self.adoc.groups if g.faction is faction]
            yield faction, spans
        for name, (start, end, words) in self._titled_ministries.items():
            if name in named and fold_name(name) not in known_names:
                yield Entity(name, "GOV_BODY", aliases={name, words, f"{words} ministry"}), [(start, end)]

    def entities_in(self, tokens: Iterable[Token], types: Iterable[str] | None = None) -> list[tuple[Entity, Token]]:
        """Distinct entities among tokens, in order, with the first token of each."""
        wanted = set(types) if types else None
        seen: dict[int, tuple[Entity, Token]] = {}
        for token in tokens:
            entity = self.entity(token)
            if entity is not None and (wanted is None or entity.type in wanted) and id(entity) not in seen:
                seen[id(entity)] = (entity, token)
        return list(seen.values())

    def salient(self, before: Token, types: Collection[str], sentences_back: int = 2) -> Entity | None:
        """The one entity of these types the article was just talking about ("the party").

        Looks back from `before` over this and the previous sentences; answers
        only when exactly one such entity is in that window, so an ambiguous
        "the party" stays unresolved.
        """
        doc = before.doc
        sentence = before.sent
        start = sentence.start
        for _ in range(sentences_back):
            if start == 0:
                break
            start = doc[start - 1].sent.start
        found = {id(e): e for e, _ in self.entities_in(doc[start : before.i], types)}
        if len(found) == 1:
            return next(iter(found.values()))
        in_sentence = self.entities_in(doc[sentence.start : before.i], types)
        if in_sentence:
            return in_sentence[-1][0]
        return self._story_subject(before, types)

    def _story_subject(self, before: Token, types: Collection[str]) -> Entity | None:
        """The entity of these types the story has been about so far, if one leads clearly: named at least twice, twice as often as any other.

        "Mori set up the party in May" in a story about the Harbour Party,
        which the sentences just before do not name.
        """
        counts: dict[int, int] = {}
        named: dict[int, Entity] = {}
        for token in before.doc[: before.i]:
            entity = self.entity(token)
            if entity is not None and entity.type in types and (token.i == 0 or self.entity(token.i - 1) is not entity):
                counts[id(entity)] = counts.get(id(entity), 0) + 1
                named[id(entity)] = entity
        ranked = sorted(counts.items(), key=lambda item: -item[1])
        if not ranked or ranked[0][1] < 2 or (len(ranked) > 1 and ranked[0][1] < 2 * ranked[1][1]):
            return None
        return named[ranked[0][0]]

    def recent(self, before: Token, types: Collection[str], sentences_back: int = 1) -> Entity | None:
        """The entity of these types mentioned last before `before` (this or recent sentences)."""
        doc = before.doc
        start = before.sent.start
        for _ in range(sentences_back):
            if start == 0:
                break
            start = doc[start - 1].sent.start
        found = self.entities_in(doc[start : before.i], types)
        if not found:
            return None
        last = max(found, key=lambda pair: max(t.i for t in doc[start : before.i] if self.entity(t) is pair[0]))
        return last[0]

    # ------------------------------------------------------------------ clauses

    @staticmethod
    def clause_chain(token: Token, limit: int = 6) -> Iterator[Token]:
        """The token and its heads up to its clause's main verb and any verb that governs it."""
        current = token
        for _ in range(limit):
            yield current
            if current.dep_ == "ROOT" or current.head == current:
                return
            if current.dep_ == "acl" and current.tag_ == "VBN" and current.pos_ == "VERB":  # "X, founded in 2009 by Y, was once considered ...": a clause of its own
                return
            if current.dep_ not in CLAUSE_LINKS and current.pos_ in ("VERB", "AUX"):
                return
            current = current.head

    def modality(self, anchor: Token) -> Modality:
        """Modality of the clause the anchor sits in: the nearest trigger wins."""
        lexicon = load_lexicon(MODALITY)
        sets = {name: word_set(MODALITY, name) for name in ("negated", "possible", "expected", "planned", "reporting", "forecast_subjects")}
        sentence_text = self._lowered_sentence(anchor)
        found: set[Modality] = set()
        for token in self.clause_chain(anchor):
            # the anchor's own adjectives qualify it too: "a possible snap election", "the planned merger"
            deps = ("aux", "neg", "auxpass", "advmod", "acomp", "amod") if token.i == anchor.i else ("aux", "neg", "auxpass", "advmod", "acomp")
            words = [token] + [c for c in token.children if c.dep_ in deps]
            for word in words:
                lemma, lower = word.lemma_.lower(), word.lower_
                if word.ent_type_:  # "no" of "Yui no To" is part of a name, not a negation
                    continue
                if any(c.dep_ == "prt" for c in word.children):  # a phrasal verb is its own word: "set up a party" expects nothing
                    continue
                if word.lower_ == "not" and word.i > 0 and word.doc[word.i - 1].lower_ == "or":  # "whether or not to cooperate" asks, it denies nothing
                    continue
                if word.dep_ == "neg" or (lemma in sets["negated"] and word.i == token.i and word.i != anchor.i and word.pos_ == "VERB"):
                    return Modality.NEGATED
                for name, modality in (("possible", Modality.POSSIBLE), ("expected", Modality.EXPECTED), ("planned", Modality.PLANNED)):
                    if lemma in sets[name] or lower in sets[name]:
                        if lower == "would" and not any(w in sentence_text for w in sets["reporting"]):
                            continue
                        found.add(modality)
        if self._forecast_says(anchor, sets["forecast_subjects"]):
            found.add(Modality.EXPECTED)
        for phrase in lexicon["negated_phrases"]:
            if phrase in sentence_text and self._phrase_governs(anchor, phrase):
                return Modality.NEGATED
        # a governing clause's doubt outweighs an inner "will": "it is possible X will merge"
        for modality in (Modality.POSSIBLE, Modality.EXPECTED, Modality.PLANNED):
            if modality in found:
                return modality
        return Modality.ASSERTED

    def _lowered_sentence(self, anchor: Token) -> str:
        """The anchor's sentence in lower case, cut from the text once per sentence (many facts ask of one sentence)."""
        sentence = anchor.sent
        key = f"lowered_sentence:{sentence.start}"
        text = self.memo.get(key)
        if not isinstance(text, str):
            text = self.memo[key] = self.adoc.document.text[sentence.start_char : sentence.end_char].lower()
        return text

    @staticmethod
    def _forecast_says(anchor: Token, subjects: frozenset[str]) -> bool:
        """ "Forecasts give the DPJ 308 seats", "polls show X ahead": the clause's subject is a prediction."""
        return any(c.dep_ in ("nsubj", "nsubjpass") and c.lemma_.lower() in subjects for head in ExtractContext.clause_chain(anchor) for c in head.children)

    @staticmethod
    def _phrase_governs(anchor: Token, phrase: str) -> bool:
        first = phrase.split()[0]
        # "no" of "no longer" hangs from "longer", one step below the verb
        return any(t.lower_ == first for head in ExtractContext.clause_chain(anchor) for t in (head, *head.children, *(g for c in head.children for g in c.children)))

    @staticmethod
    def _purpose_of_past(token: Token, auxiliary: Token) -> bool:
        """ "The league was dissolved in March to create the Civic Party": a purpose told of a past act happened with it."""
        return auxiliary.lower_ == "to" and token.dep_ == "advcl" and token.head.tag_ in ("VBD", "VBN")

    @staticmethod
    def direction(anchor: Token) -> Direction | None:
        """Tense of the anchor's clause, for weekdays and yearless months; None when the clause has none.

        A clause with no verb tense ("the Dec. 16 election") leaves the choice
        to the nearest date, so a November article's "Dec. 16" is the coming one.
        """
        if any(c.dep_ == "acl" and c.tag_ == "VBN" and c.lower_ in EN.scheduling_participles for c in anchor.children):
            return "future"  # "a vote slated for June", whatever the sentence's verb
        for token in ExtractContext.clause_chain(anchor):
            for child in token.children:
                if child.dep_ == "aux" and child.lower_ in EN.future_auxiliaries and not ExtractContext._purpose_of_past(token, child) and not _in_a_name(child):
                    return "future"
            if token.tag_ == "VBN" and token.lower_ in EN.scheduling_participles:
                return "future"
            if token.tag_ in ("VBD", "VBN"):
                return "past"
        return None

    def clause_time(self, anchor: Token) -> TimeMention | None:
        """The time expression that belongs to the anchor's clause, if any, read in that clause's tense.

        A time phrase attaches to the nearest verb or noun above it; it
        belongs to the anchor when that word is on the anchor's clause chain.
        Its value is the nlp stage's reading for the clause's tense ("Dec. 16"
        in "was held on Dec. 16" is the one gone).
        """
        chain = {t.i for t in self.clause_chain(anchor)}
        sentence = anchor.sent
        best: TimeMention | None = None
        best_steps = MAX_TIME_STEPS + 1
        for i in range(sentence.start, sentence.end):
            mention = self._time_tokens.get(i)
            if mention is None or mention is best:
                continue
            steps = _steps_to_chain(sentence.doc[i], chain)
            if steps < best_steps:  # the phrase hung nearest the clause: "won on Saturday" over the subject's "who led it since last June"
                best, best_steps = mention, steps
        if best is None:
            return None
        return replace(best, value=best.in_tense(self.direction(anchor)))

    # ------------------------------------------------------------------ building facts

    def timed_event(self, fact: Fact, anchor: Token) -> Fact:
        """Like `timed`, and an event dated after the article that is told as fact is planned.

        "After" means after the last day the article may have been printed:
        a "Dec. 16" vote in an article dated only "2014-12" may already be past.
        """
        self.timed(fact, anchor)
        if fact.start is not None or fact.end is not None:  # "since the September election": an event has a day, not a start
            fact.when, fact.start, fact.end = fact.start or fact.end, None, None
        return self.planned_if_ahead(fact)

    def planned_if_ahead(self, fact: Fact) -> Fact:
        """An event told as fact but dated after the last day the article may have been printed is planned."""
        first = fact.when.earliest() if fact.when is not None else None
        printed = self.adoc.document.published_value.latest() or self.adoc.document.published
        if fact.modality is Modality.ASSERTED and first is not None and first > printed:
            fact.modality = Modality.PLANNED
        return fact

    def evidence(self, sentence: Span) -> Evidence:
        start, end = sentence.start_char, sentence.end_char  # the text by offsets: `Span.text` builds every token of the sentence
        return Evidence(self.adoc.document.id, start, end, self.adoc.document.text[start:end].strip())

    def timed(self, fact: Fact, anchor: Token, default_now: bool = True) -> Fact:
        """Fill `when`/`start`/`end` from the anchor's clause, else the publication date."""
        mention = self.clause_time(anchor)
        if mention is not None:
            if mention.slot == "start":
                fact.start = mention.value
                fact.when = self.published
            elif mention.slot == "end":
                fact.end = mention.value
                fact.when = mention.value
            else:
                fact.when = mention.value
        elif default_now:
            fact.when = self.published
        return fact


MAX_TIME_STEPS = 4
"""How far up the parse a time phrase may climb to reach the clause it dates."""


def _steps_to_chain(token: Token, chain: set[int]) -> int:
    """Steps from a time phrase's word up to the anchor's clause chain; past the limit when it never gets there.

    The climb stops at a relative clause on another word ("X, who has led
    the party since June, won on Saturday"): its time is its own, not the
    main verb's.  One on the anchor itself dates it ("the election, which
    took place on 26 May").
    """
    head = token
    for steps in range(MAX_TIME_STEPS + 1):
        if head.i in chain:
            return steps
        if head.head == head or head.dep_ == "relcl" and head.head.i not in chain:
            break
        head = head.head
    return MAX_TIME_STEPS + 1


TENTATIVE = (Modality.PLANNED, Modality.EXPECTED, Modality.POSSIBLE)


DATED_EVENTS = ("dissolution", "founding", "merger", "split", "rename")
"""Events of one group whose repeated readings are settled by the date the text gives, before their modality."""


def _dated_apart(fact: Fact, published: TimeValue) -> bool:
    """Told with a time of its own, not the publication date a reading with none is given."""
    return fact.when is not None and fact.when != published


def keep_surer(known: Fact, repeat: Fact, published: TimeValue) -> None:
    """Of two readings of one claim, keep the one told as fact, then the one that says when.

    "X was sworn in as prime minister" wins over "incoming Prime Minister X";
    a post's tenure ("Kan served as prime minister from June 2010 to
    September 2011") replaces the publication date that "Prime Minister
    Kan" was given.  Other dated repeats do not: a present-tense state holds
    when the article was printed, whatever else is said of its past.  An
    event told twice, once with its day ("the league will be wound up on
    3 March") and once without ("members agreed to dissolve the league"), is the dated reading, whatever
    the other's modality.
    """
    if known.type in DATED_EVENTS:  # "agreed to dissolve it" and "will be wound up on 3 March": the day the text gives it
        known_dated, repeat_dated = _dated_apart(known, published), _dated_apart(repeat, published)
        if repeat_dated and not known_dated:
            known.modality, known.when, known.evidence = repeat.modality, repeat.when, repeat.evidence
        if repeat_dated != known_dated:
            return
    surer = known.modality in TENTATIVE and repeat.modality is Modality.ASSERTED
    tenure = repeat.when is not None and repeat.when.is_interval and repeat.type == "role"
    dated = tenure and known.modality is repeat.modality and known.when == published and known.start is None
    if surer or dated or _finer(repeat, known):
        known.modality, known.when, known.evidence = repeat.modality, repeat.when, repeat.evidence


def _finer(repeat: Fact, known: Fact) -> bool:
    """The repeat says more exactly when, within what the first reading said: "last year's election", then "the
    election last December"."""
    if repeat.when is None or known.when is None or repeat.when == known.when or repeat.modality is not known.modality:
        return False
    return repeat.when.within(known.when)


def subjects_of(verb: Token, ctx: ExtractContext, types: tuple[str, ...] = ("PERSON",)) -> list[tuple[Entity, Token]]:
    """The entities a verb is about: its subject, through relative pronouns and conjunctions."""
    found: list[tuple[Entity, Token]] = []
    current = verb
    for _ in range(3):
        subjects = [c for c in current.children if c.dep_ in ("nsubj", "nsubjpass")]
        for subject in subjects:
            if subject.lower_ in EN.relative_pronouns and current.dep_ == "relcl":
                subject = current.head
            for token in [subject, *subject.conjuncts]:
                entity = ctx.entity(token) or _entity_in_subtree(token, ctx, types)
                if entity is not None and entity.type in types:
                    found.append((entity, token))
        if found or current.dep_ not in ("xcomp", "conj", "advcl", "ccomp") or current.head == current:
            break
        current = current.head
    return found


def _entity_in_subtree(token: Token, ctx: ExtractContext, types: tuple[str, ...]) -> Entity | None:
    for child in token.subtree:
        entity = ctx.entity(child)
        if entity is not None and entity.type in types and child.head == token:
            return entity
    return None
