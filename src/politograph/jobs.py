"""Jobs that run the stages in order: ingest -> nlp -> extract -> store.

The CLI, the benchmark and the tests call these functions; they hold no
logic of their own beyond wiring stages together and counting outcomes.
"""

from __future__ import annotations

import multiprocessing
from collections import deque
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date
from multiprocessing.pool import AsyncResult
from pathlib import Path

from spacy.language import Language

from politograph.extract import extract_document
from politograph.ingest.problems import ReadDocument
from politograph.ingest.readers import IngestProblem, Item, read_path
from politograph.model import Document, DocumentResult
from politograph.nlp.pipeline import AnalysisFailure, analyze, load_nlp
from politograph.progress import Progress, Quiet
from politograph.store.repository import Store

COMMIT_EVERY = 32
"""Documents per transaction: few enough that an interrupted ingest redoes little."""
WORK_CHUNK = 16
"""Documents per task sent to a worker: small enough that no worker idles long at the end."""


@dataclass(slots=True)
class IngestReport:
    """What an ingest did: stored, skipped as already known, and problems by file and line."""

    stored: int = 0
    skipped: int = 0
    facts: int = 0
    problems: list[IngestProblem] = field(default_factory=list)


def problem_with(document: Document, message: str) -> IngestProblem:
    """A problem with a document, named where it was read (file and line) when the reader said so, else by its id."""
    if isinstance(document, ReadDocument) and document.origin is not None:
        return document.origin.problem(message)
    return IngestProblem(document.id, None, message)


ZONE_DOCUMENTS = 256
"""Documents read inside one spaCy memory zone: the words and names they bring are forgotten after them."""


def process(documents: Iterable[Document], nlp: Language | None = None, batch_size: int = 32) -> Iterator[DocumentResult | IngestProblem]:
    """Run NLP and extraction over documents (no store involved); failures become problems.

    Every `ZONE_DOCUMENTS` documents are read inside a spaCy memory zone and
    their findings (plain records, no spaCy objects) are handed on after it:
    an archive of a million articles brings millions of names, which would
    otherwise stay in the pipeline's string store and tokenizer cache for
    the life of the process, so that reading grows slower as it goes.
    """
    nlp = nlp or load_nlp()
    for group in _chunks(documents, ZONE_DOCUMENTS):
        with nlp.memory_zone():
            found = list(_process_group(group, nlp, batch_size))
        yield from found


def _process_group(documents: Iterable[Document], nlp: Language, batch_size: int) -> Iterator[DocumentResult | IngestProblem]:
    """`process` for one group of documents.

    A text over the pipeline's `max_length` makes spaCy raise while the
    batch is being built, which would stop every document after it, so
    such a text is set aside first (readers already refuse it by line).
    """
    refused: list[IngestProblem] = []

    def fitting() -> Iterator[Document]:
        for document in documents:
            if len(document.text) > nlp.max_length:
                refused.append(problem_with(document, f"text is {len(document.text):,} characters, over the {nlp.max_length:,} the reader takes"))
            else:
                yield document

    for adoc in analyze(fitting(), nlp, batch_size=batch_size):
        yield from _drain(refused)
        if isinstance(adoc, AnalysisFailure):
            yield problem_with(adoc.document, f"could not analyse: {adoc.error!r}")
            continue
        try:
            found = extract_document(adoc)
            entities, mentions = found.joined(adoc)
            yield DocumentResult(adoc.document, entities, mentions, found.facts)
        except Exception as exc:  # one bad document must not stop the others
            yield problem_with(adoc.document, f"could not extract facts: {exc!r}")
    yield from _drain(refused)


def _drain(problems: list[IngestProblem]) -> Iterator[IngestProblem]:
    yield from problems
    problems.clear()


def _new_documents(items: Iterable[Item], store: Store, report: IngestReport, reprocess: bool = False, replace: bool = False) -> Iterator[Document]:
    """The documents to analyse: not yet stored (or all, with `reprocess`), each text once.

    An id met again with another text, in this input or in the store, is
    reported where it was read; with `replace`, the stored one gives way.
    """
    seen_hashes: set[str] = set()
    seen_ids: dict[str, Document] = {}
    for item in items:
        if isinstance(item, IngestProblem):
            report.problems.append(item)
            continue
        if item.hash in seen_hashes:
            report.skipped += 1
            continue
        earlier = seen_ids.get(item.id)
        if earlier is not None:
            report.problems.append(problem_with(item, f"id {item.id!r} was read before with a different text ({_where(earlier)}); give each article its own id"))
            continue
        status = store.document_status(item)
        if status == "changed" and not replace:
            report.problems.append(problem_with(item, f"id {item.id!r} is stored with a different text; use --replace to replace it"))
            continue
        if status == "stored" and not reprocess:
            report.skipped += 1
            continue
        seen_hashes.add(item.hash)
        seen_ids[item.id] = item
        yield item


def _where(document: Document) -> str:
    return str(document.origin) if isinstance(document, ReadDocument) and document.origin is not None else f"id {document.id!r}"


def _process_chunk(documents: list[Document], packs: tuple[str, ...] | None = None) -> list[DocumentResult | IngestProblem]:
    """One worker's share: a chunk of documents through NLP and extraction."""
    return list(process(documents, load_nlp(packs=packs)))


