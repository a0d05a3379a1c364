"""What the server builds before it answers its first request: the network's relation index, change days and layout.

Each of them is derived lazily and kept until the relation facts change
(`query.network.network_stamp`), so a server that only builds them when
asked makes its first visitor of `/api/network` or the network page wait
for all of it (about 3 s at 1M facts).  Built at start-up instead, the
first request costs what every later one does.  Writes afterwards still
refresh them as before; this only moves the first build.
"""

from __future__ import annotations

import logging
import time
from datetime import date

from politograph.api.deps import AppState
from politograph.query import network

log = logging.getLogger(__name__)


def warm_network(server: AppState) -> float:
    """Build and keep the present network's derived values, through the same caches the routes read; return the seconds it took.

    The day's network of the latest change day is worked out too: it makes
    the index's numpy columns (`network._arrays`), which every day shares.
    """
    started = time.perf_counter()
    chosen = tuple(sorted(network.ALLIANCE_TYPES))  # what `/api/network` and the page ask by default
    days = server.change_days(chosen, None)
    network.day_network(server.store, days[-1] if days else date.today(), network.ALLIANCE_TYPES)
    server.network_layout()
    return time.perf_counter() - started


def warm_at_start(server: AppState) -> None:
    """`warm_network`, when the settings ask for it; a failure is logged and left to the first request, which would meet it anyway."""
    if not server.settings.warm:
        return
    try:
        took = warm_network(server)
    except Exception:  # an optimisation only: the server still starts, and a request reports what is wrong
        log.exception("warming the network at start-up failed; the first network request builds it")
        return
    log.info("network warmed at start-up in %.1f s", took)
