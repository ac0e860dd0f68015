"""Group commit: acts arriving together from many threads, written in one transaction.

At a plenary of 2,000 delegates every vote arrives within a second; one transaction
and one disk flush each would make the last delegate wait for all the others. Here the
first thread to arrive writes whatever is queued in one transaction, each act with its
own journal entry and its own checks, and every caller is answered only once that
transaction has committed: an acknowledged act is durable, a refused one changed
nothing. When its batch is done the writer hands the turn to the next caller waiting, so
no thread works for the others for long. (Databases flush their own logs the same way:
PostgreSQL's group commit, SQLite's WAL.)
"""

from __future__ import annotations

import threading
import weakref
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Generic, TypeVar

from soviet.errors import SovietError
from soviet.store.database import Database

R = TypeVar("R")
T = TypeVar("T")

#: The most acts one transaction writes; the rest wait for the next one.
BATCH = 500


@dataclass
class _Waiting(Generic[R, T]):
    request: R
    ready: threading.Event = field(default_factory=threading.Event)
    is_writer: bool = False
    outcome: object = None


class _Queue(Generic[R, T]):
    def __init__(self, write: Callable[[Sequence[R]], list[T | SovietError]]) -> None:
        self._write = write
        self._lock = threading.Lock()
        self._pending: list[_Waiting[R, T]] = []
        self._busy = False

    def submit_many(self, requests: Sequence[R]) -> list[T | BaseException]:
        """Queue requests together, in order, and return their outcomes once written: the
        writer takes them as it takes any others, up to BATCH a transaction."""
        ours: list[_Waiting[R, T]] = [_Waiting(request) for request in requests]
        if not ours:
            return []
        with self._lock:
            self._pending.extend(ours)
            if not self._busy:
                self._busy = ours[0].is_writer = True
        for waiting in ours:
            if not waiting.is_writer:
                waiting.ready.wait()  # written by another, or handed the turn to write
            if waiting.is_writer:
                self._write_batch()
        return [waiting.outcome for waiting in ours]  # type: ignore[misc]

    def _write_batch(self) -> None:
        with self._lock:
            batch, self._pending = self._pending[:BATCH], self._pending[BATCH:]
        try:
            outcomes: list[object] = list(self._write([w.request for w in batch]))
        except BaseException as error:  # the whole transaction failed: so did every act in it
            outcomes = [error] * len(batch)
        with self._lock:
            if self._pending:
                successor = self._pending[0]
                successor.is_writer = True
                successor.ready.set()
            else:
                self._busy = False
        for waiting, outcome in zip(batch, outcomes, strict=True):
            waiting.outcome = outcome
            waiting.ready.set()


_QUEUES: weakref.WeakKeyDictionary[Database, dict[object, _Queue[object, object]]] = (
    weakref.WeakKeyDictionary()
)
_QUEUES_LOCK = threading.Lock()


def _queue(
    db: Database, key: object, write: Callable[[Sequence[R]], list[T | SovietError]]
) -> _Queue[object, object]:
    with _QUEUES_LOCK:
        queues = _QUEUES.setdefault(db, {})
        queue = queues.get(key)
        if queue is None:
            queue = queues[key] = _Queue(write)  # type: ignore[arg-type]
        return queue


def submit(
    db: Database,
    key: object,
    request: R,
    write: Callable[[Sequence[R]], list[T | SovietError]],
) -> T:
    """Queue `request` for the acts of `key` on `db` and return its outcome once committed.

    `write` writes a batch in one transaction and returns one outcome per request, in
    order; it must check each act before writing any of it.
    """
    (outcome,) = _queue(db, key, write).submit_many([request])
    if isinstance(outcome, BaseException):
        raise outcome
    return outcome  # type: ignore[return-value]


def submit_many(
    db: Database,
    key: object,
    requests: Sequence[R],
    write: Callable[[Sequence[R]], list[T | SovietError]],
) -> list[T | BaseException]:
    """Queue `requests` together for the acts of `key` on `db`, as `submit` queues one,
    and return each one's outcome (its result, or the error that refused it) once all are
    committed."""
    return _queue(db, key, write).submit_many(requests)  # type: ignore[return-value]
