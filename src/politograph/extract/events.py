"""Events of one group: `founding`, `split`, `dissolution`, `rename`.

Each is a trigger word (data/events.yaml) whose group is found the same
way: the subject of an intransitive verb ("Your Party disbanded"), the object
of a transitive one ("they split the party"), the subject of a passive ("X
was founded in 2012 by Y"), the noun a participle describes ("a party
established last year"), or the owner of a trigger noun ("Nippon Ishin's
breakup", "the dissolution of X").
"""

from __future__ import annotations

from collections.abc import Iterator

from spacy.tokens import Token

from politograph.extract.actors import actor_at, actors_in, agents, is_definite, is_passive, passive_agents
from politograph.extract.context import ExtractContext
from politograph.extract.numbers import parse_number
from politograph.extract.registry import extractor
from politograph.extract.titles import MEMBERS
from politograph.extract.triggers import EVENTS, TriggerSpec, trigger_spec
from politograph.lang import EN
from politograph.lexicon import word_set
from politograph.model import GROUP_TYPES, Entity, Fact


def _children(token: Token, *deps: str) -> list[Token]:
    return [c for c in token.children if c.dep_ in deps]


def _pobjs(token: Token, *preps: str) -> list[Token]:
    return [g for c in token.children if c.dep_ == "prep" and c.lower_ in preps for g in c.children if g.dep_ == "pobj"]


def _owner_of_noun(ctx: ExtractContext, noun: Token) -> list[Entity]:
    """ "Nippon Ishin's breakup", "the dissolution of X", "the party's split"."""
    return actors_in(ctx, [*_children(noun, "poss", "compound"), *_pobjs(noun, "of", "within", "in")], GROUP_TYPES)


def _group_of(ctx: ExtractContext, trigger: Token, spec: TriggerSpec, transitive_object: bool) -> list[Entity]:
    """The one group an event happens to, by the trigger's kind."""
    if spec.attribute(trigger):
        return actors_in(ctx, [trigger.head], GROUP_TYPES)
    if spec.noun(trigger):
        return _owner_of_noun(ctx, trigger)
    if not spec.verb(trigger):
        return []
    if is_passive(trigger):
        if trigger.dep_ == "acl":
            return actors_in(ctx, [trigger.head], GROUP_TYPES)
        return agents(ctx, trigger, GROUP_TYPES)
    if transitive_object:
        objects = actors_in(ctx, _children(trigger, "dobj"), GROUP_TYPES)
        if objects or _children(trigger, "dobj"):
            return objects
    return agents(ctx, trigger, GROUP_TYPES)


def _fact(ctx: ExtractContext, fact_type: str, trigger: Token, subject: Entity | None, other: str | None = None) -> Fact:
    fact = Fact(fact_type, subject.name if subject else None, other, evidence=ctx.evidence(trigger.sent))
    fact.subject_type = subject.type if subject else None
    fact.modality = ctx.modality(trigger)
    return ctx.timed_event(fact, trigger)


# ---------------------------------------------------------------- founding


def _created(ctx: ExtractContext, trigger: Token) -> tuple[bool, Entity | None]:
    """Whether the trigger makes a group, and the group when the text names it."""
    group_nouns = word_set(EVENTS, "new_group_nouns")
    if ctx.entity(trigger.head) is not None and trigger.dep_ == "acl":
        return True, actor_at(ctx, trigger.head, GROUP_TYPES)  # "Tomin First, launched by Koike"
    candidates = _children(trigger, "dobj", "nsubjpass") if trigger.pos_ in ("VERB", "AUX") else _pobjs(trigger, "of")
    if trigger.dep_ in ("relcl", "acl") and not _children(trigger, "dobj"):
        candidates.append(trigger.head)  # "a new party Ishihara is likely to form"
    if not candidates and trigger.pos_ in ("VERB", "AUX"):
        # "a new party Ishihara is likely to form", when the parser loses the relative clause
        before = trigger.doc[trigger.sent.start : trigger.i]
        if any(t.lemma_.lower() in group_nouns and any(c.lower_ == "new" for c in t.children) for t in before):
            return True, None
    for candidate in candidates:
        named = actor_at(ctx, candidate, GROUP_TYPES)
        if named is not None:
            return True, named
        if candidate.lemma_.lower() in group_nouns or candidate.lower_ in group_nouns:
            return True, _new_group_named(ctx, candidate)
    return False, None


