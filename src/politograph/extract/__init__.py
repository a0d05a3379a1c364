"""The extraction stage: one small module per fact family, one interface.

An extractor is a function `(ctx) -> Iterable[Fact]` registered under the
fact type it produces (`@extractor("role")`), like spaCy's registered
components; `extract_facts` runs the registered ones over an analysed
document and drops repeats of one claim, keeping the first (FORMAT.md: one
fact per distinct claim).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import date

from politograph.extract.context import ExtractContext, keep_surer
from politograph.lexicon import word_set
from politograph.model import Fact, Mention, Modality, TimeValue
from politograph.nlp.pipeline import AnalyzedDoc

Extractor = Callable[[ExtractContext], Iterable[Fact]]
REGISTRY: dict[str, list[Extractor]] = {}
SEATS = "extract/data/seats.yaml"


def extractor(fact_type: str) -> Callable[[Extractor], Extractor]:
    """Register a function as an extractor of one fact type (a type may have several)."""

    def register(function: Extractor) -> Extractor:
        functions = REGISTRY.setdefault(fact_type, [])
        if function.__qualname__ not in {f.__qualname__ for f in functions}:  # a reload registers once
            functions.append(function)
        return function

    return register


def _load_builtin_extractors() -> None:
    from politograph.extract import elections, events, member, portfolio, relations, role, seats, stance  # noqa: F401


def rule_facts(ctx: ExtractContext, types: Iterable[str] | None = None) -> list[Fact]:
    """Every fact the registered hand rules read, each claim once."""
    _load_builtin_extractors()
    wanted = list(types) if types is not None else list(REGISTRY)
    facts: list[Fact] = []
    seen: dict[tuple[object, ...], Fact] = {}
    for fact_type in wanted:
        for function in REGISTRY[fact_type]:
            for fact in function(ctx):
                key = fact.identity()
                if key in seen:
                    keep_surer(seen[key], fact, ctx.published)
                elif fact.subject or fact.object:
                    seen[key] = fact
                    facts.append(fact)
    return facts


def extract_facts(adoc: AnalyzedDoc, types: Iterable[str] | None = None, learned: bool = True) -> list[Fact]:
    """Every fact one document states, each claim once.

    The rules read first; the learned models (the shipped ones, or those
    `use_models` chose; `learned=False` for rules alone) then read the types
    they own, with the rules' findings among their features, and give the
    rules' other facts a confidence.
    """
    from politograph.extract.learned import combine, load_models

    ctx = ExtractContext(adoc)
    facts = rule_facts(ctx, types)
    models = load_models() if learned else None
    if models is not None:
        facts = [f for f in combine(ctx, facts, models) if types is None or f.type in types]
    _date_seats_won_at_election(ctx, facts)
    _add_implied_entities(ctx, facts)
    return facts


def _dated_before(when: TimeValue | None, printed: date) -> bool:
    """A day or month before the publication day (a year is too coarse to date a count by)."""
    first = when.earliest() if when is not None else None
    return when is not None and first is not None and when.precision in ("day", "month") and first < printed


def _date_seats_won_at_election(ctx: ExtractContext, facts: list[Fact]) -> None:
    """Date a count won at an election, told with no date of its own, by the election the article reports.

    "The LDP won 65 seats" after "the Upper House election on July 21" holds
    from that election, not from the day the article was printed.  Only the
    latest election the article reports as past (to the day or month) dates
    such counts, and only counts whose sentence names no time.
    """
    printed = ctx.published.earliest()
    if printed is None:
        return
    past = [f.when for f in facts if f.type == "election" and f.modality is Modality.ASSERTED and _dated_before(f.when, printed)]
    if not past:
        return
    election_day = max(past, key=lambda value: value.earliest() or printed)  # type: ignore[union-attr]
    winning = word_set(SEATS, "winning_verbs")
    for fact in facts:
        if fact.type != "seats" or fact.when != ctx.published or fact.start is not None or fact.evidence is None:
            continue
        sentence = ctx.adoc.doc.char_span(fact.evidence.start, fact.evidence.end, alignment_mode="expand")
        if sentence is None or any(ctx.is_time(t) for t in sentence):
            continue
        if fact.won or (fact.won is None and any(t.lemma_.lower() in winning for t in sentence)):
            fact.when = election_day


def _add_implied_entities(ctx: ExtractContext, facts: list[Fact]) -> None:
    """Give the document the leader-named factions its facts point to (see nlp.groups)."""
    adoc = ctx.adoc
    for faction, spans in ctx.implied_entities(facts):
        adoc.entities.append(faction)
        for start, end in spans:
            adoc.mentions.append(Mention(adoc.document.id, start, end, adoc.document.text[start:end], faction.type, faction))
    adoc.mentions.sort(key=lambda m: m.start)
