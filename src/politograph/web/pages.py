"""The web pages: each is the HTML twin of a JSON endpoint, drawn on the server.

A page calls the same query function as its endpoint, turns the answer into
chart inputs (`views`) and SVG (`charts`), and renders a Jinja2 template.
The only JavaScript is for the search box's suggestions and the network's
date slider; every page also works without it.  Every as-of page takes
`known_at` ("as the press knew it on"), as the CLI's and API's `--known-at`
do: only articles published by then count.  A sibling of `api.routes`:
both take their store and parameter types from `api.deps`, and `api.app`
includes both routers, the static files (`STATIC`) and `error_page`.
"""

from __future__ import annotations

from collections.abc import Hashable
from datetime import date
from pathlib import Path
from typing import Annotated, Any
from urllib.parse import urlencode

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse, Response
from fastapi.templating import Jinja2Templates
from jinja2 import Environment, PackageLoader, select_autoescape
from markupsafe import Markup

from politograph.api.deps import Cursor, DocId, EntityId, FactId, FormKnownAt, Limit, Offset, OptionalName, PageDay, PageName, Since, StoreDep, Until, exact_doc_id, state
from politograph.api.errors import ClientError
from politograph.api.fact_filters import FactFilterDep, SortParam
from politograph.model import ENTITY_TYPES, GROUP_TYPES, ROLE_VOCABULARY, fold_name
from politograph.query import asof, browse, lineage, lookup, network
from politograph.query.records import Claim, FactRecord
from politograph.store.repository import Store
from politograph.web import charts, facts_browser, highlight, lineage_dot, twins, views

STATIC = Path(__file__).resolve().parent / "static"
DOCS_ASSETS = "/api/docs/static"
"""Where `api.app` serves Swagger UI's own files from the fastapi-offline package."""
router = APIRouter(include_in_schema=False, default_response_class=HTMLResponse)
environment = Environment(loader=PackageLoader("politograph.web", "templates"), autoescape=select_autoescape(default=True))
environment.filters["day"] = lambda value: "?" if value in (None, date.min, date.max) else value.isoformat()
environment.globals["evidence_href"] = views.evidence_href
environment.globals["document_href"] = views.document_href
environment.globals["web_link"] = views.web_link
environment.globals["term_text"] = views.term_text
environment.globals["twin_links"] = twins.twin_links
templates = Jinja2Templates(env=environment)

MAX_NETWORK_NODES = 80
"""More entities than this on one day are not readable as a drawing: the best connected are drawn, all are listed."""
MAX_LANES = 40
MAX_DAY_LINKS = 16
"""The latest days with seat counts offered as one-click links on the seat page."""


def _render(request: Request, name: str, **context: Any) -> Response:
    return templates.TemplateResponse(request, name, context)


def error_page(request: Request, error: ClientError) -> Response:
    """A client's mistake on a page: the same message the API gives, as HTML."""
    return templates.TemplateResponse(request, "error.html", {"error": error}, status_code=error.status, headers=error.headers)


@router.get("/")
def home(request: Request, store: StoreDep) -> Response:
    server = state(request)
    return _render(
        request,
        "home.html",
        overview=server.derived("overview", browse.overview),
        chambers=server.derived("chambers", browse.chambers),
        documents=browse.list_documents(store, limit=6).items,
        entities=server.derived("most reported", lambda whole: browse.most_reported(whole, 12)),
    )


@router.get("/search")
def search(
    request: Request,
    store: StoreDep,
    q: Annotated[str, Query(max_length=300)] = "",
    type: Annotated[str | None, Query(max_length=20)] = None,
    offset: Offset = 0,
    limit: Limit = 50,
) -> Response:
    chosen = type if type in ENTITY_TYPES else None
    page = browse.search_entities(store, q, chosen, offset, limit)
    exact = {int(e["id"]) for e in store.find_entities(q)} if q.strip() else set()  # whose own name or alias it is
    if q and offset == 0 and page.total == 1 and page.items[0].id in exact and twins.wanted(request) is None:  # one entity, by that very name: go there
        return RedirectResponse(f"/entities/{page.items[0].id}", status_code=303)
    details = {c.id: c for c in lookup.candidates(store, [e.id for e in page.items])}  # what tells the matches apart: country, years
    html = lambda: _render(request, "search.html", q=q, type=chosen, page=page, types=ENTITY_TYPES, exact=exact, details=details)  # noqa: E731
    return twins.respond(request, store, page.items, browse.EntitySummary, html, page)


