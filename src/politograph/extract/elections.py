"""`election` and `referendum` facts.

An election's subject is its name as the text gives it, read off the
election noun: its modifiers ("Lower House election", "LDP presidential
election") and the body of an `of/for` phrase ("the election for the House of
Councillors" -> "House of Councillors election"), with "poll" written as
"election" (FORMAT.md).  A date stays in the name only when nothing else names
the election ("the Aug. 30 election").  The outcome is the subject of a
winning verb whose object is the election.  An election dated after the
article and told as fact is planned.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from datetime import timedelta

from spacy.tokens import Token

from politograph.extract.actors import actors_in, agents
from politograph.extract.context import ExtractContext
from politograph.extract.registry import extractor
from politograph.extract.titles import dateline_end, leading_country
from politograph.lang import EN
from politograph.lexicon import word_set
from politograph.model import GROUP_TYPES, Entity, Fact, Modality, TimeValue
from politograph.nlp.timex import find_times
from politograph.packs import pack_index

ELECTIONS = "extract/data/elections.yaml"
WINNERS = ("PERSON", *GROUP_TYPES)
BODY_TYPES = ("GOV_BODY", "PARTY", "PLACE", "LOCAL_GROUP")


def _is_time_word(ctx: ExtractContext, token: Token) -> bool:
    return ctx.is_time(token) or token.like_num or token.ent_type_ in ("DATE", "TIME", "CARDINAL", "ORDINAL")


def _modifiers(noun: Token) -> list[Token]:
    """The words left of the noun that belong to its phrase: no determiner, no brackets."""
    left = sorted((t for child in noun.lefts if child.dep_ not in ("det", "predet", "punct", "cc", "prep") for t in child.subtree), key=lambda t: t.i)
    kept: list[Token] = []
    depth = 0
    counted = _hyphenated_counts(left)
    for token in left:
        if token.i in counted:
            continue
        depth += token.text == "("
        if depth == 0 and token.dep_ not in ("det", "predet") and not token.is_punct:
            kept.append(token)
        depth -= token.text == ")" and depth > 0
    return kept


def _hyphenated_counts(tokens: list[Token]) -> set[int]:
    """Indices of hyphen-joined words with a number in them ("two-horse", "one-on-one")."""
    runs: list[list[Token]] = []
    for token in tokens:
        joined = runs and (token.text in ("-", "–") or runs[-1][-1].text in ("-", "–")) and not runs[-1][-1].whitespace_
        if joined:
            runs[-1].append(token)
        else:
            runs.append([token])
    return {t.i for run in runs if len(run) > 1 and any(t.like_num for t in run) for t in run}


def _names_it(ctx: ExtractContext, token: Token) -> bool:
    """Whether a modifier belongs in the election's name (not "successful", "ruling", "two-horse")."""
    if ctx.entity(token) is not None or _is_time_word(ctx, token):
        return True
    if token.pos_ in ("ADJ", "VERB", "ADV", "NUM"):
        return token.lower_ in word_set(ELECTIONS, "name_adjectives")
    return token.pos_ in ("NOUN", "PROPN")


def _without_owning_place(ctx: ExtractContext, modifiers: list[Token]) -> list[Token]:
    """ "Kestria's KDP leadership election" is the KDP's: a country that owns a party's vote is not part of its name."""
    if not any((e := ctx.entity(t)) is not None and e.type in GROUP_TYPES for t in modifiers):
        return modifiers
    doc = modifiers[0].doc

    def owning_place(token: Token) -> bool:
        entity = ctx.entity(token)
        if entity is None or entity.type != "PLACE":
            return False
        end = token.i
        while end + 1 < len(doc) and ctx.entity(end + 1) is entity:
            end += 1
        return end + 1 < len(doc) and doc[end + 1].text in EN.possessive_endings

    return [t for t in modifiers if not owning_place(t)]


