"""The `politograph` command: a thin layer over the jobs and query functions."""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Callable, Iterator
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, TypeVar

import typer
from rich.console import Console
from rich.markup import escape
from rich.table import Table

from politograph.settings import database_url

if TYPE_CHECKING:  # imported lazily at run time, so `--help` stays fast
    from politograph.eval.scorer import Counts, Scores
    from politograph.jobs import IngestReport
    from politograph.packs.importers import ImportReport
    from politograph.query.records import Citation, Claim
    from politograph.store.curation import Curated
    from politograph.store.repository import Store

Answer = TypeVar("Answer")


def _examples(*lines: str) -> str:
    """An `Examples:` block for a command's help, shown under its options line by line (`\\b` stops click rewrapping it).

    Rich reads square brackets as markup, so examples must not use them.
    """
    return "\b\nExamples:\n" + "\n".join(f"  {line}" for line in lines)


app = typer.Typer(
    help="Read political news; build a time-aware, evidence-linked knowledge graph of political actors.",
    no_args_is_help=True,
    epilog=_examples(
        "politograph ingest examples/                          # read the example articles into politograph.db",
        'politograph facts --entity "Toru Hashimoto"           # what the store knows, with evidence',
        "politograph serve                                     # the web UI at http://127.0.0.1:8000/",
    ),
)
out = Console()
err = Console(stderr=True, soft_wrap=True)

BIGGEST_ID = 2**63 - 1
"""The largest id a database integer column holds (SQLite and PostgreSQL BIGINT alike)."""
SHOWN_PROBLEMS = 20
"""Problems printed per input file (or per dataset file of an import); the rest are counted in one line."""

DbOption = Annotated[str, typer.Option("--db", envvar="POLITOGRAPH_DB", help="SQLAlchemy database URL (default: SQLite file politograph.db here).")]
PacksOption = Annotated[
    str | None,
    typer.Option("--packs", envvar="POLITOGRAPH_PACKS", help="Comma-separated packs to read with (default: all shipped and imported; see `politograph packs list`)."),
]


def _pack_choice(value: str | None) -> tuple[str, ...] | None:
    """The run's one pack choice, checked before any work starts."""
    from politograph.packs import PackError, load_packs

    names = tuple(p.strip() for p in value.split(",") if p.strip()) if value else None
    try:
        load_packs(names)
    except PackError as exc:
        raise _fail(str(exc)) from exc
    return names


def _fail(message: str, code: int = 1) -> typer.Exit:
    err.print(f"[red]error:[/red] {escape(message)}", highlight=False)  # a file name or a value may hold [brackets]
    return typer.Exit(code)


def _whole(option: str, low: int, high: int) -> Callable[[int | None], int | None]:
    """A range check for a whole-number option: out of range is one line naming the option, exit 2 (a usage error)."""

    def check(value: int | None) -> int | None:
        if value is not None and not low <= value <= high:
            raise _fail(f"{option} {value}: expected a whole number from {low:,} to {high:,}", code=2)
        return value

    return check


def _share(option: str) -> Callable[[float], float]:
    """A range check for a confidence: a number from 0 to 1 (nan and inf are not)."""

    def check(value: float) -> float:
        if not (math.isfinite(value) and 0.0 <= value <= 1.0):
            raise _fail(f"{option} {value}: expected a number from 0 to 1", code=2)
        return value

    return check


def _entity_ref(option: str) -> Callable[[str | None], str | None]:
    """A name, alias or `#id`; an id past what the database holds is a usage error here, not a database error later."""

    def check(value: str | None) -> str | None:
        digits = (value or "").strip().removeprefix("#")
        if value and value.strip().startswith("#") and digits.isdigit() and (len(digits) > 19 or not 1 <= int(digits) <= BIGGEST_ID):
            raise _fail(f"{option} {value}: entity ids run from #1 to #{BIGGEST_ID:,}", code=2)
        return value

    return check


def _open_store(url: str, packs: tuple[str, ...] | None = None) -> Store:
    from politograph.store.repository import Store, StoreError

    try:
        return Store(url, packs)
    except StoreError as exc:
        raise _fail(str(exc)) from exc


def _parse_day(value: str | None, option: str) -> date | None:
    if value is None:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError as exc:
        raise _fail(f"{option} {value!r}: expected a date as YYYY-MM-DD") from exc


# --------------------------------------------------------------------------- machine-readable answers (--json, --csv)

JsonOption = Annotated[bool, typer.Option("--json", help="Print the answer as one JSON document on standard output: the records the API returns for it.")]
CsvOption = Annotated[bool, typer.Option("--csv", help="Print the answer's rows as CSV with a header row (nested records flattened as the web's CSV twins are).")]


def _data_format(as_json: bool, as_csv: bool) -> str | None:
    """The machine-readable form asked for, if any: both at once is a usage error, before any work is done."""
    if as_json and as_csv:
        raise _fail("--json and --csv: choose one of them", code=2)
    return "json" if as_json else "csv" if as_csv else None


def _as_api(value: object, kind: object) -> Any:
    """An answer as the API's JSON values: the pydantic serialisation its response models use, so a pipe gets what HTTP gets."""
    from politograph.web.twins import plain

    return plain([value], kind)[0]


def _cited_docs(value: Any) -> Iterator[str]:
    """Every document id the JSON values cite, so their URLs are read in one query for the CSV's url columns."""
    if isinstance(value, dict):
        if isinstance(value.get("doc_id"), str):
            yield value["doc_id"]
        for inner in value.values():
            yield from _cited_docs(inner)
    elif isinstance(value, list):
        for inner in value:
            yield from _cited_docs(inner)


def _print_data(db: str, chosen: str, document: Any, rows: list[dict[str, Any]], columns: list[str] | None = None) -> None:
    """JSON: the one document; CSV: `rows` (records of that document) flattened.  Nothing else is written to standard output.

    `columns` gives an empty answer its header row all the same, so a
    script reading the CSV finds the columns it expects.
    """
    import json

    if chosen == "json":
        typer.echo(json.dumps(document, ensure_ascii=False, indent=2))
        return
    from politograph.query.browse import document_urls
    from politograph.web.twins import csv_text, flatten

    store = _open_store(db)
    try:
        urls = document_urls(store, sorted(set(_cited_docs(rows))))
    finally:
        store.close()
    typer.echo(csv_text([flatten(row, urls) for row in rows], None if rows else columns), nl=False)


def _note_others(db: str, name: str) -> None:
    """On standard error: the other entities a name fits, when one had it as its own name and was chosen; a choice is never silent."""
    from politograph.query.lookup import also_named

    store = _open_store(db)
    try:
        others = also_named(store, name)
    finally:
        store.close()
    if others:
        err.print(f"note: {escape(repr(name))} is also a name of " + "; ".join(escape(c.label()) for c in others) + " (ask by #id for one of them)", highlight=False)


def _not_one(exc: Exception) -> typer.Exit:
    """A name that fits no entity (with the closest known ones) or several (each with its type, country and years); exit 1."""
    from politograph.query.lookup import Ambiguous, NotFound

    if isinstance(exc, Ambiguous):
        code = _fail(f"{exc.name!r} names {len(exc.candidates)} entities; name one by its #id (e.g. '#{exc.candidates[0].id}'):")
        for candidate in exc.candidates:
            err.print(f"  {escape(candidate.label())}", highlight=False)
        return code
    offered = exc.suggestions if isinstance(exc, NotFound) else []
    hint = "; did you mean: " + ", ".join(f"{s.name!r} (#{s.id}, {s.type})" for s in offered) + "?" if offered else ""
    return _fail(str(exc) + hint)


def _parse_published(value: str | None) -> date | None:
    """`--published` at the precision given (a month or a year is a date too); it dates only inputs that carry no date."""
    from politograph.ingest.problems import DATE_FORMS, parse_date

    if value is None:
        return None
    day = parse_date(value)
    if day is None:
        raise _fail(f"--published {value!r}: expected a date as {DATE_FORMS}")
    return day


