"""HTTP latency of the API and the web pages on the synthetic store of benchmarks/query.py (1,000,000 facts by default).

Each request goes through the whole app in process (FastAPI's TestClient):
routing, validation, the query, JSON or the page with its SVG.  Prints p50
and p95 in milliseconds per endpoint; a page a reader waits for should stay
well under 200 ms, a keystroke's suggestions under 50 ms.

    .venv/bin/python benchmarks/api.py [--facts 1000000] [--requests 100]
"""

from __future__ import annotations

import argparse
import random
import statistics
import tempfile
import time
from datetime import timedelta

from fastapi.testclient import TestClient
from query import CHAMBERS, DAYS, START, build  # benchmarks/query.py: the same synthetic archive

from politograph.api.app import ServerSettings, create_app
from politograph.store.repository import Store


def timed(client: TestClient, label: str, paths: list[str]) -> None:
    times = []
    for path in paths:
        started = time.perf_counter()
        response = client.get(path)
        times.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200, (path, response.status_code, response.text[:200])
    times.sort()
    p95 = times[int(0.95 * (len(times) - 1))]
    print(f"{label:28s} p50 {statistics.median(times):8.1f} ms   p95 {p95:8.1f} ms")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--facts", type=int, default=1_000_000)
    parser.add_argument("--requests", type=int, default=100)
    args = parser.parse_args()
    rng = random.Random(11)
    with tempfile.TemporaryDirectory() as scratch:
        url = f"sqlite:///{scratch}/api.db"
        store = Store(url)
        started = time.perf_counter()
        parties, people = build(store, args.facts, rng)
        store.close()
        print(f"built {args.facts:,} facts in {time.perf_counter() - started:.0f} s")
        n = args.requests

        def day() -> str:
            return (START + timedelta(days=rng.randrange(DAYS))).isoformat()

        with TestClient(create_app(ServerSettings(url))) as client:
            ids = [e["id"] for e in client.get("/api/entities", params={"q": "Party 1", "limit": 100}).json()["items"]]
            timed(client, "GET /api/suggest", [f"/api/suggest?q=Person%20{rng.randrange(1000)}" for _ in range(n)])
            timed(client, "GET /api/entities?q=", [f"/api/entities?q=Party%20{rng.randrange(100)}" for _ in range(n)])
            timed(client, "GET /api/facts?entity=", [f"/api/facts?entity={rng.choice(parties)}&limit=50" for _ in range(n)])
            spans = [sorted((day(), day())) for _ in range(n)]
            timed(client, "GET /api/facts?type=&from=&to=", [f"/api/facts?type=seats&from={a}&to={b}&limit=50" for a, b in spans])
            timed(client, "GET /api/documents/{id}", [f"/api/documents/d{rng.randrange(1000)}" for _ in range(n)])
            timed(client, "GET /api/who", [f"/api/who?role=leader&of={rng.choice(parties)}&at={day()}" for _ in range(n)])
            timed(client, "GET /api/seats", [f"/api/seats?chamber={rng.choice(CHAMBERS)}&at={day()}" for _ in range(n)])
            timed(client, "GET /api/network", [f"/api/network?at={day()}" for _ in range(max(5, n // 10))])
            timed(client, "page /entities/{id}", [f"/entities/{rng.choice(ids)}" for _ in range(n)])
            timed(client, "page /seats", [f"/seats?chamber={rng.choice(CHAMBERS)}&at={day()}" for _ in range(n)])
            timed(client, "page /documents/{id}", [f"/documents/d{rng.randrange(1000)}" for _ in range(n)])
            timed(client, "page /network", [f"/network?at={day()}" for _ in range(max(5, n // 10))])
            timed(client, "page /", ["/" for _ in range(max(5, n // 10))])


if __name__ == "__main__":
    main()
