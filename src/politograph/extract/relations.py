"""Relations between two actors: `alliance`, `coalition`, `opposition`, `merger`, `meeting`.

The five share one reading, configured per type in `data/relations.yaml`:
a trigger verb relates its subject side to its object side ("the LDP
defeated the DPJ"; "Kaieda was backed by Ozawa"), or, for symmetric types,
the members of a joint subject ("X and Y agreed to cooperate"); a trigger
noun relates the sides it names ("the meeting between X and Y", "the
coalition of X, Y and Z"), its owner ("New Komeito, its coalition partner")
or the subject of the verb it is the object of ("X formed an alliance with
Y").  Each pair becomes one fact with the clause's modality and time.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from itertools import combinations

from spacy.lang.en.stop_words import STOP_WORDS
from spacy.tokens import Token

from politograph.extract.actors import actors_in, agents, appositive_owner, governing_verb, is_passive, named_on_noun, objects, passive_agents
from politograph.extract.context import ExtractContext
from politograph.extract.registry import extractor
from politograph.extract.role import party_leaders
from politograph.extract.titles import ROLES
from politograph.extract.triggers import EVENTS, RELATIONS, TriggerSpec, trigger_spec
from politograph.lang import EN
from politograph.lexicon import word_set
from politograph.model import GROUP_TYPES, Entity, Fact

RELATION_TYPES = ("alliance", "coalition", "opposition", "merger", "meeting")

FieldsHook = Callable[[ExtractContext, Token, TriggerSpec, Fact], None]
"""Fills the fields one relation type has beyond its two sides (a coalition's scope, a merger's result)."""
FIELDS: dict[str, FieldsHook] = {}


def fields_of(fact_type: str) -> Callable[[FieldsHook], FieldsHook]:
    """Register the function that fills a relation type's own fields on each of its facts."""

    def register(function: FieldsHook) -> FieldsHook:
        FIELDS[fact_type] = function
        return function

    return register


def _sides(ctx: ExtractContext, trigger: Token, spec: TriggerSpec) -> tuple[list[Entity], list[Entity]] | None:
    """The subject side and the other side of one trigger word, or None when it is not one."""
    if spec.predicate(trigger):  # "which is opposed to X": not a passive
        return agents(ctx, trigger, spec.types), _objects(ctx, trigger, spec)
    if spec.verb(trigger):
        if is_passive(trigger):
            return passive_agents(ctx, trigger, spec.types), agents(ctx, trigger, spec.types)
        return agents(ctx, trigger, spec.types), _objects(ctx, trigger, spec)
    mutual = named_mutually(ctx, trigger, spec.types)
    if mutual:  # each of "rivals A and B" opposes the other: every ordered pair
        return mutual, mutual
    if spec.noun(trigger, by_form=True):  # "talks" is its own word
        return _noun_sides(ctx, trigger, spec)
    if trigger.pos_ in ("NOUN", "PROPN") and trigger.lemma_.lower() in spec.two_named:
        named = named_on_noun(ctx, trigger, spec.types, ("of",))
        return ([], named) if len(named) >= 2 else None
    return None


def _objects(ctx: ExtractContext, trigger: Token, spec: TriggerSpec) -> list[Entity]:
    """The other side of a verb or predicate; for an opposition, else the holder of what it is against ("Lund's policies")."""
    found = objects(ctx, trigger, spec.types, spec.preps)
    if found or spec.type != "opposition":
        return found
    owned = word_set(RELATIONS, "owned_nouns")
    held = [c for c in trigger.children if c.dep_ == "dobj"]
    held += [g for c in trigger.children if c.dep_ == "prep" and c.lower_ in spec.preps for g in c.children if g.dep_ == "pobj"]
    return actors_in(ctx, [p for t in held if t.lemma_.lower() in owned for p in t.children if p.dep_ == "poss"], spec.types)