def election_name(ctx: ExtractContext, noun: Token) -> str | None:
    """The election's name, or None when the noun is not an election ("a vote of 54 to 44")."""
    skip = word_set(ELECTIONS, "not_in_name")
    weak = word_set(ELECTIONS, "weak_in_name")
    modifiers = _without_owning_place(ctx, [t for t in _modifiers(noun) if t.lower_ not in skip and t.text not in EN.possessive_endings and _names_it(ctx, t)])
    strong = [t for t in modifiers if not _is_time_word(ctx, t) and t.lower_ not in weak]
    bodies = actors_in(ctx, [g for c in noun.children if c.dep_ == "prep" and c.lower_ in EN.election_body_preps for g in c.children if g.dep_ == "pobj"], BODY_TYPES)
    head = "election" if noun.lower_ == "poll" else "elections" if noun.lower_ == "polls" else noun.text
    if not modifiers and not bodies:
        return None  # a bare "the election" repeats one named elsewhere, or names none
    if noun.lemma_.lower() in word_set(ELECTIONS, "needs_modifier"):
        naming = [t for t in modifiers if ctx.entity(t) is not None or _is_time_word(ctx, t) or t.lower_ in word_set(ELECTIONS, "vote_names")]
        if not (naming or bodies) or (noun.tag_ == "NNS" and noun.lower_ != "polls"):
            return None  # "54 votes to 44", "a two-horse race", "the parliamentary vote" name no election
    words = [t.text for t in strong] if strong or bodies else [t.text for t in modifiers]
    if bodies and not any(w in bodies[0].name for w in words):
        words = [_surface(ctx, noun, bodies[0].name), *words]
    return " ".join([*words, head]).replace(" - ", "-").strip()


def _surface(ctx: ExtractContext, noun: Token, name: str) -> str:
    """How the text writes an entity: in the noun's phrase (its first mention there), else as it last wrote it before.

    "Two HP members spoilt their ballots in the leadership election for the
    party" names the "HP leadership election", as the story writes the party.
    """
    for token in noun.subtree:
        entity = ctx.entity(token)
        if entity is not None and entity.name == name:
            return _mention_run(ctx, token)
    earlier = [t for t in noun.doc[: noun.i] if (e := ctx.entity(t)) is not None and e.name == name and (t.i == 0 or ctx.entity(t.i - 1) is not e)]
    return _mention_run(ctx, earlier[-1]) if earlier else name


def _mention_run(ctx: ExtractContext, token: Token) -> str:
    """The words of the mention that starts at `token` (its first mention only: "the House of Representatives, the lower chamber" is one name)."""
    entity = ctx.entity(token)
    run = [token]
    for following in token.doc[token.i + 1 :]:
        if ctx.entity(following) is not entity:
            break
        run.append(following)
    return " ".join(t.text for t in run)


def _winner(ctx: ExtractContext, noun: Token) -> str | None:
    """ "X won the election", "X's victory in the election"."""
    winning = word_set(ELECTIONS, "winning_verbs")
    current = noun
    for _ in range(4):
        current = current.head
        if current.lemma_.lower() in winning and current.pos_ in ("VERB", "NOUN"):
            found = agents(ctx, current, WINNERS) if current.pos_ == "VERB" else actors_in(ctx, [c for c in current.children if c.dep_ == "poss"], WINNERS)
            return found[0].name if found else None
        if current.head == current:
            break
    return None


@extractor("election")
def extract_elections(ctx: ExtractContext) -> Iterator[Fact]:
    """Every election the article mentions, named as the text names it."""
    seen: set[int] = set()
    for noun in ctx.tokens_with_lemma(word_set(ELECTIONS, "election_nouns")):
        if noun.pos_ not in ("NOUN", "PROPN") or noun.i in seen or noun.dep_ == "compound":
            continue
        name = election_name(ctx, noun)
        if name is None:
            continue
        seen.add(noun.i)
        fact = Fact("election", name, None, evidence=ctx.evidence(noun.sent), outcome=_winner(ctx, noun))
        fact.modality = told = _event_modality(ctx, noun)
        yield _counted_back(ctx, _dated_by_name(ctx, ctx.timed_event(fact, noun), noun, told), noun)


def _counted_back(ctx: ExtractContext, fact: Fact, noun: Token) -> Fact:
    """ "131 days have now passed since the September election": the election's day is that many days before the
    article's (kept only when it falls within what the text already said of it)."""
    since = noun.head
    if noun.dep_ != "pobj" or since.lower_ != "since" or ctx.adoc.document.published_precision != "day":
        return fact
    counts = [c for c in since.head.children if c.lemma_.lower() == "day" and c.dep_ in ("nsubj", "npadvmod", "dobj")]
    numbers = [n for c in counts for n in c.children if n.dep_ == "nummod" and n.text.isdigit()]
    hedged = any(t.dep_ in ("det", "advmod", "quantmod", "amod") for c in counts for t in [*c.children, *(g for n in numbers for g in n.children)])
    if not numbers or hedged:  # "some 131 days", "about 130 days": a count that gives no day
        return fact
    day = TimeValue.of_day(ctx.adoc.document.published - timedelta(days=int(numbers[0].text)))
    if fact.when is None or day.within(fact.when):
        fact.when = day
    return fact