@router.get("/entities/{entity_id}")
def entity(request: Request, store: StoreDep, entity_id: EntityId, known_at: FormKnownAt = None) -> Response:
    profile = browse.entity_profile(store, entity_id)
    claims = asof.timeline_of(store, [entity_id], known_at)
    lanes = views.entity_lanes(claims, entity_id)
    shown = views.busiest(lanes, MAX_LANES)
    chart = charts.timeline(shown, f"Roles, memberships and relations of {profile.name}") if lanes else Markup("")
    kept = [c for c in claims if c.type in ("role", "member")]
    others = [c for c in claims if c.type not in ("role", "member")]
    html = lambda: _render(  # noqa: E731
        request,
        "entity.html",
        entity=profile,
        chart=chart,
        lanes=len(lanes),
        shown=len(shown),
        roles=kept,
        relations=others,
        is_group=profile.type in GROUP_TYPES,
        known_at=known_at,
    )
    return twins.respond(request, store, claims, Claim, html)


@router.get("/entities/{entity_id}/lineage")
def entity_lineage(request: Request, store: StoreDep, entity_id: EntityId) -> Response:
    profile = browse.entity_profile(store, entity_id)
    [answer] = lineage.lineage_of(store, [entity_id])
    chart = lineage_dot.chart(answer, entity_id, f"Lineage of {profile.name}")
    return _render(request, "lineage.html", entity=profile, answer=answer, chart=chart)


def _network_context(request: Request, at: date | None, known_at: date | None = None, offset: int = 0, limit: int = browse.MAX_PAGE) -> dict[str, Any]:
    """A day's network: the best connected entities drawn, and one page of the edge table (biggest connected group first)."""
    server = state(request)
    now = network.network_stamp(server.store, known_at)  # once a request: the days and the layout depend on the same facts

    def stamp(_: Store) -> Hashable:
        return now

    chosen = tuple(sorted(network.ALLIANCE_TYPES))  # the same cache entry as /api/network's
    days = server.change_days(chosen, known_at, stamp)
    days_text = server.derived(f"change days text {chosen} {known_at}", lambda _: ",".join(map(str, days)), stamp)  # 20,000 days at 1M facts
    day = at or (days[-1] if days else date.today())
    found = network.day_network(server.store, day, network.ALLIANCE_TYPES, known_at)
    drawn_ids = found.best_connected(MAX_NETWORK_NODES)
    drawn = network.graph_of(server.store, found.among(drawn_ids), day, drawn_ids)
    layout = server.network_layout(stamp if known_at is None else None)  # the layout is of everything known now
    chart = charts.network(drawn, layout, f"Alliances, coalitions and oppositions on {day}")
    page = found.page(offset, limit)
    names = {i: {"name": name, "type": kind} for i, name, kind in network.nodes_named(server.store, {i for e, _ in page for i in (e.subject, e.object)})}
    edges = [(names[e.subject], names[e.object], e.subject, e.object, network.edge_data(e, day)) for e, _ in page]
    position = max((i for i, d in enumerate(days) if d <= day), default=0)
    return {
        "at": day,
        "known_at": known_at,
        "days": days,
        "days_text": days_text,
        "position": position,
        "chart": chart,
        "edges": edges,
        "total": found.total,
        "offset": offset,
        "limit": limit,
        "next_offset": offset + limit if offset + limit < found.total else None,
        "drawn": drawn.number_of_nodes(),
        "nodes": found.node_count,
    }


