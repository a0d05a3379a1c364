"""`politograph load`: spark-extract's output stored as an ingest would store the same documents.

The rows become `DocumentResult`s again (`records.from_records`) and go
through `jobs.store_results`, the path every ingest takes, so resolution,
batching and skipping what is stored are the same; the problems the job met
reading its input are the report's, as an ingest's would be.
"""

from __future__ import annotations

from pathlib import Path

from politograph.jobs import IngestReport, store_results
from politograph.progress import Progress
from politograph.spark.parquet import read_output
from politograph.spark.records import from_records
from politograph.store.repository import Store


def load_parquet(folder: Path, store: Store, progress: Progress | None = None) -> IngestReport:
    """Store the Parquet tables `spark-extract` wrote; documents already stored are skipped."""
    tables, problems = read_output(folder)
    report = IngestReport(problems=problems)
    store.load_reference()
    return store_results(from_records(tables), store, progress, len(tables["documents"]), report)
