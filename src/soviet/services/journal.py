"""Acts and reads on the journal: initialise the database, verify the chain, show the tail."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy.engine import Connection

from soviet.domain import limits
from soviet.domain.identity import Actor
from soviet.domain.journal import ChainReport, Entry, Head, Problem
from soviet.domain.permissions import Action
from soviet.errors import InvalidInput, StorageError
from soviet.services import identity
from soviet.store import journal, migrate
from soviet.store.database import Database

Clock = Callable[[], datetime]


def utc_now() -> datetime:
    """The current time in UTC."""
    return datetime.now(UTC)


@dataclass(frozen=True)
class InitResult:
    """What `initialise` did: the revision before and after, and the journal head."""

    before: str | None
    after: str
    head: Head

    @property
    def changed(self) -> bool:
        return self.before != self.after


def initialise(db: Database, *, actor: Actor, now: Clock = utc_now) -> InitResult:
    """Create or upgrade the schema; journal `DatabaseInitialised` when anything changed."""
    # The acts' machinery is loaded by the acts that need it: a read does without.
    from soviet.domain.events.database import DatabaseInitialised, DatabaseUpgraded
    from soviet.store import acts

    identity.require_operator_or(actor, Action.INITIALISE)
    target = migrate.head_revision()

    def act(connection: Connection) -> InitResult:
        before = migrate.current_revision(connection)
        if before == target:
            return InitResult(before, target, journal.head(connection))
        migrate.upgrade(connection)
        made = DatabaseInitialised if before is None else DatabaseUpgraded
        event = made(from_revision=before, to_revision=target)
        entry = acts.record(connection, at=now(), actor=actor.name, event=event).entry
        return InitResult(before, target, Head(entry.seq, entry.hash))

    return db.write(act)


def _require_initialised(connection: Connection, db: Database) -> None:
    if migrate.current_revision(connection) is None:
        raise StorageError(f"database {db.target.display} is not initialised")


def require_current(connection: Connection, db: Database) -> None:
    """Refuse to act on a database whose schema is missing or older than this soviet's.

    Checked once per opened database: schemas only move forward.
    """
    if db.is_current:
        return
    _require_initialised(connection, db)
    revision, newest = migrate.current_revision(connection), migrate.head_revision()
    db.is_current = revision == newest
    if revision != newest:
        raise StorageError(
            f"database {db.target.display} is at schema revision {revision}, this soviet "
            f"needs {newest}: it must be upgraded first"
        )


def tail(db: Database, count: int = 10, *, actor: Actor) -> list[Entry]:
    """The last `count` journal entries, oldest first (in full: the operator's read)."""
    identity.require_operator_or(actor, Action.READ_JOURNAL)
    if count < 1:
        raise InvalidInput(f"count: must be at least 1, got {count}")
    limits.check_integer(count, "count", minimum=1, maximum=limits.PAGE_MAX)
    with db.read() as connection:
        _require_initialised(connection, db)
        return journal.tail(connection, count)


def default_witness(db: Database) -> Path:
    """Where the head seen by the last successful verify of this database is remembered."""
    import platformdirs  # only `verify` needs it

    key = hashlib.sha256(db.target.display.encode("utf-8")).hexdigest()[:16]
    return Path(platformdirs.user_state_dir("soviet")) / "witness" / f"{key}.json"


def _read_witness(path: Path) -> Head | None:
    if not path.exists():
        return None
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        return Head(int(data["seq"]), str(data["hash"]))
    except (OSError, ValueError, KeyError, TypeError) as error:
        raise InvalidInput(f"witness: cannot read remembered head from {path}: {error}") from None


def _write_witness(path: Path, head: Head, db: Database) -> None:
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        text = json.dumps({"database": db.target.display, "seq": head.seq, "hash": head.hash})
        path.write_text(text + "\n", encoding="utf-8")
    except OSError as error:
        raise StorageError(f"witness: cannot remember the head in {path}: {error}") from None


@dataclass(frozen=True)
class VerifyReport:
    """The chain walked, and where the projections differ from a rebuild from the journal."""

    chain: ChainReport
    differences: list[str]

    @property
    def is_intact(self) -> bool:
        return self.chain.is_intact and not self.differences

    @property
    def count(self) -> int:
        return self.chain.count

    @property
    def head(self) -> Head:
        return self.chain.head

    @property
    def problem(self) -> Problem | None:
        return self.chain.problem


def verify(
    db: Database,
    *,
    witness: Path | None = None,
    remember: bool = True,
    signed: Sequence[tuple[str, Head]] = (),
    progress: Callable[[int], None] | None = None,
    actor: Actor,
) -> VerifyReport:
    """Walk the whole chain, then rebuild every projection from it and compare.

    The chain is checked against the head remembered in `witness`, if any; an intact
    chain's head is then remembered there, so that a later verify notices entries cut
    off the end even if the database's own head record was edited. It is checked too
    against the `signed` heads (each with its name for the message, their signatures
    checked by `heads.read_signed_head`), which catch a chain recomputed from some entry
    on. Projections are rebuilt only from an intact chain.
    """
    from soviet.store import rebuild

    identity.require_operator_or(actor, Action.VERIFY)
    with db.read() as connection:
        require_current(connection, db)
        remembered = _read_witness(witness) if witness is not None else None
        heads = [("remembered head", remembered)] if remembered is not None else []
        heads += signed
        chain = journal.verify(connection, heads)
        found = [] if not chain.is_intact else rebuild.differences(connection, progress=progress)
    report = VerifyReport(chain, found)
    if report.is_intact and witness is not None and remember:
        _write_witness(witness, report.head, db)
    return report
