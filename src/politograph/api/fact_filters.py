"""The facts filter as request parameters, shared by `/api/facts` and the facts browser page `/facts`.

Both take the same query string, so a page's filtered view and its JSON,
CSV and API twins are one URL apart.  A form sends an empty field for "any",
so every optional parameter reads "" as not given.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date
from typing import Annotated, Literal, TypeVar

from fastapi import Depends, HTTPException, Query
from pydantic import AfterValidator, BeforeValidator

from politograph.api.deps import MAX_NAME, DocFilter, FactType, Since, StoreDep, Until, checked_name
from politograph.model import Modality
from politograph.query import asof
from politograph.query.browse import CONFIDENCE_BANDS, FACT_SORTS, FactFilter

Blank = BeforeValidator(lambda value: None if value == "" else value)
"""A form's empty field: the parameter is not given (bounds are checked after it, as `Query`'s would fail on None)."""


def _at_most(length: int) -> Callable[[str | None], str | None]:
    def check(value: str | None) -> str | None:
        if value is not None and len(value) > length:
            raise ValueError(f"at most {length} characters")
        return value

    return check


N = TypeVar("N", int, float)


def _within(low: int, high: int) -> Callable[[N | None], N | None]:
    def check(value: N | None) -> N | None:
        if value is not None and not low <= value <= high:
            raise ValueError(f"must be from {low} to {high}")
        return value

    return check


def _country(value: str | None) -> str | None:
    if value is not None and not re.fullmatch(r"[A-Za-z]{3}", value):
        raise ValueError("a country is its three-letter ISO 3166 code (JPN, GBR)")
    return value.upper() if value else None

Band = Literal["low", "medium", "high"]
Sort = Literal["date", "-date", "confidence", "-confidence", "type", "-type"]
assert set(Band.__args__) == set(CONFIDENCE_BANDS) and Sort.__args__ == FACT_SORTS  # type: ignore[attr-defined]

TypeParam = Annotated[FactType | None, Blank, Query(description="Only facts of this type.")]
ModalityParam = Annotated[Modality | None, Blank, Query(description="Only facts of this modality.")]
MinConfidence = Annotated[float | None, Blank, AfterValidator(_within(0, 1)), Query(description="Only facts read with at least this confidence (0 to 1).")]
BandParam = Annotated[Band | None, Blank, Query(description="Only facts in this confidence band: low (< 0.5), medium (0.5 to 0.8), high (0.8 and up).")]
CountryParam = Annotated[
    str | None, Blank, AfterValidator(_country), Query(description="Only facts naming an entity of this country (ISO 3166 alpha-3, as the packs know it).")
]
SourceParam = Annotated[str | None, Blank, AfterValidator(_at_most(MAX_NAME)), Query(description="Only facts from articles of this outlet (as stored).")]
YearParam = Annotated[
    int | None, Blank, AfterValidator(_within(1800, 2100)), Query(description="Only facts whose day (their own, else their article's) falls in this year (1800 to 2100).")
]
SortParam = Annotated[Sort, Blank, Query(description="The order: date (valid time), confidence or type; a leading '-' reverses it.")]
EntityParam = Annotated[
    str | None,
    Blank,
    AfterValidator(_at_most(MAX_NAME)),
    AfterValidator(lambda v: None if v is None else checked_name(v)),
    Query(description="Only this entity: a name, an alias, or #id."),
]


def _dates_in_order(since: date | None, until: date | None) -> None:
    if since and until and since > until:
        raise HTTPException(422, f"from ({since}) is after to ({until})")


def fact_filter(
    store: StoreDep,
    type: TypeParam = None,
    entity: EntityParam = None,
    since: Since = None,
    until: Until = None,
    modality: ModalityParam = None,
    doc: DocFilter = None,
    reference: Annotated[bool, Query(description="Include the packs' reference facts.")] = False,
    min_confidence: MinConfidence = None,
    confidence: BandParam = None,
    country: CountryParam = None,
    source: SourceParam = None,
    year: YearParam = None,
) -> FactFilter:
    """The filter a request asks for; an entity is a name, an alias or #id (an unknown one is a 404 naming it)."""
    _dates_in_order(since, until)
    ids = asof.entity_ids(store, entity) if entity else None
    chosen = modality.value if modality else None
    return FactFilter(type, ids, since, until, chosen, doc, reference, min_confidence, country, source, year, confidence)


FactFilterDep = Annotated[FactFilter, Depends(fact_filter)]
