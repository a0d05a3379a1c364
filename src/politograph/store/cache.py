"""Answers derived from a store, kept until the data they were read from changes.

Reading every alias, every entity's name keys or a filter's facet counts
costs up to seconds on a big store, and a server is asked for them again
and again.  Each such answer is kept per store (and per key) beside the
stamp it was read at: a query of a few counts and highest ids over the
tables it reads, so that any write that could change it changes the stamp.
The stamp is read before the data, so a write in between costs one more
read next time, never a stale answer kept.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Hashable
from typing import Generic, TypeVar
from weakref import WeakKeyDictionary

from sqlalchemy.sql import Executable

from politograph.store.repository import Store

V = TypeVar("V")


class PerStore(Generic[V]):
    """One value per store, made by `make` the first time a store asks, and gone with the store."""

    def __init__(self, make: Callable[[], V]) -> None:
        self._make = make
        self._values: WeakKeyDictionary[Store, V] = WeakKeyDictionary()
        self._lock = threading.Lock()

    def of(self, store: Store) -> V:
        with self._lock:
            found = self._values.get(store)
            if found is None:
                found = self._values[store] = self._make()
            return found


class StampedCache(Generic[V]):
    """Per store and key, the value `build` gave at the last stamp; built again when the stamp differs."""

    def __init__(self, stamp: Executable, keys: int = 64) -> None:
        self._stamp = stamp
        self._keys = keys
        self._kept: WeakKeyDictionary[Store, dict[Hashable, tuple[tuple[int, ...], V]]] = WeakKeyDictionary()
        self._lock = threading.Lock()

    def stamp(self, store: Store) -> tuple[int, ...]:
        with store.connect() as connection:
            return tuple(int(v or 0) for v in connection.execute(self._stamp).one())

    def get(self, store: Store, build: Callable[[], V], key: Hashable = None) -> V:
        stamp = self.stamp(store)
        with self._lock:
            known = self._kept.get(store, {}).get(key)
        if known is not None and known[0] == stamp:
            return known[1]
        value = build()
        with self._lock:
            kept = self._kept.setdefault(store, {})
            if len(kept) >= self._keys:
                kept.clear()
            kept[key] = (stamp, value)
        return value
