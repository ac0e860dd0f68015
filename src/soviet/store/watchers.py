"""Watchers of committed entries in this process, and listeners for commits by any.

A watcher is called with the entries of each committed write from a thread of the
watchers' own (`Dispatcher`), so that it can neither fail nor delay the act. A follower in
another process is woken by a `Listener`: PostgreSQL's LISTEN on the channel every write
transaction notifies on commit, or on SQLite a short sleep.
"""

from __future__ import annotations

import logging
import queue
import threading
import time
from collections.abc import Callable, Sequence
from typing import Any

from soviet.domain.journal import Entry

logger = logging.getLogger(__name__)

#: What is called with the entries of each committed write.
Watcher = Callable[[list[Entry]], None]

#: The PostgreSQL channel on which every write transaction that journals says so, on commit.
JOURNAL_CHANNEL = "soviet_journal"


def _name_of(watcher: Watcher) -> str:
    return getattr(watcher, "__qualname__", None) or type(watcher).__qualname__


class Dispatcher:
    """Hands committed entries to the watchers from a thread of its own, so that a watcher
    can neither fail nor delay the act that wrote them: the act has committed and its
    caller (a whole group commit of ballots, perhaps) is answered whatever a watcher does.
    A watcher that raises is named in the log with the entries' numbers (never their
    payload, which may hold what only the journal may keep) and the others still hear."""

    #: Writes whose entries may wait for the watchers; past this the oldest are not
    #: announced (a follower reads them from the journal, which is the log).
    BACKLOG = 10_000

    def __init__(self) -> None:
        self.watchers: list[Watcher] = []
        self.pending: queue.Queue[list[Entry] | None] = queue.Queue(self.BACKLOG)
        self.lock = threading.Lock()
        self.thread: threading.Thread | None = None

    def add(self, watcher: Watcher) -> None:
        with self.lock:
            self.watchers.append(watcher)
        self._start()

    def _start(self) -> None:
        with self.lock:
            if self.thread is None:  # a database may be written again after it was closed
                self.thread = threading.Thread(
                    target=self._run, args=(self.pending,), name="soviet-watchers", daemon=True
                )
                self.thread.start()

    def announce(self, entries: Sequence[Entry]) -> None:
        if not entries or not self.watchers:
            return
        self._start()
        try:
            self.pending.put_nowait(list(entries))
        except queue.Full:
            logger.warning(
                "watchers are %d writes behind: entries %d to %d not announced",
                self.BACKLOG,
                entries[0].seq,
                entries[-1].seq,
            )

    def _run(self, pending: queue.Queue[list[Entry] | None]) -> None:
        while True:
            entries = pending.get()
            try:
                if entries is None:
                    return
                for watcher in list(self.watchers):
                    self._call(watcher, entries)
            finally:
                pending.task_done()

    @staticmethod
    def _call(watcher: Watcher, entries: list[Entry]) -> None:
        try:
            watcher(entries)
        except Exception as error:  # a watcher's fault is its own: logged and dropped
            logger.error(
                "watcher %s failed on entries %d to %d: %s",
                _name_of(watcher),
                entries[0].seq,
                entries[-1].seq,
                type(error).__name__,
            )

    def settle(self) -> None:
        """Wait until every watcher has heard of every write announced so far."""
        if self.thread is not None:
            self.pending.join()

    def stop(self, timeout: float) -> None:
        """Announce what is queued, then stop the thread (waiting at most `timeout`); a
        later write starts another thread with a queue of its own."""
        with self.lock:
            thread, pending = self.thread, self.pending
            if thread is not None:
                self.thread, self.pending = None, queue.Queue(self.BACKLOG)
        if thread is not None:
            try:
                pending.put(None, timeout=timeout)
            except queue.Full:  # a watcher is stuck: its daemon thread is left behind
                return
            thread.join(timeout)


class Listener:
    """Wakes a follower of the journal when another process commits entries: PostgreSQL's
    LISTEN on the channel every write transaction notifies; on SQLite, which has no such
    thing, a short sleep after which the follower looks again."""

    #: Seconds between looks at the stop signal while waiting for a notification.
    SLICE = 0.25

    def __init__(self, connection: Any) -> None:
        """`connection`: a psycopg connection of its own, or None on SQLite."""
        self.connection = connection
        if connection is not None:
            connection.rollback()  # out of any transaction the pool's ping began
            connection.autocommit = True
            connection.execute(f"LISTEN {JOURNAL_CHANNEL}")

    def wait(self, timeout: float, stop: threading.Event | None = None) -> None:
        """Return when entries may have been committed since the last wait, when `stop`
        is set, or after `timeout` seconds at most."""
        if self.connection is None:
            if stop is None:
                time.sleep(timeout)
            else:
                stop.wait(timeout)
            return
        deadline = time.monotonic() + timeout
        while stop is None or not stop.is_set():
            left = deadline - time.monotonic()
            if left <= 0:
                return
            # In short slices, so that a stop is noticed soon whatever the timeout.
            for _ in self.connection.notifies(timeout=min(left, self.SLICE), stop_after=1):
                return

    def close(self) -> None:
        """Stop listening and close the connection."""
        if self.connection is not None:
            self.connection.close()
            self.connection = None
