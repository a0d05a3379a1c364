"""`seats` facts: how many members or seats a party, group or chamber has.

A count is a number on a seat noun ("62 Diet members", "308 seats", "the
480-seat lower house", "the 20-member party").  Its holder is, in order: a
group named on the same noun ("Nippon Ishin's 62 Diet members"), the noun a
"N-seat" compound describes, or the subject of a holding verb ("the LDP won
65 seats").  Words before the number give the qualifier ("more than 30").
"""

from __future__ import annotations

from collections.abc import Iterator

from spacy.tokens import Token

from politograph.extract.actors import actor_at
from politograph.extract.context import ExtractContext, subjects_of
from politograph.extract.numbers import parse_number
from politograph.extract.registry import extractor
from politograph.extract.titles import chamber_word
from politograph.lang import EN
from politograph.lexicon import load_lexicon, word_set
from politograph.model import GROUP_TYPES, ORGANISATION_TYPES, Entity, Fact, Modality
from politograph.packs import pack_index

SEATS = "extract/data/seats.yaml"


def qualifier_before(number: Token) -> str:
    """ "more than 30" -> at_least; "about 50" -> about; a bare number is exact."""
    doc = number.doc
    before = doc[max(0, number.i - 4) : number.i].text.lower()
    for qualifier, phrases in load_lexicon(SEATS)["qualifiers"].items():
        if any(before.endswith(phrase) or before.endswith(phrase + " the") for phrase in phrases):
            return str(qualifier)
    return "exact"


def _seat_noun(number: Token) -> Token | None:
    """The seat noun a number counts, directly or through a hyphen ("480-seat")."""
    nouns = word_set(SEATS, "seat_nouns")
    head = number.head
    if number.dep_ in ("nummod", "compound", "amod", "quantmod") and head.lower_ in nouns:
        return head
    following = number.doc[number.i + 1 : number.i + 3]
    if len(following) == 2 and following[0].text in ("-", "–") and (following[1].lower_ in nouns or following[1].lower_ in word_set(SEATS, "size_words")):
        return following[1]  # "the 480-seat lower house", "the 180-strong parliament"
    if number.dep_ in ("dobj", "nsubj", "pobj", "attr") and any(c.dep_ == "prep" and c.lower_ == "of" for c in number.children):
        return number  # "308 of the 480 seats"
    return None


def counted_object(number: Token) -> Token | None:
    """The direct object a count is told of, not the subject: "cut its challenger to 41 seats", "left the league with 17".

    Only verbs that bring their object to a count (`object_count_verbs`): in
    "won the election with 300 seats" the seats are still the winner's.
    """
    noun = _seat_noun(number) or number
    prep = noun.head
    if noun.dep_ != "pobj" or prep.dep_ != "prep" or prep.lower_ not in ("to", "with"):
        return None
    verb = prep.head
    if verb.lemma_.lower() not in word_set(SEATS, "object_count_verbs"):
        return None
    return next((c for c in verb.children if c.dep_ == "dobj"), None)


def _holder(noun: Token, number: Token, ctx: ExtractContext) -> Entity | None:
    """Who has the seats the noun counts."""
    doc = noun.doc
    told_of = counted_object(number)
    if told_of is not None:  # the object's count, whether or not the text names it ("its rival": not its own)
        entity = ctx.entity(told_of)
        return entity if entity is not None and entity.type in ORGANISATION_TYPES else None
    # "Nippon Ishin's 62 Diet members", "Yui no To's 14 Diet members"
    named = ctx.entities_in([t for t in noun.lefts for t in t.subtree if t.i < number.i], ORGANISATION_TYPES)
    if named:
        return named[-1][0]
    if number.i >= 2 and doc[number.i - 1].lower_ in EN.possessive_endings:  # the same, when the parse lost the owner
        owner = ctx.entity(number.i - 2)
        if owner is not None and owner.type in ORGANISATION_TYPES:
            return owner
        if owner is not None and owner.type == "PLACE" and noun.lower_ in word_set(SEATS, "legislator_nouns"):
            return _legislature_named(ctx, number)  # "Varnia's 149 MPs": the size of its parliament
    # "the 480-seat lower house", "the 20-member party"
    if noun.i == number.i + 2 and doc[number.i + 1].text in ("-", "–"):
        described = noun.head if noun.head != noun else None
        if described is not None:
            entity = ctx.entity(described)
            if entity is not None and entity.type in ORGANISATION_TYPES:
                return entity
            if described.lower_ in EN.counted_group_nouns:
                return ctx.salient(described, GROUP_TYPES)
            if described.lower_ in EN.chamber_nouns:
                chamber = ctx.entities_in(described.subtree, ("GOV_BODY",))
                return chamber[0][0] if chamber else _chamber_named(ctx, described)
    # "the LDP won 65 seats", "... emerged with 49 seats"
    verb = noun.head
    if verb.lower_ == "with" or verb.dep_ == "prep":
        verb = verb.head
    while verb.dep_ in ("conj",) and verb.pos_ != "VERB":
        verb = verb.head
    if verb.lemma_.lower() in word_set(SEATS, "holding_verbs") or noun.head.lower_ == "with":
        holders = subjects_of(verb, ctx, ORGANISATION_TYPES)
        if holders:
            return holders[0][0]
    return None


