"""`role` facts: who holds which post.

Three ways news states a post: a title before the name ("Finance Minister
Yoshihiko Noda"), an apposition ("Hiroshi Nakada, the former Yokohama
mayor"), and a verb ("Kada will lead the party", "was elected president of
the DPJ").  Titles state a post held at the publication date (or a past one,
for "former"); verbs carry their clause's time and modality.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace

from spacy.tokens import Span, Token

from politograph.extract.context import ExtractContext, subjects_of
from politograph.extract.registry import extractor
from politograph.extract.titles import ROLES, Title, book, dateline_place, leading_country, person_spans, read_title, titled_people
from politograph.lang import EN
from politograph.lexicon import load_lexicon, word_set
from politograph.model import GROUP_TYPES, ORGANISATION_TYPES, Entity, Fact, Modality, fold_name

PLACE_ROLES = {"mayor", "governor", "prime-minister"}
PARTY_ROLES = {"leader", "co-leader", "deputy-leader", "secretary-general", "founder", "other"}


def _object_of(title: Title, role: str, ctx: ExtractContext, near: Token) -> tuple[str | None, bool]:
    """The post's organisation or place as a name, and whether the post is complete enough to record."""
    if role == "minister":
        return title.ministry, True
    if role in PLACE_ROLES:
        place = title.place or _place_after_name(near, ctx)
        if place is None and role != "prime-minister":
            place = ctx.recent(near, ("PLACE",), sentences_back=0)
        if place is None and role == "prime-minister":
            country = title.country or leading_country(ctx)  # "German Chancellor X"; a plain "Prime Minister X" is the article's country's
            if country is None:
                dated = dateline_place(ctx)  # "VALMORA, Kestria —": a country no pack describes
                return (dated.name if dated else None), True
            return country.name, True
        return (place.name if place else None), True
    if role == "lawmaker":
        return (title.chamber.name if title.chamber else None), True
    organisation = title.organisation
    if organisation is None and title.party_word:
        organisation = ctx.salient(near, ("PARTY", "LOCAL_GROUP"))
    if organisation is None and role in PARTY_ROLES:
        modifiers = _name_modifiers(title, ctx)  # "Agrarian leader X": the party that word names, or none (not whichever party came last)
        organisation = _party_named_by(modifiers, ctx) if modifiers else ctx.recent(near, ("PARTY", "LOCAL_GROUP"), sentences_back=1)
    if organisation is not None:
        return organisation.name, True
    needs = word_set(ROLES, "needs_object")
    return None, title.word.lower() not in needs


def _agents_named(agent: Token, ctx: ExtractContext) -> list[Entity]:
    """The people a "by" phrase names: a name and those joined to it, or those a noun introduces ("by its founders, A, B and C")."""
    named = ctx.entity(agent)
    if named is None:
        return _listed_after(agent, ctx)
    people = []
    for token in (agent, *agent.conjuncts):
        person = ctx.entity(token)
        if person is not None and person.type == "PERSON" and person not in people:
            people.append(person)
    return people


def _listed_after(noun: Token, ctx: ExtractContext) -> list[Entity]:
    """The people listed right after a noun, by commas and "and" ("its founders, A, B and C"), however the parser hangs them."""
    doc, people = noun.doc, []
    i = noun.i + 1
    while i < noun.sent.end:
        token = doc[i]
        person = ctx.entity(token)
        if person is not None and person.type == "PERSON":
            if person not in people:
                people.append(person)
        elif not (token.text == "," or token.lower_ in EN.coordinators):
            break
        i += 1
    return people


def _place_after_name(near: Token, ctx: ExtractContext) -> Entity | None:
    """The place "of" names right after a titled name: "Mayor Shota Tsertsvadze of Kutaisi", "Governor X of Osaka"."""
    person = ctx.entity(near)
    root = near
    while root.head.i != root.i and person is not None and ctx.entity(root.head) is person:
        root = root.head
    for child in root.children:
        if child.dep_ == "prep" and child.lower_ == "of":
            place = next((ctx.entity(c) for c in child.children if c.dep_ == "pobj" and ctx.entity(c) is not None), None)
            if place is not None and place.type == "PLACE":
                return place
    return None