def _print_report(report: IngestReport) -> None:
    """What an ingest or load stored, skipped and could not read: one problem per line, at most `SHOWN_PROBLEMS` per file.

    A file of junk would otherwise print thousands of lines and hide the
    other files' problems; the rest of a file's are counted in one line.
    """
    per_file: Counter[str] = Counter()
    for problem in report.problems:
        per_file[problem.path] += 1
        if per_file[problem.path] <= SHOWN_PROBLEMS:
            label = "[yellow]warning[/yellow]" if problem.warning else "[yellow]skipped[/yellow]"
            err.print(f"{label} {escape(str(problem))}", highlight=False)
    for path, count in per_file.items():
        if count > SHOWN_PROBLEMS:
            err.print(f"… and {count - SHOWN_PROBLEMS:,} more problems in {escape(path)}", highlight=False)
    warnings = sum(1 for p in report.problems if p.warning)
    repaired = f" ({warnings} stored with a warning)" if warnings else ""
    out.print(f"stored {report.stored} documents ({report.facts} facts); {report.skipped} already stored; {len(report.problems)} problems{repaired}")


@app.command(
    epilog=_examples(
        "politograph ingest articles.jsonl                                  # docs.jsonl lines (FORMAT.md)",
        "politograph ingest archive/ --workers 2                            # a folder, read recursively, two processes",
        'politograph ingest story.txt --published 2014-06-04 --source "The Japan Times"',
        "politograph ingest CC-NEWS-20160301.warc.gz                        # the HTML responses of a WARC archive",
        "curl -s https://example.org/feed.rss | politograph ingest -        # standard input",
        "politograph ingest corrected.jsonl --replace                       # stored ids with a changed text: replace them",
    )
)
def ingest(
    paths: Annotated[
        list[str],
        typer.Argument(help="Files (.jsonl, .txt, .html, .rss/.atom/.xml, .warc/.warc.gz), folders (read recursively), or - for standard input."),
    ],
    published: Annotated[str | None, typer.Option(help="Publication date (YYYY, YYYY-MM or YYYY-MM-DD) for inputs that carry none; never replaces a wrong one.")] = None,
    source: Annotated[str | None, typer.Option(help="Outlet name for inputs that carry none.")] = None,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No progress bar.")] = False,
    workers: Annotated[
        int, typer.Option("--workers", "-w", callback=_whole("--workers", 1, 64), help="Processes for NLP and extraction, 1 to 64 (one per core is the sweet spot).")
    ] = 1,
    reprocess: Annotated[bool, typer.Option("--reprocess", help="Analyse already stored articles again and replace their findings.")] = False,
    replace: Annotated[
        bool, typer.Option("--replace", help="An id stored with a different text: replace that article and its facts (merge and split decisions are kept).")
    ] = False,
    packs: PacksOption = None,
    db: DbOption = database_url(),
) -> None:
    """Read articles, extract entities and facts, and store them (already stored articles are skipped).

    Each bad input (a missing file, a broken line, a text too long) is reported as file:line and the rest is stored; the exit code is then 1.
    """
    from politograph.ingest.readers import IngestError
    from politograph.jobs import ingest_paths
    from politograph.nlp.pipeline import ModelNotInstalled
    from politograph.progress import Quiet, RichProgress

    day = _parse_published(published)
    store = _open_store(db, _pack_choice(packs))
    try:
        report = ingest_paths(paths, store, day, source, Quiet() if quiet else RichProgress(), workers, reprocess, replace)
    except (IngestError, ModelNotInstalled) as exc:
        raise _fail(str(exc)) from exc
    finally:
        store.close()
    _print_report(report)
    if report.problems:
        raise typer.Exit(1)


FACT_COLUMNS = ("id", "type", "subject", "object", "detail", "time", "modality (conf.)", "evidence")
MAX_FACTS = 1_000_000
"""The most facts one `facts` command prints (read a page of `MAX_PAGE` at a time)."""
TABLE_RELATIONS = 200
"""Relations a `network` table shows without `--limit` (a large archive holds a hundred thousand on a day: minutes of table)."""


@app.command(
    epilog=_examples(
        'politograph facts --entity "Toru Hashimoto"',
        'politograph facts --entity "Your Party" --min-confidence 0.7     # only facts read with confidence 0.7 or more',
        "politograph facts --entity '#12'                                 # the entity with id 12",
        "politograph facts --type coalition --since 2014-01-01 --until 2014-12-31 --modality planned --json",
        "politograph facts --type role --limit 5000 --csv > roles.csv     # every fact id, sentence, source and URL",
    )
)
def facts(
    entity: Annotated[str | None, typer.Option("--entity", "-e", callback=_entity_ref("--entity"), help="Only facts naming this entity: name, alias or #id.")] = None,
    fact_type: Annotated[str | None, typer.Option("--type", help="Only facts of this type (role, member, coalition, seats, ... as FORMAT.md lists them).")] = None,
    since: Annotated[str | None, typer.Option(help="Only facts whose time reaches this day or later (YYYY-MM-DD).")] = None,
    until: Annotated[str | None, typer.Option(help="Only facts whose time begins by this day (YYYY-MM-DD).")] = None,
    modality: Annotated[str | None, typer.Option(help="Only facts of this modality: asserted, planned, expected, possible or negated.")] = None,
    min_confidence: Annotated[float, typer.Option(callback=_share("--min-confidence"), help="Only facts read with at least this confidence (0 to 1).")] = 0.0,
    reference: Annotated[
        bool | None, typer.Option("--reference/--no-reference", help="Include the packs' reference facts (default: with --entity only).", show_default=False)
    ] = None,
    limit: Annotated[int, typer.Option(callback=_whole("--limit", 1, MAX_FACTS), help=f"At most this many facts, 1 to {MAX_FACTS:,}, in time order.")] = 50,
    as_json: JsonOption = False,
    as_csv: CsvOption = False,
    db: DbOption = database_url(),
) -> None:
    """Facts by entity, type, time and modality, each with its id, the sentence it came from and the confidence it was read with."""
    from politograph.query.browse import FactFilter

    chosen = _data_format(as_json, as_csv)
    where = FactFilter(
        _fact_type(fact_type), None, _parse_day(since, "--since"), _parse_day(until, "--until"), _modality(modality), None,
        entity is not None if reference is None else reference, min_confidence or None,
    )  # fmt: skip
    if where.since and where.until and where.since > where.until:
        raise _fail(f"--since {where.since} is after --until {where.until}", code=2)
    page, named = _fact_page(db, entity, where, limit)
    if entity is not None:
        _note_others(db, entity)
    if chosen is not None:
        document = _fact_page_json(page)
        _print_data(db, chosen, document, document["items"], list(document["items"][0]) if document["items"] else _fact_fields())
        return
    shown = f"{len(page.items)} of {page.total} facts" if page.total > len(page.items) else f"{page.total} facts"
    out.print(_facts_table(f"{named}: {shown}" if named else shown, page.items))
    if page.total > len(page.items):
        err.print(f"{page.total - len(page.items):,} more: raise --limit (up to {MAX_FACTS:,}) or narrow the filter", highlight=False)


def _fact_type(value: str | None) -> str | None:
    from politograph.model import FACT_TYPES

    if value is not None and value not in FACT_TYPES:
        raise _fail(f"--type {value}: expected one of {', '.join(FACT_TYPES)}", code=2)
    return value


def _modality(value: str | None) -> str | None:
    from politograph.model import Modality

    known = [m.value for m in Modality]
    if value is not None and value not in known:
        raise _fail(f"--modality {value}: expected one of {', '.join(known)}", code=2)
    return value


def _fact_page_json(page: Any) -> Any:
    """A page of facts as `/api/facts` answers it (`PageOut` of `FactRecord`)."""
    from politograph.api.schemas import PageOut
    from politograph.query.records import FactRecord

    kind = PageOut[FactRecord]
    return _as_api(kind.of(page), kind)


def _fact_fields() -> list[str]:
    from dataclasses import fields

    from politograph.query.records import FactRecord

    return [f.name for f in fields(FactRecord)]