def _new_group_named(ctx: ExtractContext, noun: Token) -> Entity | None:
    """The name a new group's noun is given: "a new party, Your Party", "a new party called Your Party", and "the party" of the story."""
    named = [*_children(noun, "appos"), *([noun.head] if noun.dep_ == "appos" else [])]
    for clause in _children(noun, "acl"):
        if clause.lemma_.lower() in EN.naming_verbs:
            named += [c for c in clause.children if c.dep_ in ("oprd", "dobj", "attr", "xcomp", "npadvmod")]
    titled = actors_in(ctx, named, GROUP_TYPES)
    if titled:
        return titled[0]
    if is_definite(noun) and not any(c.lower_ in EN.new_words for c in noun.children):  # "formed the party on Nov. 27"
        return ctx.salient(noun, GROUP_TYPES)
    return None


@extractor("founding")
def extract_foundings(ctx: ExtractContext) -> Iterator[Fact]:
    """Who formed which new party or group; an unnamed new party has object null."""
    spec = trigger_spec(EVENTS, "founding")
    for trigger in ctx.tokens_with_lemma(spec.lemmas()):
        if not (spec.verb(trigger) or spec.noun(trigger)):
            continue
        makes_group, group = _created(ctx, trigger)
        if not makes_group:
            continue
        if spec.noun(trigger):
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
    """A party breaking up; "Y broke away from X" gives X as the party and Y as the group.

    Its people splitting split it: "NDU-linked lawmakers that split", "the
    party's deputies split" (no group named).
    """
    spec = trigger_spec(EVENTS, "split")
    for trigger in ctx.tokens_with_lemma(spec.lemmas()):
        breakaway = _pobjs(trigger, "from") + [g for p in _children(trigger, "prt", "advmod") for g in _pobjs(p, "from")]
        if breakaway and spec.verb(trigger):
            parents = actors_in(ctx, breakaway, GROUP_TYPES)
            leaving = agents(ctx, trigger, GROUP_TYPES)
            for parent in parents:
                yield _fact(ctx, "split", trigger, parent, leaving[0].name if leaving else None)
            continue
        groups = _group_of(ctx, trigger, spec, transitive_object=True)
        if not groups and spec.verb(trigger) and not _children(trigger, "dobj"):
            groups = [p for noun in _subject_nouns(trigger) for p in _party_of_people(ctx, noun)]
        for group in groups:
            yield _fact(ctx, "split", trigger, group)


def _subject_nouns(verb: Token) -> list[Token]:
    """The nouns a verb is said of: its subjects, or the noun its relative clause describes ("lawmakers that split")."""
    subjects = _children(verb, "nsubj", "nsubjpass")
    if verb.dep_ == "relcl" and all(s.lower_ in EN.relative_pronouns for s in subjects):
        return [verb.head]
    return subjects


def _party_of_people(ctx: ExtractContext, noun: Token) -> list[Entity]:
    """The party whose people a noun names: "NDU lawmakers", "NDU-linked forces", "the NDU's deputies", "members of the NDU"."""
    people = word_set(EVENTS, "people_nouns") | word_set(MEMBERS, "member_nouns")
    if noun.lemma_.lower() not in people and noun.lower_ not in people:
        return []
    owners = _children(noun, "compound", "poss", "nmod") + _pobjs(noun, "of", "from")
    owners += [g for c in _children(noun, "amod") if c.lower_ in word_set(EVENTS, "linking_participles") for g in _children(c, "npadvmod", "compound", "nmod")]
    return actors_in(ctx, owners, ("PARTY",))


# ---------------------------------------------------------------- a new group of those who left another


@extractor("split")
def extract_splinter_foundings(ctx: ExtractContext) -> Iterator[Fact]:
    """A group founded by people who left a party split that party: "X was formed by deputies expelled from Y".

    Also "defectors from Y formed X" and "lawmakers who quit Y launched X";
    the split has the old party as subject and the new group as object,
    dated and qualified as the founding is.
    """
    spec = trigger_spec(EVENTS, "founding")
    for trigger in ctx.tokens_with_lemma(spec.lemmas()):
        if not spec.verb(trigger):
            continue
        makes_group, group = _created(ctx, trigger)
        if not makes_group or group is None:
            continue
        founders = _pobjs(trigger, "by") + [g for c in _children(trigger, "agent") for g in _children(c, "pobj")] if is_passive(trigger) else _subject_nouns(trigger)
        for parent in [p for noun in founders for p in _left_party(ctx, noun)]:
            if parent.name != group.name:
                yield _fact(ctx, "split", trigger, parent, group.name)


def _left_party(ctx: ExtractContext, noun: Token) -> list[Entity]:
    """The party the people a noun names had left: "deputies who quit Y", "lawmakers expelled from Y", "defectors from Y"."""
    leaving = word_set(MEMBERS, "leaving_verbs")
    clauses = [c for c in noun.children if c.dep_ in ("relcl", "acl") and c.lemma_.lower() in leaving]
    places = [t for clause in clauses for t in [*_children(clause, "dobj"), *_pobjs(clause, "from")]]
    if noun.lemma_.lower() in word_set(EVENTS, "defector_nouns"):
        places += _pobjs(noun, "from", "of")
    return actors_in(ctx, places, ("PARTY",))