def dated_by_record(ctx: ExtractContext, fact: Fact) -> None:
    """ "After the September election" in a German story: the one general election the country held that month, to the day.

    Only a national vote to the lower (or only) chamber, as the imported
    reference data lists them, and only when the month (or year) holds
    exactly one; a party's, a region's or an upper house's vote is left as
    the text dates it.  Dates the fact in place, after the verifier has
    weighed it: the verifier reads a date as precise as the text gives it.
    """
    when = fact.when
    if fact.type != "election" or when is None or when.is_interval or when.precision not in ("month", "year") or not fact.subject:
        return
    words = {w.lower() for w in fact.subject.split()}
    groups = {e.name for e in ctx.adoc.entities if e.type in GROUP_TYPES}
    if words & word_set(ELECTIONS, "not_national") or any(name in fact.subject for name in groups):
        return
    country = leading_country(ctx)
    first, last = when.earliest(), when.latest()
    if country is None or first is None or last is None:
        return
    days = [d for d in pack_index(ctx.adoc.packs).election_days.get(country.iso3, ()) if first <= d <= last]
    if len(days) == 1:
        fact.when = TimeValue(days[0].isoformat())


def _named_by_date_only(ctx: ExtractContext, fact: Fact) -> bool:
    """ "the March 3 vote": a name whose words are a day and the election noun ("the September election" is a name)."""
    name = fact.subject or ""
    times = find_times(name, ctx.published)
    rest = name
    for time in times:
        rest = rest.replace(time.text, " ")
    return bool(times) and any(c.isdigit() for c in name) and set(rest.lower().split()) <= word_set(ELECTIONS, "election_nouns")


def folded_date_names(ctx: ExtractContext, facts: list[Fact]) -> list[Fact]:
    """An election the article names only by its date is the one election it names otherwise: that one, on that day.

    "The Senate election" and, later, "the March 3 vote" are one
    vote told twice: the named fact takes the day and the date-named one
    goes.  Only when the article names exactly one other election, and not
    a party's or a leadership vote, which a date alone would not stand for.
    """
    told = [(f, _named_by_date_only(ctx, f)) for f in facts if f.type == "election"]
    dated = [f for f, by_date in told if by_date and f.when is not None and f.when.precision == "day"]
    if len(dated) != 1:
        return facts
    internal = word_set(ELECTIONS, "internal_words")
    named = [f for f, by_date in told if not by_date]
    if len({f.subject for f in named}) != 1 or any(internal & {w.lower() for w in (f.subject or "").split()} for f in named):
        return facts
    for fact in named:
        fact.when = dated[0].when
    return [f for f in facts if f is not dated[0]]


def _dated_by_name(ctx: ExtractContext, fact: Fact, noun: Token, told: Modality) -> Fact:
    """ "The Sept. 23 election", "the Oct. 1 referendum": a date in the vote's own name is its day, whatever else the sentence dates.

    A past-tense clause reads it as gone ("lost in the July election"); any
    other reads it as the nearest such day to the article ("would back X
    after the Sept. 23 election" in an October article is the one just gone).
    """
    named = next((m for m in map(ctx.time_at, _modifiers(noun)) if m is not None and m.slot == "when"), None)
    if named is None:
        return fact
    fact.when = named.in_tense("future" if _looked_ahead_to(noun) else "past" if _told_as_gone(noun) else None)  # "chose ... ahead of X" still looks ahead
    first, printed = fact.when.earliest(), ctx.published.earliest()
    gone = first is not None and printed is not None and first < printed
    fact.modality = Modality.ASSERTED if gone and told in (Modality.PLANNED, Modality.EXPECTED) else told
    return ctx.planned_if_ahead(fact)


