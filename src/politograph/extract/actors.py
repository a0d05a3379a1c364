"""Who takes part in an event or relation: the sides of a trigger word.

Every relation family (alliance, merger, meeting, founding, ...) asks the
same questions of its trigger: who is its subject ("X and Y agreed to
cooperate", through "to", relative pronouns and "they"), who is on the other
side ("... with Y", "... against Y", "Y" as object), and who is named on a
trigger noun ("the meeting between X and Y", "X's coalition partner Y", "the
Labour-Green coalition").  The answers live here so that every family reads
a sentence the same way.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable

from spacy.tokens import Token

from politograph.extract.context import ExtractContext
from politograph.lang import EN
from politograph.lexicon import word_set
from politograph.model import GROUP_TYPES, Entity

MEMBERS = "extract/data/members.yaml"
SUBJECT_DEPS = ("nsubj", "nsubjpass")
CLIMB_DEPS = ("xcomp", "ccomp", "advcl", "conj", "acl", "pcomp", "dobj", "pobj", "prep", "relcl", "attr", "oprd", "acomp")


def actor_at(ctx: ExtractContext, token: Token, types: Collection[str]) -> Entity | None:
    """The entity a token names or points back to ("the party", "its", "they" left to callers)."""
    entity = ctx.entity(token)
    if entity is None and token.pos_ == "PRON" and token.lower_ in EN.neuter_pronouns:
        entity = ctx.recent(token, tuple(t for t in types if t != "PERSON") or types)
    elif entity is None and token.pos_ == "PRON" and token.lower_ in EN.personal_pronouns and "PERSON" in types:
        entity = ctx.recent(token, ("PERSON",))
    elif entity is None and token.lower_ in EN.group_nouns and is_definite(token):
        entity = ctx.salient(token, tuple(t for t in types if t in GROUP_TYPES) or types)
    elif entity is None and token.dep_ in ("nsubj", "dobj", "pobj", "conj", "appos") and token.lower_ in word_set(MEMBERS, "member_nouns"):
        # "a Komeito representative", "LDP lawmakers": a group named on a member noun
        named = [ctx.entity(c) for c in token.children if c.dep_ in ("compound", "amod", "nmod")]
        entity = next((e for e in named if e is not None and e.type in GROUP_TYPES), None)
    if entity is None and token.pos_ in ("NOUN", "PROPN"):  # "the current minister, Akihiro Ota, ...", "Prime Minister (appos: X)"
        named = [ctx.entity(c) for c in token.children if c.dep_ == "appos"]
        entity = next((e for e in named if e is not None), None)
    if entity is not None and entity.type in types:
        return entity
    return None


def is_definite(token: Token) -> bool:
    return any(c.dep_ in ("det", "poss") and c.lower_ in EN.definite_determiners for c in token.children)


def actors_in(ctx: ExtractContext, tokens: Iterable[Token], types: Collection[str]) -> list[Entity]:
    """Distinct actors named by the tokens and their conjuncts ("X, Y and Z"), in order."""
    found: dict[int, Entity] = {}
    for token in tokens:
        for each in (token, *token.conjuncts):
            entity = actor_at(ctx, each, types)
            if entity is not None:
                found.setdefault(id(entity), entity)
    return list(found.values())


def agents(ctx: ExtractContext, trigger: Token, types: Collection[str]) -> list[Entity]:
    """The subject side of a trigger, climbing "agreed to cooperate", "a plan to merge", "who".

    A pronoun subject ("they will cooperate") takes the subjects of the verb
    that governs its clause ("X and Y announced they will cooperate").
    """
    current = trigger
    for _ in range(5):
        subjects = [c for c in current.children if c.dep_ in SUBJECT_DEPS]
        # the small parser sometimes hangs the subject on the auxiliary ("X is opposed to")
        subjects += [g for c in current.children if c.dep_ in ("aux", "auxpass") for g in c.children if g.dep_ in SUBJECT_DEPS]
        if current.dep_ == "relcl" and (not subjects or all(s.lower_ in EN.relative_pronouns for s in subjects)):
            subjects = [current.head]
        infinitive = any(c.dep_ == "aux" and c.lower_ == "to" for c in current.children)
        if current.dep_ == "acl" and not subjects and not infinitive:  # "a plan to merge" climbs to the plan's verb
            if current.tag_ == "VBN":  # "the party formed by X"
                return passive_agents(ctx, current, types)
            subjects = [current.head]  # "parties opposing the bill"
        found = actors_in(ctx, [s for s in subjects if s.lower_ not in EN.plural_subjects], types)
        if found:
            return found
        if any(s.lower_ in EN.plural_subjects for s in subjects) and current.dep_ in ("ccomp", "conj", "advcl"):
            current = current.head
            continue
        if subjects or current.dep_ not in CLIMB_DEPS or current.head == current:
            return []
        current = current.head
    return []


def passive_agents(ctx: ExtractContext, trigger: Token, types: Collection[str]) -> list[Entity]:
    """ "... was backed by X": the entities of the trigger's `by` phrase."""
    return actors_in(ctx, [g for c in trigger.children if c.dep_ == "agent" for g in c.children if g.dep_ == "pobj"], types)