def _name_modifiers(title: Title, ctx: ExtractContext) -> list[Token]:
    """The capitalised words right before a party post's title that no entity covers: "Agrarian" of "Agrarian leader X"."""
    first = title.head.i - len(title.word.split()) + 1
    doc = title.head.doc
    words: list[Token] = []
    i = first - 1
    generic = word_set(ROLES, "generic_title_modifiers")
    while i >= doc[first].sent.start and doc[i].text[:1].isupper() and doc[i].is_alpha and ctx.entity(doc[i]) is None:
        token = doc[i]
        if token.lower_ in generic or token.lower_ in word_set(ROLES, "former_words") or book(ctx).by_demonym(token.text) is not None:
            break
        words.insert(0, token)
        i -= 1
    return words


def _party_named_by(words: list[Token], ctx: ExtractContext) -> Entity | None:
    """The one group of the article whose name or alias has these words ("Agrarian" -> "Agrarian Union"), plural or not."""
    wanted = [_singular(fold_name(t.text)) for t in words]
    found = []
    for entity in ctx.adoc.entities:
        if entity.type not in ("PARTY", "LOCAL_GROUP", "FACTION"):
            continue
        names = [{_singular(w) for w in fold_name(n).split()} for n in (entity.name, *entity.aliases)]
        if any(all(w in name for w in wanted) for name in names):
            found.append(entity)
    return found[0] if len(found) == 1 else None


def _singular(word: str) -> str:
    """A name's word without a plural "s", so "Communist leader X" names the Party of Communists and "Liberal leader Y" the Liberals."""
    return word[:-1] if len(word) > 3 and word.endswith("s") and not word.endswith("ss") else word


def title_fact(person: Entity, title: Title, ctx: ExtractContext, sentence: Span, near: Token) -> Fact | None:
    """A role fact from a title, or None when the title is not a post we record."""
    if title.role == "member":
        return None
    role = _post_of_place_head(title)
    obj, complete = _object_of(title, role, ctx, near)
    if not complete:
        return None
    fact = Fact("role", person.name, obj, role=role, evidence=ctx.evidence(sentence), subject_type="PERSON")
    if title.former:
        fact.former = True
        if title.then and ctx.clause_time(near) is not None:  # "set up in 2010 by then Varna Mayor X": X was mayor in 2010
            ctx.timed(fact, near)
        return fact
    maker = _making_verb(title.head)
    if maker is not None and not title.future:  # the post comes with the verb's act: its modality and its time
        fact.modality = ctx.modality(maker)
        return ctx.timed(fact, maker)
    fact.modality = Modality.EXPECTED if title.future else Modality.ASSERTED
    fact.when = ctx.published
    return fact


def _making_verb(head: Token) -> Token | None:
    """The verb a title is the result of: "making X the country's prime minister", "named Y finance minister".

    The parser hangs such a title on the object as an apposition, or on the
    verb as its object predicate.
    """
    verb = head.head.head if head.dep_ == "appos" and head.head.dep_ == "dobj" else head.head if head.dep_ == "oprd" else None
    return verb if verb is not None and verb.pos_ == "VERB" and verb.lemma_.lower() in word_set(ROLES, "making_verbs") else None


def _post_of_place_head(title: Title) -> str:
    """A bare title for the head of a place ("Japan's next leader") names the post `roles.yaml` gives a place's head.

    Only while the word keeps its English meaning: a country pack that gives
    the word its own post has already set the title's role.
    """
    lexicon = load_lexicon(ROLES)
    word = title.word.lower()
    post = lexicon["place_heads"].get(word)
    if post is None or title.organisation is not None or title.place is None or title.role != lexicon["titles"].get(word):
        return title.role
    return str(post)


