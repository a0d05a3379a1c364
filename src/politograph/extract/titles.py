"""Titles around a person's name: "DPJ President Yukio Hatoyama", "Nakada, the former Yokohama mayor".

A title phrase is the run of words before a name, or an apposition next to
it.  `read_title` finds the post word in it (by the longest phrase of
`data/roles.yaml`), the organisation or place it is a post of, and whether
the post is past ("former") or coming ("next").  Both the role and the member
extractors read titles, so this lives on its own.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

from spacy.tokens import Span, Token

from politograph.extract.context import ExtractContext
from politograph.lang import EN
from politograph.lexicon import load_lexicon, word_set
from politograph.model import Entity
from politograph.packs import Pack, pack_index
from politograph.packs.countries import Country, CountryBook

ROLES = "extract/data/roles.yaml"
MEMBERS = "extract/data/members.yaml"
STOP_POS = {"VERB", "AUX", "CCONJ", "SCONJ", "PRON", "ADV", "INTJ", "NUM"}


@dataclass(slots=True)
class Title:
    """A post read off a title phrase."""

    role: str  # FORMAT.md role, or "member" for a plain party member
    word: str  # the title words as written ("Finance Minister")
    head: Token
    organisation: Entity | None  # a party, local group or faction; else a government body
    chamber: Entity | None  # a government body named in the title ("Lower House member")
    place: Entity | None
    ministry: str | None
    former: bool
    future: bool
    party_word: bool  # the phrase says "party" without naming it
    country: Country | None = None  # the country a demonym in the phrase names ("German Chancellor")
    then: bool = False  # "then Varna Mayor X", "then-prime minister X": held when the clause's event happened


@lru_cache(maxsize=1)
def _title_table() -> list[tuple[tuple[str, ...], str]]:
    table = [(tuple(phrase.split()), role) for phrase, role in load_lexicon(ROLES)["titles"].items()]
    return sorted(table, key=lambda item: -len(item[0]))


def words_before(span: Span, limit: int = 8) -> list[Token]:
    """The title words right before a name, stopping at verbs, commas and other names."""
    doc = span.doc
    tokens: list[Token] = []
    i = span.start - 1
    first = span.sent.start  # "." may end "Gov." inside a title, never the sentence before it
    while i >= first and len(tokens) < limit:
        token = doc[i]
        if token.is_punct and token.text not in ("-", ".", "–") or token.pos_ in STOP_POS and token.lower_ not in EN.former_markers:
            break
        if token.ent_type_ == "PERSON":
            break
        if token.lower_ in EN.articles or token.pos_ == "ADP" and token.lower_ != "of":
            break
        tokens.insert(0, token)
        i -= 1
    return tokens


_COUNTRY_TABLES: dict[tuple[int, tuple[str, ...]], list[tuple[tuple[str, ...], str]]] = {}


def _titles_for(ctx: ExtractContext) -> list[tuple[tuple[str, ...], str]]:
    """The language's title words, and the titles of the article's countries the language does not have ("Taoiseach", "Diet member").

    Built once per set of countries (articles about the same countries share one table).
    """
    countries_book = book(ctx)
    key = (id(countries_book), tuple(ctx.adoc.countries))
    found = _COUNTRY_TABLES.get(key)
    if found is None:
        table = _title_table()
        known = {phrase for phrase, _ in table}
        countries = [c for c in map(countries_book.get, ctx.adoc.countries) if c is not None]
        own = {tuple(title.lower().split()): role for country in countries for title, role in country.titles}
        extra = [(phrase, role) for phrase, role in own.items() if phrase not in known]
        found = sorted([*table, *extra], key=lambda item: -len(item[0])) if extra else table
        if len(_COUNTRY_TABLES) > 4096:  # an archive about every country: keep the cache bounded
            _COUNTRY_TABLES.clear()
        _COUNTRY_TABLES[key] = found
    return found


def _of_a_past_government(after: Sequence[Token]) -> bool:
    """ "Interior minister in the outgoing cabinet": a post of a cabinet that is gone is a former post."""
    words = [t.lower_ for t in after]
    pasts, governments = word_set(ROLES, "past_government_words"), word_set(ROLES, "government_words")
    for k, word in enumerate(words):
        phrase = [w for w in words[k + 1 : k + 4] if w not in ("the", "a", "an")]
        if word == "in" and len(phrase) >= 2 and phrase[0] in pasts and phrase[1] in governments:
            return True
    return False


def read_title(tokens: Sequence[Token], ctx: ExtractContext, head: Token | None = None) -> Title | None:
    """The post a title phrase names, with its organisation, if it names one."""
    if not tokens:
        return None
    lowered = [t.lower_ for t in tokens]
    best: tuple[int, int, str] | None = None
    for phrase, role in _titles_for(ctx):
        size = len(phrase)
        for start in range(len(lowered) - size, -1, -1):
            if tuple(lowered[start : start + size]) == phrase:
                end = start + size
                contains_head = head is None or any(t.i == head.i for t in tokens[start:end])
                candidate = (end if contains_head else end - 100, size, role)
                if best is None or candidate[:2] > best[:2]:
                    best = (end, size, role)
                break
    member_word = next((t for t in tokens if t.lower_ in word_set(MEMBERS, "member_nouns")), None)
    if best is None and member_word is None:
        return None
    if best is not None:
        end, size, role = best
        start = end - size
        title_tokens = list(tokens[start:end])
    else:
        assert member_word is not None
        start = next(k for k, t in enumerate(tokens) if t.i == member_word.i)
        end, role, title_tokens = start + 1, "member", [member_word]
    before = list(tokens[:start])
    after = list(tokens[end:])
    cut = next((k for k, t in enumerate(after) if t.text in (",", ";")), None)
    after = after[:cut]  # "named secretary general, outgoing Finance Minister Y as ...": what follows a comma is another's
    context_tokens = before + after
    every = [*before, *title_tokens, *after]
    groups = ctx.entities_in(every, ("PARTY", "LOCAL_GROUP", "FACTION"))
    bodies = ctx.entities_in(every, ("GOV_BODY",))
    organisations = groups or bodies
    chamber = bodies[-1][0] if bodies else None
    places = ctx.entities_in(context_tokens, ("PLACE",))
    lower_before = {t.lower_.strip("-") for t in before} | {t.lower_ for t in title_tokens}
    former = bool(lower_before & word_set(ROLES, "former_words")) or any(t.lower_.startswith(EN.former_prefixes) for t in before)
    former = former or _of_a_past_government(after)
    future = bool({t.lower_.strip("-") for t in tokens} & word_set(ROLES, "future_words"))
    ministry = _ministry(before, title_tokens, ctx, after) if role == "minister" else None
    organisation = organisations[-1][0] if organisations else None
    place = places[-1][0] if places else None
    party_word = any(t.lower_ == "party" for t in context_tokens) and organisation is None
    country = next((c for c in map(book(ctx).by_demonym, (t.text for t in before)) if c is not None), None)
    role = _country_role(" ".join(t.text for t in title_tokens), role, country or leading_country(ctx))
    if role == "member" and chamber is not None:
        role = "lawmaker"  # "a Your Party member in the Upper House"
    if role == "lawmaker" and title_tokens[-1].lower_ in EN.member_words and chamber is None:
        role = "member"
    then = any(t.lower_.strip("-") in word_set(ROLES, "then_words") for t in before)
    return Title(role, " ".join(t.text for t in title_tokens), title_tokens[-1], organisation, chamber, place, ministry, former, future, party_word, country, then)


def _country_role(words: str, role: str, country: Country | None) -> str:
    """A title the country gives its own meaning: Canada's "Premier" heads a province, China's the government."""
    if country is None:
        return role
    lowered = words.lower()
    return next((own for title, own in country.titles if title.lower() == lowered), role)


def chamber_word(word: str, ctx: ExtractContext) -> str | None:
    """The chamber a one-word modifier names in the article's countries' packs ("Diet members", "Knesset seats")."""
    countries = ctx.adoc.countries
    found = (e for e in pack_index(ctx.adoc.packs).chambers.get(word, []) if e.country in countries or not e.country)
    return next((e.name for e in found), None)


def book(ctx: ExtractContext) -> CountryBook:
    """The countries the article's packs describe."""
    return pack_index(ctx.adoc.packs).book


