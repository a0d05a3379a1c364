"""The JSON endpoints: thin layers over the query functions, named like the CLI commands.

Each endpoint validates its parameters (FastAPI answers a bad one with 422
and a message naming it), calls one query function, and returns its typed
answer.  Writes take the operator's token and run one at a time.  The
pages (`web.pages`) are this module's HTML twins; both take their store,
token and parameter types from `api.deps`.
"""

from __future__ import annotations

import io
from collections.abc import Callable
from datetime import date
from typing import TYPE_CHECKING, Annotated, Literal, TypeVar

from fastapi import APIRouter, Body, Depends, HTTPException, Path, Query, Request
from fastapi.responses import JSONResponse
from pydantic import BaseModel, Field
from starlette.concurrency import run_in_threadpool

from politograph.api.deps import (
    CalendarDay,
    Cursor,
    Day,
    DocId,
    EntityId,
    EntityType,
    FactId,
    FactType,
    KnownAt,
    Limit,
    Name,
    Offset,
    Since,
    StoreDep,
    Until,
    exact_doc_id,
    require_token,
    state,
)
from politograph.api.fact_filters import FactFilterDep, SortParam
from politograph.api.schemas import (
    DismissRequest,
    EntityRef,
    IngestResult,
    LineageOut,
    MergeRequest,
    Network,
    NetworkEdge,
    NetworkNode,
    PageOut,
    Problem,
    SettleRequest,
    SplitRequest,
)
from politograph.query import asof, browse, cite, lineage, network
from politograph.query.browse import MAX_PAGE, DocumentSummary, DocumentView, EntityProfile, EntitySummary, FacetValue
from politograph.query.cite import Cited
from politograph.query.records import Claim, FactRecord
from politograph.query.review import Candidate, possible_duplicates
from politograph.store.curation import Curated, Flag, Verdict, dismiss_duplicate, flag_fact, merge_entities, pick_entity, record_verdict, split_entity
from politograph.store.repository import Store

if TYPE_CHECKING:
    from politograph.jobs import IngestReport

router = APIRouter()
T = TypeVar("T")

InputFormat = Literal["auto", "jsonl", "html", "feed", "warc", "text"]
ERRORS: dict[int | str, dict[str, object]] = {status: {"model": Problem} for status in (400, 404, 409, 422)}
WRITE_ERRORS: dict[int | str, dict[str, object]] = {**ERRORS, 401: {"model": Problem}, 403: {"model": Problem}}


def _dates_in_order(since: date | None, until: date | None) -> None:
    if since and until and since > until:
        raise HTTPException(422, f"from ({since}) is after to ({until})")


def _paged(list_page: Callable[[], browse.Page[T]]) -> PageOut[T]:
    """One page of a list; a cursor the list did not give is the client's mistake, named as such (422)."""
    try:
        return PageOut.of(list_page())
    except browse.BadCursor as exc:
        raise HTTPException(422, str(exc)) from exc


@router.get("/stats", response_model=browse.Overview, summary="What the store holds")
def stats(request: Request) -> browse.Overview:
    return state(request).derived("overview", browse.overview)


@router.get("/suggest", response_model=list[EntitySummary], summary="Autocomplete entity names")
def suggest(
    store: StoreDep, q: Annotated[str, Query(max_length=300, description="The start of a name or alias.")], limit: Annotated[int, Query(ge=1, le=50)] = 8
) -> list[EntitySummary]:
    return browse.suggest(store, q, limit)


@router.get("/entities", response_model=PageOut[EntitySummary], responses=ERRORS, summary="Search entities by name")
def entities(
    store: StoreDep,
    q: Annotated[str, Query(max_length=300, description="Part of a name or alias (case and macrons ignored).")] = "",
    type: Annotated[EntityType | None, Query(description="Only entities of this type.")] = None,
    offset: Offset = 0,
    limit: Limit = 50,
    cursor: Cursor = None,
) -> PageOut[EntitySummary]:
    return _paged(lambda: browse.search_entities(store, q, type, offset, limit, cursor))