def _noun_sides(ctx: ExtractContext, noun: Token, spec: TriggerSpec) -> tuple[list[Entity], list[Entity]]:
    owner = appositive_owner(ctx, noun, spec.types)
    members = bracketed_members(ctx, noun, spec.types)
    if members:
        return [], members
    if owner is not None and spec.type == "alliance":
        listed = [e for e in named_on_noun(ctx, noun, spec.types, ("of",)) if e is not owner]
        if len(listed) >= 2:  # "X, an alliance of A, B and C": the members are each other's allies; X is the bloc they make
            return [], listed
    named = [e for e in named_on_noun(ctx, noun, spec.types, spec.preps) if e is not owner]
    if not named and spec.type == "coalition":
        named = [e for e in _led_by(ctx, noun, spec) if e is not owner]
    if len(named) < 2 and owner is None:
        listed = [e for e in listed_after(ctx, noun, spec.types) if e is not owner]
        named = listed if len(listed) > len(named) else named
    possessive = [c for c in noun.children if c.dep_ == "poss" and c.pos_ == "PRON"]
    if owner is not None:
        if possessive:  # "New Komeito, its coalition partner": "its" is whoever came before the owner
            earlier = _earlier_than(ctx, noun, owner, spec.types)
            named = [e for e in named if e is not owner and e is not earlier] + ([earlier] if earlier else [])
        return [owner], named
    verb = governing_verb(noun)
    # "Z was created through the merger of X and Y": the maker's subject is the result, not a side
    makes_it = noun.dep_ == "pobj" and verb is not None and verb.lemma_ in word_set(RELATIONS, "result_verbs")
    # "X threw their support behind Y": a pronoun owner is the subject itself; a named owner is a side of its own
    if noun.dep_ in ("dobj", "pobj", "attr") and not makes_it and not any(c.dep_ == "poss" and c.pos_ != "PRON" for c in noun.children):
        subjects = agents(ctx, noun, spec.types) or _hung_on(ctx, noun, spec)
        if subjects:
            return subjects, [e for e in named if all(e is not s for s in subjects)]
    return [], named


def _led_by(ctx: ExtractContext, noun: Token, spec: TriggerSpec) -> list[Entity]:
    """The party a coalition is "led by", on the noun or on the coalition it is a partner "in":
    "joined the coalition led by X", "the junior partner in the coalition headed by X"."""
    nouns = [noun, *(g for c in noun.children if c.dep_ == "prep" and c.lower_ in ("in", "of") for g in c.children if g.dep_ == "pobj")]
    leading = word_set(ROLES, "leading_verbs")
    found: list[Entity] = []
    for each in nouns:
        for verb in each.children:
            if verb.dep_ == "acl" and verb.lemma_.lower() in leading:
                found += actors_in(ctx, [g for c in verb.children if c.dep_ == "agent" for g in c.subtree], spec.types)
    return found


def _hung_on(ctx: ExtractContext, noun: Token, spec: TriggerSpec) -> list[Entity]:
    """The actor a verbless phrase hangs the noun on, as captions write it: "X at a news conference with Y"."""
    prep = noun.head
    if noun.dep_ != "pobj" or prep.dep_ != "prep" or prep.head.pos_ != "PROPN":
        return []
    return actors_in(ctx, [prep.head], spec.types)


LIST_GLUE = frozenset({"the", ",", "and", "&"})
"""Words that may join the names of a list without ending it."""


def named_mutually(ctx: ExtractContext, noun: Token, types: tuple[str, ...]) -> list[Entity]:
    """The actors a plural rivalry noun names right after it ("longtime rivals A and B", "the two foes, A and B").

    Each is the other's rival, so the relation runs both ways; whose rivals
    a possessive names ("her rivals A and B") they are, not each other's.  The list is
    read along the words, as the parser hangs such names on the noun, beside
    it or on the verb; it ends at the first word that is neither a name nor
    list glue, and counts only with two names or more.  The small tagger
    takes "rivals" before a name for a verb, so the plural is read by form.
    """
    if not noun.lower_.endswith("s") or noun.lemma_.lower() not in word_set(RELATIONS, "mutual_nouns"):
        return []
    if any(c.dep_ == "poss" for c in noun.children):  # "his two rivals A and B" are his rivals, not each other's
        return []
    words: list[Token] = []
    for token in noun.doc[noun.i + 1 : noun.sent.end]:
        if ctx.entity(token) is None and token.lower_ not in LIST_GLUE:
            break
        words.append(token)
    named = actors_in(ctx, [t for t in words if ctx.entity(t) is not None], types)
    return named if len(named) >= 2 else []