def leading_country(ctx: ExtractContext) -> Country | None:
    """The country the article names most, if the article names it (its name, a demonym, a marker such as its capital) or its curated pack knows a name in it.

    A country inferred only from world-pack party names ("Moderates", "Liberals" are
    Swedish parties, and an invented country's too) is no ground for making
    its prime minister the prime minister of the article's "Prime Minister X".
    """
    if not ctx.adoc.countries:
        return None
    country = book(ctx).get(ctx.adoc.countries[0])
    if country is None:
        return None
    text = ctx.adoc.document.text
    if any(clue in text for clue in country.clues()):
        return country
    curated = {f"{p.name}:" for p in ctx.adoc.packs if p.kind == "country" and p.iso3 == country.iso3}
    return country if any(e.pack_id and e.pack_id.startswith(tuple(curated)) for e in ctx.adoc.entities) else None


DATELINE_WORDS = 14
"""A dash this near a sentence's start closes a dateline ("VALMORA, Kestria — ..."), which says where it was written."""
DATELINE_SENTENCES = 4
"""Sentences from the top a dateline may open (after a headline and a byline)."""


def dateline_end(sentence: Span) -> int:
    """The first token after a dateline the sentence opens with (its start when it has none)."""
    for token in sentence[:DATELINE_WORDS]:
        if token.text in EN.dashes or token.text in ("—", "--"):
            return token.i + 1
    return sentence.start


