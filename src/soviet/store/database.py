"""One engine factory for both engines, and transactions with the guarantees acts need.

SQLite: WAL, ``synchronous=FULL`` (an acknowledged act survives power loss; only the demo's
replay, which can be made again, asks for ``NORMAL``), foreign keys
on, a busy timeout, and ``BEGIN IMMEDIATE`` for writes so that a writer takes the lock
before it reads. PostgreSQL (psycopg 3): ``synchronous_commit=on``; writes run READ
COMMITTED, one at a time behind a transaction-level advisory lock (so that every act
checks its rules against the latest committed state, as on SQLite), or SERIALIZABLE
where an act asks for it, retried a bounded number of times on serialisation failures
and deadlocks.
"""

from __future__ import annotations

import random
import sqlite3
import threading
import time
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

import sqlalchemy as sa
from sqlalchemy import event
from sqlalchemy.engine import URL, Connection, Engine, make_url
from sqlalchemy.exc import ArgumentError, DBAPIError, OperationalError, SQLAlchemyError

from soviet.domain.journal import Entry
from soviet.errors import Conflict, InvalidInput, StorageError
from soviet.store.replicas import Replicas
from soviet.store.watchers import JOURNAL_CHANNEL, Dispatcher, Listener, Watcher

T = TypeVar("T")

#: How long a SQLite writer waits for the lock before giving up, in milliseconds.
SQLITE_BUSY_TIMEOUT_MS = 30_000
#: How often a transaction that lost a serialisation race is tried again.
MAX_ATTEMPTS = 30


@dataclass
class Transaction:
    """What one transaction keeps beside its connection, made new as each begins (pooled
    connections outlive their transactions): the journal entries it has appended, which
    are announced once it commits and which the next entry follows, and the ids it has
    read by slug (a row's id never changes once it exists, and an act names the same rows
    many times)."""

    appended: list[Entry] = field(default_factory=list)
    #: Of those, the entries whose rows are not written yet, and what writes them: an
    #: act's entries go into the journal together, before it commits (store.journal).
    unwritten: list[Entry] = field(default_factory=list)
    writer: Callable[[Connection], None] | None = None
    federation_ids: dict[str, int] = field(default_factory=dict)
    #: (table, federation id, slug) to the row's id.
    ids: dict[tuple[str, int, str], int] = field(default_factory=dict)

    def know(self, table: str, federation: int, found: Iterable[tuple[str, int]]) -> None:
        """Keep the ids of a federation's rows, by slug, that a read of this transaction
        found on its way (a fraction's delegates, a list's candidates): the entries the act
        then appends name them, and are not made to ask again."""
        ids = self.ids
        for slug, row in found:
            ids[table, federation, slug] = int(row)


#: The key of a connection's info under which its current Transaction is kept.
_TRANSACTION = "soviet_transaction"


def transaction(connection: Connection) -> Transaction:
    """The current transaction's own state (begun by Database.read or write)."""
    state = connection.info.get(_TRANSACTION)
    if not isinstance(state, Transaction):
        state = connection.info[_TRANSACTION] = Transaction()
    return state


#: Taken at the start of every PostgreSQL write transaction, released at its end.
_WRITER_LOCK = sa.text("SELECT pg_advisory_xact_lock(1917)")
#: The same turn, held by the session around a SERIALIZABLE transaction: taken inside it,
#: the lock's SELECT would fix the snapshot before the wait, and every writer that had
#: waited would then fail to serialise.
_TURN_TAKE = sa.text("SELECT pg_advisory_lock(1917)")
_TURN_GIVE = sa.text("SELECT pg_advisory_unlock(1917)")

_RETRYABLE_SQLSTATES = {"40001", "40P01"}  # serialization_failure, deadlock_detected

_NOTIFY = sa.text(f"SELECT pg_notify('{JOURNAL_CHANNEL}', :seq)")

#: Where the writes of the current context (a request's thread) report the entries they
#: committed, while `committed_entries` listens.
_COMMITTED: ContextVar[list[Entry] | None] = ContextVar("soviet_committed", default=None)


@contextmanager
def committed_entries() -> Iterator[list[Entry]]:
    """The journal entries committed by the writes this context runs inside the block, in
    order (a door's receipt is the last of them). A group commit written by this thread
    for others reports theirs too: such an act's service returns its own entry."""
    entries: list[Entry] = []
    token = _COMMITTED.set(entries)
    try:
        yield entries
    finally:
        _COMMITTED.reset(token)