def _chunks(documents: Iterable[Document], size: int) -> Iterator[list[Document]]:
    chunk: list[Document] = []
    for document in documents:
        chunk.append(document)
        if len(chunk) == size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def process_parallel(
    documents: Iterable[Document], workers: int, chunk_size: int = WORK_CHUNK, packs: tuple[str, ...] | None = None
) -> Iterator[DocumentResult | IngestProblem]:
    """`process` in `workers` processes, results in input order.

    Each worker loads the spaCy model once (inherited from the parent where
    the platform forks).  At most two chunks per worker are in flight, so a
    million-document input is never read into memory ahead of the store.
    """
    load_nlp(packs=packs)  # loaded before forking: workers share its memory
    method = "fork" if "fork" in multiprocessing.get_all_start_methods() else "spawn"
    context = multiprocessing.get_context(method)
    with context.Pool(workers, initializer=load_nlp, initargs=(None, packs)) as pool:
        pending: deque[AsyncResult[list[DocumentResult | IngestProblem]]] = deque()
        for chunk in _chunks(documents, chunk_size):
            pending.append(pool.apply_async(_process_chunk, (chunk, packs)))
            if len(pending) >= 2 * workers:
                yield from pending.popleft().get()
        while pending:
            yield from pending.popleft().get()


def ingest_documents(
    items: Iterable[Item],
    store: Store,
    progress: Progress | None = None,
    total: int | None = None,
    workers: int = 1,
    reprocess: bool = False,
    nlp: Language | None = None,
    replace: bool = False,
) -> IngestReport:
    """Store every new document with its findings; one document's failure loses no other.

    Documents are committed `COMMIT_EVERY` at a time, so an ingest killed at
    any moment keeps whole documents only, and re-running it skips them.
    With `reprocess`, stored documents are analysed again and their findings
    replaced; with `replace`, a document whose id is stored with another
    text replaces it, with its facts (users' merge and split decisions apply
    again in both cases: they are kept by entity key, not by document).
    The packs' reference facts are stored or refreshed first.  A
    long-running caller (the HTTP server) passes its loaded `nlp` so it is
    not loaded per call.
    """
    report = IngestReport()
    store.load_reference()
    new = _new_documents(items, store, report, reprocess, replace)
    packs = store.pack_choice  # one choice per run: the store's packs resolve what the pipeline's packs found
    results = process_parallel(new, workers, packs=packs) if workers > 1 else process(new, nlp or load_nlp(packs=packs))
    return store_results(results, store, progress, total, report, replace=reprocess or replace)


def store_results(
    results: Iterable[DocumentResult | IngestProblem],
    store: Store,
    progress: Progress | None = None,
    total: int | None = None,
    report: IngestReport | None = None,
    replace: bool = False,
) -> IngestReport:
    """Commit findings `COMMIT_EVERY` documents at a time (ingest, and `politograph load` of Spark output: `spark/load.py`)."""
    report = report or IngestReport()
    pending: list[DocumentResult] = []
    for result in (progress or Quiet()).track(results, "ingest", total=total):
        if isinstance(result, IngestProblem):
            report.problems.append(result)
            continue
        pending.append(result)
        if len(pending) >= COMMIT_EVERY:
            _save(store, pending, report, replace)
    _save(store, pending, report, replace)
    return report


def _save(store: Store, pending: list[DocumentResult], report: IngestReport, replace: bool = False) -> None:
    """Write the pending documents in one transaction and count them; empties `pending`."""
    if not pending:
        return
    outcomes: list[bool | None]
    try:
        outcomes = list(store.save_many(pending, replace))
    except Exception:  # retry one by one, so one bad document loses no other
        outcomes = [_save_one(store, result, report, replace) for result in pending]
    for result, stored in zip(pending, outcomes, strict=True):
        if stored is None:
            continue
        if stored:
            report.stored += 1
            report.facts += len(result.facts)
        else:
            report.skipped += 1
    pending.clear()


def _save_one(store: Store, result: DocumentResult, report: IngestReport, replace: bool = False) -> bool | None:
    """Save one document; None (and a problem on the report) if the database refused it."""
    try:
        return store.save_many([result], replace)[0]
    except Exception as exc:
        report.problems.append(problem_with(result.document, f"could not store: {exc!r}"))
        return None


def ingest_paths(
    paths: list[str],
    store: Store,
    published: date | None = None,
    source: str | None = None,
    progress: Progress | None = None,
    workers: int = 1,
    reprocess: bool = False,
    replace: bool = False,
) -> IngestReport:
    """Ingest files, folders or `-` (stdin); see `politograph.ingest.readers.read_path`.

    A path that cannot be read is a problem of the report like a bad line:
    the other paths are still read and stored.
    """

    def items() -> Iterator[Item]:
        for path in paths:
            yield from read_path(path, published, source)

    total = None
    if all(p != "-" and Path(p).is_file() and Path(p).suffix.lower() in (".jsonl", ".ndjson") for p in paths):
        total = sum(_count_lines(Path(p)) for p in paths)
    return ingest_documents(items(), store, progress, total, workers, reprocess, replace=replace)


def _count_lines(path: Path) -> int:
    """Non-blank lines of a file, for the progress bar (an unreadable file counts none: its reader reports it)."""
    try:
        with path.open("rb") as handle:
            return sum(1 for line in handle if line.strip())
    except OSError:
        return 0