@router.get("/entities/{entity_id}", response_model=EntityProfile, responses=ERRORS, summary="One entity and its names")
def entity(store: StoreDep, entity_id: EntityId) -> EntityProfile:
    return browse.entity_profile(store, entity_id)


@router.get("/entities/{entity_id}/timeline", response_model=list[Claim], responses=ERRORS, summary="Every claim about an entity, in order, with evidence")
def entity_timeline(store: StoreDep, entity_id: EntityId, known_at: KnownAt = None) -> list[Claim]:
    browse.entity_profile(store, entity_id)
    return asof.timeline_of(store, [entity_id], known_at)


@router.get("/entities/{entity_id}/lineage", response_model=LineageOut, responses=ERRORS, summary="A party's predecessors and successors")
def entity_lineage(store: StoreDep, entity_id: EntityId, known_at: KnownAt = None) -> LineageOut:
    browse.entity_profile(store, entity_id)
    [answer] = lineage.lineage_of(store, [entity_id], known_at)
    return LineageOut.of(answer)


@router.get("/facts", response_model=PageOut[FactRecord], responses=ERRORS, summary="Facts by type, entity, time, modality, confidence, country, source and year")
def facts(store: StoreDep, where: FactFilterDep, sort: SortParam = "date", offset: Offset = 0, limit: Limit = 50, cursor: Cursor = None) -> PageOut[FactRecord]:
    """The same filters as the facts browser (/facts); a cursor continues the order it was given in."""
    return _paged(lambda: browse.list_facts(store, where, offset, limit, cursor, sort))


@router.get("/facts/facets", response_model=dict[str, list[FacetValue]], responses=ERRORS, summary="Counts of the facts matching a filter by each facet")
def facts_facets(store: StoreDep, where: FactFilterDep, top: Annotated[int, Query(ge=1, le=100)] = 10) -> dict[str, list[FacetValue]]:
    """Each facet's most frequent values, counted without the facet's own part of the filter."""
    return browse.fact_facets(store, where, top)


@router.get("/facts/{fact_id}/cite", response_model=Cited, responses=ERRORS, summary="How to cite a fact: plain text and CSL-JSON")
def fact_citation(request: Request, store: StoreDep, fact_id: FactId) -> Cited:
    permalink = str(request.base_url).rstrip("/") + f"/facts/{fact_id}"
    return cite.cite_fact(store, fact_id, permalink, date.today())


@router.get("/facts/{fact_id}", response_model=FactRecord, responses=ERRORS, summary="One fact with its sentence")
def fact(store: StoreDep, fact_id: FactId) -> FactRecord:
    return browse.fact(store, fact_id)


@router.get("/documents", response_model=PageOut[DocumentSummary], responses=ERRORS, summary="Articles by publication date")
def documents(store: StoreDep, since: Since = None, until: Until = None, offset: Offset = 0, limit: Limit = 50, cursor: Cursor = None) -> PageOut[DocumentSummary]:
    _dates_in_order(since, until)
    return _paged(lambda: browse.list_documents(store, since, until, offset, limit, cursor))


@router.get("/documents/{doc_id:path}", response_model=DocumentView, responses=ERRORS, summary="A document with its entities, mentions and facts")
def document(request: Request, store: StoreDep, doc_id: DocId) -> DocumentView:
    """`doc_id` may hold "/" (documents read from HTML, feeds and WARC files take their URL as id): send it percent-encoded."""
    return browse.document(store, exact_doc_id(request, doc_id))


@router.get("/who", response_model=asof.WhoAnswer, responses=ERRORS, summary="Who held a role on a day")
def who(
    store: StoreDep,
    role: Annotated[
        str, Query(min_length=1, max_length=40, description="leader, co-leader, secretary-general, prime-minister, mayor, ... or a usual word for one ('PM', 'chair').")
    ],
    of: Name,
    at: Day,
    known_at: KnownAt = None,
    min_confidence: Annotated[float, Query(ge=0.0, le=1.0, description="Only reports read with at least this confidence (0 to 1).")] = 0.0,
) -> asof.WhoAnswer:
    return asof.who(store, role, of, at, known_at, min_confidence)


