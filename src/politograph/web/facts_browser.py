"""The facts browser (`/facts`) and the citation pages: what their templates show, computed apart from the routes.

A reader narrows the store's facts by clicking facet values (each a link
to the same page with one more parameter) or with the filter form; both
send the query string `/api/facts` takes (`api.fact_filters`), so the page,
its twins and the API agree on every filter.  `web.pages` holds the routes
and renders the templates (`facts.html`, `cite.html`).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any
from urllib.parse import unquote, urlencode

from fastapi import Request

from politograph.model import FACT_TYPES, Modality
from politograph.query import browse, cite
from politograph.query.browse import BAND_LABELS, FACETS, FACT_SORTS, FactFilter
from politograph.query.cite import Cited
from politograph.store.repository import Store
from politograph.web import views

FACET_TITLES = {"type": "Type", "modality": "Modality", "confidence": "Confidence", "country": "Country", "source": "Source", "entity": "Entity", "year": "Year"}
SORT_LABELS = {"date": "date, oldest first", "-date": "date, newest first", "confidence": "confidence, lowest first", "-confidence": "confidence, highest first",
               "type": "type, A–Z", "-type": "type, Z–A"}  # fmt: skip
PAGING = ("offset", "cursor", "_format")
"""Parameters that name a place in one list: a new filter or order starts that list again."""


def page_href(request: Request, **changes: str | None) -> str:
    """This page's address with some parameters set (or, given None, removed), back on its first page."""
    kept = [(k, v) for k, v in request.query_params.multi_items() if k not in changes and k not in PAGING]
    chosen = [(k, v) for k, v in changes.items() if v is not None and v != ""]
    return f"{request.url.path}?{urlencode(kept + chosen)}" if kept or chosen else request.url.path


def next_href(request: Request, cursor: str) -> str:
    """The next page: the same filter and order, from the cursor."""
    kept = [(k, v) for k, v in request.query_params.multi_items() if k not in PAGING]
    return f"{request.url.path}?{urlencode([*kept, ('cursor', cursor)])}"


@dataclass(slots=True)
class FacetChoice:
    """A facet value as the page shows it: its count, the link that picks it, and whether it is the one picked."""

    label: str
    count: int
    href: str
    chosen: bool


def _facet_parameter(name: str, value: str) -> str:
    """What the query string carries for a facet value: an entity goes by "#id", the rest as counted."""
    return f"#{value}" if name == "entity" else value


def facet_choices(request: Request, facets: dict[str, list[browse.FacetValue]]) -> dict[str, list[FacetChoice]]:
    """Each facet's values as links: a value not chosen adds itself to the filter; the chosen one removes it."""
    found: dict[str, list[FacetChoice]] = {}
    for name in FACETS:
        current = request.query_params.get(name, "")
        choices = []
        for value in facets.get(name, []):
            given = _facet_parameter(name, value.value)
            chosen = current.upper() == given.upper() if name == "country" else current == given
            choices.append(FacetChoice(value.label, value.count, page_href(request, **{name: None if chosen else given}), chosen))
        found[name] = choices
    return found


def facts_context(
    request: Request, store: Store, where: FactFilter, sort: str, offset: int, limit: int, cursor: str | None, with_facets: bool = True
) -> dict[str, Any]:
    """What `facts.html` shows: one page of facts, the facet counts under the same filter (unless the CSV twin is asked), and the form's values."""
    page = browse.list_facts(store, where, offset, limit, cursor, sort)
    facets = browse.fact_facets(store, where) if with_facets else {}
    params = request.query_params
    return {
        "page": page,
        "facets": facets,
        "choices": facet_choices(request, facets),
        "titles": FACET_TITLES,
        "types": FACT_TYPES,
        "modalities": [m.value for m in Modality],
        "bands": BAND_LABELS,
        "sorts": {name: SORT_LABELS[name] for name in FACT_SORTS},
        "sort": sort,
        "form": {name: params.get(name, "") for name in ("type", "modality", "confidence", "country", "source", "entity", "year", "from", "to", "limit")},
        "next_href": next_href(request, page.next_cursor) if page.next_cursor else None,
        "first_href": page_href(request) if cursor or offset else None,
    }


def site(request: Request) -> str:
    """The server's own address as the client reached it, for permalinks that work pasted elsewhere."""
    return str(request.base_url).rstrip("/")


def fact_citation(request: Request, store: Store, fact_id: int) -> Cited:
    return cite.cite_fact(store, fact_id, f"{site(request)}/facts/{fact_id}", date.today())


def document_citation(request: Request, store: Store, doc_id: str) -> Cited:
    return cite.cite_document(store, doc_id, site(request) + views.document_href(doc_id), date.today())


CSL_MEDIA_TYPE = "application/vnd.citationstyles.csl+json"
CITE_SUFFIXES = {"/cite": "html", "/cite.json": "json"}


def cited_document(request: Request) -> tuple[str, str] | None:
    """(document id, "html" or "json") of a `/documents/{id}/cite` (or `cite.json`) request, read from the raw path; None for a document's page.

    A document id may hold "/" (it is often a URL) and is sent
    percent-encoded, so only a literal "/cite" after it asks for the
    citation: "/documents/a%2Fcite" is the page of the document "a/cite".
    """
    raw = request.scope.get("raw_path")
    sent = raw.decode("ascii", "replace") if isinstance(raw, bytes) else request.url.path
    _, marker, tail = sent.partition("/documents/")
    for suffix, kind in CITE_SUFFIXES.items():
        if marker and tail.endswith(suffix) and len(tail) > len(suffix):
            return unquote(tail[: -len(suffix)]), kind
    return None
