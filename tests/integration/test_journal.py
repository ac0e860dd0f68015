"""The journal on both engines: round trip, verify, initialisation, announcements."""

from __future__ import annotations

import itertools
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
import sqlalchemy as sa

from soviet.domain.identity import SYSTEM
from soviet.domain.journal import GENESIS_HASH, Entry, compute_hash
from soviet.errors import InvalidInput, StorageError
from soviet.services import journal as journal_service
from soviet.services.bootstrap import open_database
from soviet.store import journal
from soviet.store.migrate import head_revision

T0 = datetime(1917, 10, 25, 10, 0, tzinfo=UTC)

PAYLOADS = [
    {"council": "petrograd-soviet", "seats": 1200},
    {"text": "Вся власть Советам!", "nested": {"list": [1, "two", None, True]}},
    {},
    {"big": 10**30, "negative": -7},
]


def test_round_trip_keeps_every_field_and_chains_the_hashes(db_url: str) -> None:
    db = open_database(db_url)
    journal_service.initialise(db, now=lambda: T0, actor=SYSTEM)
    written: list[Entry] = []
    for index, payload in enumerate(PAYLOADS):
        at = T0 + timedelta(minutes=index + 1)
        written.append(
            db.write(
                lambda c, at=at, p=payload: journal.append(
                    c, at=at, actor="ivanova", kind="NoteRecorded", payload=p
                )
            )
        )
    read = journal_service.tail(db, 100, actor=SYSTEM)
    assert read[1:] == written
    assert [entry.data() for entry in read[1:]] == PAYLOADS
    assert read[0].prev_hash == GENESIS_HASH
    for before, after in itertools.pairwise(read):
        assert after.prev_hash == before.hash
        assert after.seq == before.seq + 1
    last = read[-1]
    assert last.recorded_at == "1917-10-25T10:04:00.000000Z"
    assert last.hash == compute_hash(
        seq=last.seq,
        recorded_at=last.recorded_at,
        actor=last.actor,
        kind=last.kind,
        payload=last.data(),
        prev_hash=last.prev_hash,
    )
    report = journal_service.verify(db, actor=SYSTEM)
    assert report.is_intact
    assert (report.count, report.head.seq, report.head.hash) == (5, 5, last.hash)
    db.dispose()


def test_init_twice_changes_nothing_the_second_time(db_url: str) -> None:
    db = open_database(db_url)
    first = journal_service.initialise(db, actor=SYSTEM)
    second = journal_service.initialise(db, actor=SYSTEM)
    assert (first.changed, first.before, first.after) == (True, None, head_revision())
    assert (second.changed, second.before) == (False, head_revision())
    assert second.head == first.head
    assert [e.kind for e in journal_service.tail(db, 10, actor=SYSTEM)] == ["DatabaseInitialised"]
    db.dispose()


def test_a_failed_act_appends_nothing(db_url: str) -> None:
    db = open_database(db_url)
    journal_service.initialise(db, actor=SYSTEM)

    def act(connection: sa.engine.Connection) -> None:
        journal.append(connection, at=T0, actor="a", kind="NoteRecorded", payload={"n": 1})
        raise InvalidInput("seats: must not be negative")

    with pytest.raises(InvalidInput):
        db.write(act)
    assert len(journal_service.tail(db, 10, actor=SYSTEM)) == 1
    assert journal_service.verify(db, actor=SYSTEM).is_intact
    db.dispose()


def test_an_acts_entries_are_written_together_and_read_within_it(db_url: str) -> None:
    """An act's entries reach the journal's table together, before it commits; a read of
    the journal within the act sees those it has appended; a commit of appended entries
    not written (a path that forgot them) fails, and writes nothing."""
    db = open_database(db_url)
    journal_service.initialise(db, now=lambda: T0, actor=SYSTEM)
    statements: list[str] = []

    def note(conn: object, cursor: object, statement: str, *args: object) -> None:
        if "journal" in statement and not statement.lstrip().upper().startswith("SELECT"):
            statements.append(statement)

    def act(connection: sa.Connection) -> tuple[list[Entry], list[Entry]]:
        appended = [
            journal.append(connection, at=T0, actor="ivanova", kind="NoteRecorded", payload=p)
            for p in PAYLOADS
        ]
        assert statements == []  # nothing written yet
        return appended, journal.tail(connection, len(PAYLOADS))

    sa.event.listen(db.engine, "before_cursor_execute", note)
    try:
        appended, seen = db.write(act)
    finally:
        sa.event.remove(db.engine, "before_cursor_execute", note)
    assert seen == appended
    assert journal_service.tail(db, 100, actor=SYSTEM)[1:] == appended
    # One statement on PostgreSQL (the head's update a CTE of the insert), two on SQLite.
    assert len(statements) == (1 if db.target.engine == "postgresql" else 2)
    assert journal_service.verify(db, actor=SYSTEM).is_intact

    before = journal_service.tail(db, 100, actor=SYSTEM)
    with (
        pytest.raises(StorageError, match="were not written before the commit"),
        db.engine.connect() as connection,
        connection.begin(),
    ):
        journal.append(connection, at=T0, actor="ivanova", kind="NoteRecorded", payload={})
    assert journal_service.tail(db, 100, actor=SYSTEM) == before
    db.dispose()


def test_watchers_hear_of_each_committed_entry_once(db_url: str) -> None:
    db = open_database(db_url)
    heard: list[list[Entry]] = []
    db.watch(heard.append)
    journal_service.initialise(db, actor=SYSTEM)
    entry = db.write(
        lambda c: journal.append(c, at=T0, actor="a", kind="NoteRecorded", payload={"n": 1})
    )
    with pytest.raises(InvalidInput):
        db.write(lambda c: journal.append(c, at=T0, actor="a", kind="bad kind", payload={}))
    db.settle()  # watchers hear from a thread of their own
    assert [[e.kind for e in batch] for batch in heard] == [["DatabaseInitialised"], [entry.kind]]
    assert heard[1] == [entry]
    db.dispose()


def test_reads_of_an_uninitialised_database_say_so(db_url: str) -> None:
    db = open_database(db_url)
    with pytest.raises(StorageError, match=r"is not initialised$") as raised:
        journal_service.verify(db, actor=SYSTEM)
    assert raised.value.code == "unavailable"
    db.dispose()


def test_verify_remembers_the_head_in_the_witness(db_url: str, tmp_path: Path) -> None:
    db = open_database(db_url)
    journal_service.initialise(db, actor=SYSTEM)
    witness = tmp_path / "witness.json"
    first = journal_service.verify(db, witness=witness, actor=SYSTEM)
    assert f'"hash": "{first.head.hash}"' in witness.read_text()
    db.write(lambda c: journal.append(c, at=T0, actor="a", kind="NoteRecorded", payload={}))
    second = journal_service.verify(db, witness=witness, actor=SYSTEM)
    assert second.is_intact
    assert second.head.seq == 2
    db.dispose()
