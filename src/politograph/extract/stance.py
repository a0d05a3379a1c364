"""`stance` facts: an actor's position for or against a policy issue.

A stance verb ("opposes", "calls for", "wants to phase out") or predicate
("is opposed to") relates its subject to an object that is not an actor:
the issue, worded to end in its noun ("nuclear power", "constitutional
revision", "privatization of public services").  Issues listed under a
policy noun take that noun's owner as the subject ("Your Party policies,
such as getting out of nuclear power and into renewable energy").
"""

from __future__ import annotations

from collections.abc import Iterator

from spacy.tokens import Token

from politograph.extract.actors import actor_at, actors_in, agents
from politograph.extract.context import ExtractContext
from politograph.extract.registry import extractor
from politograph.lang import EN
from politograph.lexicon import load_lexicon, word_set
from politograph.model import ORGANISATION_TYPES, Entity, Fact, Modality

STANCES = "extract/data/stances.yaml"
HOLDERS = ("PERSON", *ORGANISATION_TYPES)


def _verb_table() -> dict[str, list[tuple[str, str | None]]]:
    """lemma -> (polarity, particle or None) for every stance verb."""
    table: dict[str, list[tuple[str, str | None]]] = {}
    for polarity in ("for", "against"):
        for entry in load_lexicon(STANCES)[f"{polarity}_verbs"]:
            head, *rest = str(entry).lower().split()
            table.setdefault(head, []).append((polarity, rest[0] if rest else None))
    return table


def _verb_polarity(verb: Token, table: dict[str, list[tuple[str, str | None]]]) -> str | None:
    """The polarity of the verb, by the particle nearest to it ("get out of X" before "into Y")."""
    attached = {c.lower_: c.i for c in sorted(verb.children, key=lambda c: -c.i) if c.i > verb.i}
    plain = None
    best: tuple[int, str] | None = None
    for polarity, particle in table.get(verb.lemma_.lower(), []):
        if particle is None:
            plain = polarity
        elif particle in attached and (best is None or attached[particle] < best[0]):
            best = (attached[particle], polarity)
    return best[1] if best else plain


def issue_text(token: Token) -> str | None:
    """The issue as a short noun phrase ending in its noun, or None if it is not an issue."""
    if token.pos_ not in ("NOUN", "PROPN") or token.lower_ in word_set(STANCES, "not_issues"):
        return None
    words = [t for c in token.lefts if c.dep_ in ("compound", "amod", "nmod") for t in c.subtree if t.dep_ != "det"]
    words.append(token)
    for child in token.rights:
        if child.dep_ == "prep" and child.lower_ == "of":
            words.extend(t for t in child.subtree if t.dep_ != "det")
    text = " ".join(t.text for t in sorted(words, key=lambda t: t.i))
    return text.replace(" - ", "-").strip() or None


def _issues_after(ctx: ExtractContext, verb: Token, polarity: str) -> Iterator[tuple[Token, str]]:
    """Object phrases with their polarity; prepositions can turn it ("out of X and into Y")."""
    for_preps, against_preps = word_set(STANCES, "for_preps"), word_set(STANCES, "against_preps")
    for child in verb.subtree:
        if child.dep_ in ("dobj", "pobj") and actor_at(ctx, child, HOLDERS) is None and not ctx.is_time(child):
            preposition = child.head if child.dep_ == "pobj" else None
            turned = polarity
            if preposition is not None and preposition.lower_ in for_preps:
                turned = "for"
            elif preposition is not None and preposition.lower_ in against_preps and preposition.head != verb:
                turned = "against"
            if child.head == verb or (preposition is not None and _near(preposition, verb)):
                for each in (child, *child.conjuncts):
                    yield each, turned


def _near(preposition: Token, verb: Token) -> bool:
    """A preposition on the verb, its particle, or a conjoined preposition of it."""
    current = preposition
    for _ in range(3):
        if current.head == verb:
            return True
        if current.dep_ not in ("conj", "prep", "prt", "advmod", "pobj") or current.head == current:
            return False
        current = current.head
        if current.pos_ in ("VERB", "AUX") and current != verb:  # "Arriving at the congress, X called for calm": another clause's phrase
            return False
    return False


def _policy_owner(ctx: ExtractContext, token: Token) -> list[Entity]:
    """The owner of a policy noun above the token ("Your Party policies, such as ...")."""
    nouns = word_set(STANCES, "policy_nouns")
    current = token
    for _ in range(5):
        if current.head == current:
            return []
        current = current.head
        if current.lemma_.lower() in nouns or current.lower_ in nouns:
            owners = [t for c in current.children if c.dep_ in ("compound", "poss", "nmod") for t in c.subtree]
            return actors_in(ctx, owners, HOLDERS)
    return []