@router.get("/network")
def relations(request: Request, at: PageDay = None, known_at: FormKnownAt = None, offset: Offset = 0, limit: Limit = browse.MAX_PAGE) -> Response:
    return _render(request, "network.html", **_network_context(request, at, known_at, offset, limit))


@router.get("/network/figure")
def relations_figure(request: Request, at: PageDay = None, known_at: FormKnownAt = None, offset: Offset = 0, limit: Limit = browse.MAX_PAGE) -> Response:
    """The network's figure and edge table alone, for the date slider to swap in."""
    return _render(request, "_network_figure.html", **_network_context(request, at, known_at, offset, limit))


@router.get("/seats")
def seats(request: Request, store: StoreDep, chamber: OptionalName = None, at: PageDay = None, known_at: FormKnownAt = None) -> Response:
    """A chamber on a day; with no day, the latest day any group's count in it is known (so the page opens on data)."""
    bodies = state(request).derived("chambers", browse.chambers)
    if not bodies and chamber is None:
        empty = lambda: _render(request, "seats.html", chambers=[], chamber=None, at=at, known_at=known_at, days=[], answer=None, rows=[], chart=Markup(""))  # noqa: E731
        return twins.respond(request, store, [], asof.SeatShare, empty)
    name = chamber or bodies[0].name
    days = browse.seat_days(store, name, known_at)[-MAX_DAY_LINKS:]
    day = at or (days[-1] if days else date.today())
    answer = asof.seats(store, name, day, known_at=known_at)
    rows = views.seat_rows(answer)
    title = f"{name} on {day}: {answer.total or sum(r.seats for r in rows)} seats"
    chart = charts.parliament(views.arc_groups(rows, answer), answer.total, answer.majority, title)
    html = lambda: _render(request, "seats.html", chambers=bodies, chamber=name, at=day, known_at=known_at, days=days, answer=answer, rows=rows, chart=chart)  # noqa: E731
    return twins.respond(request, store, answer.groups, asof.SeatShare, html)


@router.get("/documents")
def documents(
    request: Request,
    store: StoreDep,
    since: Since = None,
    until: Until = None,
    offset: Offset = 0,
    limit: Limit = 50,
) -> Response:
    page = browse.list_documents(store, since, until, offset, limit)
    return twins.respond(request, store, page.items, browse.DocumentSummary, lambda: _render(request, "documents.html", page=page, since=since, until=until), page)


@router.get("/documents/{doc_id:path}")
def document(request: Request, store: StoreDep, doc_id: DocId) -> Response:
    asked = facts_browser.cited_document(request)  # "/documents/{id}/cite": the path route takes the whole rest of the path
    if asked is not None:
        cited = facts_browser.document_citation(request, store, asked[0])
        if asked[1] == "json":
            return JSONResponse([cited.csl], media_type=facts_browser.CSL_MEDIA_TYPE)
        return _render(request, "cite.html", cited=cited, doc=browse.document_head(store, asked[0]))
    view = browse.document(store, exact_doc_id(request, doc_id))
    return _render(request, "document.html", doc=view, text=highlight.marked_text(view))


@router.get("/facts")
def facts(request: Request, store: StoreDep, where: FactFilterDep, sort: SortParam = "date", offset: Offset = 0, limit: Limit = 50, cursor: Cursor = None) -> Response:
    """The facts browser: filters, facet counts, sorting and cursor paging over `/api/facts`'s query (web.facts_browser)."""
    context = facts_browser.facts_context(request, store, where, sort, offset, limit, cursor, with_facets=twins.wanted(request) != "csv")
    facets = {name: [{"value": v.value, "label": v.label, "count": v.count} for v in values] for name, values in context["facets"].items()}
    html = lambda: _render(request, "facts.html", **context)  # noqa: E731
    return twins.respond(request, store, context["page"].items, FactRecord, html, context["page"], {"facets": facets})


@router.get("/facts/{fact_id}/cite")
def fact_cite(request: Request, store: StoreDep, fact_id: FactId) -> Response:
    """How to cite a fact: a plain line and CSL-JSON (its `.json` twin is the CSL item alone)."""
    cited = facts_browser.fact_citation(request, store, fact_id)
    return _render(request, "cite.html", cited=cited, doc=browse.document_head(store, cited.doc_id))


