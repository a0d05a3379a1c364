"""Ingest speed as one store grows: documents/s of each chunk, and the last chunk against the first.

Generates an archive of short articles (two to four sentences) about
invented parties, people and towns whose names are built from syllables, so
no two actors share a name and the store's entities grow with every chunk,
as they do with real news.  About half the names in each article are new,
the rest were named by earlier articles (so resolution finds known names as
well as new ones).  The archive is ingested into ONE SQLite store chunk by
chunk; the script prints each chunk's documents/s (by the clock, and by
this process's CPU time, which other load on a shared machine changes
less), the milliseconds per document spent writing to the store
(resolution included: the part that could grow with it), the store's size
after the chunk, and the growth ratio: the last chunk's documents/s over
the first's (target >= 0.9 up to 100,000 documents stored).

    .venv/bin/python benchmarks/growth.py [--docs 20000] [--chunk 2000] [--db sqlite:///grow.db]
    .venv/bin/python benchmarks/growth.py --store-path --docs 100000 --chunk 10000 --db sqlite:////tmp/grow.db   # the store alone
    .venv/bin/python benchmarks/growth.py --db sqlite:////tmp/grow.db --skip 100000 --docs 2000 --chunk 2000    # then the full ingest on top
"""

from __future__ import annotations

import argparse
import random
import tempfile
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from politograph.jobs import ingest_documents, process, store_results
from politograph.model import Document, DocumentResult, Entity, Evidence, Fact, Mention
from politograph.nlp.pipeline import load_nlp
from politograph.store.repository import Store

SYLLABLES = (
    "ka", "ren", "do", "mi", "sa", "tor", "vel", "an", "lu", "bre", "ko", "nis", "ta", "mo", "ri", "zen", "pa", "lo", "ve", "shi",
    "gar", "un", "el", "bo", "dri", "fa", "ne", "os", "qui", "ha", "ber", "ti", "ju", "wen", "ma", "rog", "ce", "dal", "yo", "pe",
)  # fmt: skip
PARTY_FORMS = ("{} Party", "{} Renewal Party", "Party of {}", "{} Democratic Union", "{} People's Front", "{} Civic League")
WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
FIRST_DAY = date(2001, 1, 1)
SCRAMBLE = {"party": 7919, "person": 104729, "town": 1299709}
"""Multipliers prime to the number of syllables, so serial -> stem is one-to-one for each kind."""
NEW_SHARE = 0.5
"""Share of the names in an article that no earlier article used."""


def syllable_word(number: int, width: int) -> str:
    """The `number`-th word of `width` syllables, capitalised: distinct numbers give distinct words."""
    parts = []
    for _ in range(width):
        number, digit = divmod(number, len(SYLLABLES))
        parts.append(SYLLABLES[digit])
    return "".join(parts).capitalize()


@dataclass(slots=True)
class Names:
    """Invented names, each minted once; `pick` returns a new one or one already used, at random."""

    rng: random.Random
    minted: dict[str, int] = field(default_factory=lambda: {"party": 0, "person": 0, "town": 0})
    used: dict[str, list[str]] = field(default_factory=lambda: {"party": [], "person": [], "town": []})
    picked: list[tuple[str, str]] = field(default_factory=list)  # (kind, name) of the article being written

    def _mint(self, kind: str) -> str:
        serial = self.minted[kind]
        self.minted[kind] += 1
        space = len(SYLLABLES) ** 4
        stem = syllable_word((serial * SCRAMBLE[kind] + 13) % space, 4)  # a bijection: neighbours in order do not look alike
        if kind == "person":
            return f"{syllable_word((serial * 7 + 3) % len(SYLLABLES) ** 2, 2)} {stem}"
        if kind == "town":
            return stem
        return PARTY_FORMS[serial % len(PARTY_FORMS)].format(stem)

    def pick(self, kind: str) -> str:
        known = self.used[kind]
        if known and self.rng.random() >= NEW_SHARE:
            name = self.rng.choice(known)
        else:
            name = self._mint(kind)
            known.append(name)
        self.picked.append((kind, name))
        return name


