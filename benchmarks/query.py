"""Query latency on a synthetic store of at least 1,000,000 facts (SQLite by default).

Builds documents, entities and facts shaped like a long archive (people
holding posts in parties, members, alliances, seat counts of parties in a
few chambers, 1955-2020), then times `who`, `entity`/`timeline` and `seats`
on random arguments and prints p50 and p95 in milliseconds (target p95 <= 20 ms).

    .venv/bin/python benchmarks/query.py [--facts 1000000] [--queries 200] [--db URL]
"""

from __future__ import annotations

import argparse
import random
import statistics
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta

from sqlalchemy import insert

from politograph.model import fold_name
from politograph.query import asof
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


def timed(label: str, calls: list[Callable[[], object]]) -> None:
    times = []
    for call in calls:
        started = time.perf_counter()
        call()
        times.append((time.perf_counter() - started) * 1000)
    times.sort()
    p95 = times[int(0.95 * (len(times) - 1))]
    print(f"{label:10s} p50 {statistics.median(times):7.2f} ms   p95 {p95:7.2f} ms   (target p95 <= 20 ms)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--facts", type=int, default=1_000_000)
    parser.add_argument("--queries", type=int, default=200)
    parser.add_argument("--db", default=None, help="database URL (default: a temporary SQLite file)")
    args = parser.parse_args()
    rng = random.Random(7)
    with tempfile.TemporaryDirectory() as scratch:
        store = Store(args.db or f"sqlite:///{scratch}/query.db")
        started = time.perf_counter()
        parties, people = build(store, args.facts, rng)
        print(f"built {store.counts()['facts']:,} facts, {len(people):,} people, {len(parties):,} parties in {time.perf_counter() - started:.0f} s")

        def day() -> date:
            return START + timedelta(days=rng.randrange(DAYS))

        timed("who", [lambda p=rng.choice(parties), d=day(): asof.who(store, "leader", p, d) for _ in range(args.queries)])
        timed("entity", [lambda p=rng.choice(people): asof.timeline(store, p) for _ in range(args.queries)])
        timed("timeline", [lambda p=rng.choice(parties): asof.timeline(store, p) for _ in range(args.queries)])
        timed("seats", [lambda c=rng.choice(CHAMBERS), d=day(): asof.seats(store, c, d) for _ in range(args.queries)])
        store.close()


if __name__ == "__main__":
    main()
