"""When a token or a session was last used: the door's bookkeeping, noted in memory and
written together at most every SECONDS, in one transaction that does not wait for the
disk (Database.bookkeep). Noting it on the request that first uses a token would make
every delegate's first vote of the day wait for a write of its own."""

from __future__ import annotations

import logging
import threading
import weakref

from sqlalchemy.exc import SQLAlchemyError

from soviet.errors import SovietError
from soviet.store.database import Database

_LOG = logging.getLogger(__name__)

#: The most seconds a mark waits in memory before it is written.
SECONDS = 1.0


class Marks:
    """Marks of one kind (one statement, `:id` and `:at`), the latest per id."""

    def __init__(self, sql: str) -> None:
        self.sql = sql
        self._lock = threading.Lock()
        self._pending: weakref.WeakKeyDictionary[Database, dict[int, str]] = (
            weakref.WeakKeyDictionary()
        )

    def mark(self, db: Database, id: int, at: str) -> None:
        """Note that `id` was used at `at`; written within SECONDS."""
        with self._lock:
            pending = self._pending.get(db)
            is_first = pending is None
            if pending is None:
                pending = self._pending[db] = {}
            pending[id] = at
        if is_first:
            timer = threading.Timer(SECONDS, self._write_quietly, args=(db,))
            timer.daemon = True
            timer.start()

    def write(self, db: Database) -> None:
        """Write every mark noted for `db` now."""
        with self._lock:
            pending = self._pending.pop(db, None)
        if pending:
            db.bookkeep(self.sql, [{"id": id, "at": at} for id, at in sorted(pending.items())])

    def _write_quietly(self, db: Database) -> None:
        """Write from the timer's thread: a failure (the database gone meanwhile) loses
        the marks, which are only bookkeeping, and is logged without them."""
        try:
            self.write(db)
        except (SovietError, SQLAlchemyError, OSError) as error:
            _LOG.warning(
                "could not note when tokens or sessions were last used: %s", type(error).__name__
            )