def dateline_place(ctx: ExtractContext) -> Entity | None:
    """The place after the city in the article's dateline ("VALMORA, Kestria —"): where a plain "Prime Minister X"
    of a country no pack describes is prime minister."""
    if "dateline_place" not in ctx.memo:
        ctx.memo["dateline_place"] = None
        for sentence in list(ctx.adoc.doc.sents)[:DATELINE_SENTENCES]:
            end = dateline_end(sentence)
            comma = next((t.i for t in sentence.doc[sentence.start : end] if t.text == ","), None)
            if comma is not None:
                places = ctx.entities_in(sentence.doc[comma + 1 : end], ("PLACE",))
                ctx.memo["dateline_place"] = places[0][0] if places else None
                break
    found = ctx.memo["dateline_place"]
    assert found is None or isinstance(found, Entity)
    return found


def _ministry(before: list[Token], title_tokens: list[Token], ctx: ExtractContext, after: Sequence[Token] = ()) -> str | None:
    """The ministry a minister's title names: "Finance Minister", "ex-transport minister", "Minister of Finance"."""
    portfolio = _portfolio_before(before, ctx)
    name = None
    for start in range(len(portfolio)):  # "incumbent foreign minister": the longest tail that names a portfolio
        words = " ".join(_portfolio_word(t) for t in portfolio[start:]).replace(" ,", ",")
        name = _ministry_named(words, title_tokens, ctx)
        if name is not None:
            portfolio = portfolio[start:]
            break
    if name is None:
        portfolio = _portfolio_after(after)
        name = _ministry_of(portfolio, title_tokens, ctx) if portfolio else None
    if name is None:
        portfolio = _portfolio_nouns(before, title_tokens)
        name = _ministry_of(portfolio, title_tokens, ctx) if portfolio else None
    if name is not None:
        ctx.title_names_ministry(name, portfolio)
    return name


def _portfolio_word(token: Token) -> str:
    """A portfolio word as written, lowered, without a former prefix ("ex-transport" -> "transport")."""
    lowered = token.lower_
    prefix = next((p for p in EN.former_prefixes if lowered.startswith(p) and len(lowered) > len(p)), "")
    return lowered[len(prefix) :]


def _portfolio_before(before: list[Token], ctx: ExtractContext) -> list[Token]:
    """The words before "minister" that may name its portfolio, right to left up to a stop."""
    portfolio: list[Token] = []
    for token in reversed(before):
        named = ctx.entity(token)
        if named is not None and named.type == "PLACE":
            break
        if token.lower_ in word_set(ROLES, "former_words") or token.tag_ == "POS" or token.lower_ in EN.portfolio_stops:
            break
        if book(ctx).by_demonym(token.text) is not None:  # "Australian Foreign Minister": the country's, not a portfolio word
            break
        portfolio.insert(0, token)
        if _portfolio_word(token) != token.lower_:  # "ex-transport": the prefix ends the title
            break
    return portfolio


def _portfolio_nouns(before: list[Token], title_tokens: list[Token]) -> list[Token]:
    """A portfolio no list names, written as nouns right before "minister": "tourism minister", "financial services minister".

    Only words the parser hangs on the title as its compound (and their own
    modifiers) count, so "senior minister", "key minister" or "cabinet
    minister" name no ministry.
    """
    head = title_tokens[-1]
    compounds = [t for t in before if t.dep_ == "compound" and t.head.i == head.i and t.pos_ in ("NOUN", "PROPN")]
    if not compounds or any(t.lower_ in EN.portfolio_stops for t in compounds):
        return []
    first = min(t.left_edge.i for t in compounds)
    words = [t for t in before if t.i >= first]
    if any(t.pos_ not in ("NOUN", "PROPN", "ADJ", "CCONJ") or t.ent_type_ for t in words):
        return []
    return words if len(words) <= MAX_PORTFOLIO_WORDS else []


