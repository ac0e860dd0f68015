"""Fixed-window counters shared by every worker (table rate_limits): one row per bucket,
counted up atomically on both engines by one UPSERT.

A counter is not an act: losing the last increments to a power cut harms nobody, so its
commit does not wait for the disk (SQLite `synchronous = NORMAL` for that transaction,
PostgreSQL `synchronous_commit = off`), and it does not take the writers' turn: a login
storm never queues behind the acts, nor the acts behind it.
"""

from __future__ import annotations

import sqlalchemy as sa

from soviet.store.database import Database

_UPSERT = (
    'INSERT INTO rate_limits (bucket, "window", count) VALUES ({bucket}, {window}, 1) '
    'ON CONFLICT (bucket) DO UPDATE SET count = CASE WHEN rate_limits."window" = '
    'excluded."window" THEN rate_limits.count + 1 ELSE 1 END, "window" = excluded."window" '
    "RETURNING count"
)
_SQLITE_UPSERT = _UPSERT.format(bucket="?", window="?")
_POSTGRES_UPSERT = sa.text(_UPSERT.format(bucket=":bucket", window=":window"))
_PURGE = 'DELETE FROM rate_limits WHERE "window" < {before}'


def count(db: Database, bucket: str, window: int) -> int:
    """Count one more in `bucket` for `window` (a new window starts again at 1); the count."""
    if db.target.engine == "sqlite":
        return _count_sqlite(db, bucket, window)
    with db.engine.connect() as connection, connection.begin():
        connection.execute(sa.text("SET LOCAL synchronous_commit = off"))
        found = connection.execute(_POSTGRES_UPSERT, {"bucket": bucket, "window": window})
        return int(found.scalar_one())


def _count_sqlite(db: Database, bucket: str, window: int) -> int:
    raw = db.engine.raw_connection()
    try:
        cursor = raw.cursor()
        # The safety level may not change inside a transaction: set around it, and back.
        cursor.execute("PRAGMA synchronous = NORMAL")
        try:
            cursor.execute("BEGIN IMMEDIATE")
            try:
                row = cursor.execute(_SQLITE_UPSERT, (bucket, window)).fetchone()
                cursor.execute("COMMIT")
            except BaseException:
                cursor.execute("ROLLBACK")
                raise
        finally:
            cursor.execute("PRAGMA synchronous = FULL")
        return int(row[0])
    finally:
        raw.close()


def purge(db: Database, before: int) -> None:
    """Forget every counter of a window older than `before` (seconds since the epoch)."""
    options = {"soviet_write": True}
    with db.engine.connect().execution_options(**options) as connection, connection.begin():
        connection.execute(sa.text(_PURGE.format(before=int(before))))