@router.get("/timeline", response_model=list[Claim], responses=ERRORS, summary="Every claim about the entities going by a name, in order")
def timeline(store: StoreDep, name: Name, known_at: KnownAt = None) -> list[Claim]:
    return asof.timeline(store, name, known_at)


@router.get("/seats", response_model=asof.SeatsAnswer, responses=ERRORS, summary="Seats by group in a chamber on a day, blocs and voting power")
def seats(store: StoreDep, chamber: Name, at: Day, quota: Annotated[int | None, Query(ge=1, le=100_000)] = None, known_at: KnownAt = None) -> asof.SeatsAnswer:
    return asof.seats(store, chamber, at, quota, known_at)


@router.get("/chambers", response_model=list[EntitySummary], summary="Chambers with seat counts")
def chambers(request: Request) -> list[EntitySummary]:
    return state(request).derived("chambers", browse.chambers)


@router.get("/lineage", response_model=list[LineageOut], responses=ERRORS, summary="Predecessors and successors of every party going by a name")
def lineage_by_name(store: StoreDep, name: Name, known_at: KnownAt = None) -> list[LineageOut]:
    return [LineageOut.of(answer) for answer in lineage.lineage(store, name, known_at)]


@router.get("/network", response_model=Network, responses=ERRORS, summary="Alliances, coalitions and oppositions holding on a day, a page at a time")
def relations(
    request: Request,
    at: Day,
    types: Annotated[list[FactType] | None, Query(description="Relation types (default: alliance, coalition, opposition).")] = None,
    known_at: KnownAt = None,
    offset: Offset = 0,
    limit: Limit = MAX_PAGE,
) -> Network:
    """The biggest connected group of entities first; `total` edges hold that day, ask again with `offset=next_offset` for more."""
    chosen = tuple(sorted(set(types or network.ALLIANCE_TYPES)))
    server = state(request)
    return network_answer(server.store, at, chosen, known_at, offset, limit, server.change_days(chosen, known_at))


def network_answer(store: Store, at: date, chosen: tuple[str, ...], known_at: date | None, offset: int, limit: int, days: list[date]) -> Network:
    """One page of a day's network as `/api/network` answers it; `politograph network --json` prints the same."""
    day = network.day_network(store, at, chosen, known_at)
    edges = day.page(offset, limit)
    nodes = [NetworkNode(id=i, name=name, type=kind) for i, name, kind in network.nodes_named(store, {i for e, _ in edges for i in (e.subject, e.object)})]
    return Network(
        at=at,
        known_at=known_at,
        total=day.total,
        offset=offset,
        limit=limit,
        next_offset=offset + limit if offset + limit < day.total else None,
        components=day.component_count,
        nodes=nodes,
        edges=[_edge(e, at, component) for e, component in edges],
        change_days=days,
    )


def _edge(edge: network.Edge, at: date, component: int) -> NetworkEdge:
    last = edge.last_reported
    return NetworkEdge(
        source=edge.subject,
        target=edge.object,
        type=edge.type,
        role=edge.role,
        since=edge.since.isoformat() if edge.since else "",
        until=edge.until.isoformat() if edge.until else None,
        ended_by=edge.ended_by,
        last_reported=last.isoformat() if last else None,
        age_days=(at - last).days if last else None,
        reports=edge.reports,
        fact=edge.fact,
        component=component,
    )


@router.get("/contradictions", response_model=list[asof.Contradiction], summary="Reports that cannot all be true")
def contradictions(
    store: StoreDep,
    known_at: KnownAt = None,
    decided: Annotated[bool, Query(description="Include those already settled or dismissed.")] = False,
) -> list[asof.Contradiction]:
    return asof.contradictions(store, known_at, include_decided=decided)


ContradictionKey = Annotated[str, Path(pattern=r"^c[0-9a-f]{10}$", description="The contradiction's key, as /api/contradictions lists it (c + 10 hex digits).")]