def party_leaders(ctx: ExtractContext) -> dict[str, Entity]:
    """Each person a title makes the leader of exactly one party of the document ("Party leader X", "Harbour Party chief Y"), with that party.

    Read once per document: a relation told of a leader and another party is the leader's party's.
    """
    found = ctx.memo.get("party_leaders")
    if found is None:
        parties = {e.name: e for e in ctx.adoc.entities if e.type == "PARTY"}
        led: dict[str, set[str]] = {}
        for fact in _titled_roles(ctx):
            if fact.role in ("leader", "co-leader") and fact.object in parties and fact.subject and not fact.former:
                led.setdefault(fact.subject, set()).add(fact.object)
        found = ctx.memo["party_leaders"] = {person: parties[next(iter(names))] for person, names in led.items() if len(names) == 1}
    assert isinstance(found, dict)
    return found


def _titled_roles(ctx: ExtractContext) -> Iterator[Fact]:
    for person, span, title in titled_people(ctx):
        fact = title_fact(person, title, ctx, span.sent, span[0])
        if fact is not None:
            yield fact


def _verbal_roles(ctx: ExtractContext) -> Iterator[Fact]:
    """ "X leads Y", "Y, led by X", "X was elected president of Y", "X won the Y presidency"."""
    leading = word_set(ROLES, "leading_verbs")
    copular = word_set(ROLES, "copular_verbs")
    presidency = word_set(ROLES, "presidency_nouns")
    for token in ctx.adoc.doc:
        lemma = token.lemma_.lower()
        if token.pos_ == "VERB" and lemma in leading:
            yield from _leading(token, ctx)
        elif token.dep_ in ("attr", "oprd") or token.dep_ == "pobj" and token.head.lower_ == "as":
            verb = token.head if token.dep_ != "pobj" else token.head.head
            if verb.lemma_.lower() in word_set(ROLES, "post_nouns"):  # "returned to her role as prime minister"
                verb = _verb_above(verb)
            if verb.lemma_.lower() in copular:
                yield from _copular(token, verb, ctx)
        elif token.lower_ in presidency and token.dep_ == "dobj" and token.head.lemma_.lower() == "win":
            organisation = ctx.entities_in(token.subtree, ("PARTY", "LOCAL_GROUP"))
            for person, _ in subjects_of(token.head, ctx):
                if organisation:
                    yield ctx.timed(_fact(person, organisation[0][0].name, "leader", ctx, token.head), token.head)


def _verb_above(noun: Token) -> Token:
    """The verb a noun hangs from, through at most one preposition ("return to her role", "took up the post")."""
    head = noun.head
    if head.dep_ == "prep" or head.pos_ == "ADP":
        head = head.head
    return head


def _fact(person: Entity, obj: str | None, role: str, ctx: ExtractContext, anchor: Token) -> Fact:
    return Fact("role", person.name, obj, role=role, modality=ctx.modality(anchor), evidence=ctx.evidence(anchor.sent), subject_type="PERSON")


def _possessive_leaders(ctx: ExtractContext) -> Iterator[Fact]:
    """ "Abe's LDP", "Hashimoto's local political group Osaka Ishin no Kai": the owner leads it."""
    for span in person_spans(ctx):
        person = ctx.entity(span.start)
        root = span.root
        if person is None or root.dep_ != "poss":
            continue
        head = root.head
        group = ctx.entity(head)
        if group is None:
            group = next((ctx.entity(c) for c in head.children if c.dep_ == "appos" and ctx.entity(c)), None)
        if group is not None and group.type in GROUP_TYPES and ctx.entity(root) is not group:
            yield Fact("role", person.name, group.name, role="leader", when=ctx.published, evidence=ctx.evidence(span.sent), subject_type="PERSON")


def _shared(verb: Token) -> bool:
    """ "co-leads", "co-chairs": the leading verb written with "co-" names a shared post (the tokenizer splits the prefix off)."""
    doc = verb.doc
    joined = verb.i >= 2 and doc[verb.i - 1].text in ("-", "–") and doc[verb.i - 2].lower_ == "co" and not doc[verb.i - 2].whitespace_
    return joined or verb.lower_.startswith("co-")


