"""The extraction stage: one small module per fact family, one interface.

An extractor is a function `(ctx) -> Iterable[Fact]` registered under the
fact type it produces (`@extractor("role")`, see `registry`), like spaCy's
registered components; `extract_document` runs the registered ones over an
analysed document and drops repeats of one claim, keeping the first
(FORMAT.md: one fact per distinct claim).  The built-in fact modules are
imported here, in the order claims are first read in.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date

# Importing a fact module registers its extractors, and the order they register in is the order claims are
# read in (the first reading of a claim is the one kept, see `rule_facts`): role, seats and stance first, as
# the learned layer imports them, then the others.  `tests/test_extract_document.py` pins the order.
from politograph.extract import role, seats, stance  # noqa: F401

# isort: split
from politograph.extract import elections, events, member, portfolio, relations  # noqa: F401

# isort: split
from politograph.extract.context import ExtractContext, keep_surer
from politograph.extract.learned import combine, load_models
from politograph.extract.registry import REGISTRY, Extractor, extractor
from politograph.lexicon import word_set
from politograph.model import Entity, Fact, Mention, Modality, TimeValue
from politograph.nlp.pipeline import AnalyzedDoc

__all__ = ["REGISTRY", "Extraction", "Extractor", "extract_document", "extract_facts", "extractor", "rule_facts"]
SEATS = "extract/data/seats.yaml"


def rule_facts(ctx: ExtractContext, types: Iterable[str] | None = None) -> list[Fact]:
    """Every fact the registered hand rules read, each claim once."""
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


@dataclass(slots=True)
class Extraction:
    """What reading one analysed document found: its facts, and the entities only the facts imply, with their mentions.

    A faction the text names only by its leader ("X and his allies"), or a
    ministry only a minister's title names, is an entity of the document
    only because a fact points to it; the nlp stage's own entities and
    mentions are left as they were, and the caller joins the two.
    """

    facts: list[Fact]
    entities: list[Entity] = field(default_factory=list)
    mentions: list[Mention] = field(default_factory=list)

    def joined(self, adoc: AnalyzedDoc) -> tuple[list[Entity], list[Mention]]:
        """The document's entities and mentions with the implied ones, mentions in text order."""
        return [*adoc.entities, *self.entities], sorted([*adoc.mentions, *self.mentions], key=lambda m: m.start)


def extract_document(adoc: AnalyzedDoc, types: Iterable[str] | None = None, learned: bool = True) -> Extraction:
    """Every fact one document states, each claim once, and the entities those facts imply.

    The rules read first; the learned models (the shipped ones, or those
    `use_models` chose; `learned=False` for rules alone) then read the types
    they own, with the rules' findings among their features, and give the
    rules' other facts a confidence.
    """
    ctx = ExtractContext(adoc)
    facts = read = rule_facts(ctx, types)
    models = load_models() if learned else None
    if models is not None:
        facts = [f for f in combine(ctx, facts, models) if types is None or f.type in types]
    told = list({id(f): f for f in [*facts, *read] if f.type == "election"}.values())  # the rules' elections, kept or not, and the classifier's
    for election in told:
        elections.dated_by_record(ctx, election)
    facts = relations.without_contests(ctx, elections.folded_date_names(ctx, facts))
    _date_won_at_election(ctx, facts, told)
    return Extraction(facts, *_implied_entities(ctx, facts))


def extract_facts(adoc: AnalyzedDoc, types: Iterable[str] | None = None, learned: bool = True) -> list[Fact]:
    """`extract_document`'s facts, with the entities they imply added to the analysed document itself."""
    found = extract_document(adoc, types, learned)
    entities, mentions = found.joined(adoc)
    adoc.entities[:] = entities  # in place: a caller may hold these lists already
    adoc.mentions[:] = mentions
    return found.facts


BLOC_TYPES = ("alliance",)
"""Relations a results sentence may tell beside the seats its sides won together."""
SEAT_NOUNS = frozenset({"seat", "mandate"})


def _dated_before(when: TimeValue | None, printed: date) -> bool:
    """A day or month before the publication day (a year is too coarse to date a count by)."""
    first = when.earliest() if when is not None else None
    return when is not None and first is not None and when.precision in ("day", "month") and first < printed


def _date_won_at_election(ctx: ExtractContext, facts: list[Fact], read: list[Fact]) -> None:
    """Date a count won at an election, told with no date of its own, by the election the article reports.

    "The LDP won 65 seats" after "the Upper House election on July 21" holds
    from that election, not from the day the article was printed.  Elections
    the article reports as past (to the day or month) date such counts: the
    last one told before the count, else the latest; only counts whose
    sentence names no time.  `read` are the article's elections, the rules'
    kept or not: an election the verifier doubts still dates the count told after it.
    An alliance told in a sentence of seats won (a bloc and its members) is dated the same way.
    """
    printed = ctx.published.earliest()
    if printed is None:
        return
    past = sorted(
        (f for f in read if f.modality is Modality.ASSERTED and f.evidence is not None and _dated_before(f.when, printed)),
        key=lambda f: f.evidence.start if f.evidence is not None else 0,
    )
    if not past:
        return
    latest = max((f.when for f in past if f.when is not None), key=lambda value: value.earliest() or printed)
    winning = word_set(SEATS, "winning_verbs")
    for fact in facts:
        # "the left bloc won 88 seats (A, B, C)": the bloc's members stood together at that election too
        counted = fact.type == "seats" and fact.subject_type != "GOV_BODY" or fact.type in BLOC_TYPES
        if not counted or fact.when != ctx.published or fact.start is not None or fact.evidence is None:
            continue
        sentence = ctx.adoc.doc.char_span(fact.evidence.start, fact.evidence.end, alignment_mode="expand")
        if sentence is None or any(ctx.is_time(t) for t in sentence):
            continue
        if fact.type in BLOC_TYPES and not any(t.lemma_.lower() in SEAT_NOUNS for t in sentence):  # a bloc's result, not a coalition's deal
            continue
        if fact.won or (fact.won is None and any(t.lemma_.lower() in winning for t in sentence)):
            before = [f.when for f in past if f.evidence is not None and f.evidence.start <= fact.evidence.start]
            fact.when = before[-1] if before else latest


def _implied_entities(ctx: ExtractContext, facts: list[Fact]) -> tuple[list[Entity], list[Mention]]:
    """The leader-named factions and title-named ministries the facts point to (see nlp.groups), with their mentions."""
    document = ctx.adoc.document
    entities: list[Entity] = []
    mentions: list[Mention] = []
    for entity, spans in ctx.implied_entities(facts):
        entities.append(entity)
        mentions.extend(Mention(document.id, start, end, document.text[start:end], entity.type, entity) for start, end in spans)
    return entities, mentions