def _fact_page(db: str, entity: str | None, where: object, limit: int) -> tuple[Any, str | None]:
    """The first `limit` facts matching the filter as one page (read `MAX_PAGE` at a time), and the entity's name if one was asked for.

    The page is the one `/api/facts` gives for the same filter and limit
    (its `next_cursor` continues right after the last fact printed).
    """
    from dataclasses import replace

    from politograph.query.asof import Ambiguous, NotFound, entity_ids
    from politograph.query.browse import MAX_PAGE, FactFilter, Page, list_facts

    assert isinstance(where, FactFilter)
    store = _open_store(db)
    try:
        named = None
        if entity is not None:
            try:
                ids = entity_ids(store, entity)
            except NotFound as exc:  # said as the command always said it, with the closest names
                raise _not_one(NotFound(f"no entity named {entity!r} in {db}", exc.suggestions)) from exc
            except Ambiguous as exc:
                raise _not_one(exc) from exc
            where = replace(where, entity_ids=ids)
            named = store.find_entities(f"#{ids[0]}")[0]["name"]
        page = list_facts(store, where, 0, min(limit, MAX_PAGE))
        items = list(page.items)
        while len(items) < limit and page.next_cursor is not None:
            page = list_facts(store, where, 0, min(limit - len(items), MAX_PAGE), page.next_cursor)
            items += page.items
    finally:
        store.close()
    return Page(page.total, 0, limit, items, page.next_cursor), named


def _facts_table(title: str, records: list[Any]) -> Table:
    table = Table(title=title, show_lines=True)
    for column in FACT_COLUMNS:
        table.add_column(column, overflow="fold")
    for fact in records:
        time = fact.when or ""
        if fact.start or fact.end:
            time += f" [{fact.start or '…'} – {fact.end or '…'}]"
        cited = fact.evidence
        evidence = f"{cited.sentence}\n— {cited.source or cited.doc_id}, {cited.published}"
        row = (str(fact.id), fact.type, fact.subject or "", fact.object or "", fact.detail(), time, f"{fact.modality} ({fact.confidence:.2f})", evidence)
        table.add_row(*(escape(cell) for cell in row))
    return table


def _ask(db: str, query: Callable[..., Answer], *args: object) -> Answer:
    """Run one as-of query on a freshly opened store; an unknown name or bad argument is a clear error."""
    from politograph.query.asof import Ambiguous, NotFound

    store = _open_store(db)
    try:
        return query(store, *args)
    except (NotFound, Ambiguous) as exc:
        raise _not_one(exc) from exc
    except ValueError as exc:
        raise _fail(str(exc)) from exc
    finally:
        store.close()


def _evidence_text(sources: list[Citation]) -> str:
    return "\n".join(f"{s.published} {s.source or s.doc_id}: {s.sentence}" for s in sources)


def _until_text(claim: Claim) -> str:
    """A state's end as a reader wants it: "open (latest report 2014-11-28, 20 days before)", "2014-11-28 (dissolved: pack:japan)", "former"."""
    former = "former; " if claim.former else ""
    if claim.open:
        age = f", {claim.age_days} days before" if claim.age_days is not None else ""
        return former + (f"open (latest report {claim.last_reported}{age})" if claim.last_reported else "open")
    if claim.valid_to is None:
        return former.rstrip("; ")
    evidence = f": {claim.end_evidence.source or claim.end_evidence.doc_id}" if claim.end_evidence else ""
    return former + str(claim.valid_to) + (f" ({claim.ended_by}{evidence})" if claim.ended_by else "")


def _claims_table(title: str, claims: list[Claim]) -> Table:
    table = Table(title=title, show_lines=True)
    for column in ("since", "until", "type", "subject", "object", "detail", "modality (conf.)", "evidence"):
        table.add_column(column, overflow="fold", min_width=14 if column in ("subject", "object") else None)  # names stay readable in a narrow terminal
    for claim in claims:
        detail = ", ".join(str(v) for v in (claim.role, claim.value, claim.scope) if v)
        if claim.type == "seats" and claim.won is not None:
            detail += ", won at an election" if claim.won else ", held"
        row = (str(claim.valid_from or ""), _until_text(claim), claim.type, claim.subject or "", claim.object or "", detail, f"{claim.modality} ({claim.confidence:.2f})")
        table.add_row(*row, _evidence_text(claim.evidence))
    return table


@app.command(
    epilog=_examples(
        'politograph who --role leader --of "Your Party" --at 2014-06-10',
        'politograph who --role leader --of "Your Party" --at 2014-06-10 --known-at 2014-06-01   # as the press knew it then',
        "politograph who --role prime-minister --of Germany --at 2015-06-01 --min-confidence 0.6",
        'politograph who --role "PM" --of Japan --at 2014-12-20 --json          # any usual word for the post; JSON as /api/who',
    )
)
def who(
    role: Annotated[str, typer.Option(help="Role: leader, co-leader, secretary-general, prime-minister, mayor, ... or a usual word for one ('PM', 'chair').")],
    of: Annotated[str, typer.Option("--of", callback=_entity_ref("--of"), help="Party, group or body (any alias, or #id).")],
    at: Annotated[str, typer.Option(help="The day asked about (YYYY-MM-DD).")],
    known_at: Annotated[str | None, typer.Option(help="Only what had been published by this day.")] = None,
    min_confidence: Annotated[float, typer.Option(callback=_share("--min-confidence"), help="Only reports read with at least this confidence (0 to 1).")] = 0.0,
    as_json: JsonOption = False,
    as_csv: CsvOption = False,
    db: DbOption = database_url(),
) -> None:
    """Who held a role on a day, with the articles that say so; conflicts are shown, not settled."""
    from politograph.query.asof import WhoAnswer
    from politograph.query.asof import who as ask

    chosen = _data_format(as_json, as_csv)
    day, known = _parse_day(at, "--at"), _parse_day(known_at, "--known-at")
    answer = _ask(db, ask, role, of, day, known, min_confidence)
    _note_others(db, of)
    if chosen is not None:
        document = _as_api(answer, WhoAnswer)
        _print_data(db, chosen, document, document["holders"], _claim_fields())
        return
    role = answer.role  # the post's own name, whatever word asked for it
    as_known = f" as the press knew it on {known}" if known else ""
    if not answer.holders:
        out.print(f"no {role} of {of} known on {day}{as_known}")
        raise typer.Exit(0)
    if answer.conflicting:
        out.print(f"[yellow]reports conflict:[/yellow] {len(answer.holders)} people are reported as {role} of {of} on {day} (see `politograph contradictions`)")
    out.print(_claims_table(f"{role} of {of} on {day}{as_known}", answer.holders))


@app.command(epilog=_examples('politograph entity "Toru Hashimoto"', "politograph entity Merkel", "politograph entity '#12'"))
def entity(
    name: Annotated[str, typer.Argument(callback=_entity_ref("NAME"), help="Name or alias, or #id.")],
    as_json: JsonOption = False,
    as_csv: CsvOption = False,
    db: DbOption = database_url(),
) -> None:
    """An entity's profile: roles, memberships and relations over time, each with its evidence.

    --json prints {"entity": ..., "timeline": [...]}: /api/entities/{id} and /api/entities/{id}/timeline; --csv the timeline's rows.
    """
    from politograph.query.browse import EntityProfile
    from politograph.query.records import Claim

    wanted = _data_format(as_json, as_csv)
    profile, claims = _ask(db, _profile_and_timeline, name)
    _note_others(db, name)
    if wanted is not None:
        document = {"entity": _as_api(profile, EntityProfile), "timeline": _as_api(claims, list[Claim])}
        _print_data(db, wanted, document, document["timeline"], _claim_fields())
        return
    for family, types in (("roles and memberships", ("role", "member")), ("relations", None)):
        chosen = [c for c in claims if (c.type in types if types else c.type not in ("role", "member"))]
        if chosen:
            out.print(_claims_table(f"{name}: {family}", chosen))


