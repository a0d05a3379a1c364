"""The records answers are made of: the report they cite, a claim with its terms, a stored fact.

Every answer that cites a report (a claim and the report that ended it, a
seat count, a lineage step, a listed fact, the `facts` command) cites it as
one `Citation`: the article's date and outlet with the sentence (the
extractor's `model.Evidence` is that sentence's span in its document), read
from a fact row by `evidence_of` alone.  Two fact shapes remain because
they are two things: a `Claim` is what the knowledge base holds (reports
grouped, a state's term from its first day to its last), a `FactRecord` is
one stored row as FORMAT.md states it.  Each is built from rows by one
function (`claim_of`, `fact_record`).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import InitVar, dataclass, field, fields
from datetime import date
from typing import Annotated, Any

from politograph.store.repository import stored_published


class _AsGiven:
    """Annotation metadata: a date serialises as its `str()`, so a `PeriodStart` shows "2014-12" when only the month is known.

    Pydantic reads it at the HTTP edge through its `__get_pydantic_core_schema__`
    hook; the query stage itself never imports pydantic (a CLI query starts
    without it).
    """

    def __get_pydantic_core_schema__(self, source: Any, handler: Any) -> Any:
        from pydantic_core import core_schema

        schema = handler(source)
        schema["serialization"] = core_schema.plain_serializer_function_ser_schema(str, return_schema=core_schema.str_schema())
        return schema


PublishedDate = Annotated[date, _AsGiven()]
"""A document's date as the source gave it: a `PeriodStart` that pages and JSON show as "2014-12" when only the month is known."""


@dataclass(slots=True)
class Citation:
    """One piece of evidence: the article and the sentence."""

    doc_id: str
    published: date
    source: str | None
    sentence: str | None
    fact_id: int | None = None  # the stored fact, so a page can link to its highlight in the article
    reference: bool = False  # a pack's reference data, not an article: its "published" is the pack's date


def evidence_of(row: dict[str, Any]) -> Citation:
    """The evidence a fact row carries (with its document's date, source and kind joined in).

    A row read with its document's precision (the browsing queries) keeps
    it ("2014-12"); the as-of queries read the stored first day.
    """
    published = stored_published(row) if row.get("published_precision") else row["published"]
    return Citation(row["doc_id"], published, row["source"], row["sentence"], row.get("id"), row.get("kind") == "reference")


@dataclass(slots=True)
class Claim:
    """One claim of the knowledge base with every report of it; for a state, one term from `valid_from` to `valid_to`."""

    type: str
    subject: str | None
    object: str | None
    role: str | None = None
    value: int | None = None
    scope: str | None = None
    when: str | None = None
    valid_from: date | None = None  # a state: its first day (stated, or its first report)
    valid_to: date | None = None  # a state: its last day, None while it is open
    modality: str = "asserted"
    evidence: list[Citation] = field(default_factory=list)
    subject_id: int | None = None  # the stored entities, so pages can link to them
    object_id: int | None = None
    confidence: float = 0.0  # the surest of its reports
    qualifier: str | None = None
    former: bool = False  # a post read as former: it ended before its article's date, and is never current
    open: bool = False  # a state nothing has ended yet: it holds until a report ends it
    ended_by: str | None = None  # why a state ended: stated end, former, successor, newer count, election, dissolved, merged, ...
    end_evidence: Citation | None = None  # the report that ended it
    last_reported: date | None = None  # the latest day a report of it speaks of (by the day asked about)
    age_days: int | None = None  # how old that latest report is on the day asked about
    won: bool | None = None  # a seat count: won at an election (True), held (False), not said (None)


def cited_order(cited: Citation) -> tuple[date, str]:
    return cited.published, cited.doc_id


def claim_of(row: dict[str, Any], reports: Iterable[dict[str, Any]], in_time_order: bool = False, kind: str | None = None) -> Claim:
    """A claim saying what `row` says, resting on `reports` (its evidence, and its confidence: the surest of them).

    Callers that group reports differently (one claim per identical report,
    a state's term, one side of a contradiction) then set what only they
    know: a term's days and end, the modality of the latest report.
    """
    claim = Claim(
        kind or row["type"], row["subject"], row["object"], row["role"], row["value"], row["scope"], row["when"], row["valid_from"], row["valid_to"], row["modality"]
    )
    claim.subject_id, claim.object_id, claim.qualifier, claim.won = row["subject_id"], row["object_id"], row["qualifier"], row.get("won")
    chosen = reports if isinstance(reports, list) else list(reports)
    if len(chosen) == 1:  # most claims rest on one report: a timeline makes hundreds of them
        claim.evidence = [evidence_of(chosen[0])]
        claim.confidence = float(chosen[0]["confidence"])
        return claim
    claim.evidence = [evidence_of(r) for r in chosen]
    if in_time_order:
        claim.evidence.sort(key=cited_order)
    claim.confidence = max((float(r["confidence"]) for r in chosen), default=0.0)
    return claim


@dataclass
class FactRecord:
    """A stored fact as FORMAT.md states it, with its ids, times and evidence span."""

    id: int
    type: str
    subject: str | None
    subject_id: int | None
    object: str | None
    object_id: int | None
    role: str | None
    value: int | None
    qualifier: str | None
    scope: str | None
    outcome: str | None
    polarity: str | None
    result: str | None
    former: bool | None
    when: str | None
    start: str | None
    end: str | None
    valid_from: date | None
    valid_to: date | None
    modality: str
    confidence: float
    doc_id: str
    published: PublishedDate
    source: str | None
    sentence: str | None
    sentence_start: int | None
    sentence_end: int | None
    reference: InitVar[bool] = False  # known to `evidence`; an init-only value, so not part of the row's JSON

    def __post_init__(self, reference: bool) -> None:
        self._reference = reference

    @property
    def evidence(self) -> Citation:
        """The report this fact was read from, as every other answer cites one."""
        return Citation(self.doc_id, self.published, self.source, self.sentence, self.id, self._reference)

    def detail(self) -> str:
        """What the fact says beyond its type, ends and time, in a few words: "leader", "57 (at_least)", "scope=upper house"."""
        parts = [self.role] if self.role else []
        if self.value is not None:
            parts.append(f"{self.value}" + (f" ({self.qualifier})" if self.qualifier and self.qualifier != "exact" else ""))
        parts += [f"{name}={given}" for name, given in (("scope", self.scope), ("outcome", self.outcome), ("polarity", self.polarity), ("result", self.result)) if given]
        return ", ".join(parts + (["former"] if self.former else []))


_ROW_FIELDS = tuple(f.name for f in fields(FactRecord) if f.name not in ("doc_id", "published", "source", "sentence", "reference"))


def fact_record(row: dict[str, Any]) -> FactRecord:
    """A fact row (joined with its document's date, precision, source and kind) as a `FactRecord`."""
    cited = evidence_of(row)
    return FactRecord(
        **{name: row[name] for name in _ROW_FIELDS},
        doc_id=cited.doc_id,
        published=cited.published,
        source=cited.source,
        sentence=cited.sentence,
        reference=cited.reference,
    )