SENTENCES: tuple[Callable[[Names, random.Random], str], ...] = (
    lambda n, r: f"{n.pick('person')}, the leader of the {n.pick('party')}, said on {r.choice(WEEKDAYS)} that the party would contest every seat in {n.pick('town')}.",
    lambda n, r: f"The {n.pick('party')} won {r.randint(2, 60)} seats in the {n.pick('town')} city assembly election.",
    lambda n, r: f"{n.pick('person')} left the {n.pick('party')} and joined the {n.pick('party')} last week.",
    lambda n, r: f"{n.pick('person')}, the mayor of {n.pick('town')}, met {n.pick('person')} in {n.pick('town')} on {r.choice(WEEKDAYS)}.",
    lambda n, r: f"The {n.pick('party')} and the {n.pick('party')} agreed to form a coalition in {n.pick('town')}.",
)


def archive(size: int, seed: int = 16) -> Iterator[Document]:
    """`size` short articles, the same for the same seed; names accumulate as an archive's do."""
    return (document for document, _ in archive_with_names(size, seed))


def archive_with_names(size: int, seed: int = 16) -> Iterator[tuple[Document, list[tuple[str, str]]]]:
    """The archive's articles, each with the (kind, name) pairs written into it."""
    rng = random.Random(seed)
    names = Names(rng)
    for number in range(size):
        names.picked = []
        sentences = [rng.choice(SENTENCES)(names, rng) for _ in range(rng.randint(2, 4))]
        published = FIRST_DAY + timedelta(days=rng.randrange(7000))
        yield Document(f"growth-{number:07d}", " ".join(sentences), published, source="Growth Benchmark Wire"), names.picked


ENTITY_TYPE_OF = {"party": "PARTY", "person": "PERSON", "town": "PLACE"}


def read_as_written(document: Document, picked: list[tuple[str, str]]) -> DocumentResult:
    """What a perfect reader finds in a generated article: each name an entity with its mentions, each person a member of
    the first party named. The store path alone (resolution and writes) gets the same work as after spaCy, without spaCy."""
    found: dict[str, Entity] = {}
    mentions: list[Mention] = []
    for kind, name in picked:
        entity = found.setdefault(name, Entity(name, ENTITY_TYPE_OF[kind], {name}))
        start = document.text.find(name)
        if start >= 0:
            mentions.append(Mention(document.id, start, start + len(name), name, entity.type, entity))
    parties = [name for kind, name in picked if kind == "party"]
    evidence = Evidence(document.id, 0, len(document.text), document.text[:200])
    facts = [
        Fact("member", name, parties[0], subject_type="PERSON", object_type="PARTY", evidence=evidence)
        for kind, name in dict.fromkeys(picked)
        if kind == "person" and parties
    ]
    return DocumentResult(document, list(found.values()), mentions, facts)


@dataclass(slots=True)
class Chunk:
    """One chunk's ingest: how many documents, how long, and the store's size after it."""

    documents: int
    seconds: float
    cpu_seconds: float  # this process's CPU time: what the chunk cost, whatever else the machine was running
    store_seconds: float  # of `seconds`, in the store's writes (resolution included): the part that could grow with the store
    stored_documents: int
    stored_entities: int

    @property
    def rate(self) -> float:
        return self.documents / self.seconds if self.seconds else 0.0

    @property
    def cpu_rate(self) -> float:
        return self.documents / self.cpu_seconds if self.cpu_seconds else 0.0


def continued(articles: Iterator[Document], skip: int) -> Iterator[Document]:
    """The archive after its first `skip` articles: new documents for a store that already holds those."""
    for _ in range(skip):
        next(articles)
    return articles


def measure(url: str, docs: int, chunk: int, report: Callable[[Chunk], None] = lambda c: None, skip: int = 0) -> list[Chunk]:
    """Ingest the archive into the store at `url` `chunk` documents at a time; each chunk's figures.

    The pipeline is loaded, warmed on a few other articles and the packs'
    reference data stored before the clock starts, so the first chunk pays
    for nothing the last does not.
    """
    nlp = load_nlp()
    for _ in process(archive(20, seed=99), nlp):  # warm-up, nothing stored
        pass
    store = Store(url)
    writing = _timed(store)
    try:
        store.load_reference()
        store.warm_resolution()  # a store already holding `skip` articles is indexed once per process, before the clock
        documents = continued(archive(skip + docs), skip)
        chunks: list[Chunk] = []
        for start in range(0, docs, chunk):
            batch = [next(documents) for _ in range(min(chunk, docs - start))]
            writing[0] = 0.0
            started, cpu_started = time.perf_counter(), time.process_time()
            outcome = ingest_documents(batch, store, nlp=nlp)
            seconds, cpu_seconds = time.perf_counter() - started, time.process_time() - cpu_started
            counts = store.counts()
            if outcome.problems:
                raise RuntimeError(f"chunk at {start}: {outcome.problems[0]}")
            chunks.append(Chunk(len(batch), seconds, cpu_seconds, writing[0], counts["documents"], counts["entities"]))
            report(chunks[-1])
        return chunks
    finally:
        store.close()