def listed_after(ctx: ExtractContext, noun: Token, types: tuple[str, ...]) -> list[Entity]:
    """The actors named right after "merger of" / "talks between", read along the text up to the clause's end.

    The parser loses such a list when a name it does not know breaks it up
    ("the merger of the Civic Union and Kokumin no Koe (Voice of the People)"); the
    words still say which two merged.
    """
    doc = noun.doc
    if noun.i + 1 >= noun.sent.end or doc[noun.i + 1].lower_ not in word_set(RELATIONS, "list_preps"):
        return []
    words: list[Token] = []
    depth = 0
    for token in doc[noun.i + 2 : noun.sent.end]:
        depth += token.text == "("
        depth -= token.text == ")"
        if depth <= 0 and (token.text in (",", ";", ".") or token.pos_ in ("VERB", "AUX") and ctx.entity(token) is None):
            break
        words.append(token)
    return actors_in(ctx, words, types)


BRACKET_REACH = 8
"""Words after a bloc noun within which its bracketed list of members may open ("the bloc won 144 seats (A, B, C)")."""


def bracketed_members(ctx: ExtractContext, noun: Token, types: tuple[str, ...]) -> list[Entity]:
    """The parties a bracket lists right after a bloc noun, when it lists at least two and the clause goes on no further."""
    if noun.lemma_.lower() not in word_set(RELATIONS, "bloc_nouns"):
        return []
    sentence_end = noun.sent.end
    doc = noun.doc
    opening = next((t for t in doc[noun.i + 1 : min(sentence_end, noun.i + 1 + BRACKET_REACH)] if t.text == "(" or t.text in (",", ";")), None)
    if opening is None or opening.text != "(":
        return []
    inside = []
    for token in doc[opening.i + 1 : sentence_end]:
        if token.text == ")":
            break
        inside.append(token)
    else:
        return []
    itself = ctx.entity(noun)  # "the centre-right bloc (A, B)": the bloc holds its members, it is not one of their allies
    members = [e for e in actors_in(ctx, inside, types) if e is not itself]
    return members if len(members) >= 2 else []


def _earlier_than(ctx: ExtractContext, noun: Token, owner: Entity, types: tuple[str, ...]) -> Entity | None:
    doc = noun.doc
    start = noun.sent.start
    candidates = [e for e, _ in ctx.entities_in(doc[start : noun.i], types) if e is not owner]
    return candidates[-1] if candidates else None


def _pairs(spec: TriggerSpec, subjects: list[Entity], others: list[Entity]) -> Iterator[tuple[Entity, Entity]]:
    if subjects and others:
        yield from ((a, b) for a in subjects for b in others if a is not b)
    elif spec.symmetric:
        yield from combinations(subjects or others, 2)


@fields_of("coalition")
def _scope(ctx: ExtractContext, trigger: Token, spec: TriggerSpec, fact: Fact) -> None:
    """A coalition's scope: the assembly an `in` phrase names, else national."""
    nouns = word_set(RELATIONS, "scope_nouns")
    fact.scope = "national"
    for child in trigger.children:
        if child.dep_ == "prep" and child.lower_ in EN.scope_preps:
            for pobj in (g for g in child.children if g.dep_ == "pobj"):
                if pobj.lower_ in nouns or pobj.lemma_ in nouns:
                    fact.scope = " ".join(t.text for t in pobj.subtree if t.dep_ != "det")
                    return