@dataclass(frozen=True)
class Target:
    """A parsed database URL: which engine, and a printable name without secrets."""

    url: URL
    engine: str  # "sqlite" or "postgresql"
    display: str


def parse_url(raw: str) -> Target:
    """Parse a `--db` value into a Target, or raise InvalidInput naming the reason."""
    text = raw.strip()
    if not text:
        raise InvalidInput("database URL: empty; use sqlite:///PATH or postgresql://...")
    try:
        url = make_url(text)
    except ArgumentError:
        raise InvalidInput(
            f"database URL: '{raw}' is not one; use sqlite:///PATH or postgresql://..."
        ) from None
    backend = url.get_backend_name()
    if backend == "sqlite":
        if url.database in (None, "", ":memory:"):
            raise InvalidInput(
                f"database URL: '{raw}' names no file; soviet keeps its journal in a file: sqlite:///PATH"
            )
        return Target(url.set(drivername="sqlite+pysqlite"), "sqlite", str(url.database))
    if backend == "postgresql":
        url = url.set(drivername="postgresql+psycopg")
        shown = url.render_as_string(hide_password=True).replace("+psycopg", "")
        return Target(url, "postgresql", shown)
    raise InvalidInput(
        f"database URL: unsupported database '{backend}' in '{raw}'; use sqlite:///PATH or postgresql://..."
    )


def _configure_sqlite(engine: Engine, synchronous: str) -> None:
    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        # Take transactions out of the driver's hands so that BEGIN is ours to say.
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute(f"PRAGMA busy_timeout = {SQLITE_BUSY_TIMEOUT_MS}")
        cursor.execute("PRAGMA journal_mode = WAL")
        cursor.execute(f"PRAGMA synchronous = {synchronous}")
        cursor.execute("PRAGMA foreign_keys = ON")
        # 64 MiB of page cache: an act that writes a large register touches many index pages.
        cursor.execute("PRAGMA cache_size = -65536")
        # The WAL is copied back into the database by a thread of its own (_Checkpointer),
        # not inside the commit of whichever act happens to fill it.
        cursor.execute("PRAGMA wal_autocheckpoint = 0")
        # A WAL that grew for one large act is cut back once it starts again.
        cursor.execute("PRAGMA journal_size_limit = 67108864")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(connection: Connection) -> None:
        write = connection.get_execution_options().get("soviet_write", False)
        connection.exec_driver_sql("BEGIN IMMEDIATE" if write else "BEGIN")


def _refuse_unwritten(connection: Connection) -> None:
    """No transaction commits with journal entries appended and not written (a path that
    commits without writing them would lose them): it fails instead, and rolls back."""
    state = connection.info.get(_TRANSACTION)
    if isinstance(state, Transaction) and state.unwritten:
        raise StorageError(
            f"{len(state.unwritten)} journal entries appended were not written before "
            "the commit; nothing changed"
        )


def create_engine(target: Target, *, replica: bool = False, durable: bool = True) -> Engine:
    """Build the engine for a target (a primary's replica: fewer connections); nothing
    connects until the first transaction. Not `durable`: a commit does not wait for the
    disk (SQLite `synchronous = NORMAL` in WAL mode, PostgreSQL `synchronous_commit = off`):
    a power cut may lose the last commits whole, never corrupt the database nor keep half
    of one."""
    if target.engine == "sqlite":
        # Connections stay open in the pool: closing the last one makes SQLite checkpoint
        # its WAL, which would cost every act several milliseconds.
        # As many as the threads a server runs requests on (anyio's 40), so that none is
        # opened and configured anew per request under load.
        engine = sa.create_engine(target.url, pool_size=40, max_overflow=40, pool_timeout=60)
        _configure_sqlite(engine, "FULL" if durable else "NORMAL")
        event.listen(engine, "commit", _refuse_unwritten)
        return engine
    engine = sa.create_engine(
        target.url,
        # Kept open under load rather than connected per request (a connection costs the
        # server a process); two workers stay within PostgreSQL's default 100 connections.
        pool_size=8 if replica else 16,
        max_overflow=16 if replica else 24,
        pool_pre_ping=True,
        connect_args={
            "options": f"-c synchronous_commit={'on' if durable else 'off'}",
            "connect_timeout": 10,
        },
    )
    event.listen(engine, "commit", _refuse_unwritten)
    return engine


