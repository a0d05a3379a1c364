"""`portfolio` facts: a party holds a ministry.

Two readings.  A holding verb whose subject is a party, or a person the
document places in a party ("A Komeito representative held the transport
ministry post", "Ota, who is from Komeito, has run the ministry since
2012"), and whose object is a ministry.  And a minister whose title names
the ministry and whose party the document gives ("Health Minister X of the
Y party").  Time and modality come from the verb's or the title's clause.
"""

from __future__ import annotations

from collections.abc import Iterator

from spacy.tokens import Token

from politograph.extract.actors import agents
from politograph.extract.context import ExtractContext
from politograph.extract.member import memberships
from politograph.extract.registry import extractor
from politograph.extract.role import PARTY_ROLES, posts
from politograph.extract.titles import titled_people
from politograph.extract.triggers import RELATIONS
from politograph.lexicon import word_set
from politograph.model import Entity, Fact, Modality

HOLDERS = ("PARTY", "PERSON", "FACTION")


def is_chamber_name(name: str | None) -> bool:
    """ "House of Councillors", "the Cabinet": a body no party holds as a portfolio (a ministry may be only "Interior")."""
    words = word_set(RELATIONS, "not_ministry_words")
    return name is not None and any(w in words for w in name.lower().split())


def _is_ministry(entity: Entity) -> bool:
    words = word_set(RELATIONS, "ministry_words")
    return entity.type == "GOV_BODY" and any(w in entity.name.lower().split() for w in words)


def _ministry_in(ctx: ExtractContext, phrase: Token) -> Entity | None:
    """A ministry named in the object phrase, or "the ministry" the article was just about."""
    for token in phrase.subtree:
        entity = ctx.entity(token)
        if entity is not None and _is_ministry(entity):
            return entity
    if phrase.lower_ in word_set(RELATIONS, "ministry_words") and any(c.lower_ == "the" for c in phrase.children):
        found = ctx.salient(phrase, ("GOV_BODY",), sentences_back=2)
        if found is not None and _is_ministry(found):
            return found
    return None


def _party_of(ctx: ExtractContext, person: Entity) -> Entity | None:
    """The one party the document places a person in: as a member, or by a post in it ("Y as the party's policy chief")."""
    posts_held = [f for f in posts(ctx) if f.role in PARTY_ROLES and not f.former and f.modality is not Modality.NEGATED]
    said = [*memberships(ctx), *posts_held]
    named = {f.object for f in said if f.subject == person.name and f.end is None}
    parties = [e for e in ctx.adoc.entities if e.name in named and e.type == "PARTY"]
    return parties[0] if len(parties) == 1 else None


def _party(ctx: ExtractContext, holder: Entity) -> Entity | None:
    return holder if holder.type in ("PARTY", "FACTION") else _party_of(ctx, holder)


def _fact(ctx: ExtractContext, party: Entity, ministry: str, anchor: Token) -> Fact:
    fact = Fact("portfolio", party.name, ministry, evidence=ctx.evidence(anchor.sent), subject_type=party.type, object_type="GOV_BODY")
    fact.modality = ctx.modality(anchor)
    return ctx.timed(fact, anchor)


def _held_by_verb(ctx: ExtractContext) -> Iterator[Fact]:
    for verb in ctx.tokens_with_lemma(word_set(RELATIONS, "portfolio_verbs")):
        if verb.pos_ not in ("VERB", "AUX"):
            continue
        targets = [c for c in verb.children if c.dep_ in ("dobj", "attr")]
        targets += [g for c in verb.children if c.dep_ == "prep" and c.lower_ == "as" for g in c.children if g.dep_ == "pobj"]
        ministry = next((m for m in (_ministry_in(ctx, t) for t in targets) if m is not None), None)
        if ministry is None:
            continue
        for holder in agents(ctx, verb, HOLDERS):
            party = _party(ctx, holder)
            if party is not None:
                yield _fact(ctx, party, ministry.name, verb)


def _held_by_minister(ctx: ExtractContext) -> Iterator[Fact]:
    for person, _span, title in titled_people(ctx):
        if title.role != "minister" or title.ministry is None or title.former:
            continue
        party = title.organisation if title.organisation is not None and title.organisation.type == "PARTY" else _party_of(ctx, person)
        if party is not None:  # a title tells the post held when the article was printed, whatever the clause around it says
            fact = Fact("portfolio", party.name, title.ministry, evidence=ctx.evidence(title.head.sent), subject_type=party.type, object_type="GOV_BODY")
            fact.modality = Modality.EXPECTED if title.future else Modality.ASSERTED
            fact.when = ctx.published
            yield fact


@extractor("portfolio")
def extract_portfolios(ctx: ExtractContext) -> Iterator[Fact]:
    """Ministries held by a party, directly or through one of its people."""
    yield from _held_by_verb(ctx)
    yield from _held_by_minister(ctx)
