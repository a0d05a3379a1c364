"""What the time model costs at ingest: the share of ingest CPU spent turning facts' times into the days they hold.

Ingest stores, for every fact, the first and last day it can hold
(`valid_from`, `valid_to`: `TimeValue.earliest`/`latest` in the store's fact
rows); every later state, end and term is derived at query time
(`query/states.py`). This ingests the example articles (or a folder given)
into a fresh store under cProfile and prints the seconds and the share of
ingest spent in those functions (target: under 5% of ingest).

    .venv/bin/python benchmarks/time_model_cost.py [PATH]
"""

from __future__ import annotations

import argparse
import cProfile
import pstats
import tempfile
from pathlib import Path

from politograph.ingest.readers import read_path
from politograph.jobs import ingest_documents
from politograph.model import Document
from politograph.nlp.pipeline import load_nlp
from politograph.store.repository import Store

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"
TIME_MODEL = ("earliest", "latest", "_fact_rows")
TARGET_SHARE = 0.05


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("path", nargs="?", type=Path, default=EXAMPLES)
    options = parser.parse_args()
    documents = [item for item in read_path(options.path) if isinstance(item, Document)]
    nlp = load_nlp()
    with tempfile.TemporaryDirectory() as folder:
        store = Store(f"sqlite:///{folder}/cost.db")
        store.load_reference()
        profile = cProfile.Profile()
        profile.enable()
        ingest_documents(documents, store, nlp=nlp)
        profile.disable()
        store.close()
    stats = pstats.Stats(profile).stats  # type: ignore[attr-defined]  # typeshed leaves the table out

    def cumulative(name: str) -> float:
        return sum(row[3] for key, row in stats.items() if key[2] == name)

    whole = cumulative("ingest_documents")
    interval = cumulative("earliest") + cumulative("latest")
    print(f"ingest of {len(documents)} documents: {whole:.2f} s CPU under the profiler")
    for name in TIME_MODEL:
        print(f"  {name:12s} {cumulative(name):6.3f} s  {100 * cumulative(name) / whole:5.2f}%")
    print(f"time model (earliest + latest): {100 * interval / whole:.2f}% of ingest (target < {100 * TARGET_SHARE:.0f}%)")


if __name__ == "__main__":
    main()