def _portfolio_after(after: Sequence[Token]) -> list[Token]:
    """The portfolio of "minister of internal affairs and communications" (up to a comma, a verb or another preposition)."""
    if not after or after[0].lower_ not in EN.portfolio_prepositions:
        return []
    portfolio: list[Token] = []
    for token in after[1:]:
        if token.is_punct or token.pos_ in ("VERB", "AUX", "ADP", "PRON", "NUM") or token.ent_type_ in ("PERSON", "DATE"):
            break
        portfolio.append(token)
    while portfolio and portfolio[-1].pos_ in ("CCONJ", "DET"):
        portfolio.pop()
    return portfolio if len(portfolio) <= MAX_PORTFOLIO_WORDS else []


MAX_PORTFOLIO_WORDS = 6


def _ministry_of(portfolio: list[Token], title_tokens: list[Token], ctx: ExtractContext) -> str:
    """The ministry of a portfolio written after the title: a known one, else "Ministry of" and the words as written."""
    words = [t for t in portfolio if t.pos_ != "DET"]
    known = _ministry_named(" ".join(t.lower_ for t in words), title_tokens, ctx)
    if known is not None:
        return known
    return f"Ministry of {_written(portfolio)}"


def _written(portfolio: list[Token]) -> str:
    """Portfolio words as a name: capitalised but for "and", "of", "the"; a comma kept against its word ("Land, Infrastructure")."""
    written = ""
    for token in portfolio:
        word = token.text if token.pos_ in ("CCONJ", "DET", "ADP") else token.text[:1].upper() + token.text[1:]
        written += word if token.is_punct or not written else f" {word}"
    return written


def _ministry_named(words: str, title_tokens: list[Token], ctx: ExtractContext) -> str | None:
    """The ministry of a portfolio: the one an active pack gives that title, else the generic name."""
    title = f"{words} {' '.join(t.lower_ for t in title_tokens) or 'minister'}"
    for pack in active_packs(ctx):
        for entity in pack.entities:
            if title in (t.lower() for t in entity.titles):
                return entity.name
    generic: dict[str, str] = load_lexicon(ROLES)["generic_ministries"]
    return generic.get(words)


def active_packs(ctx: ExtractContext) -> list[Pack]:
    """The packs whose country the article is about (a pack with no country: one whose markers it names)."""
    adoc = ctx.adoc
    return [p for p in adoc.packs if (p.iso3 in adoc.countries if p.iso3 else p.is_active_for(adoc.document.text))]


def titled_people(ctx: ExtractContext) -> list[tuple[Entity, Span, Title]]:
    """Every (person, name span, title) of the document, read once and shared by extractors."""
    cached = ctx.memo.get("titled_people")
    if cached is None:
        found: list[tuple[Entity, Span, Title]] = []
        for span in person_spans(ctx):
            person = ctx.entity(span.start)
            if person is None or person.type != "PERSON":
                continue
            titles = list_titles(span, ctx) or [*prefix_titles(span, ctx), *appositive_titles(span, ctx)]
            found.extend((person, span, title) for title in titles)
        ctx.memo["titled_people"] = cached = found
    assert isinstance(cached, list)
    return cached


def person_spans(ctx: ExtractContext) -> list[Span]:
    """Every span of the document that names a person."""
    return [span for span in ctx.adoc.doc.ents if span.label_ == "PERSON"]


def appositive_titles(span: Span, ctx: ExtractContext) -> list[Title]:
    """Titles in an apposition: "X, the former Yokohama mayor" and "Japan's next leader, X"."""
    root = span.root
    phrases: list[tuple[list[Token], Token]] = []
    inside = {t.i for t in root.subtree}
    if root.dep_ == "appos" and root.head.pos_ in ("NOUN", "PROPN") and ctx.entity(root.head) is None:
        head = root.head
        tokens = [t for t in head.subtree if t.i not in inside and not t.is_punct and t.i < root.i]
        phrases.append((tokens, head))
    for child in root.children:
        if child.dep_ == "appos" and ctx.entity(child) is None:
            tokens = [t for t in child.subtree if not t.is_punct or t.text in ("-", ".")]
            phrases.append((_first_clause(tokens), child))
    titles = []
    for tokens, head in phrases:
        titles.extend(_coordinated_titles(tokens, ctx) or [t for t in [read_title(tokens, ctx, head)] if t is not None])
    return titles


