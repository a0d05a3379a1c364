"""`politograph spark-extract`: the same extractor as a PySpark job, written as Parquet.

Input files are split into groups, one Spark partition per group; each
Python worker loads the spaCy model once (`load_nlp` is cached per process
and Spark reuses its Python workers) and runs exactly the code of a plain
ingest over its files.  The output is one Parquet dataset per table of
`records.ALL_TABLES` (the findings and the input's problems), written by
`parquet.PartitionWriter` and ready for `politograph load` (`load.load_parquet`).
"""

from __future__ import annotations

import os
import shutil
import sys
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from politograph.ingest.readers import IngestError, files_under, input_format
from politograph.spark.parquet import PartitionWriter
from politograph.spark.records import ALL_TABLES, TABLES

if TYPE_CHECKING:
    from pyspark.sql import SparkSession


@dataclass(slots=True)
class SparkReport:
    """Rows written per table, and the partitions the input was split into."""

    partitions: int
    rows: dict[str, int]


def input_files(paths: list[str]) -> list[str]:
    """Every readable input file under the given files and folders, in a stable order."""
    found: list[str] = []
    for raw in paths:
        path = Path(raw)
        if not path.exists():
            raise IngestError(f"{path}: no such file or folder")
        if path.is_dir():
            found.extend(str(p) for p in files_under(path))
        elif input_format(path) is None:
            raise IngestError(f"{path}: unknown input format")
        else:
            found.append(str(path))
    return found


def groups_of(files: list[str], partitions: int) -> list[list[str]]:
    """Files dealt round-robin into at most `partitions` groups (big and small files mix)."""
    count = max(1, min(partitions, len(files)))
    return [files[i::count] for i in range(count)]


def extract_partition(
    paths: Iterable[list[str]], published: str | None, source: str | None, packs: tuple[str, ...] | None = None
) -> Iterator[tuple[str, dict[str, object]]]:
    """One partition: read its files, run NLP and extraction, yield (table, row)."""
    # imported here, in the Python worker, so that the Spark driver never loads spaCy (two seconds)
    from politograph.ingest.problems import IngestProblem
    from politograph.ingest.readers import read_path
    from politograph.jobs import process
    from politograph.model import Document
    from politograph.nlp.pipeline import load_nlp
    from politograph.spark.records import to_records

    nlp = load_nlp(packs=packs)
    day = date.fromisoformat(published) if published else None
    seen: set[str] = set()
    for group in paths:
        for path in group:
            documents: list[Document] = []
            try:
                for item in read_path(path, day, source):
                    if isinstance(item, IngestProblem):
                        yield "problems", {"path": item.path, "line": item.line, "message": item.message}
                    elif item.hash not in seen:
                        seen.add(item.hash)
                        documents.append(item)
            except IngestError as exc:
                yield "problems", {"path": path, "line": None, "message": str(exc)}
            for result in process(documents, nlp):
                if isinstance(result, IngestProblem):
                    yield "problems", {"path": result.path, "line": result.line, "message": result.message}
                    continue
                yield from to_records(result)


def write_partition(
    index: int, groups: Iterable[list[str]], out: str, published: str | None, source: str | None, packs: tuple[str, ...] | None = None
) -> Iterator[tuple[str, int]]:
    """Extract one partition's files into its own Parquet files; yield rows written per table."""
    writer = PartitionWriter(Path(out), index)
    for table, row in extract_partition(groups, published, source, packs):
        writer.add(table, row)
    yield from writer.close().items()


def spark_session(cores: int) -> SparkSession:
    """A local Spark session whose Python workers run this interpreter (and so see politograph)."""
    from pyspark.sql import SparkSession

    os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
    os.environ.setdefault("PYSPARK_DRIVER_PYTHON", sys.executable)
    session = (
        SparkSession.builder.master(f"local[{cores}]")
        .appName("politograph")
        .config("spark.ui.enabled", "false")
        .config("spark.ui.showConsoleProgress", "false")
        .config("spark.python.worker.reuse", "true")
        .config("spark.sql.session.timeZone", "UTC")
        .config("spark.driver.memory", "2g")
        .getOrCreate()
    )
    session.sparkContext.setLogLevel("ERROR")
    return session


def run_spark_extract(
    paths: list[str],
    out: Path,
    cores: int = 2,
    partitions: int | None = None,
    published: date | None = None,
    source: str | None = None,
    packs: tuple[str, ...] | None = None,
) -> SparkReport:
    """Extract from every input file with Spark in local mode; write Parquet under `out`."""
    files = input_files(paths)
    if not files:
        raise IngestError("no input files found")
    groups = groups_of(files, partitions or 4 * cores)
    for table in ALL_TABLES:  # a re-run replaces the previous output
        shutil.rmtree(out / table, ignore_errors=True)
    os.environ.setdefault("SPARK_LOCAL_IP", "127.0.0.1")
    spark = spark_session(cores)
    day = published.isoformat() if published else None
    target = str(out.resolve())
    try:
        one_group_each = spark.sparkContext.parallelize(groups, len(groups))
        counted = one_group_each.mapPartitionsWithIndex(lambda index, part: write_partition(index, part, target, day, source, packs)).reduceByKey(lambda a, b: a + b)
        written = dict(counted.collect())
    finally:
        spark.stop()
    return SparkReport(len(groups), {table: written.get(table, 0) for table in ALL_TABLES})


__all__ = ["TABLES", "SparkReport", "extract_partition", "groups_of", "input_files", "run_spark_extract"]