def _chamber_named(ctx: ExtractContext, noun: Token) -> Entity | None:
    """ "The 61-seat assembly" after "the Varna City Assembly election": the chamber the story named with that word."""
    named = [e for t in noun.doc[: noun.i] if (e := ctx.entity(t)) is not None and e.type == "GOV_BODY" and noun.lower_ in e.name.lower().split()]
    return named[-1] if named else None


def _legislature_named(ctx: ExtractContext, number: Token) -> Entity | None:
    """The legislature the story last named (a country's MPs are its parliament's seats)."""
    chambers = pack_index(ctx.adoc.packs).chambers
    named = [e for t in number.doc[: number.i] if (e := ctx.entity(t)) is not None and e.type == "GOV_BODY" and (e.name in chambers or e.pack_id)]
    return named[-1] if named else None


def _scope(noun: Token, holder: Entity, ctx: ExtractContext) -> str | None:
    """The chamber the seats are in, when the text names one (a one-word chamber before the noun: the pack's chamber of that name)."""
    words = [*noun.subtree, *(noun.head.subtree if noun.head.lower_ in EN.seat_scope_preps else [])]
    chambers = [e for e, _ in ctx.entities_in(words, ("GOV_BODY",)) if e is not holder]
    if chambers:
        return chambers[0].name
    named = (chamber_word(t.text, ctx) for t in noun.lefts if t.pos_ == "PROPN" and t.text[:1].isupper())
    return next((name for name in named if name), None)


def _fact(holder: Entity, value: int, number: Token, noun: Token, ctx: ExtractContext) -> Fact:
    fact = Fact(
        "seats",
        holder.name,
        None,
        value=value,
        qualifier=qualifier_before(number),
        scope=_scope(noun, holder, ctx),
        modality=ctx.modality(number) if noun.dep_ in ("dobj", "pobj", "attr") or number.dep_ in ("dobj", "pobj") else Modality.ASSERTED,
        evidence=ctx.evidence(number.sent),
        subject_type=holder.type,
    )
    fact.won = won_at_election(noun)
    if holder.type == "GOV_BODY":  # a chamber's size is no forecast: "forecasts give X 308 of the 480 seats in the lower house"
        fact.modality = Modality.ASSERTED
    return ctx.timed(fact, number.head if number.head.pos_ == "VERB" else noun)


def won_at_election(noun: Token) -> bool | None:
    """Whether a count was won at an election ("won 65 seats") or is held ("holds 65 seats"); None when no verb says."""
    verb = noun.head if noun.dep_ in ("dobj", "attr") else noun.head.head if noun.dep_ == "pobj" else None
    if verb is None or verb.pos_ not in ("VERB", "AUX"):
        return None
    lemma = verb.lemma_.lower()
    if lemma in word_set(SEATS, "winning_verbs"):
        return True
    return False if lemma in word_set(SEATS, "holding_verbs") else None


@extractor("seats")
def extract_seats(ctx: ExtractContext) -> Iterator[Fact]:
    """Seat and member counts of parties, groups and chambers."""
    for token in ctx.adoc.doc:
        if not (token.like_num or token.pos_ == "NUM"):
            continue
        value = parse_number(token.text)
        if value is None or value < 1 or value > 5000:
            continue
        noun = _seat_noun(token)
        if noun is None:
            continue
        if noun is token:  # "308 of the 480 seats in the lower house"
            yield from _share_of_total(token, ctx)
            continue
        holder = _holder(noun, token, ctx)
        if holder is not None:
            yield _fact(holder, value, token, noun, ctx)


