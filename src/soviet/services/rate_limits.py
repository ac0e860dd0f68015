"""Rate limits kept in the database, so that every worker counts the same: a fixed window
per bucket. Buckets are a login's target account, a login's client (its session, or else
its address and user agent together: never the address alone, which a hall of delegates
shares), and an account's acts.

Logins are counted in the database one by one (`count`): a guesser is stopped exactly.
Acts are counted by each worker in memory and added to the database's counters together
at most every FLUSH_SECONDS (`count_act`): a worker refuses an account's act once its own
count and the others' last added pass the limit. So a vote costs no write of its own for
its rate limit, and several workers' acts past the limit are refused at most
FLUSH_SECONDS late.
"""

from __future__ import annotations

import logging
import random
import threading
import time
import weakref
from collections import Counter
from dataclasses import dataclass

from sqlalchemy.exc import SQLAlchemyError

from soviet.errors import SovietError
from soviet.store import rate_limits as store
from soviet.store.database import Database

_LOG = logging.getLogger(__name__)


@dataclass(frozen=True)
class Limit:
    """At most `count` in each window of `seconds`."""

    count: int
    seconds: int

    def window(self, at: float) -> int:
        """The start of the window `at` (seconds since the epoch) falls in."""
        return int(at // self.seconds) * self.seconds

    def check(self, counted: int, at: float) -> None:
        """RateLimited, with the seconds until the window turns, when `counted` passes it."""
        if counted > self.count:
            raise RateLimited(max(1, int(self.window(at) + self.seconds - at + 0.999)))


#: Logins (and invitation codes) tried per target account, and per client.
LOGIN_PER_ACCOUNT = Limit(10, 60)
LOGIN_PER_CLIENT = Limit(30, 60)
#: State-changing requests per authenticated account.
ACTS_PER_ACCOUNT = Limit(600, 60)
#: One counting in this many also forgets the counters of windows gone by.
PURGE_ONE_IN = 1000


class RateLimited(Exception):
    """Too many in a bucket: try again after `retry_after` seconds."""

    def __init__(self, retry_after: int) -> None:
        super().__init__(f"try again in {retry_after} s")
        self.retry_after = retry_after


def count(db: Database, bucket: str, limit: Limit, *, now: float | None = None) -> None:
    """Count one more in `bucket`; RateLimited when the window holds more than the limit
    (this one included: a refused attempt counts too)."""
    at = time.time() if now is None else now
    window = limit.window(at)
    counted = store.count(db, bucket[:400], window)
    if random.randrange(PURGE_ONE_IN) == 0:
        store.purge(db, window - 3600)  # an hour: longer than any window
    limit.check(counted, at)


#: Seconds a worker keeps its count of acts before adding it to the database's.
FLUSH_SECONDS = 0.5


class _Pooled:
    """One worker's counts of acts in the current window, added to the database's
    counters together: `known` is what the database held at the last addition."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.window = -1
        self.pending: Counter[str] = Counter()
        self.known: dict[str, int] = {}
        self.flushed_at = 0.0
        self.is_flushing = False

    def count(
        self, db: Database, bucket: str, limit: Limit, at: float, *, is_flush_deferred: bool
    ) -> int:
        window = limit.window(at)
        with self.lock:
            if window != self.window:
                self.window, self.pending, self.known = window, Counter(), {}
            self.pending[bucket] += 1
            counted = self.known.get(bucket, 0) + self.pending[bucket]
            is_due = not self.is_flushing and at - self.flushed_at >= FLUSH_SECONDS
            if is_due:
                self.is_flushing, self.flushed_at = True, at
                pending, self.pending = self.pending, Counter()
        if not is_due:
            return counted
        if is_flush_deferred:
            thread = threading.Thread(target=self._flush_quietly, args=(db, pending, window))
            thread.daemon = True
            thread.start()
            return counted
        self._flush(db, pending, window)
        with self.lock:
            return max(counted, self.known.get(bucket, 0) + self.pending[bucket])

    def _flush(self, db: Database, pending: Counter[str], window: int) -> None:
        """Add this worker's counts to the database's, and learn everyone's totals."""
        try:
            totals = store.add(db, dict(pending), window)
        except BaseException:
            with self.lock:  # kept for the next addition
                if window == self.window:
                    self.pending.update(pending)
                self.is_flushing = False
            raise
        with self.lock:
            self.is_flushing = False
            if window == self.window:
                self.known.update(totals)

    def _flush_quietly(self, db: Database, pending: Counter[str], window: int) -> None:
        try:
            self._flush(db, pending, window)
        except (SovietError, SQLAlchemyError, OSError) as error:  # counted at the next
            _LOG.warning("could not add the acts' counts: %s", type(error).__name__)


_POOLED: weakref.WeakKeyDictionary[Database, _Pooled] = weakref.WeakKeyDictionary()
_POOLED_LOCK = threading.Lock()


def count_act(
    db: Database,
    bucket: str,
    limit: Limit,
    *,
    now: float | None = None,
    is_flush_deferred: bool = False,
) -> None:
    """Count one act more in `bucket` (see the module's doc); RateLimited past the limit.

    `is_flush_deferred`: the addition to the database's counters, when due, is made by a
    thread of its own, not by the caller (who is writing a transaction already)."""
    at = time.time() if now is None else now
    with _POOLED_LOCK:
        pooled = _POOLED.setdefault(db, _Pooled())
    counted = pooled.count(db, bucket[:400], limit, at, is_flush_deferred=is_flush_deferred)
    limit.check(counted, at)
