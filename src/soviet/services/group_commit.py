"""Group commit: acts arriving together from many threads, written in one transaction.

At a plenary of 2,000 delegates every vote arrives within a second; one transaction
and one disk flush each would make the last delegate wait for all the others. Here the
first thread to arrive writes whatever is queued in one transaction, each act with its
own journal entry and its own checks, and every caller is answered only once that
transaction has committed: an acknowledged act is durable, a refused one changed
nothing. When its batch is done the writer hands the turn to the next caller waiting, so
no thread works for the others for long. (Databases flush their own logs the same way:
PostgreSQL's group commit, SQLite's WAL.)

A caller on an event loop (the HTTP door's ballot lane) queues its acts with
`submit_async` and awaits them without holding a thread: a writer thread of the queue's
own writes them with the rest, and wakes each loop once a batch.
"""

from __future__ import annotations

import asyncio
import threading
import weakref
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Generic, TypeVar

from soviet.errors import SovietError
from soviet.store.database import Database

R = TypeVar("R")
T = TypeVar("T")

#: The most acts one transaction writes; the rest wait for the next one.
BATCH = 500


@dataclass(slots=True)
class _Waiting(Generic[R, T]):
    request: R
    #: A waiting thread's (submit_many); an awaiting caller's is None.
    ready: threading.Event | None = None
    is_writer: bool = False
    outcome: object = None
    #: An awaiting caller's (submit_async): resolved on its loop once written.
    future: asyncio.Future[None] | None = None


class _Queue(Generic[R, T]):
    def __init__(self, write: Callable[[Sequence[R]], list[T | SovietError]]) -> None:
        self._write = write
        self._lock = threading.Lock()
        self._pending: list[_Waiting[R, T]] = []
        self._busy = False

    def submit_many(self, requests: Sequence[R]) -> list[T | BaseException]:
        """Queue requests together, in order, and return their outcomes once written: the
        writer takes them as it takes any others, up to BATCH a transaction."""
        ours: list[_Waiting[R, T]] = [_Waiting(request, threading.Event()) for request in requests]
        if not ours:
            return []
        with self._lock:
            self._pending.extend(ours)
            if not self._busy:
                self._busy = ours[0].is_writer = True
        for waiting in ours:
            if not waiting.is_writer:
                assert waiting.ready is not None
                waiting.ready.wait()  # written by another, or handed the turn to write
            if waiting.is_writer:
                self._write_batch(is_draining=False)
        return [waiting.outcome for waiting in ours]  # type: ignore[misc]

    async def submit_async(self, requests: Sequence[R]) -> list[T | BaseException]:
        """As submit_many, awaited on the running loop: no thread waits for the outcome,
        and when no writer is at work a thread of the queue's own starts writing."""
        loop = asyncio.get_running_loop()
        ours: list[_Waiting[R, T]] = [
            _Waiting(request, future=loop.create_future()) for request in requests
        ]
        with self._lock:
            self._pending.extend(ours)
            is_idle = not self._busy
            self._busy = True
        if is_idle:
            self._start_drain()
        for waiting in ours:
            assert waiting.future is not None
            await asyncio.shield(waiting.future)  # a cancelled caller's act is still written
        return [waiting.outcome for waiting in ours]  # type: ignore[misc]

    def _start_drain(self) -> None:
        """A thread of the queue's own, writing for awaiting callers while they are first."""
        thread = threading.Thread(target=self._drain, name="soviet-group-commit", daemon=True)
        thread.start()

    def _drain(self) -> None:
        while self._write_batch(is_draining=True):
            pass

    def _write_batch(self, *, is_draining: bool) -> bool:
        """Write the next batch; whether the calling thread is to write the next one too
        (a draining thread, when the next caller awaits on a loop)."""
        with self._lock:
            batch, self._pending = self._pending[:BATCH], self._pending[BATCH:]
        try:
            outcomes: list[object] = list(self._write([w.request for w in batch]))
        except BaseException as error:  # the whole transaction failed: so did every act in it
            outcomes = [error] * len(batch)
        is_next_ours = False
        with self._lock:
            if not self._pending:
                self._busy = False
            elif (ready := self._pending[0].ready) is not None:  # a thread writes the next
                self._pending[0].is_writer = True
                ready.set()
            elif is_draining:
                is_next_ours = True
            else:  # a caller's thread hands the awaiting ones to a thread of their own
                self._start_drain()
        woken: dict[asyncio.AbstractEventLoop, list[_Waiting[R, T]]] = {}
        for waiting, outcome in zip(batch, outcomes, strict=True):
            waiting.outcome = outcome
            if waiting.future is not None:
                woken.setdefault(waiting.future.get_loop(), []).append(waiting)
            elif waiting.ready is not None:
                waiting.ready.set()
        for loop, awaiting in woken.items():
            try:
                loop.call_soon_threadsafe(_resolve, awaiting)
            except RuntimeError:  # that loop has closed: nobody awaits there any more
                continue
        return is_next_ours


def _resolve(awaiting: list[_Waiting[R, T]]) -> None:
    for waiting in awaiting:
        assert waiting.future is not None
        if not waiting.future.done():
            waiting.future.set_result(None)


_QUEUES: weakref.WeakKeyDictionary[Database, dict[object, _Queue[object, object]]] = (
    weakref.WeakKeyDictionary()
)
_QUEUES_LOCK = threading.Lock()


def _queue(
    db: Database, key: object, write: Callable[[Sequence[R]], list[T | SovietError]]
) -> _Queue[object, object]:
    found = _QUEUES.get(db)
    queue = None if found is None else found.get(key)
    if queue is not None:  # the usual case, without the lock
        return queue
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


async def submit_async(
    db: Database,
    key: object,
    request: R,
    write: Callable[[Sequence[R]], list[T | SovietError]],
) -> T | BaseException:
    """Queue `request` as `submit` does, from a coroutine on a running loop, and give its
    outcome (its result, or the error that refused it) once committed."""
    (outcome,) = await _queue(db, key, write).submit_async([request])
    return outcome  # type: ignore[return-value]
