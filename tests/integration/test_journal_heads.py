"""The journal cannot be rewritten quietly: triggers refuse every edit on both engines, and
a head signed with a key kept outside the database catches a forger who drops them and
recomputes the whole chain."""

from __future__ import annotations

import json
import stat
from collections.abc import Iterator
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
import sqlalchemy as sa

from soviet.domain.identity import SYSTEM, account_actor
from soviet.domain.journal import Entry, compute_hash
from soviet.errors import Conflict, Forbidden, InvalidInput
from soviet.services import heads
from soviet.services import journal as journal_service
from soviet.services.bootstrap import open_database
from soviet.store import journal
from soviet.store.database import Database

from ..conftest import create_postgres_database, drop_postgres_database, unlock_journal

T0 = datetime(1917, 10, 25, 10, 0, tzinfo=UTC)
SIZE = 8


@pytest.fixture
def db(db_url: str) -> Iterator[Database]:
    with open_database(db_url) as db:
        journal_service.initialise(db, now=lambda: T0, actor=SYSTEM)
        for index in range(1, SIZE):
            at = T0 + timedelta(minutes=index)
            db.write(
                lambda c, at=at, i=index: journal.append(
                    c, at=at, actor="chair", kind="NoteRecorded", payload={"i": i}
                )
            )
        yield db


def entries(db: Database) -> list[Entry]:
    with db.read() as connection:
        return list(journal.entries(connection))


@pytest.mark.parametrize(
    "statement",
    [
        "UPDATE journal SET actor = 'forger' WHERE seq = 3",
        "UPDATE journal SET payload = '{}'",
        "DELETE FROM journal WHERE seq = 8",
        "DELETE FROM journal",
    ],
)
def test_the_journal_refuses_every_edit_and_removal(db: Database, statement: str) -> None:
    before = entries(db)
    with pytest.raises(
        Conflict, match=r"the journal is append-only: .* refused\)\); nothing changed"
    ):
        db.write(lambda c: c.execute(sa.text(statement)))
    assert entries(db) == before
    assert journal_service.verify(db, actor=SYSTEM, remember=False).is_intact


def test_postgresql_refuses_a_truncation_of_the_journal() -> None:
    # TRUNCATE is PostgreSQL's alone (SQLite's DELETE without WHERE is refused above).
    url = create_postgres_database()
    try:
        with open_database(url) as db:
            journal_service.initialise(db, now=lambda: T0, actor=SYSTEM)
            with pytest.raises(Conflict, match=r"append-only: .*\(TRUNCATE refused\)"):
                db.write(lambda c: c.execute(sa.text("TRUNCATE journal")))
            assert len(entries(db)) == 1
    finally:
        drop_postgres_database(url)


def test_appending_goes_on_under_the_triggers(db: Database) -> None:
    db.write(
        lambda c: journal.append(
            c, at=T0 + timedelta(hours=1), actor="chair", kind="NoteRecorded", payload={}
        )
    )
    assert journal_service.verify(db, actor=SYSTEM, remember=False).count == SIZE + 1


def recompute_from(db: Database, seq: int) -> None:
    """The forger's work: drop the triggers, change entry `seq`'s actor and recompute the
    hash of it and of every entry after it, and the database's head record."""
    rows = entries(db)
    previous = rows[seq - 2].hash
    forged = []
    for entry in rows[seq - 1 :]:
        actor = "forger" if entry.seq == seq else entry.actor
        digest = compute_hash(
            seq=entry.seq,
            recorded_at=entry.recorded_at,
            actor=actor,
            kind=entry.kind,
            payload=entry.data(),
            prev_hash=previous,
        )
        forged.append(replace(entry, actor=actor, prev_hash=previous, hash=digest))
        previous = digest

    def act(connection: sa.Connection) -> None:
        unlock_journal(connection)
        for entry in forged:
            connection.execute(
                sa.text("UPDATE journal SET actor = :a, prev_hash = :p, hash = :h WHERE seq = :s"),
                {"a": entry.actor, "p": entry.prev_hash, "h": entry.hash, "s": entry.seq},
            )
        connection.execute(sa.text("UPDATE journal_head SET hash = :h"), {"h": forged[-1].hash})

    db.write(act)