MANY_MEMBERS = 3
"""People leaving a party together whom a count names: from three it is a split, not one member's departure."""


@extractor("split")
def extract_group_departures(ctx: ExtractContext) -> Iterator[Fact]:
    """A group leaving its party splits it: "X and his allies left the party", "the Y faction quit Z".

    One person leaving is a membership change, not a split, so only a
    faction as subject counts, or several of the party's people counted
    ("X and eleven other deputies walked out of the party").
    """
    for trigger in ctx.tokens_with_lemma(word_set(EVENTS, "departure_verbs")):
        if trigger.pos_ != "VERB":
            continue
        groups = [e for e in agents(ctx, trigger, ("FACTION",))]
        parents = actors_in(ctx, _children(trigger, "dobj") + _pobjs(trigger, "from"), ("PARTY",))
        counted = not groups and _many_members_leave(trigger)
        for parent in parents:
            for group in groups:
                yield _fact(ctx, "split", trigger, parent, group.name)
            if counted:  # "X and eleven other deputies walked out": a split, the group unnamed
                yield _fact(ctx, "split", trigger, parent)
    for noun in ctx.tokens_with_lemma(word_set(EVENTS, "departure_nouns")):  # "a walkout of some 20 deputies from X"
        if noun.pos_ not in ("NOUN", "PROPN"):
            continue
        phrase = list(noun.subtree)
        counted_members = any(_counts_many(t) for t in phrase)
        parents = actors_in(ctx, [g for t in phrase if t.dep_ == "prep" and t.lower_ == "from" for g in t.children if g.dep_ == "pobj"], ("PARTY",))
        for parent in parents if counted_members else []:
            yield _fact(ctx, "split", noun, parent)


def _many_members_leave(trigger: Token) -> bool:
    """A departure whose subject counts several of a party's people ("eleven other deputies", "a dozen MPs")."""
    return any(_counts_many(token) for subject in trigger.children if subject.dep_ == "nsubj" for token in [subject, *subject.conjuncts])


def _counts_many(token: Token) -> bool:
    """A member noun counted at `MANY_MEMBERS` or more ("eleven other deputies", "some 20 MPs")."""
    if token.lemma_.lower() not in word_set(MEMBERS, "member_nouns"):
        return False
    counts = [parse_number(c.text) for c in token.children if c.dep_ in ("nummod", "quantmod")]
    return any(n is not None and n >= MANY_MEMBERS for n in counts)


@extractor("dissolution")
def extract_dissolutions(ctx: ExtractContext) -> Iterator[Fact]:
    """A party or group disbanding (never a chamber being dissolved for an election)."""
    spec = trigger_spec(EVENTS, "dissolution")
    for trigger in ctx.tokens_with_lemma(spec.lemmas()):
        for group in _group_of(ctx, trigger, spec, transitive_object=True):
            yield _fact(ctx, "dissolution", trigger, group)


# ---------------------------------------------------------------- rename


def _name_text(token: Token) -> str:
    """The phrase as the text writes it, without a leading article or quotes."""
    span = token.doc[token.left_edge.i : token.right_edge.i + 1]
    text = span.text.strip(" \"“”'.,")
    for article in EN.name_prefixes:
        text = text.removeprefix(article)
    return text.strip(" \"“”'")


def _new_name(ctx: ExtractContext, trigger: Token) -> str | None:
    targets = _children(trigger, "oprd", "xcomp", "attr", "ccomp") + _pobjs(trigger, "to", "as")
    targets += [d for d in _children(trigger, "dobj") if d.lower_ not in EN.not_new_names and ctx.entity(d) is None]
    for target in targets:
        if target.lower_ not in EN.not_new_name_targets:
            return _name_text(target)
    return None


@extractor("rename")
def extract_renames(ctx: ExtractContext) -> Iterator[Fact]:
    """A group taking a new name; `result` is the new name as the text writes it."""
    spec = trigger_spec(EVENTS, "rename")
    for trigger in ctx.tokens_with_lemma(spec.lemmas()):
        if spec.verb(trigger):
            renamed_object = [d for d in _children(trigger, "dobj") if ctx.entity(d) is not None]
            groups = actors_in(ctx, renamed_object, GROUP_TYPES) or agents(ctx, trigger, GROUP_TYPES)
        elif spec.noun(trigger):
            groups = _owner_of_noun(ctx, trigger)
        else:
            continue
        for group in groups:
            fact = _fact(ctx, "rename", trigger, group)
            fact.result = _new_name(ctx, trigger)
            yield fact
