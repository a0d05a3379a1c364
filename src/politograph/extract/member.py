"""`member` facts: who belongs to which party or group, and who joined or left.

"LDP lawmaker Taro Kono" and "Kota Matsuda, a Your Party member" state a
membership at the publication date; "joined the LDP" opens one and "left the
DPJ in January" closes one, at the clause's time (FORMAT.md: leaving is a
`member` fact with `end` set).
"""

from __future__ import annotations

from collections.abc import Iterator

from spacy.tokens import Token

from politograph.extract.context import ExtractContext, subjects_of
from politograph.extract.registry import extractor
from politograph.extract.titles import MEMBERS, person_spans, titled_people
from politograph.lang import EN
from politograph.lexicon import word_set
from politograph.model import GROUP_TYPES, Entity, Fact, Modality, fold_name


def _member(person: Entity, group: Entity, ctx: ExtractContext, anchor: Token) -> Fact:
    return Fact("member", person.name, group.name, evidence=ctx.evidence(anchor.sent), subject_type="PERSON", object_type=group.type)


def _translated(name: Entity, group: Entity) -> bool:
    """ "Jiyū Yamato (Liberal Yamato)", "Haifa Hakhadasha (New Haifa)": a bracketed group sharing a word with the
    name before it translates that name (a group the tagger took for a person); it is not the person's party."""
    return bool(set(fold_name(name.name).split()) & set(fold_name(group.name).split()))


def _titled_members(ctx: ExtractContext) -> Iterator[Fact]:
    for person, span, title in titled_people(ctx):
        group = title.organisation
        if group is not None and group.type in GROUP_TYPES and not title.former and title.role in ("member", "lawmaker", "other", "minister"):
            fact = _member(person, group, ctx, span[0])
            fact.when = ctx.published
            yield fact
    for span in person_spans(ctx):
        named = ctx.entity(span.start)
        if named is None or named.type != "PERSON":
            continue
        person = named
        doc = span.doc
        if span.end + 2 < len(doc) and doc[span.end].text == "(":
            group = ctx.entity(doc[span.end + 1])
            closing = next((t for t in doc[span.end + 1 : span.end + 8] if ctx.entity(t) is not group), None)
            if group is not None and group.type in GROUP_TYPES and closing is not None and closing.text == ")" and not _translated(person, group):
                fact = _member(person, group, ctx, span[0])
                fact.when = ctx.published
                yield fact


def _group_argument(verb: Token, ctx: ExtractContext) -> tuple[Entity, Token] | None:
    """The party a joining or leaving verb is about: its object, or the object of "from"/"to"."""
    for child in verb.children:
        candidates = [child] if child.dep_ == "dobj" else []
        if child.dep_ == "prep" and child.lower_ in EN.membership_preps:
            candidates = [g for g in child.children if g.dep_ == "pobj"]
        for candidate in candidates:
            group = ctx.entity(candidate)
            if group is None and candidate.lower_ in EN.bare_group_nouns:
                group = ctx.salient(candidate, GROUP_TYPES)
            if group is not None and group.type in GROUP_TYPES:
                return group, candidate
    return None


def _included(verb: Token, ctx: ExtractContext) -> list[Entity]:
    """People an "including" phrase names among the verb's subjects: "a dozen lawmakers quit the party, including Holm and Sato"."""
    holders = [verb, *(c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass"))]
    phrases = [c for h in holders for c in h.children if c.lower_ in word_set(MEMBERS, "including_words")]
    people: list[Entity] = []
    for phrase in phrases:
        for token in phrase.subtree:
            entity = ctx.entity(token)
            if entity is not None and entity.type == "PERSON" and all(entity is not p for p in people):
                people.append(entity)
    return people


def _verbal_members(ctx: ExtractContext) -> Iterator[Fact]:
    joining = word_set(MEMBERS, "joining_verbs")
    leaving = word_set(MEMBERS, "leaving_verbs")
    belonging = word_set(MEMBERS, "belonging_verbs")
    triggers = joining | leaving | belonging | {EN.copula}
    for token in ctx.tokens_with_lemma(triggers):
        lemma = token.lemma_.lower()
        if token.pos_ not in ("VERB", "AUX") or lemma not in triggers:
            continue
        argument = _group_argument(token, ctx)
        if argument is None:
            continue
        group, _ = argument
        if lemma == EN.copula and not any(c.dep_ == "prep" and c.lower_ == "from" for c in token.children):
            continue
        people = [person for person, _ in subjects_of(token, ctx)]
        people += [p for p in _included(token, ctx) if all(p is not q for q in people)]
        for person in people:
            fact = _member(person, group, ctx, token)
            fact.modality = ctx.modality(token)
            mention = ctx.clause_time(token)
            if lemma in leaving:
                fact.end = mention.value if mention else ctx.published
                fact.when = fact.end
            elif lemma in joining:
                fact.when = mention.value if mention else ctx.published
                if fact.modality is Modality.ASSERTED and mention is not None:
                    fact.start = mention.value
            else:
                ctx.timed(fact, token)
            yield fact


def memberships(ctx: ExtractContext) -> list[Fact]:
    """Every membership the document states, read once (portfolios need them too)."""
    cached = ctx.memo.get("memberships")
    if cached is None:
        cached = ctx.memo["memberships"] = [*_titled_members(ctx), *_verbal_members(ctx)]
    assert isinstance(cached, list)
    return cached


@extractor("member")
def extract_members(ctx: ExtractContext) -> Iterator[Fact]:
    """Memberships from titles, brackets and joining or leaving verbs."""
    yield from memberships(ctx)