def _coordinated_titles(tokens: list[Token], ctx: ExtractContext) -> list[Title]:
    """Two posts joined by "and" in one apposition: "the leader of the Harbour Party and interior minister".

    Split only where each side reads as a post of its own, so "Minister of
    Economy, Trade and Industry" stays one.
    """
    for k, token in enumerate(tokens):
        if token.lower_ not in EN.coordinators or not 0 < k < len(tokens) - 1:
            continue
        left, right = read_title(tokens[:k], ctx), read_title(tokens[k + 1 :], ctx)
        if left is not None and right is not None and left.head.i != right.head.i and not _in_ministry_name(tokens[k + 1 :]):
            return [left, right]
    return []


def _in_ministry_name(after: list[Token]) -> bool:
    """The words after "and" continue a portfolio list, not a new post: no title word of their own ("... Trade and Industry")."""
    return not any(t.lower_ in _title_words() for t in after)


@lru_cache(maxsize=1)
def _title_words() -> frozenset[str]:
    return frozenset(word for phrase, _ in _title_table() for word in phrase)


def _first_clause(tokens: list[Token]) -> list[Token]:
    """An apposition up to its first verb or relative clause (a participle describing a noun, "the Dutch-speaking party", is no verb)."""
    kept = []
    for token in tokens:
        if token.pos_ in ("VERB", "AUX") and token.dep_ not in ("amod", "compound") or token.lower_ in EN.clause_openers:
            break
        kept.append(token)
    return kept


LIST_LINE_TAIL = re.compile(r"\s*(\([^()\n]{1,60}\))?\s*$")
"""What may follow the name on a cabinet-list line: nothing, or the holder's party in parentheses."""
MAX_LIST_WORDS = 8


def list_titles(span: Span, ctx: ExtractContext) -> list[Title]:
    """The posts a cabinet-list line gives the name after its colon: "Finance: Mara Kask (Unity)",
    "Deputy Prime Minister and Foreign Affairs: Ilir Meta".

    The line is the whole phrase, so it is read only when the name ends it (but
    for a party in parentheses): a colon inside a sentence ("Sande said: ...")
    introduces speech, not a post.  The words before the colon are a title, a
    portfolio (its minister's), or a title and a portfolio joined by "and".
    """
    doc = span.doc
    if span.start == 0 or doc[span.start - 1].text != ":":
        return []
    text = doc.text
    line_end = text.find("\n", span.end_char)
    if not LIST_LINE_TAIL.fullmatch(text[span.end_char : line_end if line_end >= 0 else len(text)]):
        return []
    line_start = text.rfind("\n", 0, span.start_char) + 1
    words = [t for t in doc[: span.start - 1] if t.idx >= line_start and not t.is_space]
    if not words or len(words) > MAX_LIST_WORDS or any(t.pos_ in ("VERB", "AUX", "PRON") or t.lower_ in EN.shadow_words for t in words):
        return []
    title = read_title(words, ctx)
    if title is not None:
        if title.former or title.future:
            return []
        rest = [t for t in words if t.i > title.head.i]
        if not rest or rest[0].lower_ not in EN.coordinators:
            return [title] if not rest else []
        portfolio = _list_portfolio(rest[1:], ctx)
        return [title, portfolio] if portfolio is not None else [title]
    portfolio = _list_portfolio(words, ctx)
    return [portfolio] if portfolio is not None else []


def _list_portfolio(words: list[Token], ctx: ExtractContext) -> Title | None:
    """A minister's post from a list line's portfolio words ("Land, Infrastructure, Transport and Tourism"), if they are only those."""
    named = ctx.entities_in(words, ("PARTY", "PERSON", "PLACE", "FACTION", "LOCAL_GROUP"))
    if not words or named or not all(t.is_title or t.is_punct or t.lower_ in EN.coordinators or t.pos_ in ("DET", "ADP") for t in words):
        return None
    minister = read_title(words, ctx)
    if minister is not None:
        return None
    name = _ministry_of(words, [], ctx)
    ctx.title_names_ministry(name, words)
    return Title("minister", _written(words), words[-1], None, None, None, name, False, False, False)


def prefix_titles(span: Span, ctx: ExtractContext) -> list[Title]:
    """Titles in the words before a name, and in a coordinated title before those
    ("party founder and Lower House member Yoshimi Watanabe")."""
    titles = []
    tokens = words_before(span)
    title = read_title(tokens, ctx)
    if title is not None:
        titles.append(title)
        first = tokens[0].i if tokens else span.start
        doc = span.doc
        if first >= 2 and doc[first - 1].lower_ == "and":
            earlier = words_before(doc[first - 1 : first])
            more = read_title(earlier, ctx)
            if more is not None:
                titles.append(more)
    return titles
