"""Events of one group: `founding`, `split`, `dissolution`, `rename`.

Each is a trigger word (data/relations.yaml) whose group is found the same
way: the subject of an intransitive verb ("Your Party disbanded"), the object
of a transitive one ("they split the party"), the subject of a passive ("X
was founded in 2012 by Y"), the noun a participle describes ("a party
established last year"), or the owner of a trigger noun ("Nippon Ishin's
breakup", "the dissolution of X").
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from spacy.tokens import Token

from politograph.extract import extractor
from politograph.extract.actors import GROUPS, RELATIONS, actor_at, actors_in, agents, attached, is_passive, passive_agents, phrase_table
from politograph.extract.context import ExtractContext
from politograph.lexicon import load_lexicon, word_set
from politograph.model import Entity, Fact


@dataclass(frozen=True, slots=True)
class EventWords:
    """A family's trigger words by part of speech; two-word verbs need their particle attached."""

    verbs: dict[str, frozenset[str]]
    nouns: frozenset[str]
    adjectives: frozenset[str]

    def lemmas(self) -> set[str]:
        return {*self.verbs, *self.nouns, *self.adjectives}

    def verb(self, token: Token) -> bool:
        needed = self.verbs.get(token.lemma_.lower())
        if needed is None or token.pos_ not in ("VERB", "AUX"):
            return False
        return attached(token, needed, before=False)

    def noun(self, token: Token) -> bool:
        return token.pos_ in ("NOUN", "PROPN") and token.lemma_.lower() in self.nouns

    def adjective(self, token: Token) -> bool:
        return token.lower_ in self.adjectives and token.dep_ == "amod"


def event_words(family: str) -> EventWords:
    raw = load_lexicon(RELATIONS)[family]
    return EventWords(phrase_table(raw.get("verbs", []), head_first=True), frozenset(raw.get("nouns", [])), frozenset(raw.get("adjectives", [])))


def _children(token: Token, *deps: str) -> list[Token]:
    return [c for c in token.children if c.dep_ in deps]


def _pobjs(token: Token, *preps: str) -> list[Token]:
    return [g for c in token.children if c.dep_ == "prep" and c.lower_ in preps for g in c.children if g.dep_ == "pobj"]


def _owner_of_noun(ctx: ExtractContext, noun: Token) -> list[Entity]:
    """ "Nippon Ishin's breakup", "the dissolution of X", "the party's split"."""
    return actors_in(ctx, [*_children(noun, "poss", "compound"), *_pobjs(noun, "of", "within", "in")], GROUPS)


def _group_of(ctx: ExtractContext, trigger: Token, words: EventWords, transitive_object: bool) -> list[Entity]:
    """The one group an event happens to, by the trigger's kind."""
    if words.adjective(trigger):
        return actors_in(ctx, [trigger.head], GROUPS)
    if words.noun(trigger):
        return _owner_of_noun(ctx, trigger)
    if not words.verb(trigger):
        return []
    if is_passive(trigger):
        if trigger.dep_ == "acl":
            return actors_in(ctx, [trigger.head], GROUPS)
        return agents(ctx, trigger, GROUPS)
    if transitive_object:
        objects = actors_in(ctx, _children(trigger, "dobj"), GROUPS)
        if objects or _children(trigger, "dobj"):
            return objects
    return agents(ctx, trigger, GROUPS)


def _fact(ctx: ExtractContext, fact_type: str, trigger: Token, subject: Entity | None, other: str | None = None) -> Fact:
    fact = Fact(fact_type, subject.name if subject else None, other, evidence=ctx.evidence(trigger.sent))
    fact.subject_type = subject.type if subject else None
    fact.modality = ctx.modality(trigger)
    return ctx.timed_event(fact, trigger)


# ---------------------------------------------------------------- founding


def _created(ctx: ExtractContext, trigger: Token) -> tuple[bool, Entity | None]:
    """Whether the trigger makes a group, and the group when the text names it."""
    group_nouns = word_set(RELATIONS, "new_group_nouns")
    if ctx.entity(trigger.head) is not None and trigger.dep_ == "acl":
        return True, actor_at(ctx, trigger.head, GROUPS)  # "Tomin First, launched by Koike"
    candidates = _children(trigger, "dobj", "nsubjpass") if trigger.pos_ in ("VERB", "AUX") else _pobjs(trigger, "of")
    if trigger.dep_ in ("relcl", "acl") and not _children(trigger, "dobj"):
        candidates.append(trigger.head)  # "a new party Ishihara is likely to form"
    if not candidates and trigger.pos_ in ("VERB", "AUX"):
        # "a new party Ishihara is likely to form", when the parser loses the relative clause
        before = trigger.doc[trigger.sent.start : trigger.i]
        if any(t.lemma_.lower() in group_nouns and any(c.lower_ == "new" for c in t.children) for t in before):
            return True, None
    for candidate in candidates:
        named = actor_at(ctx, candidate, GROUPS)
        if named is not None:
            return True, named
        if candidate.lemma_.lower() in group_nouns or candidate.lower_ in group_nouns:
            titled = actors_in(ctx, _children(candidate, "appos") + ([candidate.head] if candidate.dep_ == "appos" else []), GROUPS)
            return True, titled[0] if titled else None
    return False, None