def test_a_recomputed_chain_passes_alone_but_not_a_signed_head(
    db: Database, tmp_path: Path
) -> None:
    key = tmp_path / "signing.key"
    public = heads.generate_key(key)
    signed = heads.sign_head(db, key, now=T0 + timedelta(days=1), actor=SYSTEM)
    assert (signed.seq, signed.hash) == (SIZE, entries(db)[-1].hash)
    published = tmp_path / "head.json"
    published.write_text(json.dumps(signed.as_json()))
    found = heads.read_signed_head(published, public)
    assert found == signed
    name = f"head signed at {found.signed_at}"
    assert journal_service.verify(
        db, signed=[(name, found.head)], actor=SYSTEM, remember=False
    ).is_intact

    recompute_from(db, 3)

    assert journal_service.verify(db, actor=SYSTEM, remember=False).is_intact
    report = journal_service.verify(db, signed=[(name, found.head)], actor=SYSTEM, remember=False)
    assert str(report.problem) == (
        f"entry {SIZE}: does not match the head signed at 1917-10-26T10:00:00.000000Z "
        f"({signed.hash[:12]}…): rewritten"
    )


def test_a_signed_head_is_refused_when_edited_or_signed_by_another_key(
    db: Database, tmp_path: Path
) -> None:
    key, other = tmp_path / "a.key", tmp_path / "b.key"
    public = heads.generate_key(key)
    other_public = heads.generate_key(other)
    published = tmp_path / "head.json"
    signed = heads.sign_head(db, key, actor=SYSTEM)

    published.write_text(json.dumps({**signed.as_json(), "seq": SIZE - 1}))
    with pytest.raises(InvalidInput, match=r"head .*: the signature does not match its head"):
        heads.read_signed_head(published, public)
    published.write_text(json.dumps(signed.as_json()))
    with pytest.raises(InvalidInput, match=r"head .*: signed by another key"):
        heads.read_signed_head(published, other_public)
    published.write_text(json.dumps({**signed.as_json(), "signature": "00" * 64}))
    with pytest.raises(InvalidInput, match="the signature does not match"):
        heads.read_signed_head(published, public)
    published.write_text("[1, 2]")
    with pytest.raises(InvalidInput, match="must be a JSON object"):
        heads.read_signed_head(published, public)
    with pytest.raises(InvalidInput, match="public_key: must be 64 hex digits"):
        heads.read_signed_head(published, "beef")


def test_the_key_stays_in_its_own_file_and_out_of_every_message(
    db: Database, tmp_path: Path
) -> None:
    key = tmp_path / "signing.key"
    heads.generate_key(key)
    assert stat.S_IMODE(key.stat().st_mode) == 0o600
    seed = key.read_text().splitlines()[1]
    with pytest.raises(InvalidInput, match="exists already; a key is never overwritten"):
        heads.generate_key(key)
    assert key.read_text().splitlines()[1] == seed
    heads.sign_head(db, key, actor=SYSTEM)
    assert all(seed not in e.payload and seed not in e.actor for e in entries(db))

    spoiled = tmp_path / "spoiled.key"
    spoiled.write_text(f"{seed}\n")
    with pytest.raises(InvalidInput) as refused:
        heads.sign_head(db, spoiled, actor=SYSTEM)
    assert (
        str(refused.value)
        == f"key: {spoiled} is not a soviet signing key (made by `journal keygen`)"
    )
    assert seed not in str(refused.value)
    with pytest.raises(InvalidInput, match="does not exist"):
        heads.sign_head(db, tmp_path / "missing.key", actor=SYSTEM)


def test_only_the_operator_signs_heads(db: Database, tmp_path: Path) -> None:
    key = tmp_path / "signing.key"
    heads.generate_key(key)
    with pytest.raises(Forbidden, match="may not sign the journal's head"):
        heads.sign_head(db, key, actor=account_actor("chair"))