def _leading(verb: Token, ctx: ExtractContext) -> Iterator[Fact]:
    objects = [c for c in verb.children if c.dep_ == "dobj"]
    for obj in objects:
        organisation = ctx.entity(obj) or (ctx.salient(obj, ("PARTY",)) if obj.lower_ in EN.bare_group_nouns else None)
        if organisation is None or organisation.type not in ORGANISATION_TYPES:
            continue
        role = "co-leader" if _shared(verb) else "leader"
        for person, _ in subjects_of(verb, ctx):
            yield ctx.timed(_fact(person, organisation.name, role, ctx, verb), verb)
    passive_subject = next((c for c in verb.children if c.dep_ == "nsubjpass"), None)
    if verb.dep_ in ("acl", "relcl") or passive_subject is not None:
        agents = [g for c in verb.children if c.dep_ == "agent" for g in c.children if g.dep_ == "pobj"]
        noun = verb.head if passive_subject is None else passive_subject  # "the party, led by X"; "the party will be led by X"
        organisation = ctx.entity(noun)
        if organisation is None and noun.dep_ == "appos":
            organisation = ctx.entity(noun.head)
        if organisation is None and noun.lower_ in EN.bare_group_nouns and passive_subject is None:  # "The group is led by X": which group, the clause does not say
            organisation = ctx.salient(noun, ("PARTY", "LOCAL_GROUP", "FACTION"))
        shared = _shared(verb) or any(c.dep_ == "advmod" and c.lower_ in EN.jointly_words for c in verb.children)
        for leader in (person for agent in agents for person in _agents_named(agent, ctx)):
            if organisation is not None and organisation.type in ORGANISATION_TYPES:
                fact = _fact(leader, organisation.name, "co-leader" if shared else "leader", ctx, verb)
                if passive_subject is not None:  # a clause of its own: "will be led by X" is planned, "was led by X until May" dated
                    yield ctx.timed(fact, verb)
                    continue
                fact.modality = Modality.ASSERTED
                fact.when = ctx.published
                yield fact


def _copular(noun: Token, verb: Token, ctx: ExtractContext) -> Iterator[Fact]:
    subtree = list(noun.subtree)
    comma = next((t.i for t in subtree if t.i > noun.i and t.text in (",", ";")), None)
    tokens = [t for t in subtree if (comma is None or t.i < comma) and (not t.is_punct or t.text in ("-", "."))]  # what follows a comma is another's
    title = read_title(tokens, ctx, noun)
    if title is None or title.role == "member":
        return
    named_before = _person_before_as(noun, ctx)
    named_within = _people_named_in([t for t in tokens if t.i < title.head.i], ctx)  # before the title's word: "Y as policy chief", not "... with Y"
    for person in _holders(verb, ctx):
        if named_before is not None and named_before is not person:  # "X as secretary general, Y as policy chief": Y's post
            continue
        if named_within - {person.name}:  # "named ..., outgoing Finance Minister Y as policy chief": a title phrase with another's name is theirs
            continue
        fact = title_fact(person, title, ctx, verb.sent, verb)
        if fact is None or title.former:
            continue
        fact.modality = ctx.modality(noun)
        ctx.timed(fact, verb)
        if verb.lemma_.lower() in word_set(ROLES, "resigning_verbs"):
            if fact.modality is not Modality.ASSERTED:  # "X said he would resign as party head": he holds the post now
                fact.modality, fact.when, fact.start, fact.end = Modality.ASSERTED, ctx.published, None, None
            elif fact.end is None:
                fact.end = fact.when  # "X resigned as party head on Monday": the post ends that day
        yield fact


