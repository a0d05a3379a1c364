"""Ingest throughput against bare spaCy on the same texts, in one run.

Builds a corpus of at least 500 documents from examples/ (each article
repeated with a varying id and a varying closing sentence so every document is
new to the store), ingests it into a fresh SQLite store, and times `nlp.pipe`
of the same spaCy model over the same texts.  Prints documents/s, words/s,
peak memory and the ratio politograph / bare spaCy (target <= 1.3).

    .venv/bin/python benchmarks/throughput.py [--docs 500]
"""

from __future__ import annotations

import argparse
import json
import resource
import tempfile
import time
from datetime import date
from pathlib import Path

import spacy

from politograph.jobs import ingest_documents
from politograph.model import Document
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


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--docs", type=int, default=500)
    args = parser.parse_args()
    documents = corpus(args.docs)
    words = sum(len(d.text.split()) for d in documents)

    bare = spacy.load(spacy_model())
    list(bare.pipe(["warm up"]))
    started = time.perf_counter()
    for _ in bare.pipe((d.text for d in documents), batch_size=32):
        pass
    bare_seconds = time.perf_counter() - started

    with tempfile.TemporaryDirectory() as folder:
        store = Store(f"sqlite:///{folder}/bench.db")
        from politograph.nlp.pipeline import load_nlp

        load_nlp()  # model loading is not ingest throughput
        started = time.perf_counter()
        report = ingest_documents(documents, store)
        ours_seconds = time.perf_counter() - started
        store.close()

    peak_mib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"documents: {len(documents)}, words: {words}, stored: {report.stored}, facts: {report.facts}")
    print(f"bare spaCy ({spacy_model()}): {len(documents) / bare_seconds:8.1f} docs/s {words / bare_seconds:10.0f} words/s  ({bare_seconds:.2f} s)")
    print(f"politograph ingest:          {len(documents) / ours_seconds:8.1f} docs/s {words / ours_seconds:10.0f} words/s  ({ours_seconds:.2f} s)")
    print(f"peak memory: {peak_mib:.0f} MiB")
    print(f"ratio politograph / bare spaCy (time): {ours_seconds / bare_seconds:.2f}  (target <= 1.3)")


if __name__ == "__main__":
    main()