def _profile_and_timeline(store: Store, name: str) -> tuple[Any, list[Claim]]:
    """The one entity a name stands for, and its timeline, as the API gives them by its id."""
    from politograph.query.asof import entity_ids, timeline_of
    from politograph.query.browse import entity_profile

    [entity_id] = entity_ids(store, name)
    return entity_profile(store, entity_id), timeline_of(store, [entity_id])


def _claim_fields() -> list[str]:
    from dataclasses import fields

    from politograph.query.records import Claim

    return [f.name for f in fields(Claim)]


@app.command(
    name="timeline",
    epilog=_examples('politograph timeline "Yui no To"', "politograph timeline '#12' --known-at 2014-12-31   # as the press knew it then"),
)
def timeline_command(
    name: Annotated[str, typer.Argument(callback=_entity_ref("NAME"), help="Name or alias, or #id.")],
    known_at: Annotated[str | None, typer.Option(help="Only what had been published by this day.")] = None,
    as_json: JsonOption = False,
    as_csv: CsvOption = False,
    db: DbOption = database_url(),
) -> None:
    """Dated events and changes of an entity, in order: each post, membership or relation as terms (since, until), events once with all their reports."""
    from politograph.query.asof import timeline
    from politograph.query.records import Claim

    chosen = _data_format(as_json, as_csv)
    claims = _ask(db, timeline, name, _parse_day(known_at, "--known-at"))
    _note_others(db, name)
    if chosen is not None:
        document = _as_api(claims, list[Claim])
        _print_data(db, chosen, document, document, _claim_fields())
        return
    out.print(_claims_table(f"timeline of {name}", claims))


@app.command(
    name="lineage",
    epilog=_examples('politograph lineage "Japan Innovation Party"', 'politograph lineage "Your Party" --known-at 2014-12-31   # as known by then'),
)
def lineage_command(
    name: Annotated[str, typer.Argument(callback=_entity_ref("NAME"), help="Party or group (any alias, or #id).")],
    known_at: Annotated[str | None, typer.Option(help="Only what had been published by this day.")] = None,
    as_json: JsonOption = False,
    as_csv: CsvOption = False,
    db: DbOption = database_url(),
) -> None:
    """Predecessors and successors of a party through splits, mergers and renames, as a tree with evidence.

    --csv prints one row per step: the party asked about, the direction, the depth and the group it is reached from.
    """
    from rich.tree import Tree

    from politograph.query.lineage import Reached, descend, lineage

    chosen = _data_format(as_json, as_csv)
    answers = _ask(db, lineage, name, _parse_day(known_at, "--known-at"))
    _note_others(db, name)
    if chosen is not None:
        from politograph.api.schemas import LineageOut

        document = _as_api([LineageOut.of(a) for a in answers], list[LineageOut])
        _print_data(db, chosen, document, _lineage_rows(document), ["party", "direction", "depth", "from", "name", "entity_id", "kind", "day"])
        return

    def grow(group: Reached, branch: Tree) -> Tree:
        step = group.step
        evidence = "; ".join(f"{e.published} {e.source or e.doc_id}" for e in step.evidence[:2])
        return branch.add(f"[bold]{group.name}[/bold] — {step.kind} {step.day or '?'}  [dim]{evidence}[/dim]")

    for answer in answers:
        tree = Tree(f"[bold]{answer.name}[/bold] (founded {answer.founded or '?'}" + (f", ended {answer.ended}" if answer.ended else "") + ")")
        for step in answer.renames:
            tree.add(f"renamed {step.older} → {step.newer} on {step.day or '?'}")
        descend(answer.predecessors, False, grow, tree.add("predecessors"))
        descend(answer.successors, True, grow, tree.add("successors"))
        out.print(tree)


