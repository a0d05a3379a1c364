"""The Spark job in local mode against the plain ingest, on the same files.

Writes the throughput corpus (see throughput.py) as JSON Lines files, runs
`spark-extract` in local mode on `--cores` cores (Spark start-up included,
as a user would pay it), and `politograph ingest` with one and with
`--cores` workers.  Prints documents/s of each and the ratios.

    .venv/bin/python benchmarks/spark.py [--docs 1000] [--cores 2] [--files 8]
"""

from __future__ import annotations

import argparse
import json
import tempfile
import time
from pathlib import Path

from throughput import corpus

from politograph.jobs import ingest_paths
from politograph.nlp.pipeline import load_nlp
from politograph.spark.job import run_spark_extract
from politograph.store.repository import Store


def write_files(folder: Path, docs: int, files: int) -> None:
    documents = corpus(docs)
    for n in range(files):
        with (folder / f"part-{n:03d}.jsonl").open("w", encoding="utf-8") as handle:
            for document in documents[n::files]:
                handle.write(json.dumps({"id": document.id, "published": document.published.isoformat(), "text": document.text}) + "\n")


def timed_ingest(folder: Path, workers: int) -> float:
    with tempfile.TemporaryDirectory() as scratch:
        store = Store(f"sqlite:///{scratch}/bench.db")
        started = time.perf_counter()
        ingest_paths([str(folder)], store, workers=workers)
        seconds = time.perf_counter() - started
        store.close()
    return seconds


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--docs", type=int, default=1000)
    parser.add_argument("--cores", type=int, default=2)
    parser.add_argument("--files", type=int, default=8, help="input files (Spark deals them into partitions)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as scratch:
        folder = Path(scratch) / "inputs"
        folder.mkdir()
        write_files(folder, args.docs, args.files)
        started = time.perf_counter()
        report = run_spark_extract([str(folder)], Path(scratch) / "parquet", cores=args.cores)
        spark_seconds = time.perf_counter() - started
        load_nlp()
        plain_seconds = timed_ingest(folder, 1)
        parallel_seconds = timed_ingest(folder, args.cores)
    docs = report.rows["documents"]
    print(f"documents: {docs} in {args.files} files; Spark partitions: {report.partitions}; facts: {report.rows['facts']}")
    print(f"spark-extract local[{args.cores}] (start-up included): {docs / spark_seconds:7.1f} docs/s  ({spark_seconds:.1f} s)")
    print(f"ingest --workers 1:                         {docs / plain_seconds:7.1f} docs/s  ({plain_seconds:.1f} s)")
    print(f"ingest --workers {args.cores}:                         {docs / parallel_seconds:7.1f} docs/s  ({parallel_seconds:.1f} s)")
    print(f"spark / ingest --workers 1: {plain_seconds / spark_seconds:.2f}x; spark / ingest --workers {args.cores}: {parallel_seconds / spark_seconds:.2f}x")


if __name__ == "__main__":
    main()