@extractor("founding")
def extract_foundings(ctx: ExtractContext) -> Iterator[Fact]:
    """Who formed which new party or group; an unnamed new party has object null."""
    words = event_words("founding")
    for trigger in ctx.tokens_with_lemma(words.lemmas()):
        if not (words.verb(trigger) or words.noun(trigger)):
            continue
        makes_group, group = _created(ctx, trigger)
        if not makes_group:
            continue
        if words.noun(trigger):
            founders = actors_in(ctx, _children(trigger, "poss"), ("PERSON",))
        elif is_passive(trigger):
            founders = passive_agents(ctx, trigger, ("PERSON",))
        else:
            founders = agents(ctx, trigger, ("PERSON",))
        unnamed_founder: list[Entity | None] = [None]
        for founder in founders or unnamed_founder:
            fact = _fact(ctx, "founding", trigger, founder, group.name if group else None)
            fact.object_type = group.type if group else None
            yield fact


# ---------------------------------------------------------------- split, dissolution


@extractor("split")
def extract_splits(ctx: ExtractContext) -> Iterator[Fact]:
    """A party breaking up; "Y broke away from X" gives X as the party and Y as the group."""
    words = event_words("split")
    for trigger in ctx.tokens_with_lemma(words.lemmas()):
        breakaway = _pobjs(trigger, "from") + [g for p in _children(trigger, "prt", "advmod") for g in _pobjs(p, "from")]
        if breakaway and words.verb(trigger):
            parents = actors_in(ctx, breakaway, GROUPS)
            leaving = agents(ctx, trigger, GROUPS)
            for parent in parents:
                yield _fact(ctx, "split", trigger, parent, leaving[0].name if leaving else None)
            continue
        for group in _group_of(ctx, trigger, words, transitive_object=True):
            yield _fact(ctx, "split", trigger, group)


@extractor("split")
def extract_group_departures(ctx: ExtractContext) -> Iterator[Fact]:
    """A group leaving its party splits it: "X and his allies left the party", "the Y faction quit Z".

    One person leaving is a membership change, not a split, so only a
    faction as subject counts.
    """
    for trigger in ctx.tokens_with_lemma(word_set(RELATIONS, "departure_verbs")):
        if trigger.pos_ != "VERB":
            continue
        groups = [e for e in agents(ctx, trigger, ("FACTION",))]
        parents = actors_in(ctx, _children(trigger, "dobj") + _pobjs(trigger, "from"), ("PARTY",))
        for parent in parents:
            for group in groups:
                yield _fact(ctx, "split", trigger, parent, group.name)


@extractor("dissolution")
def extract_dissolutions(ctx: ExtractContext) -> Iterator[Fact]:
    """A party or group disbanding (never a chamber being dissolved for an election)."""
    words = event_words("dissolution")
    for trigger in ctx.tokens_with_lemma(words.lemmas()):
        for group in _group_of(ctx, trigger, words, transitive_object=True):
            yield _fact(ctx, "dissolution", trigger, group)


# ---------------------------------------------------------------- rename


def _name_text(token: Token) -> str:
    """The phrase as the text writes it, without a leading article or quotes."""
    span = token.doc[token.left_edge.i : token.right_edge.i + 1]
    text = span.text.strip(" \"“”'.,")
    for article in ("the ", "The ", "a ", "an "):
        text = text.removeprefix(article)
    return text.strip(" \"“”'")


def _new_name(ctx: ExtractContext, trigger: Token) -> str | None:
    targets = _children(trigger, "oprd", "xcomp", "attr", "ccomp") + _pobjs(trigger, "to", "as")
    targets += [d for d in _children(trigger, "dobj") if d.lower_ not in ("itself", "name", "themselves") and ctx.entity(d) is None]
    for target in targets:
        if target.lower_ not in ("itself", "it"):
            return _name_text(target)
    return None


@extractor("rename")
def extract_renames(ctx: ExtractContext) -> Iterator[Fact]:
    """A group taking a new name; `result` is the new name as the text writes it."""
    words = event_words("rename")
    for trigger in ctx.tokens_with_lemma(words.lemmas()):
        if words.verb(trigger):
            renamed_object = [d for d in _children(trigger, "dobj") if ctx.entity(d) is not None]
            groups = actors_in(ctx, renamed_object, GROUPS) or agents(ctx, trigger, GROUPS)
        elif words.noun(trigger):
            groups = _owner_of_noun(ctx, trigger)
        else:
            continue
        for group in groups:
            fact = _fact(ctx, "rename", trigger, group)
            fact.result = _new_name(ctx, trigger)
            yield fact