def _is_retryable(error: DBAPIError) -> bool:
    sqlstate = getattr(error.orig, "sqlstate", None)
    if sqlstate in _RETRYABLE_SQLSTATES:
        return True
    return "database is locked" in str(error.orig)


@contextmanager
def _turn_held_by_session(connection: Connection, options: dict[str, Any]) -> Iterator[None]:
    """Hold the writers' turn around a SERIALIZABLE transaction (nothing otherwise)."""
    if "isolation_level" not in options:
        yield
        return
    connection.execute(_TURN_TAKE)
    connection.commit()
    try:
        yield
    finally:
        if not connection.invalidated:  # a lost connection's session lock is gone with it
            connection.rollback()
            connection.execute(_TURN_GIVE)
            connection.commit()


def _bookkeep_pipelined(
    raw: Any, statement: str, rows: Sequence[Mapping[str, object]]
) -> list[object]:
    """Database.bookkeep on PostgreSQL, `statement` as the driver reads it: every row's
    statement sent at once (psycopg's pipelined executemany), so that a thousand counters
    cost one round trip, not a thousand, each of which would take the interpreter's lock
    back from the requests."""
    cursor = raw.cursor()
    found: list[object] = []
    try:
        cursor.execute("SET LOCAL synchronous_commit = off")
        if rows:
            cursor.executemany(statement, rows, returning=True)
            while True:
                first = cursor.fetchone() if cursor.description else None
                found.append(None if first is None else first[0])
                if not cursor.nextset():
                    break
        raw.commit()
    except BaseException:
        raw.rollback()
        raise
    return found


def _first_line(error: SQLAlchemyError) -> str:
    lines = str(getattr(error, "orig", None) or error).strip().splitlines()
    return lines[0] if lines else type(error).__name__


def describe(error: SQLAlchemyError, target: Target) -> str:
    """One line saying why the database could not be used."""
    return f"database {target.display}: {_first_line(error)}"


def _is_unusable(error: DBAPIError) -> bool:
    """Whether the database cannot be used at all: it is unreachable, or (SQLite) the file
    is not a database; not an error of one statement."""
    if isinstance(error, OperationalError):
        return True
    # sqlite3 says "file is not a database" (and "database disk image is malformed") with
    # its DatabaseError itself, of which its OperationalError is a subclass.
    return type(error.orig) is sqlite3.DatabaseError


class _Checkpointer:
    """Copies a SQLite database's WAL back into its file in a thread of its own, after
    writes, so that no act waits for it: left to itself, SQLite checkpoints inside the
    commit of the act that fills the WAL past a thousand pages, which then takes tens of
    milliseconds longer than the others. A checkpoint waits for no writer (PASSIVE): what it
    cannot copy now is copied after the next write; the WAL is durable meanwhile."""

    #: How long a checkpoint waits after a write for more writes to gather, in seconds.
    GATHER = 0.05
    #: Pages in the WAL (of 4 KiB) past which the checkpoint makes it start again.
    RESTART_FRAMES = 10_000

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self.due = threading.Event()
        self.halt = threading.Event()
        self.thread: threading.Thread | None = None
        self.lock = threading.Lock()

    def written(self) -> None:
        """Note a committed write: a checkpoint follows it soon."""
        with self.lock:
            if self.thread is None:
                self.halt.clear()  # a database may be written again after it was closed
                self.thread = threading.Thread(
                    target=self._run, name="soviet-wal-checkpoint", daemon=True
                )
                self.thread.start()
        self.due.set()

    def _run(self) -> None:
        connection = self.engine.raw_connection()
        try:
            while not self.halt.is_set():
                self.due.wait()
                self.halt.wait(self.GATHER)  # a database being closed is checkpointed at once
                self.due.clear()
                cursor = connection.cursor()
                try:
                    cursor.execute("PRAGMA wal_checkpoint(PASSIVE)")
                    _busy, frames, _copied = cursor.fetchone() or (0, 0, 0)
                    if frames > self.RESTART_FRAMES:
                        # Writes that never pause would leave the WAL growing: it starts
                        # again only once a checkpoint has copied all of it, which this one
                        # makes sure of by holding the next writer for that long.
                        cursor.execute("PRAGMA wal_checkpoint(RESTART)")
                except sqlite3.Error:  # the file is busy: checkpointed after the next write
                    continue
                finally:
                    cursor.close()
        finally:
            connection.close()

    def stop(self) -> None:
        """Stop the thread after a last checkpoint."""
        with self.lock:
            thread, self.thread = self.thread, None
        if thread is not None:
            self.halt.set()
            self.due.set()
            thread.join(timeout=30)


