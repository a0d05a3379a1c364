"""Every HTML list view's CSV and JSON twins, made by one helper, in the manner of Datasette.

A list page ends in `respond(request, records, kind, html)`: asked with
`?_format=csv` or `?_format=json` (the page's own query string otherwise
unchanged) it answers with the same records as data, and as HTML it sends a
`Link: <…>; rel="alternate"` header for each twin and tells the base
template to print their links (`twin_links`).  No template writes a twin's
address by hand, so a new list view has its twins by calling `respond`.

The JSON twin holds the records as the API serialises them; the CSV twin
flattens those same JSON values (`flatten`): a nested record's fields get
its name as a prefix, a list of reports becomes the first report's source,
url, published and quote columns and a count, and a list of words one cell.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable, Iterable, Sequence
from dataclasses import fields, is_dataclass
from functools import lru_cache
from typing import Any
from urllib.parse import urlencode

from fastapi import Request
from fastapi.responses import JSONResponse, Response
from pydantic import TypeAdapter

from politograph.query import browse
from politograph.store.repository import Store

FORMATS = {"csv": "text/csv", "json": "application/json"}
FORMAT_PARAMETER = "_format"
CITATION_KEYS = frozenset({"doc_id", "published", "source", "sentence"})
"""The fields that make a JSON object one report (`query.records.Citation`)."""
REPORT_COLUMNS = ("source", "url", "published", "quote", "doc_id", "fact_id")


def wanted(request: Request) -> str | None:
    """The twin a request asks for ("csv" or "json"), or None for the HTML page."""
    chosen = request.query_params.get(FORMAT_PARAMETER)
    return chosen if chosen in FORMATS else None


def twin_href(request: Request, kind: str) -> str:
    """The page's own address and query string, with `_format` set to the twin's."""
    kept = [(key, value) for key, value in request.query_params.multi_items() if key != FORMAT_PARAMETER]
    return f"{request.url.path}?{urlencode([*kept, (FORMAT_PARAMETER, kind)])}"


def twin_links(request: Request) -> list[tuple[str, str, str]]:
    """(label, address, media type) of the twins of the page being rendered; none unless its route called `respond`."""
    if not getattr(request.state, "twins", False):
        return []
    return [(kind.upper(), twin_href(request, kind), media) for kind, media in FORMATS.items()]


def link_header(request: Request) -> str:
    return ", ".join(f'<{href}>; rel="alternate"; type="{media}"' for _, href, media in twin_links(request))


@lru_cache(maxsize=64)
def _adapter(kind: Any) -> TypeAdapter[Any]:
    return TypeAdapter(list[kind])


def plain(records: Sequence[Any], kind: Any) -> list[Any]:
    """The records as JSON values, serialised as the API's response models do (a month-precise date stays "2014-12")."""
    found: list[Any] = _adapter(kind).dump_python(list(records), mode="json")
    return found


def _is_report(value: Any) -> bool:
    return isinstance(value, dict) and value.keys() >= CITATION_KEYS


def _report_cells(report: dict[str, Any] | None, prefix: str, urls: dict[str, str | None]) -> dict[str, Any]:
    """One report as its columns: outlet, the article's address, date, the quoted sentence, and the ids to find it again."""
    given = report or {}
    doc_id = given.get("doc_id")
    values = (given.get("source"), urls.get(doc_id) if doc_id else None, given.get("published"), given.get("sentence"), doc_id, given.get("fact_id"))
    return {prefix + name: value for name, value in zip(REPORT_COLUMNS, values, strict=True)}


def flatten(record: dict[str, Any], urls: dict[str, str | None], prefix: str = "") -> dict[str, Any]:
    """One JSON record as flat columns (see the module's docstring); a record with a document id also gets its `url`."""
    row: dict[str, Any] = {}
    for name, value in record.items():
        if _is_report(value):
            row.update(_report_cells(value, f"{prefix}{name}.", urls))
        elif isinstance(value, list) and value and all(_is_report(v) for v in value):
            row.update(_report_cells(value[0], prefix, urls))
            row[f"{prefix}reports"] = len(value)
        elif isinstance(value, list) and name == "evidence":  # no report: the same columns, empty
            row.update(_report_cells(None, prefix, urls))
            row[f"{prefix}reports"] = 0
        elif isinstance(value, dict):
            row.update(flatten(value, urls, f"{prefix}{name}."))
        elif isinstance(value, list):
            row[prefix + name] = "; ".join(v if isinstance(v, str) else json.dumps(v, ensure_ascii=False) for v in value)
        else:
            row[prefix + name] = value
            if name == "doc_id" and f"{prefix}url" not in record:
                row[f"{prefix}url"] = urls.get(value) if isinstance(value, str) else None
    return row


def _doc_ids(value: Any) -> Iterable[str]:
    """Every document id the JSON values cite, so their addresses are read in one query."""
    if isinstance(value, dict):
        if isinstance(value.get("doc_id"), str):
            yield value["doc_id"]
        for inner in value.values():
            yield from _doc_ids(inner)
    elif isinstance(value, list):
        for inner in value:
            yield from _doc_ids(inner)


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def csv_text(rows: list[dict[str, Any]], columns: list[str] | None = None) -> str:
    """The rows as CSV with a header row: every column any row has, in the order they first appear."""
    header = list(columns or [])
    for row in rows:
        header += [name for name in row if name not in header]
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(header or ["(no rows)"])
    for row in rows:
        writer.writerow([_cell(row.get(name)) for name in header])
    return out.getvalue()


def respond(
    request: Request,
    store: Store,
    records: Sequence[Any],
    kind: Any,
    html: Callable[[], Response],
    page: browse.Page[Any] | None = None,
    extra: dict[str, Any] | None = None,
) -> Response:
    """The page, or its CSV or JSON twin when `_format` asks for one: the same records, three ways.

    `kind` is the records' type (their JSON is the API's); `page` adds the
    paging fields (total, offset, next_cursor) to the JSON; `extra` adds
    more (a facts page's facet counts) to the JSON only.
    """
    request.state.twins = True
    chosen = wanted(request)
    if chosen is None:
        response = html()
        response.headers["Link"] = link_header(request)
        return response
    items = plain(records, kind)
    if chosen == "json":
        body: dict[str, Any] = {"items": items}
        if page is not None:
            body.update(total=page.total, offset=page.offset, limit=page.limit, next_offset=page.next_offset, next_cursor=page.next_cursor)
        return JSONResponse({**body, **(extra or {})})
    urls = browse.document_urls(store, sorted(set(_doc_ids(items))))
    empty = [f.name for f in fields(kind)] if not items and is_dataclass(kind) else None  # a header even for no rows
    text = csv_text([flatten(item, urls) for item in items], empty)
    name = (request.url.path.strip("/").replace("/", "-") or "list") + ".csv"
    return Response(text, media_type="text/csv; charset=utf-8", headers={"Content-Disposition": f'attachment; filename="{name}"'})
