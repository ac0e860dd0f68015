"""What a process reads once and keeps, by database: values that never change once read
(a statute's version, a poll's register frozen at its opening, a sealed poll's key), each
found again by a key that says so."""

from __future__ import annotations

import threading
import weakref
from collections.abc import Callable, Hashable
from typing import Generic, TypeVar

from soviet.store.database import Database

K = TypeVar("K", bound=Hashable)
V = TypeVar("V")


class Memo(Generic[K, V]):
    """Values by database and key; the newest `kept` of each database are kept."""

    def __init__(self, kept: int) -> None:
        self.kept = kept
        self._lock = threading.Lock()
        self._values: weakref.WeakKeyDictionary[Database, dict[K, V]] = weakref.WeakKeyDictionary()

    def get(self, db: Database, key: K, read: Callable[[], V]) -> V:
        """The value kept for `key`, or what `read` gives (kept unless it raises). Two
        threads may read the same value at once: both read the same thing."""
        with self._lock:
            values = self._values.setdefault(db, {})
            if key in values:
                return values[key]
        found = read()
        with self._lock:
            values[key] = found
            while len(values) > self.kept:
                del values[next(iter(values))]
        return found