def _people_named_in(tokens: list[Token], ctx: ExtractContext) -> set[str]:
    """People a title phrase names other than as an owner ("Noda's trade minister" names Noda only as whose minister)."""
    doc = tokens[0].doc if tokens else None
    named = set()
    for token in tokens:
        person = ctx.entity(token)
        if doc is None or person is None or person.type != "PERSON":
            continue
        following = doc[token.i + 1] if token.i + 1 < len(doc) else None
        if following is not None and ctx.entity(following) is person:
            continue  # not the name's last word
        if following is None or following.tag_ != "POS":
            named.add(person.name)
    return named


def _person_before_as(noun: Token, ctx: ExtractContext) -> Entity | None:
    """The person named right before the "as" of an "as" phrase, who takes its post whatever the parser hangs it on."""
    if noun.dep_ != "pobj" or noun.head.lower_ != "as" or noun.head.i == 0:
        return None
    before = ctx.entity(noun.doc[noun.head.i - 1])
    return before if before is not None and before.type == "PERSON" else None


def _holders(verb: Token, ctx: ExtractContext) -> list[Entity]:
    """Who takes the post an "as" phrase names: the subject ("X was chosen as"), or the person an active appointing verb names ("P will name X as")."""
    objects = [c for c in verb.children if c.dep_ == "dobj"] if verb.lemma_.lower() in word_set(ROLES, "making_verbs") else []
    appointed = [ctx.entity(c) or _described(c, ctx) for c in objects]
    people = [e for e in appointed if e is not None and e.type == "PERSON"]
    return people or [person for person, _ in subjects_of(verb, ctx)]


def _described(noun: Token, ctx: ExtractContext) -> Entity | None:
    """The person a describing noun introduces: "name the economist X as minister", where the parser makes X hang on "economist"."""
    hung = [c for c in noun.children if c.dep_ in ("appos", "compound", "npadvmod", "nmod")]
    following = [noun.doc[noun.i + 1]] if noun.i + 1 < noun.sent.end else []
    return next((e for e in map(ctx.entity, hung + following) if e is not None and e.type == "PERSON"), None)


def _counterpart_holder(ctx: ExtractContext, noun: Token, owner: Token) -> Entity | None:
    """The person a "counterpart" is: named right after it ("his counterpart, X") or right before its possessive ("X, his counterpart")."""
    doc = noun.doc
    after = next((t for t in doc[noun.i + 1 : min(noun.sent.end, noun.i + 3)] if not t.is_punct), None)
    found = ctx.entity(after) if after is not None else None
    if found is None and owner.i >= 2 + noun.sent.start and doc[owner.i - 1].text == ",":
        found = ctx.entity(doc[owner.i - 2])
    return found if found is not None and found.type == "PERSON" else None


def _counterparts(ctx: ExtractContext) -> Iterator[Fact]:
    """ "Harbour Party leader Kenta Mori and his Unity Party counterpart, Aiko Sato": the same post, of the body named on "counterpart"."""
    titled = titled_people(ctx)
    for noun in ctx.tokens_with_lemma(word_set(ROLES, "counterpart_nouns")):
        owner = next((t for t in reversed(noun.doc[noun.sent.start : noun.i]) if t.lower_ in EN.possessive_pronouns), None)
        holder = _counterpart_holder(ctx, noun, owner) if owner is not None else None
        if holder is None or owner is None:
            continue
        between = list(noun.doc[owner.i + 1 : noun.i])
        reference = [(p, t) for p, span, t in titled if span.sent.start == noun.sent.start and span.end <= owner.i and p is not holder and not t.former]
        if not reference:
            continue
        role = _post_of_place_head(reference[-1][1])
        groups = ctx.entities_in(between, ("PARTY", "LOCAL_GROUP", "FACTION"))
        country = next((c for c in map(book(ctx).by_demonym, (t.text for t in between)) if c is not None), None)
        if role in PARTY_ROLES and groups:
            obj: str | None = groups[-1][0].name
        elif role == "prime-minister" and country is not None:
            obj = country.name
        elif role == "minister" and (groups or country is not None):
            obj = None  # "his Japanese counterpart": a minister of a ministry the text does not name
        else:
            continue
        fact = _fact(holder, obj, role, ctx, noun)
        fact.when = ctx.published  # a post told as a title holds when the article was printed
        yield fact