@router.get("/facts/{fact_id}/cite.json")
def fact_cite_json(request: Request, store: StoreDep, fact_id: FactId) -> Response:
    return JSONResponse([facts_browser.fact_citation(request, store, fact_id).csl], media_type=facts_browser.CSL_MEDIA_TYPE)


@router.get("/facts/{fact_id}")
def fact(store: StoreDep, fact_id: FactId) -> Response:
    """A fact's permanent link: its article, scrolled to its sentence."""
    found = browse.fact(store, fact_id)
    return RedirectResponse(views.document_href(found.doc_id, found.id), status_code=303)


@router.get("/who")
def who(
    request: Request,
    store: StoreDep,
    role: Annotated[str, Query(max_length=40)] = "leader",
    of: PageName = "",
    at: PageDay = None,
    known_at: FormKnownAt = None,
) -> Response:
    role = lookup.normal_role(role)  # "PM", "party chief": the post's own name (an unknown word is a 422 listing the roles)
    answer, problem, status = None, None, 200
    try:
        answer = asof.who(store, role, of, at, known_at) if of and at else None
    except (lookup.NotFound, lookup.Ambiguous) as exc:  # the page lists the closest names or the candidates, each a link
        problem, status = exc, 404 if isinstance(exc, lookup.NotFound) else 409
    choices = _who_choices(problem, role, at, known_at)
    html = lambda: _render(request, "who.html", role=role, of=of, at=at, known_at=known_at, answer=answer, roles=ROLE_VOCABULARY, problem=problem, choices=choices)  # noqa: E731
    if problem is not None and twins.wanted(request) is None:
        response = html()
        response.status_code = status
        return response
    return twins.respond(request, store, answer.holders if answer else [], Claim, html)


def _who_choices(problem: Exception | None, role: str, at: date | None, known_at: date | None) -> list[dict[str, Any]]:
    """The entities a failed name may have meant, each with the same question asked of it (by `#id`) and its profile's link."""
    if isinstance(problem, lookup.Ambiguous):
        found = [(c.id, c.name, c.details()) for c in problem.candidates]
    elif isinstance(problem, lookup.NotFound):
        found = [(s.id, s.name, [s.type] + ([f"as {s.matched!r}"] if fold_name(s.matched) != fold_name(s.name) else [])) for s in problem.suggestions]
    else:
        return []
    asked = {"role": role, "at": at.isoformat() if at else "", "known_at": known_at.isoformat() if known_at else ""}
    return [{"name": name, "details": details, "href": "/who?" + urlencode({**asked, "of": f"#{i}"}), "profile": f"/entities/{i}"} for i, name, details in found]


@router.get("/contradictions")
def contradictions(request: Request, store: StoreDep, known_at: FormKnownAt = None) -> Response:
    """Conflicting reports not yet settled or dismissed (verdicts are written by the CLI or the token-protected API)."""
    found = asof.contradictions(store, known_at)
    html = lambda: _render(request, "contradictions.html", found=found, known_at=known_at, decided=len(asof.decided(store)))  # noqa: E731
    return twins.respond(request, store, found, asof.Contradiction, html)


@router.get("/api/docs")
def api_docs(request: Request) -> Response:
    """Swagger UI over the API's OpenAPI schema, served from the fastapi-offline package (no CDN), with "try it" against this server.

    The page also lists the endpoints as plain HTML, which is what a reader
    without JavaScript sees and what Swagger UI draws itself over.
    """
    schema = request.app.openapi()
    endpoints = [(path, method.upper(), spec) for path, methods in schema["paths"].items() for method, spec in methods.items()]
    schema_url = request.app.openapi_url or "/api/openapi.json"
    return _render(request, "api_docs.html", endpoints=endpoints, info=schema["info"], schema_url=schema_url, assets=DOCS_ASSETS)