def _share_of_total(part: Token, ctx: ExtractContext) -> Iterator[Fact]:
    of = next(c for c in part.children if c.dep_ == "prep" and c.lower_ == "of")
    totals = [g for g in of.children if g.dep_ == "pobj"]
    if not totals:
        return
    noun = totals[0]
    whole = next((c for c in noun.children if c.dep_ == "nummod"), None)
    chamber = ctx.entities_in(noun.subtree, ("GOV_BODY",))
    if whole is not None and chamber:
        total = parse_number(whole.text)
        if total:
            fact = _fact(chamber[0][0], total, whole, noun, ctx)
            fact.scope = None
            yield fact
    verb = part.head
    holders = subjects_of(verb, ctx, ORGANISATION_TYPES) or [
        (e, t) for e, t in ctx.entities_in([c for c in verb.children if c.dep_ == "dative" for c in c.subtree], ORGANISATION_TYPES)
    ]
    value = parse_number(part.text)
    if holders and value:
        yield _fact(holders[0][0], value, part, noun, ctx)


# --------------------------------------------------------------------------- splits


def _follower_target(verb: Token, particles: list[str], ctx: ExtractContext) -> Entity | None:
    """Whom the members go with: a group, or the faction of a person."""
    if particles:
        candidates = [g for c in verb.children if c.dep_ == "prep" and c.lower_ in particles for g in c.children if g.dep_ == "pobj"]
    else:
        candidates = [c for c in verb.children if c.dep_ == "dobj"]
    for candidate in candidates:
        target = actor_at(ctx, candidate, ("PERSON", *GROUP_TYPES))
        if target is not None:
            return ctx.faction_led_by(target) if target.type == "PERSON" else target
    return None


def _follower_count(verb: Token) -> Token | None:
    """The number of members doing the verb: its subject, through "they" and "are expected to"."""
    nouns = word_set(SEATS, "follower_nouns")
    current = verb
    for _ in range(3):
        subject = next((c for c in current.children if c.dep_ in ("nsubj", "nsubjpass")), None)
        if subject is not None and subject.lower_ not in EN.non_count_subjects:
            if subject.like_num:
                return subject
            if subject.lower_ in nouns:
                return next((c for c in subject.children if c.dep_ == "nummod" and c.like_num), None)
            return None
        if current.dep_ not in ("xcomp", "ccomp", "relcl", "conj", "acomp") or current.head == current:
            return None
        current = current.head
    return None


def followings(ctx: ExtractContext) -> list[tuple[Token, Token, int, Entity]]:
    """Each "N members go with X" of the article: (verb, number, count, group), memoised."""
    found = ctx.memo.get("followings")
    if found is None:
        found = list[tuple[Token, Token, int, Entity]]()
        table = load_lexicon(SEATS)["follower_verbs"]
        for verb in ctx.tokens_with_lemma(table):
            count = _follower_count(verb) if verb.pos_ == "VERB" else None
            value = parse_number(count.text) if count is not None else None
            holder = _follower_target(verb, list(table.get(verb.lemma_.lower(), [])), ctx) if value else None
            if count is not None and value and holder is not None:
                found.append((verb, count, value, holder))
        ctx.memo["followings"] = found
    assert isinstance(found, list)
    return found


@extractor("seats")
def extract_follower_seats(ctx: ExtractContext) -> Iterator[Fact]:
    """Seats of the halves of a split: "more than 30 members would go with X"."""
    for verb, count, value, holder in followings(ctx):
        fact = Fact(
            "seats",
            holder.name,
            None,
            value=value,
            qualifier=qualifier_before(count),
            modality=ctx.modality(verb),
            evidence=ctx.evidence(verb.sent),
            subject_type=holder.type,
        )
        yield ctx.timed(fact, verb)


@extractor("member")
def extract_named_followers(ctx: ExtractContext) -> Iterator[Fact]:
    """Members named among the followers: "Twenty will go with X, including Y"."""
    for verb, _, _, holder in followings(ctx):
        around = [verb, *(g for c in verb.children if c.dep_ in ("prep", "dobj") for g in (c, *c.children))]
        for prep in (c for t in around for c in t.children if c.dep_ == "prep" and c.lower_ == "including"):
            people = [e for e, _ in ctx.entities_in([t for g in prep.children if g.dep_ == "pobj" for t in (g, *g.conjuncts)], ("PERSON",))]
            for person in people:
                fact = Fact("member", person.name, holder.name, modality=ctx.modality(verb), evidence=ctx.evidence(verb.sent))
                fact.subject_type, fact.object_type = "PERSON", holder.type
                yield ctx.timed(fact, verb)
