"""Ingest throughput against bare spaCy on the same texts, in one run.

Builds a corpus of at least 500 documents from examples/ (each article
repeated with a varying id and a varying closing sentence so every document is
new to the store), ingests it into a fresh SQLite store, and times `nlp.pipe`
of the same spaCy model over the same texts.  Prints documents/s, words/s,
peak memory and the ratio politograph / bare spaCy (target <= 1.5), and the
throughput with only the foundation extractors against the full inventory,
and `--workers 2` against `--workers 1`.

    .venv/bin/python benchmarks/throughput.py [--docs 500]
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import tempfile
import time
from datetime import date
from pathlib import Path

import spacy

from politograph.extract import REGISTRY
from politograph.jobs import IngestReport, ingest_documents
from politograph.model import Document
from politograph.nlp.pipeline import load_nlp
from politograph.settings import spacy_model
from politograph.store.repository import Store

EXAMPLES = Path(__file__).resolve().parent.parent / "examples" / "realignment.jsonl"


def corpus(size: int) -> list[Document]:
    records = [json.loads(line) for line in EXAMPLES.read_text(encoding="utf-8").splitlines() if line.strip()]
    documents = []
    for n in range(size):
        record = records[n % len(records)]
        text = f"{record['text']} This is benchmark copy number {n}."
        documents.append(Document(f"{record['id']}-{n}", text, date.fromisoformat(record["published"])))
    return documents


FOUNDATION_TYPES = ("role", "member", "seats")


def timed_ingest(documents: list[Document], only: tuple[str, ...] | None, workers: int = 1) -> tuple[float, IngestReport]:
    """Seconds to ingest into a fresh SQLite store, with all extractors or only some."""
    kept = dict(REGISTRY)
    if only is not None:
        for name in list(REGISTRY):
            if name not in only:
                del REGISTRY[name]
    try:
        with tempfile.TemporaryDirectory() as folder:
            store = Store(f"sqlite:///{folder}/bench.db")
            started = time.perf_counter()
            report = ingest_documents(documents, store, workers=workers)
            seconds = time.perf_counter() - started
            store.close()
    finally:
        REGISTRY.clear()
        REGISTRY.update(kept)
    return seconds, report


def timed_bare(nlp: spacy.language.Language, documents: list[Document]) -> float:
    """Seconds for bare `nlp.pipe` over the same texts."""
    started = time.perf_counter()
    for _ in nlp.pipe((d.text for d in documents), batch_size=32):
        pass
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--docs", type=int, default=500)
    parser.add_argument("--workers", type=int, default=2, help="processes for the parallel run (against --workers 1)")
    parser.add_argument("--repeat", type=int, default=2, help="time each run this many times and keep the best, as timeit does")
    args = parser.parse_args()
    documents = corpus(args.docs)
    words = sum(len(d.text.split()) for d in documents)

    bare = spacy.load(spacy_model())
    list(bare.pipe(d.text for d in documents[:40]))  # warm up
    bare_seconds = min(timed_bare(bare, documents) for _ in range(args.repeat))

    load_nlp()  # model loading is not ingest throughput
    timed_ingest(documents[:40], None)  # warm caches so neither timed run pays for them
    foundation_seconds = min(timed_ingest(documents, FOUNDATION_TYPES)[0] for _ in range(args.repeat))
    runs = [timed_ingest(documents, None) for _ in range(args.repeat)]
    ours_seconds, report = min(runs, key=lambda run: run[0])
    parallel_seconds = min(timed_ingest(documents, None, workers=args.workers)[0] for _ in range(args.repeat))

    peak_mib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"documents: {len(documents)}, words: {words}, stored: {report.stored}, facts: {report.facts}")
    print(f"bare spaCy ({spacy_model()}): {len(documents) / bare_seconds:8.1f} docs/s {words / bare_seconds:10.0f} words/s  ({bare_seconds:.2f} s)")
    print(f"politograph ingest:          {len(documents) / ours_seconds:8.1f} docs/s {words / ours_seconds:10.0f} words/s  ({ours_seconds:.2f} s)")
    print(f"politograph --workers {args.workers}:   {len(documents) / parallel_seconds:8.1f} docs/s  ({parallel_seconds:.2f} s)")
    print(f"speed-up --workers {args.workers} / --workers 1: {ours_seconds / parallel_seconds:.2f}  (target >= 1.7 on 2 cores; this machine has {os.cpu_count()})")
    print(f"peak memory (main process): {peak_mib:.0f} MiB")
    print(f"ratio politograph / bare spaCy (time): {ours_seconds / bare_seconds:.2f}  (target <= 1.5 with the learned NER and classifier)")
    foundation_rate, full_rate = len(documents) / foundation_seconds, len(documents) / ours_seconds
    print(f"role+member+seats only:      {foundation_rate:8.1f} docs/s; all {len(REGISTRY)} fact types: {full_rate:.1f} docs/s")
    print(f"throughput change from the full inventory: {100 * (full_rate / foundation_rate - 1):+.1f}%  (limit -20%)")


if __name__ == "__main__":
    main()