@fields_of("merger")
def _merger_result(ctx: ExtractContext, trigger: Token, spec: TriggerSpec, fact: Fact) -> None:
    """What a merger made: "merged into Z", "merged to form Z", "Z, created through the merger of X and Y"."""
    fact.result = _made_by_merger(ctx, trigger, spec)


def _made_by_merger(ctx: ExtractContext, trigger: Token, spec: TriggerSpec) -> str | None:
    makers = word_set(RELATIONS, "result_verbs")
    for child in trigger.children:
        if child.dep_ == "prep" and child.lower_ == "into":
            found = actors_in(ctx, [g for g in child.children if g.dep_ == "pobj"], spec.types)
            if found:
                return found[0].name
        if child.dep_ in ("xcomp", "advcl") and child.lemma_ in makers:
            found = actors_in(ctx, [g for g in child.children if g.dep_ == "dobj"], spec.types)
            if found:
                return found[0].name
    for later in trigger.sent[trigger.i - trigger.sent.start + 1 :]:
        # "X merged with Y to form Z", however the parser attached "to form"
        if later.lemma_ in makers and any(c.lower_ == "to" for c in later.children):
            found = actors_in(ctx, [g for g in later.children if g.dep_ == "dobj"], spec.types)
            if found:
                return found[0].name
    verb = trigger.head.head if trigger.dep_ == "pobj" else None
    if verb is not None and verb.lemma_ in makers:
        made = agents(ctx, verb, spec.types)  # "Z was created through ...", "Z, which was created through ..."
        if made:
            return made[0].name
    return None


def extract_relation(ctx: ExtractContext, fact_type: str) -> Iterator[Fact]:
    """Facts of one relation type from every trigger word of the document."""
    spec = trigger_spec(RELATIONS, fact_type)
    own_fields = FIELDS.get(fact_type)
    for trigger in ctx.tokens_with_lemma(spec.lemmas()):
        sides = _sides(ctx, trigger, spec)
        if sides is None:
            continue
        for person_or_subject, person_or_other in _pairs(spec, *sides):
            subject, other = _as_led_party(ctx, fact_type, person_or_subject, person_or_other), _as_led_party(ctx, fact_type, person_or_other, person_or_subject)
            if subject is other:
                continue
            fact = Fact(fact_type, subject.name, other.name, evidence=ctx.evidence(trigger.sent), subject_type=subject.type, object_type=other.type)
            fact.modality = ctx.modality(trigger)
            if own_fields is not None:
                own_fields(ctx, trigger, spec, fact)
            timed = ctx.timed_event(fact, trigger)
            if _of_the_past(trigger):  # "former rivals A and B": once so, undated, as a former post is
                timed.when = None
            elif fact_type in ENDABLE and _left(trigger):  # "X quit its coalition with Y on Sunday": the coalition ends that day
                timed.end = timed.when
            yield timed


def _as_led_party(ctx: ExtractContext, fact_type: str, side: Entity, other: Entity) -> Entity:
    """A party's leader as a side of an alliance with another group is the party: "Harbour Party leader X ruled out any deal with Y".

    Only when a title in the document makes the person the leader of one
    party; an alliance between two people stays theirs.
    """
    if fact_type != "alliance" or side.type != "PERSON" or other.type not in GROUP_TYPES:
        return side
    return party_leaders(ctx).get(side.name, side)


ENDABLE = frozenset({"coalition", "alliance"})
"""Relations a side can leave ("quit the coalition", "walked out of the alliance")."""


def _left(trigger: Token) -> bool:
    """The relation noun is what a departure verb leaves: "left its coalition with Y", "pulled out of the pact with Y"."""
    departures = word_set(EVENTS, "departure_verbs")
    if trigger.pos_ not in ("NOUN", "PROPN"):
        return False
    if trigger.dep_ == "dobj":
        return trigger.head.lemma_.lower() in departures
    preposition = trigger.head
    return trigger.dep_ == "pobj" and preposition.lower_ in ("from", "of") and preposition.head.lemma_.lower() in word_set(EVENTS, "withdrawal_verbs")


