"""HTTP latency of the API and the web pages on the synthetic store of benchmarks/query.py (1,000,000 facts by default).

Each request goes through the whole app in process (FastAPI's TestClient):
routing, validation, the query, JSON or the page with its SVG.  Prints p50
and p95 in milliseconds per endpoint, then p95 of the first request after a
write of one unrelated fact (what a server answers while ingest runs), with
the target beside them: the network 300 ms, any other answer or page 500 ms
(the as-of queries' own 20 ms is benchmarks/query.py's, without HTTP and
JSON).  Lists are timed on their first page and on a deep one, by offset and
by cursor.  Last, the first request to `/api/network` and to the network page
after a server start, each in a new process (nothing kept from a request
before it), with the network warmed at start-up (`api.warm`) and without:
the start-up's own time is printed beside.

    .venv/bin/python benchmarks/api.py [--facts 1000000] [--requests 100] [--db URL]

`--db` names a store to keep: built there if it holds no facts, else reused.
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import timedelta

from fastapi.testclient import TestClient
from query import CHAMBERS, DAYS, START, open_or_build, percentile, write_unrelated  # benchmarks/query.py: the same synthetic archive

from politograph.api.app import ServerSettings, create_app

NETWORK, PAGE = 300, 500
"""Targets for p95, in milliseconds."""


def timed(client: TestClient, label: str, paths: list[str], target: float, write: Callable[[], None]) -> None:
    """p50 and p95 over the paths; then a quarter of them again, each right after one unrelated write."""

    def one(path: str) -> float:
        started = time.perf_counter()
        response = client.get(path)
        took = (time.perf_counter() - started) * 1000
        assert response.status_code == 200, (path, response.status_code, response.text[:200])
        return took

    times = [one(path) for path in paths]
    after = []
    for path in paths[: max(5, len(paths) // 4)]:
        write()
        after.append(one(path))
    figures = f"p50 {statistics.median(times):8.1f} ms   p95 {percentile(times):8.1f} ms   after a write p95 {percentile(after):8.1f} ms"
    print(f"{label:34s} {figures}   (target p95 <= {target:g} ms)")


FIRST_PATHS = {"GET /api/network": f"/api/network?at={START + timedelta(days=DAYS // 2)}", "page /network": f"/network?at={START + timedelta(days=DAYS // 2)}"}
"""What the first request after a server start asks, by label."""


def first_request(url: str, path: str, warm: bool) -> None:
    """In this (new) process: start a server over `url`, ask `path` once; print the start-up's and the request's milliseconds as JSON."""
    started = time.perf_counter()
    with TestClient(create_app(ServerSettings(url, warm=warm))) as client:  # entering runs the app's start-up (lifespan)
        up = time.perf_counter()
        response = client.get(path)
        took = time.perf_counter() - up
        assert response.status_code == 200, (path, response.status_code, response.text[:200])
    print(json.dumps({"start_ms": (up - started) * 1000, "first_ms": took * 1000}))


def first_after_start(url: str) -> None:
    """The first request of each of `FIRST_PATHS` after a server start, in a new process each, warmed at start-up and not."""
    for label, path in FIRST_PATHS.items():
        for warm in (True, False):
            command = [sys.executable, __file__, "--db", url, "--first-request", path] + ([] if warm else ["--cold"])
            figures = json.loads(subprocess.run(command, check=True, capture_output=True, text=True).stdout.strip().splitlines()[-1])
            how = "warmed at start" if warm else "not warmed"
            target = NETWORK if "api" in label else PAGE
            line = f"first {label} after a start ({how})"
            print(f"{line:52s} {figures['first_ms']:8.1f} ms   start-up {figures['start_ms']:8.1f} ms   (target <= {target:g} ms)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--facts", type=int, default=1_000_000)
    parser.add_argument("--requests", type=int, default=100)
    parser.add_argument("--db", default=None, help="database URL to build once and reuse (default: a temporary SQLite file)")
    parser.add_argument("--first-request", default=None, help=argparse.SUPPRESS)  # the child process of `first_after_start`
    parser.add_argument("--cold", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.first_request:
        first_request(args.db, args.first_request, warm=not args.cold)
        return
    with tempfile.TemporaryDirectory() as scratch:
        store, parties, _people = open_or_build(args.db, scratch, args.facts, random.Random(11))
        url = store.url
        rng = random.Random(12)
        n = args.requests

        def write() -> None:
            write_unrelated(store, rng)

        def day() -> str:
            return (START + timedelta(days=rng.randrange(DAYS))).isoformat()

        def deep(path: str) -> str:
            """The path's page two thousand rows in, reached by following `next_cursor` from the page before it (by offset, where there is none)."""
            before = client.get(path + "&offset=1950&limit=50").json()
            return path + (f"&cursor={before['next_cursor']}&limit=50" if before.get("next_cursor") else "&offset=2000&limit=50")

        with TestClient(create_app(ServerSettings(url))) as client:
            ids = [e["id"] for e in client.get("/api/entities", params={"q": "Party 1", "limit": 100}).json()["items"]]
            few = max(5, n // 5)
            timed(client, "GET /api/suggest", [f"/api/suggest?q=Person%20{rng.randrange(1000)}" for _ in range(n)], PAGE, write)
            timed(client, "GET /api/entities?q=", [f"/api/entities?q=Party%20{rng.randrange(100)}" for _ in range(n)], PAGE, write)
            timed(client, "GET /api/entities (deep, offset)", [f"/api/entities?q=Person&offset={rng.randrange(2000, 30000)}&limit=50" for _ in range(few)], PAGE, write)
            timed(client, "GET /api/entities (deep, cursor)", [deep("/api/entities?q=Person") for _ in range(few)], PAGE, write)
            timed(client, "GET /api/facts?entity=", [f"/api/facts?entity={rng.choice(parties)}&limit=50" for _ in range(n)], PAGE, write)
            spans = [sorted((day(), day())) for _ in range(n)]
            timed(client, "GET /api/facts?type=&from=&to=", [f"/api/facts?type=seats&from={a}&to={b}&limit=50" for a, b in spans], PAGE, write)
            timed(client, "GET /api/facts?type= (first page)", ["/api/facts?type=member&limit=50" for _ in range(few)], PAGE, write)
            timed(client, "GET /api/facts (deep, offset)", [f"/api/facts?type=member&offset={rng.randrange(2000, 300000)}&limit=50" for _ in range(few)], PAGE, write)
            timed(client, "GET /api/facts (deep, cursor)", [deep("/api/facts?type=member") for _ in range(few)], PAGE, write)
            timed(client, "GET /api/documents", ["/api/documents?limit=50" for _ in range(few)], PAGE, write)
            timed(client, "GET /api/documents (deep, offset)", [f"/api/documents?offset={rng.randrange(2000, 19000)}&limit=50" for _ in range(few)], PAGE, write)
            timed(client, "GET /api/documents (deep, cursor)", [deep("/api/documents?limit=50") for _ in range(few)], PAGE, write)
            timed(client, "GET /api/documents/{id}", [f"/api/documents/d{rng.randrange(1000)}" for _ in range(n)], PAGE, write)
            timed(client, "GET /api/who", [f"/api/who?role=leader&of={rng.choice(parties)}&at={day()}" for _ in range(n)], PAGE, write)
            timed(client, "GET /api/timeline", [f"/api/timeline?name={rng.choice(parties)}" for _ in range(n)], PAGE, write)
            timed(client, "GET /api/seats", [f"/api/seats?chamber={rng.choice(CHAMBERS)}&at={day()}" for _ in range(n)], PAGE, write)
            timed(client, "GET /api/network", [f"/api/network?at={day()}" for _ in range(n)], NETWORK, write)
            timed(client, "GET /api/network (page 3 of 100)", [f"/api/network?at={day()}&offset=200&limit=100" for _ in range(n)], NETWORK, write)
            timed(client, "page /entities/{id}", [f"/entities/{rng.choice(ids)}" for _ in range(n)], PAGE, write)
            timed(client, "page /seats", [f"/seats?chamber={rng.choice(CHAMBERS)}&at={day()}" for _ in range(n)], PAGE, write)
            timed(client, "page /documents/{id}", [f"/documents/d{rng.randrange(1000)}" for _ in range(n)], PAGE, write)
            timed(client, "page /documents", [f"/documents?offset={rng.randrange(0, 19000)}" for _ in range(few)], PAGE, write)
            timed(client, "page /search", [f"/search?q=Person%20{rng.randrange(100)}" for _ in range(few)], PAGE, write)
            timed(client, "page /network", [f"/network?at={day()}" for _ in range(few)], PAGE, write)
            timed(client, "page /", ["/" for _ in range(few)], PAGE, write)
        store.close()
        first_after_start(url)


if __name__ == "__main__":
    main()
