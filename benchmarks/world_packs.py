"""World reference data: import time and size, and ingest throughput with and without it, in one run.

Imports Party Facts and ParlGov from `../shared/data/` (or the folders given)
into a temporary pack folder, timing each import; then ingests the same
documents (the throughput benchmark's corpus from examples/) into fresh
SQLite stores three times: with the country packs only (japan, uk), with the
built-in world pack, and with the world pack and the imported data.  Prints
seconds, documents/s and the ratios (target: within 10% of ingest without
them).

    .venv/bin/python benchmarks/world_packs.py [--docs 300] [--partyfacts DIR] [--parlgov DIR]
"""

from __future__ import annotations

import argparse
import tempfile
import time
from pathlib import Path

from throughput import corpus  # type: ignore[import-not-found]

from politograph.jobs import ingest_documents
from politograph.model import Document
from politograph.nlp.pipeline import load_nlp
from politograph.packs.importers.parlgov import import_parlgov
from politograph.packs.importers.partyfacts import import_partyfacts
from politograph.store.repository import Store

SHARED = Path(__file__).resolve().parents[2] / "shared" / "data"


def timed_import(target: Path, partyfacts: Path, parlgov: Path) -> tuple[float, float, Path]:
    started = time.perf_counter()
    import_partyfacts(partyfacts, to=target)
    middle = time.perf_counter()
    import_parlgov(parlgov, to=target)
    return middle - started, time.perf_counter() - middle, target / "world-data"


def timed_ingest(documents: list[Document], packs: tuple[str, ...], repeat: int) -> float:
    """Best of `repeat` ingests into a fresh store with these packs (pipeline and packs loaded beforehand)."""
    nlp = load_nlp(packs=packs)
    best = float("inf")
    for _ in range(repeat):
        with tempfile.TemporaryDirectory() as folder:
            store = Store(f"sqlite:///{folder}/bench.db", packs)
            store.load_reference()  # reference data is stored once per store, not per article
            started = time.perf_counter()
            ingest_documents(documents, store, nlp=nlp)
            best = min(best, time.perf_counter() - started)
            store.close()
    return best


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--docs", type=int, default=300)
    parser.add_argument("--repeat", type=int, default=2)
    parser.add_argument("--partyfacts", type=Path, default=SHARED / "partyfacts")
    parser.add_argument("--parlgov", type=Path, default=SHARED / "parlgov")
    args = parser.parse_args()
    documents = corpus(args.docs)
    with tempfile.TemporaryDirectory() as folder:
        pf_seconds, pg_seconds, imported = timed_import(Path(folder), args.partyfacts, args.parlgov)
        size = sum(f.stat().st_size for f in imported.iterdir()) / 2**20
        print(f"import partyfacts: {pf_seconds:.1f} s; import parlgov: {pg_seconds:.1f} s; pack size {size:.1f} MiB (target: both under 120 s)")
        choices = {"country packs only": ("japan", "uk"), "+ world pack": ("japan", "uk", "world"), "+ world and imported data": ("japan", "uk", "world", str(imported))}
        started = time.perf_counter()
        load_nlp(packs=choices["+ world and imported data"])
        print(f"loading the pipeline with every pack: {time.perf_counter() - started:.1f} s")
        seconds = {label: timed_ingest(documents, packs, args.repeat) for label, packs in choices.items()}
    base = seconds["country packs only"]
    for label, value in seconds.items():
        print(f"{label:28s} {len(documents) / value:7.1f} docs/s ({value:.2f} s)  ratio {value / base:.2f}")
    print("target: ingest with the world data within 10% of ingest without it (ratio <= 1.10)")


if __name__ == "__main__":
    main()