def _looked_ahead_to(noun: Token) -> bool:
    """ "Well ahead of next spring's ballot", "before the March 3 vote", "in the run-up to the poll": a vote still to come."""
    prep = noun.head
    if noun.dep_ != "pobj":
        return False
    leading_up = prep.lower_ == "to" and prep.head.lower_ in ("run-up", "lead-up", "runup")
    return prep.lower_ == "before" or (prep.lower_ == "of" and prep.head.lower_ == "ahead") or leading_up


def _told_as_gone(noun: Token) -> bool:
    """A simple past ("lost in the July election"), not a present perfect ("campaigning has begun for the Dec. 16 election")."""
    for token in ExtractContext.clause_chain(noun):
        if token.pos_ in ("VERB", "AUX"):
            return token.tag_ == "VBD" or token.tag_ == "VBN" and any(c.dep_ in ("aux", "auxpass") and c.lower_ in EN.past_auxiliaries for c in token.children)
    return False


def _event_modality(ctx: ExtractContext, noun: Token) -> Modality:
    """An election "failed in" still took place: only an explicit "no/not" negates it."""
    modality = ctx.modality(noun)
    if modality is Modality.NEGATED and not any(t.dep_ == "neg" or t.lower_ in EN.negators for t in noun.sent):
        return Modality.ASSERTED
    return modality


def _clause_cut(tokens: list[Token]) -> list[Token]:
    """The words of a phrase up to the first comma, bracket or dash that opens an aside ("X, a setback for Y")."""
    kept: list[Token] = []
    for token in tokens:
        if token.is_punct and token.text in (",", "(", ";", ":") or token.text in EN.dashes and token.whitespace_:
            break
        kept.append(token)
    return kept


def _phrase_text(tokens: list[Token]) -> str | None:
    """Contiguous words as the text writes them ("Kashiwazaki-Kariwa", not "Kashiwazaki - Kariwa")."""
    while tokens and tokens[-1].pos_ in ("ADP", "CCONJ", "DET", "PART"):
        tokens = tokens[:-1]
    if not tokens:
        return None
    return tokens[0].doc[tokens[0].i : tokens[-1].i + 1].text.strip() or None


def _referendum_subject(ctx: ExtractContext, noun: Token) -> str | None:
    """What a referendum is about: "on X", "to X", or the noun before it ("an independence referendum")."""
    following = noun.doc[noun.i + 1] if noun.i + 1 < len(noun.doc) else None
    preps = [c for c in noun.children if c.dep_ == "prep"]
    if following is not None and following.dep_ == "prep" and following not in preps:
        preps.append(following)  # the parser often hangs "on X" from the verb
    for child in preps:
        if child.lower_ in EN.referendum_preps:
            words = _clause_cut([t for t in child.subtree if t.i > child.i])
            while words and ctx.is_time(words[-1]):
                words = words[:-1]
            # "on the casino plan" keeps its article: the corpus's annotators wrote "the casino plan" 57 times, dropped it 11
            if words and not ctx.is_time(words[0]):
                return _phrase_text(words)
        if child.dep_ in ("acl", "relcl") and any(c.lower_ == "to" for c in child.children):
            return _phrase_text(_clause_cut([t for t in child.subtree if t.lower_ != "to"]))
    kinds = word_set(ELECTIONS, "referendum_kinds")
    voted_on = _voted_object(ctx, noun)
    if voted_on is not None and not any(t.pos_ in ("NOUN", "PROPN") and t.lower_ not in kinds and not ctx.is_time(t) for t in _modifiers(noun)):
        return voted_on
    modifiers = [
        t
        for t in _modifiers(noun)
        if t.pos_ in ("NOUN", "PROPN", "ADJ") and t.ent_type_ not in ("GPE", "DATE") and not ctx.is_time(t) and t.lower_ not in kinds and ctx.entity(t) is None
    ]
    if not any(t.pos_ in ("NOUN", "PROPN") for t in modifiers):
        return None  # "a national referendum" says how, not on what
    return " ".join(t.text for t in modifiers)