def _fact(ctx: ExtractContext, holder: Entity, issue: str, polarity: str, anchor: Token, modality: Modality | None = None) -> Fact:
    fact = Fact("stance", holder.name, issue, polarity=polarity, evidence=ctx.evidence(anchor.sent), subject_type=holder.type)
    fact.modality = modality or stance_modality(ctx, anchor)
    return ctx.timed(fact, anchor)


def stance_modality(ctx: ExtractContext, anchor: Token) -> Modality:
    """A wish is the stance itself: "X wants to raise taxes", "X pledged to scrap the tolls" assert a position held now.

    Only a plain future ("X will oppose the bill") stays planned.
    """
    modality = ctx.modality(anchor)
    if modality is not Modality.PLANNED:
        return modality
    wishes = word_set(STANCES, "wish_verbs")
    chain = list(ctx.clause_chain(anchor))
    future = any(c.dep_ == "aux" and c.lower_ in EN.plain_future for t in chain for c in t.children)
    if future:
        return modality
    wished = any(t.lemma_.lower() in wishes for t in chain)
    reported = any(c.dep_ == "aux" and c.lower_ == "would" for t in chain for c in t.children)  # "X said he would pursue Y's policies"
    return Modality.ASSERTED if wished or reported else modality


def _holders_of_noun(ctx: ExtractContext, noun: Token) -> list[Entity]:
    """Who a noun describes: "X is a critic of ...", "X, a critic of ...", "X's stance on ..."."""
    owners = actors_in(ctx, [t for c in noun.children if c.dep_ in ("poss", "compound", "nmod") for t in c.subtree], HOLDERS)
    if owners:
        return owners
    if noun.dep_ == "attr":
        return agents(ctx, noun.head, HOLDERS)
    if noun.dep_ == "appos":
        holder = actor_at(ctx, noun.head, HOLDERS)
        return [holder] if holder is not None else []
    if noun.dep_ == "pobj" and noun.head.dep_ == "prep" and noun.head.head.pos_ == "VERB":  # "X ran on promises of ..."
        return agents(ctx, noun.head.head, HOLDERS)
    return []


def _issue_of(ctx: ExtractContext, phrase: Token, polarity: str) -> tuple[str, str] | None:
    """The issue a preposition's object names, with its polarity: a gerund carries its own ("ending the tolls": against)."""
    if phrase.pos_ == "VERB" and phrase.tag_ == "VBG":
        objects = [c for c in phrase.children if c.dep_ == "dobj"]
        if not objects or actor_at(ctx, objects[0], HOLDERS) is not None:
            return None
        issue = issue_text(objects[0])
        if issue is None:
            return None
        if phrase.lemma_.lower() in word_set(STANCES, "ending_verbs"):
            return issue, "against" if polarity == "for" else "for"
        return f"{phrase.text} {issue}", polarity
    issue = issue_text(phrase) if actor_at(ctx, phrase, HOLDERS) is None else None
    return (issue, polarity) if issue is not None else None


def _from_nouns(ctx: ExtractContext) -> Iterator[Fact]:
    """ "A critic of nuclear power", "a supporter of constitutional revision", "Voss's stance on raising taxes"."""
    lexicon = load_lexicon(STANCES)
    nouns: dict[str, tuple[str, frozenset[str]]] = {}
    for polarity in ("for", "against"):
        for word in lexicon[f"{polarity}_nouns"]:
            nouns[str(word)] = (polarity, frozenset({"of"}))
    for word in lexicon["policy_nouns"]:
        nouns[str(word)] = ("for", EN.policy_preps)
    for noun in ctx.tokens_with_lemma(nouns):
        if noun.pos_ != "NOUN":
            continue
        polarity, prepositions = nouns.get(noun.lemma_.lower()) or nouns[noun.lower_]
        holders = _holders_of_noun(ctx, noun)
        if not holders:
            continue
        objects = [g for c in noun.children if c.dep_ == "prep" and c.lower_ in prepositions for g in c.children if g.dep_ in ("pobj", "pcomp")]
        # "X's pledges were not mentioned": what the clause says of the pledges is not a doubt about them
        modality = Modality.ASSERTED if noun.dep_ in ("nsubj", "nsubjpass") else None
        for phrase in (o for obj in objects for o in (obj, *obj.conjuncts)):
            found = _issue_of(ctx, phrase, polarity)
            if found is not None:
                for holder in holders:
                    yield _fact(ctx, holder, found[0], found[1], noun, modality)
                for rival in _contested_by(ctx, noun):
                    yield _fact(ctx, rival, found[0], "against" if found[1] == "for" else "for", noun, modality)


def _contested_by(ctx: ExtractContext, noun: Token) -> list[Entity]:
    """Who takes the other side of a stance noun: "Lopez, attacking Brek's stance on X" is against X."""
    if noun.dep_ != "dobj" or noun.head.lemma_.lower() not in word_set(STANCES, "contesting_verbs"):
        return []
    return agents(ctx, noun.head, HOLDERS)