def _post_after_as(ctx: ExtractContext, person: Span) -> Title | None:
    """ "..., Y as policy chief and Z as treasurer": the title right after "as" that follows a person's name, up to the next name or list break."""
    doc = person.doc
    if person.end >= person.sent.end - 1 or doc[person.end].lower_ != "as":
        return None
    tokens: list[Token] = []
    for token in doc[person.end + 1 : person.sent.end]:
        named = ctx.entity(token)
        if token.is_punct or token.lower_ in ("and", "while", "with") or named is not None and named.type == "PERSON":
            break
        tokens.append(token)
    title = read_title(tokens, ctx, tokens[-1]) if tokens else None
    return title if title is not None and title.role != "member" and not title.former else None


def _gapped_posts(ctx: ExtractContext, told: list[Fact]) -> Iterator[Fact]:
    """Posts of an appointment list whose verb is said once: "X will be chosen as secretary general, Y as policy chief".

    A name with "as" and a title after it, in the sentence of a post an
    appointing verb gives (`making_verbs`), takes the same organisation
    (unless its title names one), modality and time as that post.
    """
    making = word_set(ROLES, "making_verbs")
    by_sentence: dict[int, Fact] = {}
    for fact in told:
        if fact.evidence is not None and fact.object is not None and fact.role in PARTY_ROLES:
            by_sentence.setdefault(fact.evidence.start, fact)
    for span in person_spans(ctx):
        sentence = span.sent
        appointed = by_sentence.get(ctx.evidence(sentence).start)
        person = ctx.entity(span.start)
        if appointed is None or person is None or person.name == appointed.subject:
            continue
        if not any(t.lemma_.lower() in making and t.pos_ == "VERB" for t in sentence):
            continue
        title = _post_after_as(ctx, span)
        if title is None or title.role not in PARTY_ROLES:
            continue
        owner = title.organisation
        organisation, kind = (owner.name, owner.type) if owner is not None else (appointed.object, appointed.object_type)
        yield replace(appointed, subject=person.name, role=title.role, object=organisation, object_type=kind)


def posts(ctx: ExtractContext) -> list[Fact]:
    """Every post the document states, from titles, appositions and verbs, read once (portfolios need them too)."""
    cached = ctx.memo.get("posts")
    if cached is None:
        told = [*_titled_roles(ctx), *_possessive_leaders(ctx), *_verbal_roles(ctx), *_counterparts(ctx)]
        cached = ctx.memo["posts"] = [*told, *_gapped_posts(ctx, told)]
    assert isinstance(cached, list)
    return cached


@extractor("role")
def extract_roles(ctx: ExtractContext) -> Iterator[Fact]:
    """Posts held, from titles, appositions and verbs."""
    yield from posts(ctx)


def _group_leaders(ctx: ExtractContext) -> Iterator[Fact]:
    """ "One will be headed by X and his allies": X leads the group named after them."""
    doc = ctx.adoc.doc
    for group in ctx.adoc.groups:
        first = group.start - 1
        while first > 0 and ctx.adoc.entity_at.get(first - 1) is group.leader:
            first -= 1
        window = doc[max(0, first - 4) : first]
        by = next((t for t in reversed(window) if t.lower_ == "by"), None)
        verb = doc[by.i - 1] if by is not None and by.i > 0 else None
        if verb is not None and verb.lemma_.lower() in word_set(ROLES, "leading_verbs"):
            yield ctx.timed(_fact(group.leader, group.faction.name, "leader", ctx, verb), verb)


@extractor("role")
def extract_group_leaders(ctx: ExtractContext) -> Iterator[Fact]:
    """Leaders of groups the text names only by them (see `politograph.nlp.groups`)."""
    yield from _group_leaders(ctx)