def _voted_object(ctx: ExtractContext, noun: Token) -> str | None:
    """What the voters of a referendum approved, rejected or were asked: "Voters approved a new constitution in
    Sunday's referendum", "will put the charter to a referendum"; the object up to an aside or a clause on it."""
    preposition = noun.head if noun.dep_ == "pobj" else None
    if preposition is None or preposition.dep_ != "prep":
        return None
    verb = _referendum_verb(preposition)
    objects = [c for c in verb.children if c.dep_ == "dobj"] or [c for c in verb.children if c.dep_ == "xcomp" and c.tag_ == "VBG"] if verb is not None else []
    target = objects[0] if objects else None  # "rejected leaving the union": the gerund is what was voted on
    if target is None or target.pos_ == "PRON" or ctx.entity(target) is not None:
        return None  # "backed Erdoğan in that referendum": a side, not the question
    cuts = word_set(ELECTIONS, "referendum_object_cuts")
    inner = [c for c in target.children if c.dep_ in ("relcl", "acl") or c.dep_ == "prep" and c.lower_ in cuts]
    stop = min((min(t.i for t in c.subtree) for c in inner), default=target.right_edge.i + 1)
    words = _clause_cut([t for t in target.subtree if t.i < stop])
    while words and words[0].tag_ == "PRP$":
        words = words[1:]  # "rejected his constitutional reform": the reform, whoever's it is
    return _phrase_text(words)


REFERENDUM_VERB_STEPS = 5
"""How far above "in the referendum" its verb may be ("rejected X by 58 percent to 42 in Sunday's referendum")."""


def _referendum_verb(preposition: Token) -> Token | None:
    """The outermost verb of voting above the referendum's preposition, or the verb sending something "to" it."""
    if preposition.head.lemma_.lower() in word_set(ELECTIONS, "referendum_put_verbs") and preposition.lower_ == "to":
        return preposition.head
    found = None
    token = preposition
    for _ in range(REFERENDUM_VERB_STEPS):
        if token.head == token:
            break
        token = token.head
        if token.pos_ == "VERB" and _is_vote_verb(token):
            found = token
    return found


def _is_vote_verb(verb: Token) -> bool:
    """ "approved", "rejected", "voted down": a verb whose object is what the voters decided."""
    lemma = verb.lemma_.lower()
    return lemma in word_set(ELECTIONS, "referendum_vote_verbs") or lemma == "vote" and any(c.dep_ == "prt" and c.lower_ == "down" for c in verb.children)


def _referendum_outcome(noun: Token) -> str | None:
    sentence = noun.sent
    text = sentence.text.lower()
    lemmas = {t.lemma_.lower() for t in sentence}
    for outcome in ("rejected", "approved"):
        cues = word_set(ELECTIONS, outcome)
        if lemmas & cues or any(" " in cue and cue in text for cue in cues):
            return outcome
    return None


def _referendum_place(ctx: ExtractContext, noun: Token) -> Entity | None:
    """Where the vote is held: a place the sentence names, else the place the article names most (its country, its city).

    "Kestrians will vote in a referendum on electoral reform" names no place,
    but the article's dateline and body do.
    """
    dateline = dateline_end(noun.sent)
    places = actors_in(ctx, [t for t in noun.sent if t.i != noun.i and t.i >= dateline], ("PLACE",))
    if places:
        return places[0]
    text = ctx.adoc.document.text
    counts = Counter(  # a dateline's city in capitals ("SOFIA —") says where the story was filed, not where the vote is
        m.entity.name for m in ctx.adoc.mentions if m.entity is not None and m.entity.type == "PLACE" and not text[m.start : m.end].isupper()
    )
    if not counts:
        return None
    name = counts.most_common(1)[0][0]
    return next(e for e in ctx.adoc.entities if e.name == name and e.type == "PLACE")


@extractor("referendum")
def extract_referendums(ctx: ExtractContext) -> Iterator[Fact]:
    """A referendum, on what, where, and how it ended when the sentence says."""
    for noun in ctx.tokens_with_lemma(word_set(ELECTIONS, "referendum_nouns")):
        if noun.pos_ not in ("NOUN", "PROPN"):
            continue
        subject = _referendum_subject(ctx, noun)
        if subject is None:
            continue
        place = _referendum_place(ctx, noun)
        fact = Fact("referendum", subject, place.name if place else None, evidence=ctx.evidence(noun.sent))
        fact.object_type = "PLACE" if place else None
        fact.outcome = _referendum_outcome(noun)
        fact.modality = told = _event_modality(ctx, noun)
        yield _dated_by_name(ctx, ctx.timed_event(fact, noun), noun, told)