PAST_REACH = 4
"""Words before a relation noun within which a "former" may place it in the past."""


def _of_the_past(trigger: Token) -> bool:
    """A relation noun its own adjective places in the past ("former allies", "one-time foes")."""
    if trigger.pos_ not in ("NOUN", "PROPN", "VERB"):
        return False
    former = word_set(ROLES, "former_words")
    # read along the words before the noun, which the parser may hang elsewhere ("one-time coalition foes")
    for token in reversed(trigger.doc[max(trigger.sent.start, trigger.i - PAST_REACH) : trigger.i]):
        if token.lower_ in former:
            return True
        if token.pos_ not in ("ADJ", "PROPN", "NOUN") and token.text != "-":
            return False
    return False


def without_contests(ctx: ExtractContext, facts: list[Fact]) -> list[Fact]:
    """Facts without the oppositions between two people that only a vote between them tells.

    "Lind beat Ekman in the second round" and "Moor, the winner, led both
    his rivals by a wide margin" report a contest: the loser opposes the winner no more than
    any candidate does.  Such a reading, the rules' or the classifier's, is
    dropped unless the sentence also has a word of hostility ("X beat Y in a
    bitter feud over the budget" keeps it).
    """
    contest, votes = word_set(RELATIONS, "contest_words"), word_set(RELATIONS, "vote_words")
    hostile = {w for w in trigger_spec(RELATIONS, "opposition").lemmas() - contest - votes if w not in STOP_WORDS}  # "to" of "opposition to" is no fight
    kept = []
    for fact in facts:
        if fact.type == "opposition" and fact.subject_type == fact.object_type == "PERSON" and fact.evidence is not None:
            sentence = ctx.adoc.doc.char_span(fact.evidence.start, fact.evidence.end, alignment_mode="expand")
            lemmas = {t.lemma_.lower() for t in sentence} | {t.lower_ for t in sentence} if sentence is not None else set()
            if lemmas & contest and lemmas & votes and not lemmas & hostile:
                continue
        kept.append(fact)
    return kept


def calls_to_resign(ctx: ExtractContext) -> Iterator[Fact]:
    """ "X called on Finance Minister Y to resign", "the party urged Y to step down": whoever calls for someone's departure opposes them."""
    callers, quitting = word_set(RELATIONS, "resignation_callers"), word_set(RELATIONS, "resignation_verbs")
    types = trigger_spec(RELATIONS, "opposition").types
    for verb in ctx.tokens_with_lemma(quitting):
        call = verb.head
        if verb.dep_ != "xcomp" or call.lemma_.lower() not in callers or (verb.lemma_.lower() == "step" and not any(c.lower_ == "down" for c in verb.children)):
            continue
        called = [c for c in call.children if c.dep_ == "dobj"]
        called += [g for c in call.children if c.dep_ == "prep" and c.lower_ == "on" for g in c.children if g.dep_ == "pobj"]
        targets = actors_in(ctx, called, types)
        for caller in agents(ctx, call, types):
            for target in targets:
                if target is not caller:
                    fact = Fact("opposition", caller.name, target.name, evidence=ctx.evidence(call.sent), subject_type=caller.type, object_type=target.type)
                    fact.modality = ctx.modality(call)
                    yield ctx.timed_event(fact, call)


def _register(fact_type: str) -> None:
    @extractor(fact_type)
    def extract(ctx: ExtractContext) -> Iterator[Fact]:
        return extract_relation(ctx, fact_type)

    extract.__doc__ = f"`{fact_type}` facts; see `politograph.extract.relations`."


for _type in RELATION_TYPES:
    _register(_type)
extractor("opposition")(calls_to_resign)  # after the trigger readings: the registry's order is part of what is extracted