def is_passive(trigger: Token) -> bool:
    return any(c.dep_ in ("nsubjpass", "auxpass") for c in trigger.children) or (trigger.dep_ == "acl" and trigger.tag_ == "VBN")


def objects(ctx: ExtractContext, trigger: Token, types: Collection[str], preps: Iterable[str]) -> list[Entity]:
    """The other side: direct objects and the objects of the given prepositions ("with Y")."""
    wanted = set(preps)
    tokens: list[Token] = []
    for child in trigger.children:
        if child.dep_ in ("dobj", "attr", "oprd"):
            tokens.append(child)
        elif child.dep_ == "prep" and child.lower_ in wanted:
            tokens.extend(g for g in child.children if g.dep_ == "pobj")
        elif child.dep_ == "prt":  # "team up with", "side with"
            tokens.extend(g for p in child.children if p.dep_ == "prep" and p.lower_ in wanted for g in p.children if g.dep_ == "pobj")
    return actors_in(ctx, tokens, types)


def named_on_noun(ctx: ExtractContext, noun: Token, types: Collection[str], preps: Iterable[str]) -> list[Entity]:
    """Actors a trigger noun names: its modifiers and its `between/of/with` phrases."""
    wanted = set(preps)
    tokens: list[Token] = []
    for child in noun.children:
        if child.dep_ in ("compound", "amod", "nmod", "poss") and child.i < noun.i:
            tokens.extend(t for t in child.subtree if ctx.entity(t) is not None or t.pos_ == "PRON")
        elif child.dep_ == "prep" and child.lower_ in wanted:
            tokens.extend(g for g in child.children if g.dep_ == "pobj")
        elif child.dep_ == "acl" and child.lemma_ in EN.inclusion_verbs:
            tokens.extend(g for p in child.children if p.dep_ == "prep" for g in p.children if g.dep_ == "pobj")
            tokens.extend(g for g in child.children if g.dep_ == "dobj")
    return actors_in(ctx, tokens, types)


def appositive_owner(ctx: ExtractContext, noun: Token, types: Collection[str]) -> Entity | None:
    """The entity a noun describes: "New Komeito, its coalition partner" or "coalition partner Komeito"."""
    if noun.dep_ == "appos":
        return actor_at(ctx, noun.head, types)
    for child in noun.children:
        if child.dep_ == "appos":
            return actor_at(ctx, child, types)
    if noun.dep_ == "compound":
        return actor_at(ctx, noun.head, types)
    following = noun.doc[noun.i + 1] if noun.i + 1 < len(noun.doc) else None
    if following is not None and ctx.entity(following) is not None:
        return actor_at(ctx, following, types)
    return None


def governing_verb(token: Token, steps: int = 3) -> Token | None:
    """The first verb above a noun ("formed" in "formed an alliance with Y")."""
    current = token
    for _ in range(steps):
        if current.head == current:
            return None
        current = current.head
        if current.pos_ in ("VERB", "AUX"):
            return current
    return None