def measure_store_path(url: str, docs: int, chunk: int, report: Callable[[Chunk], None] = lambda c: None) -> list[Chunk]:
    """As `measure`, with each article read by `read_as_written` instead of the pipeline: only the store's work is timed."""
    store = Store(url)
    try:
        store.load_reference()
        articles = archive_with_names(docs)
        chunks: list[Chunk] = []
        for start in range(0, docs, chunk):
            batch = [read_as_written(*next(articles)) for _ in range(min(chunk, docs - start))]
            started, cpu_started = time.perf_counter(), time.process_time()
            outcome = store_results(batch, store)
            seconds, cpu_seconds = time.perf_counter() - started, time.process_time() - cpu_started
            if outcome.problems:
                raise RuntimeError(f"chunk at {start}: {outcome.problems[0]}")
            counts = store.counts()
            chunks.append(Chunk(len(batch), seconds, cpu_seconds, seconds, counts["documents"], counts["entities"]))
            report(chunks[-1])
        return chunks
    finally:
        store.close()


def _timed(store: Store) -> list[float]:
    """Wrap this store's `save_many` so the seconds spent in it add up in the returned one-item list."""
    spent = [0.0]
    save_many = store.save_many

    def timed(*args: Any, **kwargs: Any) -> list[bool]:
        started = time.perf_counter()
        try:
            return save_many(*args, **kwargs)
        finally:
            spent[0] += time.perf_counter() - started

    store.save_many = timed  # type: ignore[method-assign]
    return spent


def growth_ratio(chunks: list[Chunk], cpu: bool = False) -> float:
    """The last chunk's documents/s over the first's (1.0: no slower with a fuller store)."""
    first, last = (chunks[0].cpu_rate, chunks[-1].cpu_rate) if cpu else (chunks[0].rate, chunks[-1].rate)
    return last / first if first else 0.0


def print_chunk(number: int, found: Chunk) -> None:
    store = f"{found.stored_documents:7d} documents, {found.stored_entities:7d} entities"
    speed = f"{found.rate:6.1f} docs/s ({found.seconds:6.1f} s, {1000 * found.store_seconds / found.documents:5.2f} ms/doc writing; CPU {found.cpu_rate:6.1f} docs/s)"
    print(f"chunk {number:3d}: {speed}  store after it: {store}", flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--docs", type=int, default=20000, help="documents in the archive")
    parser.add_argument("--chunk", type=int, default=2000, help="documents per timed chunk")
    parser.add_argument("--db", help="store URL (default: a new SQLite file in a temporary folder)")
    parser.add_argument("--skip", type=int, default=0, help="start after this many articles of the archive (a --db that holds them already)")
    parser.add_argument("--store-path", action="store_true", help="time the store alone: articles read as written, without spaCy (reaches 100,000 documents in minutes)")
    args = parser.parse_args()
    if args.docs < 1 or args.chunk < 1:
        parser.error("--docs and --chunk must be at least 1")
    seen = 0

    def report(found: Chunk) -> None:
        nonlocal seen
        seen += 1
        print_chunk(seen, found)

    with tempfile.TemporaryDirectory() as folder:
        url = args.db or f"sqlite:///{Path(folder) / 'growth.db'}"
        chunks = measure_store_path(url, args.docs, args.chunk, report) if args.store_path else measure(url, args.docs, args.chunk, report, args.skip)
    print(f"growth ratio (last chunk / first chunk docs/s): {growth_ratio(chunks):.2f}  (target >= 0.9); by CPU time: {growth_ratio(chunks, cpu=True):.2f}")
    first, last = (1000 * c.store_seconds / c.documents for c in (chunks[0], chunks[-1]))
    print(f"writing to the store: {first:.2f} ms/doc in the first chunk, {last:.2f} in the last")


if __name__ == "__main__":
    main()