# --------------------------------------------------------------------------- writes (operator token)

INGEST_MEDIA_TYPES = ("application/x-ndjson", "text/html", "application/rss+xml", "application/warc", "text/plain")
INGEST_BODY = {
    "requestBody": {
        "required": True,
        "description": "Articles: FORMAT.md docs.jsonl lines, an HTML page, an RSS/Atom feed, a WARC archive, or plain text (format=text, with published).",
        "content": {kind: {"schema": {"type": "string", "format": "binary"}} for kind in INGEST_MEDIA_TYPES},
    }
}


@router.post(
    "/ingest",
    response_model=IngestResult,
    responses={**WRITE_ERRORS, 413: {"model": Problem}},
    dependencies=[Depends(require_token)],
    openapi_extra=INGEST_BODY,
    summary="Store articles (operator token)",
)
async def ingest(
    request: Request,
    published: Annotated[date | None, CalendarDay, Query(description="Publication date for inputs that carry none (YYYY-MM-DD).")] = None,
    source: Annotated[str | None, Query(max_length=300, description="Outlet name for inputs that carry none.")] = None,
    format: Annotated[InputFormat, Query(description="Input format; auto tells JSON Lines, HTML, feeds and WARC apart by their first bytes.")] = "auto",
) -> IngestResult | JSONResponse:
    """Analyse and store the articles in the body.  Lines that cannot be read are listed (422) and the rest are stored."""
    body = await request.body()
    if not body.strip():
        raise HTTPException(422, "empty body: send articles (docs.jsonl lines, HTML, a feed, a WARC, or text with format=text)")
    report = await run_in_threadpool(_ingest_body, request, body, published, source, None if format == "auto" else format)
    result = IngestResult(stored=report.stored, skipped=report.skipped, facts=report.facts, problems=[str(p) for p in report.problems])
    if report.problems:  # the readable articles are stored; the client learns which lines were not
        error = f"{len(report.problems)} problems; {report.stored} documents stored, {report.skipped} already stored"
        return JSONResponse({"error": error, **result.model_dump()}, status_code=422)
    return result


def _ingest_body(request: Request, body: bytes, published: date | None, source: str | None, kind: str | None) -> IngestReport:
    """Read and store the body under the write lock; the reader and the NLP pipeline are imported on the first ingest, so a server starts without spaCy."""
    from politograph.ingest.readers import IngestError, read_stream
    from politograph.jobs import ingest_documents
    from politograph.nlp.pipeline import load_nlp

    server = state(request)
    with server.write_lock:
        if server.nlp is None:
            server.nlp = load_nlp(packs=server.store.pack_choice)
        try:
            return ingest_documents(read_stream(io.BytesIO(body), "request body", published, source, kind), server.store, nlp=server.nlp)
        except IngestError as exc:
            raise HTTPException(422, str(exc)) from exc
        except RecursionError as exc:  # a JSON line nested thousands deep: the reader cannot report it as a line of its own yet
            raise HTTPException(422, "request body: a JSON line is nested too deeply to read; send the articles again without it (stored ones are skipped)") from exc


@router.post("/merge", response_model=Curated, responses=WRITE_ERRORS, dependencies=[Depends(require_token)], summary="Make two entities one (operator token)")
def merge(request: Request, wanted: Annotated[MergeRequest, Body()]) -> Curated:
    server = state(request)
    with server.write_lock:
        done = merge_entities(server.store, pick_entity(server.store, wanted.source), pick_entity(server.store, wanted.into))
    return done


@router.post("/split", response_model=Curated, responses=WRITE_ERRORS, dependencies=[Depends(require_token)], summary="Split an entity apart (operator token)")
def split(request: Request, wanted: Annotated[SplitRequest, Body()]) -> Curated:
    server = state(request)
    with server.write_lock:
        done = split_entity(server.store, pick_entity(server.store, wanted.entity), name=wanted.name, doc_id=wanted.doc, new_name=wanted.new_name)
    return done


