"""Query latency on a synthetic store of at least 1,000,000 facts (SQLite by default).

Builds documents, entities and facts shaped like a long archive (people
holding posts in parties, members, alliances, seat counts of parties in a
few chambers, 1955-2020), then times `who`, `entity`/`timeline`, `seats` and
the network for a day on random arguments and prints p50 and p95 in
milliseconds beside the target.  Each question is timed twice: on a store at
rest, and as the first question after a write of one unrelated fact (what a
server answers while ingest runs); the network once more after a write of one
relation fact, which the kept relation index folds in rather than rebuilds.

    .venv/bin/python benchmarks/query.py [--facts 1000000] [--queries 200] [--db URL]

`--db` names a store to keep: built there if it holds no facts, else reused
as it is (building 1,000,000 facts takes minutes), e.g.
`--db sqlite:////tmp/perf/store.db`.
"""

from __future__ import annotations

import argparse
import random
import statistics
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta

from sqlalchemy import func, insert, select

from politograph.model import fold_name
from politograph.query import asof, network
from politograph.store.repository import Store
from politograph.store.schema import aliases, documents, entities, facts

START, DAYS = date(1955, 1, 1), 65 * 365
CHAMBERS = ["House of Representatives", "House of Councillors", "Tokyo Metropolitan Assembly", "Osaka Prefectural Assembly"]


