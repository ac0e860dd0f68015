"""Public notices of committed acts: read after a sequence number, followed live, watched.

The journal itself is the log: a follower in any process asks for every entry after the
last one it has seen, so a follower that stops and starts again from its last number
misses nothing and hears nothing twice. On PostgreSQL every write transaction notifies a
channel on commit, which wakes the follower; on SQLite it looks again after a short poll.
Either way it also looks again after a while without a wake-up, so nothing is missed.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator

from soviet.domain import limits
from soviet.domain.identity import Actor
from soviet.domain.ids import parse_id
from soviet.domain.journal import Entry
from soviet.domain.notices import Notice, notice_of
from soviet.domain.permissions import Action
from soviet.errors import InvalidInput
from soviet.services import identity
from soviet.services.journal import require_current
from soviet.store import councils, journal
from soviet.store.database import Database

#: How many entries one read of the journal takes at most.
BATCH = 500
#: Seconds a SQLite follower waits before looking at the journal again.
SQLITE_POLL = 0.1
#: Seconds a PostgreSQL follower waits for a notification before looking again anyway.
POSTGRES_WAIT = 1.0


def _require_reader(actor: Actor) -> None:
    """Notices are public: anyone may read them, the public included."""
    identity.require_operator_or(actor, Action.READ_PUBLIC)


def _check(after: int, batch: int) -> None:
    if after < 0:
        raise InvalidInput(f"after: must be a sequence number of 0 or more, got {after}")
    if batch < 1:
        raise InvalidInput(f"batch: must be at least 1, got {batch}")
    limits.check_integer(after, "after", maximum=limits.ID_MAX)
    limits.check_integer(batch, "batch", minimum=1, maximum=limits.PAGE_MAX)


def notices_after(
    db: Database, after: int = 0, *, limit: int = BATCH, actor: Actor
) -> list[Notice]:
    """The notices of the entries after entry `after`, oldest first, at most `limit`."""
    _require_reader(actor)
    _check(after, limit)
    with db.read() as connection:
        require_current(connection, db)
        found = journal.entries_after(connection, after, limit=limit)
    return [notice_of(entry) for entry in found]


def head_seq(db: Database, *, actor: Actor) -> int:
    """The sequence number of the last committed entry: where a live follower begins."""
    _require_reader(actor)
    with db.read() as connection:
        require_current(connection, db)
        return journal.head(connection).seq


def follow(
    db: Database,
    after: int = 0,
    *,
    stop: threading.Event | None = None,
    batch: int = BATCH,
    wait: float | None = None,
    actor: Actor,
) -> Iterator[Notice]:
    """Every notice after entry `after`, in order, then each new one as it is committed,
    until `stop` is set (or the caller stops iterating).

    `wait` is how long to wait for a wake-up before reading again anyway (default 0.1 s on
    SQLite, which has no wake-up, and 1 s on PostgreSQL); `stop` is noticed at once on
    SQLite and within a quarter of a second on PostgreSQL.
    """
    _require_reader(actor)
    _check(after, batch)
    idle = wait if wait is not None else POSTGRES_WAIT
    if wait is None and db.target.engine == "sqlite":
        idle = SQLITE_POLL
    with db.read() as connection:
        require_current(connection, db)
    # Listening before the first read: whatever commits after that read wakes it.
    listener = db.listen()
    try:
        while stop is None or not stop.is_set():
            with db.read() as connection:
                found = journal.entries_after(connection, after, limit=batch)
            for entry in found:
                yield notice_of(entry)
                after = entry.seq
            if len(found) < batch and (stop is None or not stop.is_set()):
                listener.wait(idle, stop)
    finally:
        listener.close()


#: The kinds of entries that end mandates, and the fields naming them: whoever held one
#: has lost a delegate's role.
MANDATES_ENDED: dict[str, str] = {
    "MandateEnded": "mandate",
    "DelegateRecalled": "mandate",
    "DelegateReplaced": "mandate",
    "ElectionClosed": "ended",
    "BodyRefreshed": "ended",
}


def accounts_losing_role(db: Database, notice: Notice, *, actor: Actor) -> list[str]:
    """The accounts of the persons whose mandates the entry of `notice` ended (a
    person's account is her slug, services.identity): a door that serves them by
    their roles asks again who they are."""
    _require_reader(actor)
    found = notice.fields.get(MANDATES_ENDED.get(notice.kind, ""))
    named = found if isinstance(found, list) else [found]
    ended = [parse_id(item, "mandate") for item in named if isinstance(item, str)]
    if not ended:
        return []
    with db.read() as connection:
        return councils.holders(connection, ended)


def watch(db: Database, callback: Callable[[Notice], None], *, actor: Actor) -> None:
    """Call `callback` with the notice of each entry this process commits, after its
    commit, from the watchers' thread: an error in it is logged and dropped, and no act
    waits for it."""
    _require_reader(actor)

    def tell(entries: list[Entry]) -> None:
        for entry in entries:
            callback(notice_of(entry))

    tell.__qualname__ = getattr(callback, "__qualname__", tell.__qualname__)
    db.watch(tell)