def _from_wishes(ctx: ExtractContext) -> Iterator[Fact]:
    """ "X pledged to raise the minimum wage", "vowing to cut fuel duty": a wished policy action is a stance for it, worded with its verb."""
    wishes = word_set(STANCES, "wish_verbs")
    for verb in ctx.tokens_with_lemma(word_set(STANCES, "action_verbs")):
        if verb.pos_ != "VERB" or verb.dep_ != "xcomp" or verb.head.lemma_.lower() not in wishes:
            continue
        holders = agents(ctx, verb.head, HOLDERS)
        for obj in (o for c in verb.children if c.dep_ == "dobj" for o in (c, *c.conjuncts)):
            issue = issue_text(obj) if actor_at(ctx, obj, HOLDERS) is None else None
            if issue is not None:
                for holder in holders:
                    yield _fact(ctx, holder, f"{verb.text} {issue}", "for", verb)


def _from_verbs(ctx: ExtractContext) -> Iterator[Fact]:
    table = _verb_table()
    for verb in ctx.tokens_with_lemma(table):
        if verb.pos_ not in ("VERB", "AUX"):
            continue
        polarity = _verb_polarity(verb, table)
        if polarity is None:
            continue
        holders = agents(ctx, verb, HOLDERS) or _policy_owner(ctx, verb)
        for phrase, turned in _issues_after(ctx, verb, polarity):
            issue = issue_text(phrase)
            if issue is not None:
                for holder in holders:
                    yield _fact(ctx, holder, issue, turned, verb)


def _from_predicates(ctx: ExtractContext) -> Iterator[Fact]:
    lexicon = load_lexicon(STANCES)
    for polarity in ("for", "against"):
        predicates: dict[str, str | None] = lexicon[f"{polarity}_adjectives"]
        for word in ctx.tokens_with_lemma(predicates):
            preposition = predicates.get(word.lower_)
            if word.pos_ == "ADP":  # "X is against Y"
                objects = [c for c in word.children if c.dep_ == "pobj"] if word.head.lemma_ == "be" else []
            else:  # the preposition may hang on the verb the adjective completes ("get tough on X")
                bearers = (word, word.head) if word.dep_ == "acomp" else (word,)
                objects = [g for b in bearers for c in b.children if c.dep_ == "prep" and c.lower_ == preposition for g in c.children if g.dep_ == "pobj"]
            bearer = word.head if word.pos_ == "ADP" or word.dep_ == "acomp" else word
            holders = agents(ctx, bearer, HOLDERS) or (agents(ctx, word, HOLDERS) if bearer is not word else [])
            for phrase in (o for obj in objects for o in (obj, *obj.conjuncts)):
                issue = issue_text(phrase) if actor_at(ctx, phrase, HOLDERS) is None else None
                if issue is not None:
                    for holder in holders:
                        yield _fact(ctx, holder, issue, polarity, word)


def _prefixed_issue(prefix: Token) -> tuple[str, Token] | None:
    """ "anti-immigration": the issue after the dash, as the lexicon words it, and the word it describes."""
    doc = prefix.doc
    if prefix.i + 2 >= len(doc) or doc[prefix.i + 1].text not in EN.dashes:
        return None
    word = doc[prefix.i + 2]
    if not word.is_alpha:
        return None
    issues: dict[str, str] = load_lexicon(STANCES)["prefix_issues"]
    return issues.get(word.lower_, word.text if word.pos_ == "PROPN" else word.lower_), word.head


def _from_prefixes(ctx: ExtractContext) -> Iterator[Fact]:
    """ "The anti-nuclear Tomorrow Party", "Lund, an anti-austerity campaigner": a stance carried by a prefix."""
    polarities: dict[str, str] = load_lexicon(STANCES)["prefix_polarity"]
    for prefix in ctx.tokens_with_lemma(polarities):
        found = _prefixed_issue(prefix)
        if found is None:
            continue
        issue, described = found
        holder = actor_at(ctx, described, HOLDERS)
        holders = [holder] if holder is not None else (_holders_of_noun(ctx, described) if described.pos_ == "NOUN" else [])
        for each in holders:
            yield _fact(ctx, each, issue, polarities[prefix.lower_], described, Modality.ASSERTED)


@extractor("stance")
def extract_stances(ctx: ExtractContext) -> Iterator[Fact]:
    """Positions on issues from stance verbs, predicates, listed policies and anti-/pro- prefixes."""
    yield from _from_verbs(ctx)
    yield from _from_wishes(ctx)
    yield from _from_predicates(ctx)
    yield from _from_nouns(ctx)
    yield from _from_prefixes(ctx)