def _lineage_rows(answers: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The JSON trees as rows, depth first: each step with the party asked about, its direction, depth and the group it leads from."""
    rows: list[dict[str, Any]] = []

    def walk(party: str, direction: str, branches: list[dict[str, Any]], depth: int, parent: str) -> None:
        for branch in branches:
            step = {key: value for key, value in branch.items() if key != "branches"}
            rows.append({"party": party, "direction": direction, "depth": depth, "from": parent, **step})
            walk(party, direction, branch["branches"], depth + 1, branch["name"])

    for answer in answers:
        for renamed in answer["renames"]:
            rows.append({"party": answer["name"], "direction": "rename", "depth": 0, "from": renamed.get("older"), "name": renamed.get("newer"), **renamed})
        walk(answer["name"], "predecessor", answer["predecessors"], 1, answer["name"])
        walk(answer["name"], "successor", answer["successors"], 1, answer["name"])
    return rows


@app.command(
    epilog=_examples(
        'politograph seats --chamber "lower house" --at 2014-12-20',
        "politograph seats --chamber Bundestag --at 2017-10-01 --quota 473      # power when a vote needs 473 seats",
    )
)
def seats(
    chamber: Annotated[str, typer.Option(callback=_entity_ref("--chamber"), help="Chamber (any alias), e.g. 'House of Representatives'.")],
    at: Annotated[str, typer.Option(help="The day asked about (YYYY-MM-DD).")],
    quota: Annotated[int | None, typer.Option(callback=_whole("--quota", 1, 100_000), help="Seats needed to pass a vote, 1 to 100,000 (default: a majority).")] = None,
    known_at: Annotated[str | None, typer.Option(help="Only what had been published by this day.")] = None,
    as_json: JsonOption = False,
    as_csv: CsvOption = False,
    db: DbOption = database_url(),
) -> None:
    """Seats by group on a day (the latest election's result and the changes since), coalition blocs against the majority and two-thirds lines, and voting power."""
    from politograph.query.asof import SeatsAnswer, SeatShare
    from politograph.query.asof import seats as ask

    chosen = _data_format(as_json, as_csv)
    day, known = _parse_day(at, "--at"), _parse_day(known_at, "--known-at")
    answer = _ask(db, ask, chamber, day, quota, known)
    if chosen is not None:
        document = _as_api(answer, SeatsAnswer)
        _print_data(db, chosen, document, document["groups"], _fields_of(SeatShare))
        return
    as_known = f" as the press knew it on {known}" if known else ""
    title = f"{chamber} on {day}{as_known}: {answer.total or '?'} seats, majority {answer.majority or '?'}, two-thirds {answer.two_thirds or '?'}"
    table = Table(title=title)
    for column in ("group", "seats", "as of", "until", "bloc", "Banzhaf", "Shapley-Shubik", "evidence"):
        table.add_column(column, overflow="fold")
    for group in answer.groups:
        seats_text = str(group.seats) + ("" if group.won is None else " won" if group.won else " held")
        until = f"{group.until} ({group.ended_by})" if group.until else "open"
        power = [("–" if value is None else f"{value:.3f}") for value in (group.banzhaf, group.shapley_shubik)]
        table.add_row(group.group, seats_text, str(group.as_of), until, str(group.bloc), *power, _evidence_text(group.evidence))
    out.print(table)
    source = f"; from the election of {answer.election} and the changes reported since" if answer.election else ""
    out.print(f"known: {answer.known} of {answer.total or '?'} seats{source}")
    if answer.note:
        out.print(f"[yellow]{escape(answer.note)}[/yellow]")
    if answer.unreported:
        out.print(f"no count since that election for: {', '.join(answer.unreported)}")
    for members, total in answer.blocs:
        marks = [label for label, line in (("majority", answer.majority), ("two-thirds", answer.two_thirds)) if line and total >= line]
        out.print(f"bloc {' + '.join(members)}: {total} seats" + (f" ({', '.join(marks)})" if marks else ""))


@app.command(
    name="network",
    epilog=_examples(
        "politograph network --at 2014-06-01",
        "politograph network --at 2014-06-01 --known-at 2014-04-30 --type coalition   # coalitions only, as known by then",
        "politograph network --at 2014-06-01 --limit 50                               # the biggest connected group first",
    ),
)
def network_command(
    at: Annotated[str, typer.Option(help="The day asked about (YYYY-MM-DD).")],
    known_at: Annotated[str | None, typer.Option(help="Only what had been published by this day.")] = None,
    types: Annotated[list[str] | None, typer.Option("--type", help="alliance, coalition or opposition (repeat; default: all three).")] = None,
    limit: Annotated[
        int | None,
        typer.Option(
            callback=_whole("--limit", 1, BIGGEST_ID),
            help=f"Only this many relations, the biggest connected group of entities first (a table shows {TABLE_RELATIONS} by default; JSON and CSV every one).",
        ),
    ] = None,
    as_json: JsonOption = False,
    as_csv: CsvOption = False,
    db: DbOption = database_url(),
) -> None:
    """Alliances, coalitions and oppositions holding on a day, each with its first day, its end if reported, and its latest report."""
    from politograph.query.network import ALLIANCE_TYPES, day_network, nodes_of

    wrong = sorted(set(types or ()) - set(ALLIANCE_TYPES))
    if wrong:
        raise _fail(f"--type {wrong[0]}: expected one of {', '.join(ALLIANCE_TYPES)}", code=2)
    day, known = _parse_day(at, "--at"), _parse_day(known_at, "--known-at")
    chosen = tuple(sorted(set(types or ALLIANCE_TYPES)))
    wanted = _data_format(as_json, as_csv)
    if wanted is not None:
        assert day is not None
        document = _network_json(db, day, chosen, known, limit)
        names = {node["id"]: node["name"] for node in document["nodes"]}
        rows = [{"source_name": names.get(e["source"]), "target_name": names.get(e["target"]), **e} for e in document["edges"]]
        _print_data(db, wanted, document, rows, ["source_name", "target_name", "source", "target", "type", "since", "until"])
        return
    store = _open_store(db)
    try:
        assert day is not None
        holding = day_network(store, day, chosen, known)
        edges, total = [edge for edge, _ in holding.page(0, limit or TABLE_RELATIONS)], holding.total
        names = {i: name for i, name, _ in nodes_of(store, edges)}
    finally:
        store.close()
    if not edges:
        out.print(f"no {', '.join(chosen)} known to hold on {day}")
        raise typer.Exit(0)
    shown = f"{len(edges)} relations" if total == len(edges) else f"{len(edges)} of {total:,} relations (the biggest connected groups)"
    table = Table(title=f"{shown} holding on {day}" + (f" as the press knew it on {known}" if known else ""))
    for column in ("type", "between", "and", "since", "until", "latest report", "reports"):
        table.add_column(column, overflow="fold")
    for edge in edges:
        until = f"{edge.until} ({edge.ended_by})" if edge.until else "open"
        assert day is not None
        latest = f"{edge.last_reported} ({(day - edge.last_reported).days} days before)" if edge.last_reported else ""
        sides = (names.get(edge.subject, f"#{edge.subject}"), names.get(edge.object, f"#{edge.object}"))
        table.add_row(edge.type, *sides, str(edge.since or ""), until, latest, str(edge.reports))
    out.print(table)
    if limit is None and total > len(edges):
        err.print(f"{total - len(edges):,} more: raise --limit, or --json / --csv for every one", highlight=False)


def _network_json(db: str, day: date, chosen: tuple[str, ...], known: date | None, limit: int | None) -> Any:
    """The day's network as `/api/network` answers it: `limit` relations (all, by default), the biggest connected group first."""
    from politograph.api.routes import network_answer
    from politograph.api.schemas import Network
    from politograph.query.network import change_days, day_network

    store = _open_store(db)
    try:
        shown = limit or max(day_network(store, day, chosen, known).total, 1)
        answer = network_answer(store, day, chosen, known, 0, shown, change_days(store, chosen, known))
    finally:
        store.close()
    return _as_api(answer, Network)


def _fields_of(kind: Any) -> list[str]:
    from dataclasses import fields

    return [f.name for f in fields(kind)]


@app.command(
    name="contradictions",
    epilog=_examples(
        "politograph contradictions",
        "politograph contradictions --known-at 2014-12-31 --all   # as known by then, settled and dismissed ones too",
        "politograph settle c1a2b3c4d5e --keep second              # then settle one, or --dismiss it",
    ),
)
def contradictions_command(
    known_at: Annotated[str | None, typer.Option(help="Only what had been published by this day.")] = None,
    show_all: Annotated[bool, typer.Option("--all", help="Include contradictions already settled or dismissed.")] = False,
    as_json: JsonOption = False,
    as_csv: CsvOption = False,
    db: DbOption = database_url(),
) -> None:
    """Reports that cannot all be true (two holders of a one-holder post at once, two seat counts of one day, an event both happened and not), side by side."""
    from politograph.query.asof import Contradiction, contradictions

    chosen = _data_format(as_json, as_csv)
    found = _ask(db, contradictions, _parse_day(known_at, "--known-at"), show_all)
    if chosen is not None:
        document = _as_api(found, list[Contradiction])
        _print_data(db, chosen, document, document, _fields_of(Contradiction))
        return
    if not found:
        out.print("no contradictions")
    for item in found:
        out.print(f"[bold]{escape(item.key)}[/bold] {escape(item.what)}: {escape(item.why)}", highlight=False)
        out.print(_claims_table(f"{item.what} ({item.kind}) — first, then second", [item.first, item.second]))


@app.command(
    epilog=_examples(
        "politograph settle c1a2b3c4d5e --keep second --note 'the final count'   # the second side is right",
        "politograph settle c1a2b3c4d5e --dismiss --note 'two different posts'     # no real conflict",
    )
)
def settle(
    key: Annotated[str, typer.Argument(help="The contradiction's key, as `politograph contradictions` prints it.")],
    keep: Annotated[str | None, typer.Option(help="The side that is right: first or second (the other side's reports stop counting).")] = None,
    dismiss: Annotated[bool, typer.Option("--dismiss", help="No real conflict: both sides keep counting.")] = False,
    note: Annotated[str | None, typer.Option(help="Why (kept with the verdict).")] = None,
    db: DbOption = database_url(),
) -> None:
    """Settle a contradiction (one side is right) or dismiss it; it is listed no more, and a settled one's losing reports stop counting."""
    from politograph.query.asof import NotFound, verdict_for
    from politograph.store.curation import CurationError, record_verdict

    if dismiss == (keep is not None):
        raise _fail("settle needs exactly one of --keep first|second or --dismiss", code=2)
    if keep is not None and keep not in ("first", "second"):
        raise _fail(f"--keep {keep}: expected first or second", code=2)
    store = _open_store(db)
    try:
        found, rejected = verdict_for(store, key.strip(), keep)
        done = record_verdict(store, found.key, "dismiss" if dismiss else "settle", found.what, keep, rejected, note)
    except (NotFound, CurationError) as exc:
        raise _fail(str(exc)) from exc
    finally:
        store.close()
    if done.kind == "dismiss":
        out.print(f"dismissed {done.key} ({escape(done.what)}); verdict recorded")
    else:
        out.print(f"settled {done.key} ({escape(done.what)}) for the {done.kept} side: {done.rejected} reports of the other side no longer count; verdict recorded")


def _curate(db: str, action: Callable[..., Curated], *names: str, **options: str | None) -> Curated:
    """Pick the named entities and apply a merge or split; an unknown or ambiguous name is a clear error."""
    from politograph.store.curation import CurationError, pick_entity

    store = _open_store(db)
    try:
        return action(store, *(pick_entity(store, name) for name in names), **options)
    except CurationError as exc:
        raise _fail(str(exc)) from exc
    finally:
        store.close()


@app.command(
    epilog=_examples(
        'politograph merge "Citizens\' Renewal Party" "Civic Renewal Party"',
        "politograph merge '#41' '#7'                    # by id, when a name belongs to several entities",
    )
)
def merge(
    source: Annotated[str, typer.Argument(callback=_entity_ref("SOURCE"), help="The entity to merge away (name, alias, or #id).")],
    into: Annotated[str, typer.Argument(callback=_entity_ref("INTO"), help="The entity that stays (name, alias, or #id).")],
    db: DbOption = database_url(),
) -> None:
    """Make two entities one; later articles and re-analysed ones resolve the same way."""
    from politograph.store.curation import merge_entities

    done = _curate(db, merge_entities, source, into)
    out.print(f"merged {done.other} into {done.kept}: {done.facts} facts, {done.mentions} mentions, {done.documents} documents moved; decision recorded")


@app.command(
    epilog=_examples(
        'politograph split "Toru Hashimoto" --doc ex-003 --as "Hashimoto (Kochi)"   # one document\'s mention',
        'politograph split "Your Party" --name "YP"                                 # one name, in every article',
    )
)
def split(
    entity: Annotated[str, typer.Argument(callback=_entity_ref("ENTITY"), help="The entity to split (name, alias, or #id).")],
    name: Annotated[str | None, typer.Option(help="Take this name of the entity out, in every article.")] = None,
    doc: Annotated[str | None, typer.Option(help="Take this document's mention of the entity out.")] = None,
    as_name: Annotated[str | None, typer.Option("--as", help="Name of the new entity (default: the name taken out).")] = None,
    db: DbOption = database_url(),
) -> None:
    """Split an entity that resolution wrongly joined; the decision applies to later and re-analysed articles."""
    from politograph.store.curation import split_entity

    done = _curate(db, split_entity, entity, name=name, doc_id=doc, new_name=as_name)
    out.print(f"split {done.other} from {done.kept}: {done.facts} facts, {done.mentions} mentions, {done.documents} documents moved; decision recorded")


@app.command(
    epilog=_examples(
        'politograph flag 1234 --note "the article says deputy leader"   # the fact leaves every answer and export',
        "politograph flag 1234 --undo                                    # take the flag back",
    )
)
def flag(
    fact_id: Annotated[int, typer.Argument(min=1, help="The fact's id, as `facts`, the pages and /api/facts give it.")],
    note: Annotated[str | None, typer.Option(help="Why the fact is wrong (kept with the decision, written by `export --format review`).")] = None,
    undo: Annotated[bool, typer.Option("--undo", help="Take back an earlier flag: the fact counts again.")] = False,
    db: DbOption = database_url(),
) -> None:
    """Flag a fact as wrong: it leaves every answer and export, and stays out after `ingest --reprocess`."""
    from politograph.store.curation import CurationError, flag_fact

    store = _open_store(db)
    try:
        done = flag_fact(store, fact_id, note=note, made_by=_operator(), undo=undo)
    except CurationError as exc:
        raise _fail(str(exc)) from exc
    finally:
        store.close()
    what = "unflagged: it counts again" if undo else "flagged as wrong: it leaves every answer"
    out.print(f"fact {fact_id} ({done.signature[1]}, {done.signature[0]}) {what}; decision recorded")


def _operator() -> str:
    """Who made a decision from the command line: the login name, when the system knows one."""
    import getpass

    try:
        return f"cli:{getpass.getuser()}"
    except (KeyError, OSError):  # a container user with no passwd entry
        return "cli"


EXPORT_FORMATS = ("facts", "popolo", "csv", "graphml", "review")


@app.command(
    epilog=_examples(
        "politograph export OUT/ --format facts                    # docs.jsonl, entities.jsonl, facts.jsonl as FORMAT.md",
        "politograph export kb.json --format popolo",
        "politograph export csv/ --format csv                      # one CSV per table",
        "politograph export kb.graphml --format graphml --at 2014-10-01",
        "politograph export review.jsonl --format review           # flags, merges, splits, verdicts as training data",
    )
)
def export(
    target: Annotated[Path, typer.Argument(help="Output folder (facts, csv) or file (popolo: .json, graphml: .graphml).")],
    format: Annotated[str, typer.Option("--format", "-f", help="facts (FORMAT.md corpus), popolo, csv (per table), graphml, review (decisions, JSON Lines).")] = "facts",
    at: Annotated[str | None, typer.Option(help="graphml: the day whose relations to draw (YYYY-MM-DD; default today).")] = None,
    db: DbOption = database_url(),
) -> None:
    """Export the store: the FORMAT.md corpus, Popolo JSON, CSV per table, or a GraphML graph as of a day."""
    from politograph.export.facts_format import export_facts
    from politograph.export.graph import export_graphml
    from politograph.export.popolo import export_popolo
    from politograph.export.review import export_review
    from politograph.export.tables import export_csv

    if format not in EXPORT_FORMATS:
        raise _fail(f"unknown format {format!r}; available: {', '.join(EXPORT_FORMATS)}")
    day = _parse_day(at, "--at") or date.today()
    writers = {
        "facts": lambda store: export_facts(store, target),
        "popolo": lambda store: export_popolo(store, target),
        "csv": lambda store: export_csv(store, target),
        "graphml": lambda store: export_graphml(store, target, day),
        "review": lambda store: export_review(store, target),
    }
    store = _open_store(db)
    try:
        written = writers[format](store)
    except OSError as exc:
        raise _fail(f"{target}: cannot write ({exc.strerror})") from exc
    finally:
        store.close()
    out.print(", ".join(f"{name}: {count}" for name, count in written.items()) + f" -> {target}")


@app.command(
    name="spark-extract",
    epilog=_examples("politograph spark-extract archive/ --out parquet/ --cores 8", "politograph spark-extract a.warc.gz b.warc.gz --out parquet/ --partitions 16"),
)
def spark_extract(
    paths: Annotated[list[str], typer.Argument(help="Input files or folders (WARC, JSON Lines, HTML, feeds, text).")],
    target: Annotated[Path, typer.Option("--out", "-o", help="Folder for the Parquet tables (documents, entities, mentions, facts, problems).")],
    cores: Annotated[int, typer.Option(callback=_whole("--cores", 1, 1024), help="Local Spark cores, 1 to 1,024.")] = 2,
    partitions: Annotated[
        int | None, typer.Option(callback=_whole("--partitions", 1, 100_000), help="Groups of input files, one Spark partition each, 1 to 100,000 (default: 4 per core).")
    ] = None,
    published: Annotated[str | None, typer.Option(help="Publication date (YYYY-MM-DD) for inputs that carry none.")] = None,
    source: Annotated[str | None, typer.Option(help="Outlet name for inputs that carry none.")] = None,
    packs: PacksOption = None,
) -> None:
    """Run the extractor as a PySpark job (local mode) and write Parquet; `politograph load` stores it."""
    from politograph.ingest.readers import IngestError

    try:
        from politograph.spark.job import run_spark_extract
    except ImportError as exc:
        raise _fail(f"PySpark is not installed ({exc.name}); install politograph[spark]") from exc
    day = _parse_day(published, "--published")
    try:
        report = run_spark_extract(paths, target, cores, partitions, day, source, _pack_choice(packs))
    except IngestError as exc:
        raise _fail(str(exc)) from exc
    counts = ", ".join(f"{n} {table}" for table, n in report.rows.items())
    out.print(f"wrote {counts} to {target} ({report.partitions} partitions)")


@app.command(epilog=_examples("politograph load parquet/", "politograph load parquet/ --db postgresql+psycopg://host/politograph"))
def load(
    folder: Annotated[Path, typer.Argument(help="Output folder of spark-extract.")],
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No progress bar.")] = False,
    db: DbOption = database_url(),
) -> None:
    """Bulk-load spark-extract's Parquet into the store (documents already stored are skipped)."""
    from politograph.progress import Quiet, RichProgress
    from politograph.spark.load import load_parquet

    store = _open_store(db)
    try:
        report = load_parquet(folder, store, Quiet() if quiet else RichProgress())
    except FileNotFoundError as exc:
        raise _fail(str(exc)) from exc
    finally:
        store.close()
    _print_report(report)


@app.command(
    name="eval",
    epilog=_examples(
        "politograph export OUT/ && politograph eval GOLD/ OUT/",
        "politograph eval GOLD/ OUT/ --misses 20          # and the first 20 missed facts and false alarms",
    ),
)
def evaluate(
    gold: Annotated[Path, typer.Argument(help="Gold corpus folder (entities.jsonl, facts.jsonl).")],
    pred: Annotated[Path, typer.Argument(help="Predicted corpus folder, e.g. from `politograph export`.")],
    misses: Annotated[int, typer.Option(callback=_whole("--misses", 0, 1_000_000), help="Show this many missed gold facts and false alarms.")] = 0,
) -> None:
    """Score predictions against gold per FORMAT.md: P/R/F1 per type, entity F1, time and modality accuracy."""
    from politograph.eval.scorer import EvalError, score

    try:
        scores = score(gold, pred)
    except EvalError as exc:
        raise _fail(str(exc)) from exc
    table = Table(title=f"politograph eval: {gold} vs {pred}")
    for column in ("type", "gold", "pred", "match", "P", "R", "F1"):
        table.add_column(column, justify="right" if column != "type" else "left")
    for kind in sorted(scores.facts):
        c = scores.facts[kind]
        table.add_row(kind, str(c.gold), str(c.predicted), str(c.true_positive), f"{c.precision:.2f}", f"{c.recall:.2f}", f"{c.f1:.2f}")
    c = scores.overall
    table.add_row("[bold]all facts", str(c.gold), str(c.predicted), str(c.true_positive), f"{c.precision:.2f}", f"{c.recall:.2f}", f"[bold]{c.f1:.2f}")
    e = scores.entities
    table.add_row("[bold]entities", str(e.gold), str(e.predicted), str(e.true_positive), f"{e.precision:.2f}", f"{e.recall:.2f}", f"[bold]{e.f1:.2f}")
    out.print(table)
    out.print(f"time accuracy {scores.time_accuracy:.2f}, modality accuracy {scores.modality_accuracy:.2f} (on {scores.matched} matched facts)")
    reliability = Table(title=f"calibration: Brier score {scores.brier:.3f} over {len(scores.confidences)} predicted facts")
    for column in ("confidence", "facts", "mean confidence", "right"):
        reliability.add_column(column, justify="right")
    for low, high, count, mean, right in scores.reliability():
        reliability.add_row(f"{low:.1f}–{high:.1f}", str(count), f"{mean:.2f}", f"{right:.2f}")
    out.print(reliability)
    for title, rows in (("missed", scores.misses[:misses]), ("false alarms", scores.false_alarms[:misses])):
        if rows:
            out.print(f"[bold]{title}:")
            for row in rows:
                out.print(
                    f"  {row['doc']} {row['type']} {row.get('subject')} | {row.get('object')} | {row.get('role') or row.get('value') or ''} "
                    f"when={row.get('when')} {row.get('modality')}",
                    highlight=False,
                )


corpus_app = typer.Typer(
    help="The training corpus: FORMAT.md folders written for the extractor to learn from.", no_args_is_help=True, epilog=_examples("politograph corpus check corpus/")
)
app.add_typer(corpus_app, name="corpus")


@corpus_app.command(
    "check",
    epilog=_examples(
        "politograph corpus check corpus/            # exit 1 when a problem is found; each names its file and line",
        "politograph corpus check corpus/part-3 --json",
    ),
)
def corpus_check(
    folder: Annotated[Path, typer.Argument(help="A FORMAT.md folder, or a folder of them (e.g. corpus/).")],
    as_json: Annotated[bool, typer.Option("--json", help="Print the report as JSON.")] = False,
) -> None:
    """Check a corpus: every evidence in its document, every alias in the text, every field and value one FORMAT.md allows."""
    import json

    from politograph.eval.corpus import CorpusReport, check_corpus, corpus_folders

    folders = corpus_folders(folder)
    if not folders:
        raise _fail(f"{folder}: no docs.jsonl here or below")
    total = CorpusReport()
    for part in folders:
        report = check_corpus(part)
        total.problems += report.problems
        total.documents += report.documents
        total.entities.update(report.entities)
        total.facts.update(report.facts)
        total.modalities.update(report.modalities)
    if as_json:
        record = {
            "documents": total.documents,
            "facts": sum(total.facts.values()),
            "by_type": dict(total.facts),
            "by_modality": dict(total.modalities),
            "entities": dict(total.entities),
            "problems": total.problems,
        }
        out.print_json(json.dumps(record))
    else:
        for problem in total.problems:
            err.print(problem, highlight=False, markup=False)
        facts, entities = sum(total.facts.values()), sum(total.entities.values())
        out.print(f"{len(folders)} folder(s), {total.documents} documents, {facts} facts, {entities} entities; {len(total.problems)} problems")
        out.print("facts by type: " + ", ".join(f"{t} {n}" for t, n in sorted(total.facts.items())), highlight=False)
        out.print("by modality: " + ", ".join(f"{t} {n}" for t, n in sorted(total.modalities.items())), highlight=False)
        out.print("entities by type: " + ", ".join(f"{t} {n}" for t, n in sorted(total.entities.items())), highlight=False)
    if total.problems:
        raise typer.Exit(1)


packs_app = typer.Typer(
    help="Packs: the shipped country packs, and world reference data imported from Party Facts and ParlGov.",
    no_args_is_help=True,
    epilog=_examples("politograph packs list", "politograph packs import parlgov ~/Downloads/parlgov/"),
)
app.add_typer(packs_app, name="packs")
packs_import_app = typer.Typer(
    help="Import a downloaded dataset into the world-data pack (README: 'World reference data').",
    no_args_is_help=True,
    epilog=_examples("politograph packs import partyfacts ~/Downloads/partyfactsdata/", "politograph packs import parlgov ~/Downloads/parlgov/"),
)
packs_app.add_typer(packs_import_app, name="import")

PackTargetOption = Annotated[Path | None, typer.Option("--to", help="Write the pack to DIR/world-data instead of the data folder (POLITOGRAPH_HOME) packs/.")]
PacksJsonOption = Annotated[bool, typer.Option("--json", help="Print the report as JSON.")]


def _run_import(importer: Callable[..., ImportReport], path: Path, to: Path | None, as_json: bool) -> None:
    """Run one importer and print what it read, skipped and wrote; a missing file or column is exit 1, the pack untouched."""
    import json

    from politograph.packs.importers import ImportFailure
    from politograph.progress import RichProgress

    try:
        report = importer(path, to, progress=RichProgress(unit="rows"))
    except ImportFailure as exc:
        raise _fail(f"{exc}; the pack was not changed") from exc
    except OSError as exc:
        raise _fail(f"cannot write the pack ({exc}); the pack was not changed") from exc
    if as_json:
        out.print_json(json.dumps(report.as_dict(), ensure_ascii=False))
        return
    for problem in report.problems[:SHOWN_PROBLEMS]:
        err.print(f"skipped {problem}", highlight=False, markup=False)
    if len(report.problems) > SHOWN_PROBLEMS:
        err.print(f"... and {len(report.problems) - SHOWN_PROBLEMS} more skipped rows (--json lists them all)", highlight=False, markup=False)
    for note in report.notes:
        err.print(note, highlight=False, markup=False)
    read = ", ".join(f"{name} {n}" for name, n in report.read.items())
    written = ", ".join(f"{name} {n}" for name, n in report.written.items())
    out.print(f"{report.source}: read {sum(report.read.values())} rows ({read}); skipped {report.skipped}; wrote {written} lines", highlight=False)
    out.print(f"pack: {report.folder} ({report.seconds:.1f} s)", highlight=False)


@packs_import_app.command(
    "partyfacts",
    epilog=_examples(
        "politograph packs import partyfacts ~/Downloads/partyfactsdata/",
        "politograph packs import partyfacts partyfacts-core-parties.csv --to ./packs --json",
    ),
)
def packs_import_partyfacts(
    path: Annotated[Path, typer.Argument(help="The folder holding partyfacts-core-parties.csv (and wikipedia.csv, wikidata.csv, parlgov.csv), or the core CSV itself.")],
    to: PackTargetOption = None,
    as_json: PacksJsonOption = False,
) -> None:
    """Import Party Facts: one entity per core party, with its names, country, years and Wikidata and ParlGov ids.

    Replaces the Party Facts part of the world-data pack and keeps its ParlGov part.

    Bad rows are reported as file:line and skipped; a missing file or column exits 1 and changes nothing.
    """
    from politograph.packs.importers.partyfacts import import_partyfacts

    _run_import(import_partyfacts, path, to, as_json)


@packs_import_app.command(
    "parlgov", epilog=_examples("politograph packs import parlgov ~/Downloads/parlgov/", "politograph packs import parlgov ~/Downloads/parlgov/ --to ./packs")
)
def packs_import_parlgov(
    path: Annotated[Path, typer.Argument(help="The folder holding ParlGov's party.csv, election.csv and view_cabinet.csv (or one of them).")],
    to: PackTargetOption = None,
    as_json: PacksJsonOption = False,
) -> None:
    """Import ParlGov: its parties, prime ministers, seats after each election, coalitions and premierships.

    Replaces the ParlGov part of the world-data pack and keeps its Party Facts part.

    Bad rows are reported as file:line and skipped; a missing file or column exits 1 and changes nothing.
    """
    from politograph.packs.importers.parlgov import import_parlgov

    _run_import(import_parlgov, path, to, as_json)


@packs_app.command("list", epilog=_examples("politograph packs list", "politograph packs list --json"))
def packs_list(as_json: PacksJsonOption = False) -> None:
    """The shipped and imported packs, with kind, source, version and entity and fact counts (read from the files)."""
    import json

    from politograph.packs import PACKS_DIR
    from politograph.packs.importers.listing import list_packs

    found = list_packs(PACKS_DIR)
    if as_json:
        out.print_json(json.dumps([summary.as_dict() for summary in found], ensure_ascii=False))
        return
    table = Table(title=f"{len(found)} packs")
    for column in ("name", "kind", "source", "version", "entities", "facts"):
        table.add_column(column, overflow="fold", justify="right" if column in ("entities", "facts") else "left")
    for s in found:
        table.add_row(s.name, s.kind, s.source, s.version, str(s.entities), str(s.facts))
    out.print(table)
    out.print("\n".join(f"{s.name}: {s.folder}" for s in found), highlight=False)


def _counts(scores: Scores, kind: str) -> Counts:
    """One row's counts: a fact type, all facts, or the entities."""
    return scores.overall if kind == "all facts" else scores.entities if kind == "entities" else scores.facts[kind]


def _scores_table(title: str, columns: dict[str, Scores]) -> Table:
    """Per-type P / R / F1 of one or more runs side by side, one cell per run."""
    table = Table(title=title)
    table.add_column("type")
    table.add_column("gold", justify="right")
    for name in columns:
        table.add_column(f"{name}: P / R / F1", justify="right")
    first = next(iter(columns.values()))
    kinds = sorted({k for s in columns.values() for k, c in s.facts.items() if c.gold or c.predicted})
    for kind in [*kinds, "all facts", "entities"]:
        cells = [f"{c.precision:.2f} / {c.recall:.2f} / {c.f1:.2f}" for c in (_counts(s, kind) for s in columns.values())]
        table.add_row(kind, str(_counts(first, kind).gold), *cells)
    table.add_row("time, modality acc.", "", *(f"{s.time_accuracy:.2f}, {s.modality_accuracy:.2f}" for s in columns.values()))
    table.add_row("Brier score", "", *(f"{s.brier:.3f}" for s in columns.values()))
    return table


@app.command(
    epilog=_examples(
        "politograph train corpus/ --out src/politograph/models     # rebuilds the shipped models (about 10 minutes on 2 cores)",
        "politograph train corpus/ --out build/model --no-eval",
        "politograph train corpus/ --out src/politograph/models --keep-ner   # the shipped NER stays, the classifier and verifier are refit",
    )
)
def train(
    corpus: Annotated[Path, typer.Argument(help="The corpus folder (FORMAT.md parts), e.g. corpus/.")] = Path("corpus"),
    out_dir: Annotated[Path, typer.Option("--out", help="Folder to write relations.npz to (the package's models/ folder ships it).")] = Path("build/model"),
    threshold: Annotated[
        float, typer.Option(callback=_share("--threshold"), help="Least confidence a fact needs to be stored, 0 to 1 (0.40 was chosen on the dev set).")
    ] = 0.40,
    no_eval: Annotated[bool, typer.Option("--no-eval", help="Skip scoring the held-out split.")] = False,
    keep_ner: Annotated[
        bool, typer.Option("--keep-ner", help="Keep the NER already in --out (political_ner/) and train only the classifier and the verifier.")
    ] = False,
) -> None:
    """Train the learned extractor from the corpus (fixed split and seed), then score the held-out split."""
    from politograph.progress import RichProgress
    from politograph.train import train as run_training
    from politograph.train.corpus import CorpusError

    try:
        result = run_training(corpus, out_dir, RichProgress(), threshold=threshold, evaluate=not no_eval, keep_ner=keep_ner)
    except CorpusError as exc:
        raise _fail(str(exc)) from exc
    relations = result.models.relations
    out.print(
        f"trained on {result.train_documents} documents ({result.examples} candidates, {len(relations.classes)} classes, "
        f"temperature {relations.temperature}); held out {result.held_out_documents}; wrote {result.folder}",
        highlight=False,
    )
    if result.before is not None and result.after is not None:
        out.print(_scores_table("held-out split: before (rules) and after (learned)", {"before": result.before, "after": result.after}))


@app.command(
    epilog=_examples("politograph stats", "politograph stats --json                 # as /api/stats", "politograph stats --db postgresql+psycopg://host/politograph")
)
def stats(as_json: JsonOption = False, as_csv: CsvOption = False, db: DbOption = database_url()) -> None:
    """How many documents, entities, mentions and facts the store holds."""
    chosen = _data_format(as_json, as_csv)
    if chosen is not None:
        from politograph.query.browse import Overview, overview

        document = _as_api(_ask(db, overview), Overview)
        _print_data(db, chosen, document, [document])
        return
    store = _open_store(db)
    counts = store.counts()
    by_type = store.fact_counts_by_type()
    store.close()
    out.print(", ".join(f"{name}: {n}" for name, n in counts.items()))
    if by_type:
        out.print("facts by type: " + ", ".join(f"{t} {n}" for t, n in by_type.items()))


@app.command(
    epilog=_examples(
        "politograph serve                                       # http://127.0.0.1:8000/, read-only",
        "POLITOGRAPH_TOKEN=secret politograph serve --port 8080  # ingest, merge and split over HTTP with that token",
    )
)
def serve(
    host: Annotated[str, typer.Option(help="Address to listen on (127.0.0.1: this machine only).")] = "127.0.0.1",
    port: Annotated[int, typer.Option(callback=_whole("--port", 1, 65535), help="Port to listen on.")] = 8000,
    token: Annotated[
        str | None, typer.Option(envvar="POLITOGRAPH_TOKEN", help="Operator token that allows ingest, merge and split over HTTP (default: none, read-only).")
    ] = None,
    max_body_mb: Annotated[int, typer.Option("--max-body-mb", callback=_whole("--max-body-mb", 1, 4096), help="Largest request body accepted, 1 to 4,096 MiB.")] = 25,
    packs: PacksOption = None,
    db: DbOption = database_url(),
) -> None:
    """Serve the web UI and the JSON API (OpenAPI docs at /api/docs) from the store."""
    import uvicorn

    from politograph.api.app import create_app
    from politograph.api.deps import ServerSettings
    from politograph.store.repository import StoreError

    try:
        application = create_app(ServerSettings(db, token or None, max_body_mb * 1024 * 1024, _pack_choice(packs)))
    except StoreError as exc:
        raise _fail(str(exc)) from exc
    shown = f"[{host}]" if ":" in host else host
    mode = "ingest, merge and split need the token" if token else "read-only (no --token)"
    out.print(f"politograph serving {db} at [bold]http://{shown}:{port}/[/bold] — API docs at http://{shown}:{port}/api/docs; {mode}. Ctrl+C stops.", highlight=False)
    try:
        uvicorn.run(application, host=host, port=port, log_level="warning")
    except OSError as exc:  # pragma: no cover - the port is taken
        raise _fail(f"cannot listen on {host}:{port} ({exc.strerror})") from exc

