"""Rate limits kept in the database, so that every worker counts the same: a fixed window
per bucket. Buckets are a login's target account, a login's client (its session, or else
its address and user agent together: never the address alone, which a hall of delegates
shares), and an account's acts.
"""

from __future__ import annotations

import random
import time
from dataclasses import dataclass

from soviet.store import rate_limits as store
from soviet.store.database import Database


@dataclass(frozen=True)
class Limit:
    """At most `count` in each window of `seconds`."""

    count: int
    seconds: int


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
    window = int(at // limit.seconds) * limit.seconds
    counted = store.count(db, bucket[:400], window)
    if random.randrange(PURGE_ONE_IN) == 0:
        store.purge(db, window - 3600)  # an hour: longer than any window
    if counted > limit.count:
        raise RateLimited(max(1, int(window + limit.seconds - at + 0.999)))