class Database:
    """An engine with its target, handing out read and write transactions."""

    def __init__(
        self, target: Target, replicas: Sequence[Target] = (), *, durable: bool = True
    ) -> None:
        self.target = target
        #: Whether a commit waits for the disk (see create_engine): only a load that can be
        #: made again, the demo's replay, passes False.
        self.durable = durable
        self.engine = create_engine(target, durable=durable)
        #: Streaming replicas of a PostgreSQL primary that may serve reads (store.replicas).
        self.replicas = Replicas([create_engine(replica, replica=True) for replica in replicas])
        self._dispatcher = Dispatcher()
        #: Set once the schema has been found at the newest revision.
        self.is_current = False
        self._checkpointer = _Checkpointer(self.engine) if target.engine == "sqlite" else None

    def watch(self, callback: Watcher) -> None:
        """Call `callback` with the journal entries of each write, after it has committed,
        from a thread of the watchers' own: an error in it is logged and dropped, and the
        act neither fails nor waits for it."""
        self._dispatcher.add(callback)

    def announce(self, entries: Sequence[Entry]) -> None:
        """Queue entries that have just been committed for the watchers; returns at once."""
        self._dispatcher.announce(entries)

    def settle(self) -> None:
        """Wait until the watchers have heard of every write committed so far."""
        self._dispatcher.settle()

    def listen(self) -> Listener:
        """A listener woken when entries are committed, by this process or another."""
        if self.target.engine != "postgresql":
            return Listener(None)
        try:
            raw = self.engine.raw_connection()
        except OperationalError as error:
            raise StorageError(describe(error, self.target)) from None
        connection = raw.driver_connection
        raw.detach()  # its own connection, never handed back to the pool in LISTEN
        return Listener(connection)

    @contextmanager
    def read(self) -> Iterator[Connection]:
        """A read-only transaction (one consistent snapshot), on a replica where the door
        allows it and the replica holds what the reader must see (store.replicas)."""
        try:
            with self.replicas.connect(self.engine) as connection, connection.begin():
                connection.info[_TRANSACTION] = Transaction()
                yield connection
        except DBAPIError as error:
            if not _is_unusable(error):
                raise
            raise StorageError(describe(error, self.target)) from None

    def write(
        self,
        act: Callable[[Connection], T],
        *,
        serializable: bool = False,
        before_turn: Callable[[Connection], object] | None = None,
    ) -> T:
        """Run `act` in one write transaction and commit it, retrying lost races.

        `before_turn` runs first in the same transaction, before the writer's turn is
        taken on PostgreSQL (on SQLite the turn is taken as the transaction begins), so
        that other writers need not wait while it reads. What it reads may have changed
        by the time the turn is taken: an act that checks its rules against it must find
        out in the turn whether anything has (a batch of ballots notes the journal's head
        first, services.votes).

        Both may run more than once, so they must not have effects outside the
        transaction. A failure after the last attempt raises StorageError (unavailable).
        """
        options: dict[str, Any] = {"soviet_write": True}
        if serializable and self.target.engine == "postgresql":
            options["isolation_level"] = "SERIALIZABLE"
        for attempt in range(1, MAX_ATTEMPTS + 1):
            try:
                with (
                    self.engine.connect().execution_options(**options) as connection,
                    _turn_held_by_session(connection, options),
                ):
                    state = connection.info[_TRANSACTION] = Transaction()
                    with connection.begin():
                        if before_turn is not None:
                            before_turn(connection)
                        if self.target.engine == "postgresql" and "isolation_level" not in options:
                            # One writer at a time, as SQLite's BEGIN IMMEDIATE gives: every
                            # act checks its rules against the latest committed state.
                            connection.execute(_WRITER_LOCK)
                        result = act(connection)
                        if state.unwritten:
                            assert state.writer is not None
                            state.writer(connection)
                        appended = state.appended
                        if appended and self.target.engine == "postgresql":
                            # Sent on commit, and only then, to whoever follows the journal.
                            connection.execute(_NOTIFY, {"seq": str(appended[-1].seq)})
                    connection.info.pop(_TRANSACTION)
                if self._checkpointer is not None:
                    self._checkpointer.written()
                collector = _COMMITTED.get()
                if collector is not None:
                    collector.extend(appended)
                self.announce(appended)
                return result
            except sa.exc.IntegrityError as error:
                raise Conflict(
                    f"the act clashed with one already recorded ({_first_line(error)}); "
                    "nothing changed"
                ) from None
            except DBAPIError as error:
                if not _is_retryable(error):
                    if _is_unusable(error):
                        raise StorageError(describe(error, self.target)) from None
                    raise
                if attempt == MAX_ATTEMPTS:
                    raise StorageError(
                        f"database {self.target.display}: gave up after {attempt} attempts "
                        f"lost to concurrent writers"
                    ) from None
                time.sleep(random.uniform(0, 0.002 * attempt))
        raise AssertionError("unreachable")  # pragma: no cover

    def bookkeep(self, sql: str, rows: Sequence[Mapping[str, object]]) -> list[object]:
        """Run `sql` (named parameters, `:name`) once per row in one transaction that does
        not wait for the disk (SQLite `synchronous = NORMAL` for it, PostgreSQL
        `synchronous_commit = off`) and does not take the acts' turn on PostgreSQL: the
        door's bookkeeping (counters, when a token was last used), which a power cut may
        lose harmlessly. The first column of each statement's first row (None without)."""
        dbapi = self.engine.dialect.loaded_dbapi
        try:
            raw = self.engine.raw_connection()  # the pool's errors are the driver's own
            try:
                if self.target.engine == "postgresql":
                    driver_sql = str(sa.text(sql).compile(dialect=self.engine.dialect))
                    return _bookkeep_pipelined(raw, driver_sql, rows)
                return self._bookkeep_sqlite(raw, sql, rows)
            finally:
                raw.close()
        except dbapi.Error as error:  # told as SQLAlchemy tells it, the rows' values hidden
            raise DBAPIError.instance(
                sql, list(rows), error, dbapi.Error, hide_parameters=True
            ) from None

    def _bookkeep_sqlite(
        self, raw: Any, sql: str, rows: Sequence[Mapping[str, object]]
    ) -> list[object]:
        cursor = raw.cursor()
        # The safety level may not change inside a transaction: set around it, and back.
        cursor.execute("PRAGMA synchronous = NORMAL")
        try:
            cursor.execute("BEGIN IMMEDIATE")
            try:
                found = []
                for row in rows:
                    first = cursor.execute(sql, dict(row)).fetchone()
                    found.append(None if first is None else first[0])
                cursor.execute("COMMIT")
            except BaseException:
                cursor.execute("ROLLBACK")
                raise
        finally:
            cursor.execute(f"PRAGMA synchronous = {'FULL' if self.durable else 'NORMAL'}")
        return found

    def dispose(self) -> None:
        """Close every pooled connection (a SQLite database checkpointed first), once the
        watchers have heard of what was committed (or a few seconds have passed)."""
        self._dispatcher.stop(timeout=5)
        if self._checkpointer is not None:
            self._checkpointer.stop()
        self.engine.dispose()
        self.replicas.dispose()

    def __enter__(self) -> Database:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.dispose()


def ensure_sqlite_folder(target: Target) -> None:
    """Create the folder of a SQLite file, or raise StorageError saying why it cannot be."""
    if target.engine != "sqlite" or target.url.database is None:
        return
    folder = sqlite_path(target).parent
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise StorageError(f"database {target.display}: cannot create folder: {error}") from None


def sqlite_path(target: Target) -> Path:
    """The file of a SQLite target (parse_url refuses one that names no file)."""
    return Path(target.url.database or "").expanduser()


def require_sqlite_file(target: Target) -> None:
    """Refuse a SQLite target whose file does not exist, before connecting would create it
    (and a mistyped path would leave an empty database and its folders behind)."""
    if target.engine == "sqlite" and not sqlite_path(target).is_file():
        raise StorageError(
            f"database {target.display}: no such file; `soviet init` creates it "
            "(check --db or SOVIET_DB)"
        )
