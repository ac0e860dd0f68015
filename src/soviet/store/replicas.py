"""Reads served by PostgreSQL streaming replicas, never older than their reader's own acts.

A door marks the reads a replica may serve (`replica_reads`): the pages and the API's
reads, never an act (whose checks read the primary inside its transaction) and never the
event stream (whose catch-up and live notices come from the primary, without a gap). A
marked read names the journal entry the replica must hold: the primary's head at the
moment of a signed-in reader's request (so that she sees every act she has made), or the
entry a client says it has seen; a replica that has not replayed that far within
`WAIT_SECONDS` is passed over for the next, and the primary serves the read if none has.
A replica that cannot be reached is passed over too, and named once in the log.
"""

from __future__ import annotations

import itertools
import logging
import threading
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass

import sqlalchemy as sa
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.exc import DBAPIError

log = logging.getLogger(__name__)

#: How long a read waits for a replica to replay the entry it needs, in all.
WAIT_SECONDS = 0.5
#: How often a waiting read asks a replica how far it has replayed.
POLL_SECONDS = 0.01

_HEAD = sa.text("SELECT seq FROM journal_head")


@dataclass(frozen=True)
class ReplicaRead:
    """A read a replica may serve: one that holds entry `after` (0: any), and, when
    `fresh`, the primary's head as it is when the read starts."""

    after: int = 0
    fresh: bool = False


_READ: ContextVar[ReplicaRead | None] = ContextVar("soviet_replica_read", default=None)


@contextmanager
def replica_reads(after: int = 0, *, fresh: bool = False) -> Iterator[None]:
    """Let the reads made inside (in this context) be served by a replica."""
    token = _READ.set(ReplicaRead(after, fresh))
    try:
        yield
    finally:
        _READ.reset(token)


def _head(engine: Engine) -> int:
    with engine.connect() as connection:
        seq = connection.execute(_HEAD).scalar()
    return int(seq or 0)


class Replicas:
    """The engines of a primary's replicas, taken in turn."""

    def __init__(self, engines: Sequence[Engine]) -> None:
        self.engines = list(engines)
        self._turn = itertools.cycle(range(len(self.engines)))
        self._lock = threading.Lock()
        self._unreachable: set[int] = set()

    def connect(self, primary: Engine) -> Connection:
        """A connection for this context's read: to a replica where one may serve it and
        holds what it must, else to the primary."""
        wanted = _READ.get()
        if wanted is None or not self.engines:
            return primary.connect()
        after = max(wanted.after, _head(primary) if wanted.fresh else 0)
        with self._lock:
            first = next(self._turn)
        order = [(first + k) % len(self.engines) for k in range(len(self.engines))]
        deadline = time.monotonic() + WAIT_SECONDS
        for index in order:
            connection = self._holding(index, after, deadline)
            if connection is not None:
                return connection
        return primary.connect()

    def _holding(self, index: int, after: int, deadline: float) -> Connection | None:
        """A connection to replica `index` once it has replayed entry `after` (its head
        is asked only when `after` is one), or None."""
        engine = self.engines[index]
        try:
            connection = engine.connect()
            while after and int(connection.execute(_HEAD).scalar() or 0) < after:
                connection.rollback()  # a new snapshot for the next question
                if time.monotonic() >= deadline:
                    connection.close()
                    return None
                time.sleep(POLL_SECONDS)
            connection.rollback()
        except DBAPIError as error:
            if index not in self._unreachable:
                self._unreachable.add(index)
                log.warning(
                    "replica %s cannot be reached (%s); the primary serves its reads",
                    engine.url.render_as_string(hide_password=True),
                    type(error.orig).__name__,
                )
            return None
        self._unreachable.discard(index)
        return connection

    def dispose(self) -> None:
        for engine in self.engines:
            engine.dispose()