@router.post(
    "/contradictions/{key}/settle",
    response_model=Verdict,
    responses=WRITE_ERRORS,
    dependencies=[Depends(require_token)],
    summary="Settle a contradiction: one side is right (operator token)",
)
def settle(request: Request, key: ContradictionKey, wanted: Annotated[SettleRequest, Body()]) -> Verdict:
    """The kept side stays; the other side's reports stop counting in every answer, and the contradiction is listed no more."""
    return _record_verdict(request, key, "settle", wanted.keep, wanted.note)


@router.post(
    "/contradictions/{key}/dismiss",
    response_model=Verdict,
    responses=WRITE_ERRORS,
    dependencies=[Depends(require_token)],
    summary="Dismiss a contradiction: no real conflict (operator token)",
)
def dismiss(request: Request, key: ContradictionKey, wanted: Annotated[DismissRequest | None, Body()] = None) -> Verdict:
    """Both sides' reports keep counting; the contradiction is listed no more."""
    return _record_verdict(request, key, "dismiss", None, wanted.note if wanted else None)


def _record_verdict(request: Request, key: str, action: str, keep: str | None, note: str | None) -> Verdict:
    """One decision on one contradiction, under the server's write lock: the side kept (if any) and the reports set aside."""
    server = state(request)
    with server.write_lock:
        found, rejected = asof.verdict_for(server.store, key, keep)
        if keep is None:
            return record_verdict(server.store, key, action, found.what, note=note)
        return record_verdict(server.store, key, action, found.what, keep, rejected, note)


# --------------------------------------------------------------------------- review: flags and possible duplicates


class FlagRequest(BaseModel):
    note: str | None = Field(None, description="Why the fact is wrong (kept with the decision, written by `export --format review`).", max_length=2000)
    undo: bool = Field(False, description="Take an earlier flag back: the fact counts again.")


class DuplicateDismissal(BaseModel):
    first: EntityRef = Field(description="One entity of the suggested pair (or the junk entity): a name, an alias or #id.")
    second: EntityRef | None = Field(None, description="The other entity of the pair; none for a junk suggestion.")
    note: str | None = Field(None, description="Why they are not one (kept with the decision).", max_length=2000)


class Dismissed(BaseModel):
    first: int
    second: int | None
    dismissed: bool = True


@router.post(
    "/facts/{fact_id}/flag",
    response_model=Flag,
    responses=WRITE_ERRORS,
    dependencies=[Depends(require_token)],
    summary="Flag a fact as wrong, or take the flag back (operator token)",
)
def flag(request: Request, fact_id: FactId, wanted: Annotated[FlagRequest | None, Body()] = None) -> Flag:
    """A flagged fact leaves every answer and export, and stays out after `ingest --reprocess` (it is recorded by what it states, not its id)."""
    server = state(request)
    with server.write_lock:
        return flag_fact(server.store, fact_id, note=wanted.note if wanted else None, made_by="api", undo=bool(wanted and wanted.undo))


@router.get("/review/duplicates", response_model=list[Candidate], summary="Possible duplicates: suggested merges with their evidence")
def duplicates(store: StoreDep, limit: Annotated[int, Query(ge=1, le=500, description="At most this many suggestions.")] = 100) -> list[Candidate]:
    """Name variants (case, macrons, spacing, name order), a short name inside a longer one, and one-document junk; merge with /api/merge."""
    return possible_duplicates(store, limit)


@router.post(
    "/review/duplicates/dismiss",
    response_model=Dismissed,
    responses=WRITE_ERRORS,
    dependencies=[Depends(require_token)],
    summary="Dismiss a suggested duplicate: not one entity (operator token)",
)
def dismiss_duplicate_pair(request: Request, wanted: Annotated[DuplicateDismissal, Body()]) -> Dismissed:
    server = state(request)
    with server.write_lock:
        first = pick_entity(server.store, wanted.first)
        second = pick_entity(server.store, wanted.second) if wanted.second else None
        dismiss_duplicate(server.store, first, second, note=wanted.note, made_by="api")
    return Dismissed(first=int(first["id"]), second=int(second["id"]) if second else None)
