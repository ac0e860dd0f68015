"""Fixed-window counters shared by every worker (table rate_limits): one row per bucket,
counted up atomically on both engines by one UPSERT.

A counter is not an act: losing the last increments to a power cut harms nobody, so it is
written as the door's bookkeeping (Database.bookkeep): its commit does not wait for the
disk, and it does not take the writers' turn, so a login storm never queues behind the
acts, nor the acts behind it.
"""

from __future__ import annotations

import sqlalchemy as sa

from soviet.store.database import Database

#: Adds :count to a bucket's counter for :window (a new window starts again from it).
_ADD = (
    'INSERT INTO rate_limits (bucket, "window", count) VALUES (:bucket, :window, :count) '
    'ON CONFLICT (bucket) DO UPDATE SET count = CASE WHEN rate_limits."window" = '
    'excluded."window" THEN rate_limits.count + excluded.count ELSE excluded.count END, '
    '"window" = excluded."window" RETURNING count'
)
_PURGE = 'DELETE FROM rate_limits WHERE "window" < {before}'


def count(db: Database, bucket: str, window: int) -> int:
    """Count one more in `bucket` for `window` (a new window starts again at 1); the count."""
    return add(db, {bucket: 1}, window)[bucket]


def add(db: Database, counts: dict[str, int], window: int) -> dict[str, int]:
    """Add `counts` to their buckets for `window` in one transaction; each bucket's count
    now. Buckets are written in one order, so that workers adding at once never deadlock."""
    buckets = sorted(counts)
    rows = [{"bucket": b, "window": window, "count": counts[b]} for b in buckets]
    found = db.bookkeep(_ADD, rows)
    return {bucket: int(str(total)) for bucket, total in zip(buckets, found, strict=True)}


def purge(db: Database, before: int) -> None:
    """Forget every counter of a window older than `before` (seconds since the epoch)."""
    options = {"soviet_write": True}
    with db.engine.connect().execution_options(**options) as connection, connection.begin():
        connection.execute(sa.text(_PURGE.format(before=int(before))))
