"""How long a CLI query takes to start and answer, in fresh processes, and what it imports.

Builds a small store from the example articles once, then runs each query
command (`who`, `timeline`, `seats`, `facts`, `lineage`, `network`,
`entity`, `contradictions`) several times as a new `politograph` process and prints the
median seconds until it starts to answer (its modules imported, its
options read and the store open: target under 0.8 s), the wall and CPU
seconds of the whole answer (printing included), and whether the process
loaded spaCy, numpy or pydantic (none of which a query needs to start).

    .venv/bin/python benchmarks/startup.py [--repeat 5] [--db sqlite:///existing.db]
"""

from __future__ import annotations

import argparse
import json
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"
TARGET_SECONDS = 0.8
HEAVY = ("spacy", "numpy", "pydantic", "rapidfuzz", "networkx")

COMMANDS = {
    "who": ["who", "--role", "leader", "--of", "Your Party", "--at", "2014-06-10"],
    "timeline": ["timeline", "Your Party"],
    "seats": ["seats", "--chamber", "House of Representatives", "--at", "2014-12-20"],
    "facts": ["facts", "--entity", "Your Party"],
    "lineage": ["lineage", "Your Party"],
    "network": ["network", "--at", "2014-06-10"],
    "entity": ["entity", "Your Party"],
    "contradictions": ["contradictions"],
}

PROBE = """
import sys, time
from politograph.store import repository
opened = repository.Store.__init__
def noting(self, *args, **kwargs):
    opened(self, *args, **kwargs)
    print("READY=" + repr(time.time()), file=sys.stderr)  # the command has what it needs and the store open: it starts to answer
repository.Store.__init__ = noting
from politograph.cli import app
sys.argv = ["politograph", *{args!r}]
try:
    app()
except SystemExit:
    pass
print("HEAVY=" + ",".join(name for name in {heavy!r} if name in sys.modules), file=sys.stderr)
"""


def build_store(folder: Path) -> str:
    url = f"sqlite:///{folder / 'startup.db'}"
    command = Path(sys.executable).with_name("politograph")
    subprocess.run([str(command), "ingest", str(EXAMPLES), "--db", url, "-q"], check=True, capture_output=True)
    return url


def one_run(args: list[str]) -> tuple[float, float, float, str]:
    """Seconds to start (until the store is open), wall and CPU seconds of one fresh process answering, and the heavy modules it loaded."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    launched, started = time.time(), time.perf_counter()
    done = subprocess.run([sys.executable, "-c", PROBE.format(args=args, heavy=HEAVY)], capture_output=True, text=True, check=False)
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    lines = done.stderr.splitlines()
    heavy = next((line.removeprefix("HEAVY=") for line in lines if line.startswith("HEAVY=")), "?")
    ready = next((float(line.removeprefix("READY=")) - launched for line in lines if line.startswith("READY=")), wall)
    return ready, wall, cpu, heavy


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--db", help="an existing store (default: one built from examples/)")
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    options = parser.parse_args()
    with tempfile.TemporaryDirectory() as scratch:
        url = options.db or build_store(Path(scratch))
        figures: dict[str, dict[str, Any]] = {}
        for name, args in COMMANDS.items():
            runs = [one_run([*args, "--db", url]) for _ in range(options.repeat)]
            figures[name] = {
                "start_s": round(statistics.median(r[0] for r in runs), 3),
                "wall_s": round(statistics.median(r[1] for r in runs), 3),
                "cpu_s": round(statistics.median(r[2] for r in runs), 3),
                "heavy_imports": runs[-1][3],
            }
    if options.json:
        print(json.dumps(figures, indent=2))
        return
    print(f"{'command':15} {'start s':>7} {'answer s':>8} {'cpu s':>7}  heavy imports (median of {options.repeat}; start target < {TARGET_SECONDS} s)")
    for name, figure in figures.items():
        print(f"{name:15} {figure['start_s']:7.3f} {figure['wall_s']:8.3f} {figure['cpu_s']:7.3f}  {figure['heavy_imports'] or 'none'}")
    worst = max(figure["start_s"] for figure in figures.values())
    print(f"slowest start: {worst:.3f} s ({'under' if worst < TARGET_SECONDS else 'over'} the {TARGET_SECONDS} s target); answer = start, query and printing")


if __name__ == "__main__":
    main()