def build(store: Store, fact_count: int, rng: random.Random) -> tuple[list[str], list[str]]:
    """Fill the store; return party names and person names."""
    people = [f"Person {n}" for n in range(max(1000, fact_count // 25))]
    parties = [f"Party {n}" for n in range(max(50, fact_count // 500))]
    names = [(p, "PERSON") for p in people] + [(p, "PARTY") for p in parties] + [(c, "GOV_BODY") for c in CHAMBERS]
    doc_count = max(1000, fact_count // 50)
    with store.transaction() as connection:
        connection.execute(insert(entities), [{"id": i + 1, "key": f"{t}:{fold_name(n)}", "name": n, "type": t} for i, (n, t) in enumerate(names)])
        connection.execute(insert(aliases), [{"entity_id": i + 1, "alias": n, "folded": fold_name(n), "source": "article"} for i, (n, _) in enumerate(names)])
        now = datetime.now(UTC)
        connection.execute(
            insert(documents),
            [
                {"id": f"d{n}", "hash": f"h{n}", "published": START + timedelta(days=n * DAYS // doc_count), "text": "synthetic", "ingested_at": now}
                for n in range(doc_count)
            ],
        )
    person_id = {p: i + 1 for i, p in enumerate(people)}
    party_id = {p: len(people) + i + 1 for i, p in enumerate(parties)}
    seated = parties[: 12 * len(CHAMBERS)]  # a dozen groups sit in each chamber; the rest never win seats
    chamber_of = {p: CHAMBERS[i % len(CHAMBERS)] for i, p in enumerate(seated)}
    batch: list[dict[str, object]] = []
    for _ in range(fact_count):
        doc = rng.randrange(doc_count)
        day = START + timedelta(days=doc * DAYS // doc_count)
        kind = rng.random()
        party = rng.choice(parties)
        row: dict[str, object] = {
            "doc_id": f"d{doc}",
            "when": day.isoformat(),
            "valid_from": day,
            "valid_to": day,
            "recorded_at": day,
            "modality": "asserted",
            "sentence": "A synthetic sentence.",
        }
        if kind < 0.35:
            person = rng.choice(people)
            row.update(
                type="role",
                subject=person,
                subject_id=person_id[person],
                object=party,
                object_id=party_id[party],
                role=rng.choice(["leader", "deputy-leader", "secretary-general"]),
            )
        elif kind < 0.75:
            person = rng.choice(people)
            row.update(type="member", subject=person, subject_id=person_id[person], object=party, object_id=party_id[party])
        elif kind < 0.9:
            other = rng.choice(parties)
            row.update(type="alliance", subject=party, subject_id=party_id[party], object=other, object_id=party_id[other])
        else:
            party = rng.choice(seated)
            row.update(type="seats", subject=party, subject_id=party_id[party], value=rng.randrange(1, 120), qualifier="exact", scope=chamber_of[party])
        batch.append(row)
        if len(batch) == 50_000:
            _flush(store, batch)
    _flush(store, batch)
    return parties, people


def _flush(store: Store, batch: list[dict[str, object]]) -> None:
    if not batch:
        return
    columns = ("subject", "subject_id", "object", "object_id", "role", "value", "qualifier", "scope")
    rows = [{**dict.fromkeys(columns), **row} for row in batch]
    with store.transaction() as connection:
        connection.execute(insert(facts), rows)
    batch.clear()


def open_or_build(url: str | None, scratch: str, fact_count: int, rng: random.Random) -> tuple[Store, list[str], list[str]]:
    """The store at `url` (or a new one in `scratch`): reused when it holds facts already, else filled with `build`."""
    store = Store(url or f"sqlite:///{scratch}/query.db")
    with store.connect() as connection:
        held = connection.execute(select(func.count()).select_from(facts)).scalar_one()
    if held:
        with store.connect() as connection:
            rows = connection.execute(select(entities.c.name, entities.c.type).where(entities.c.type.in_(("PERSON", "PARTY"))).order_by(entities.c.id)).all()
        people = [n for n, t in rows if t == "PERSON"]
        parties = [n for n, t in rows if t == "PARTY"]
        print(f"reused {held:,} facts, {len(people):,} people, {len(parties):,} parties")
        return store, parties, people
    started = time.perf_counter()
    parties, people = build(store, fact_count, rng)
    print(f"built {store.counts()['facts']:,} facts, {len(people):,} people, {len(parties):,} parties in {time.perf_counter() - started:.0f} s")
    return store, parties, people


UNRELATED = "benchmark write"
"""The document every write of `write_unrelated` goes to (made on the first write)."""


def write_unrelated(store: Store, rng: random.Random) -> None:
    """One membership fact through `Store.transaction`: a write that changes no relation, no post asked about, no seat count."""
    with store.transaction() as connection:
        if connection.execute(select(documents.c.id).where(documents.c.id == UNRELATED)).first() is None:
            now = datetime.now(UTC)
            connection.execute(insert(documents).values(id=UNRELATED, hash=UNRELATED, published=date(2020, 1, 1), text="synthetic", ingested_at=now))
        person = connection.execute(select(entities.c.id, entities.c.name).where(entities.c.type == "PERSON").limit(1).offset(rng.randrange(1000))).one()
        row = {"doc_id": UNRELATED, "type": "member", "subject_id": person.id, "subject": person.name, "object": "An unresolved club"}
        connection.execute(insert(facts).values(**row, modality="asserted", valid_from=date(2020, 1, 1), valid_to=date(2020, 1, 1), recorded_at=date(2020, 1, 1)))


def write_relation(store: Store, rng: random.Random) -> None:
    """One alliance between two parties through `Store.transaction`: what an article read while the server answers adds."""
    with store.transaction() as connection:
        if connection.execute(select(documents.c.id).where(documents.c.id == UNRELATED)).first() is None:
            now = datetime.now(UTC)
            connection.execute(insert(documents).values(id=UNRELATED, hash=UNRELATED, published=date(2020, 1, 1), text="synthetic", ingested_at=now))
        first, second = connection.execute(select(entities.c.id, entities.c.name).where(entities.c.type == "PARTY").limit(2).offset(rng.randrange(1000))).all()
        day = START + timedelta(days=rng.randrange(DAYS))
        row = {"doc_id": UNRELATED, "type": "alliance", "subject_id": first.id, "subject": first.name, "object_id": second.id, "object": second.name}
        connection.execute(insert(facts).values(**row, modality="asserted", valid_from=day, valid_to=day, recorded_at=day))


def percentile(times: list[float], share: float = 0.95) -> float:
    ordered = sorted(times)
    return ordered[int(share * (len(ordered) - 1))]


def timed(label: str, calls: list[Callable[[], object]], target: float = 20, write: Callable[[], None] | None = None) -> None:
    """p50 and p95 of the calls; with `write`, each call is timed again right after one write (p95 printed beside).

    The p95 of the process's CPU time per call is printed last: on a shared machine
    the wall clock also counts the time other processes held the cores.
    """
    times, cpu = [], []
    for call in calls:
        started, used = time.perf_counter(), time.process_time()
        call()
        times.append((time.perf_counter() - started) * 1000)
        cpu.append((time.process_time() - used) * 1000)
    after = []
    if write is not None:
        for call in calls[: max(10, len(calls) // 4)]:
            write()
            started = time.perf_counter()
            call()
            after.append((time.perf_counter() - started) * 1000)
    line = f"{label:18s} p50 {statistics.median(times):8.2f} ms   p95 {percentile(times):8.2f} ms"
    if after:
        line += f"   after a write p95 {percentile(after):8.2f} ms"
    print(f"{line}   (target p95 <= {target:g} ms)   cpu p95 {percentile(cpu):8.2f} ms")


def network_page(store: Store, at: date, limit: int = 500) -> object:
    """What `/api/network` computes: the day's relations, components ranked, the first page's edges and their entities."""
    day = network.day_network(store, at)
    page = day.page(0, limit)
    return network.nodes_named(store, {i for e, _ in page for i in (e.subject, e.object)})


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--facts", type=int, default=1_000_000)
    parser.add_argument("--queries", type=int, default=200)
    parser.add_argument("--db", default=None, help="database URL to build once and reuse (default: a temporary SQLite file)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as scratch:
        store, parties, people = open_or_build(args.db, scratch, args.facts, random.Random(7))
        rng = random.Random(8)
        n = args.queries

        def write() -> None:
            write_unrelated(store, rng)

        def day() -> date:
            return START + timedelta(days=rng.randrange(DAYS))

        timed("who", [lambda p=rng.choice(parties), d=day(): asof.who(store, "leader", p, d) for _ in range(n)], write=write)
        timed("entity", [lambda p=rng.choice(people): asof.timeline(store, p) for _ in range(n)], write=write)
        timed("timeline", [lambda p=rng.choice(parties): asof.timeline(store, p) for _ in range(n)], write=write)
        timed("seats", [lambda c=rng.choice(CHAMBERS), d=day(): asof.seats(store, c, d) for _ in range(n)], write=write)
        few = max(10, n // 10)
        if hasattr(network, "day_network"):  # the paged network (absent before it was written: the benchmark also measures the old code)
            timed("network (a page)", [lambda d=day(): network_page(store, d) for _ in range(n)], target=300, write=write)
            timed("  after a relation", [lambda d=day(): network_page(store, d) for _ in range(few)], target=300, write=lambda: write_relation(store, rng))
        timed("network (all)", [lambda d=day(): network.edges_at(store, d, network.ALLIANCE_TYPES) for _ in range(few)], target=300, write=write)
        store.close()


if __name__ == "__main__":
    main()
