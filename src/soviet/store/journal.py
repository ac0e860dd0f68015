"""The journal table: appending in the act's own transaction, reading, and walking the chain."""

from __future__ import annotations

import functools
from collections.abc import Collection, Iterable, Iterator, Sequence
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from soviet.domain.journal import ChainReport, Entry, Head, JsonValue, check_chain, seal
from soviet.store.database import transaction
from soviet.store.registry import COPY_FROM, insert_rows, values_list, values_of
from soviet.store.schema import journal, journal_head

_COLUMNS = (
    journal.c.seq,
    journal.c.recorded_at,
    journal.c.actor,
    journal.c.kind,
    journal.c.payload,
    journal.c.prev_hash,
    journal.c.hash,
)


def _locked_head(connection: Connection) -> Head:
    # The row lock makes concurrent writers on PostgreSQL take their turns; SQLite's
    # BEGIN IMMEDIATE has already done so.
    row = connection.execute(
        sa.select(journal_head.c.seq, journal_head.c.hash)
        .where(journal_head.c.id == 1)
        .with_for_update()
    ).one()
    return Head(row.seq, row.hash)


def _head_to_follow(connection: Connection) -> Head:
    # An act that has appended already holds the head's lock and wrote the head itself.
    appended = transaction(connection).appended
    if appended:
        return Head(appended[-1].seq, appended[-1].hash)
    return _locked_head(connection)


def append(
    connection: Connection, *, at: datetime, actor: str, kind: str, payload: JsonValue
) -> Entry:
    """Append one entry in the caller's transaction and return it; it counts once committed.

    Its row is written with the act's other entries, before the transaction commits (or
    before anything in it reads the journal): an act that refreshes the bodies above a
    recall appends six entries, which once cost a round trip each."""
    entry = seal(_head_to_follow(connection), at=at, actor=actor, kind=kind, payload=payload)
    state = transaction(connection)
    state.appended.append(entry)
    state.unwritten.append(entry)
    state.writer = write_unwritten
    return entry


def write_unwritten(connection: Connection) -> None:
    """Write the rows of the entries the transaction has appended and not yet written, and
    move the head to the last of them: on PostgreSQL one statement (the head's update a
    CTE of the insert), or COPY for the hundreds of a plenary's ballots; on SQLite two."""
    state = transaction(connection)
    entries, state.unwritten = state.unwritten, []
    if not entries:
        return
    last = entries[-1]
    rows = [_row(e) for e in entries]
    if connection.dialect.name == "postgresql" and len(rows) < COPY_FROM:
        values = {"head_seq": last.seq, "head_hash": last.hash, **values_of(rows, _ROW)}
        connection.exec_driver_sql(_appending(len(rows)), values)
        return
    insert_rows(connection, journal, rows)
    connection.execute(
        journal_head.update().where(journal_head.c.id == 1).values(seq=last.seq, hash=last.hash)
    )


@functools.cache
def _appending(count: int) -> str:
    """PostgreSQL's statement that inserts `count` entries and moves the head to the last
    (the head's update a CTE of the insert): written once for each count."""
    rows = values_list(count, _ROW)
    return (
        "WITH head_moved AS (UPDATE journal_head SET seq = %(head_seq)s, hash = %(head_hash)s"
        f" WHERE id = 1) INSERT INTO journal ({', '.join(_ROW)}) VALUES {rows}"
    )


def _written(connection: Connection) -> None:
    """Before the journal is read in a transaction that has appended to it."""
    if transaction(connection).unwritten:
        write_unwritten(connection)


_ROW = ("seq", "recorded_at", "actor", "kind", "payload", "prev_hash", "hash")


def _row(entry: Entry) -> dict[str, object]:
    """The journal's row of an entry."""
    return {
        "seq": entry.seq,
        "recorded_at": entry.recorded_at,
        "actor": entry.actor,
        "kind": entry.kind,
        "payload": entry.payload,
        "prev_hash": entry.prev_hash,
        "hash": entry.hash,
    }


def last_appended(connection: Connection) -> Entry | None:
    """The newest entry this transaction has appended, if any."""
    appended = transaction(connection).appended
    return appended[-1] if appended else None


def append_many(
    connection: Connection, acts: Sequence[tuple[datetime, str, str, JsonValue]]
) -> list[Entry]:
    """Append (at, actor, kind, payload) acts as consecutive entries in the caller's
    transaction: one read of the head, one insert of every row, one write of the head.

    For acts that arrive together in great numbers (the ballots of a plenary); each is
    its own entry in the chain, exactly as if appended one by one.
    """
    if not acts:
        return []
    current = _head_to_follow(connection)
    entries = []
    for at, actor, kind, payload in acts:
        entry = seal(current, at=at, actor=actor, kind=kind, payload=payload)
        entries.append(entry)
        current = Head(entry.seq, entry.hash)
    state = transaction(connection)
    state.appended.extend(entries)
    state.unwritten.extend(entries)
    state.writer = write_unwritten
    return entries


def head(connection: Connection) -> Head:
    """The head the database records (without taking its lock)."""
    _written(connection)
    row = connection.execute(
        sa.select(journal_head.c.seq, journal_head.c.hash).where(journal_head.c.id == 1)
    ).one()
    return Head(row.seq, row.hash)


def recorded_since(connection: Connection, seq: int, *, besides: Collection[str]) -> bool:
    """Whether an entry of a kind not among `besides` follows entry `seq`."""
    _written(connection)
    query = (
        sa.select(journal.c.seq)
        .where(journal.c.seq > seq, journal.c.kind.not_in(sorted(besides)))
        .limit(1)
    )
    return connection.execute(query).first() is not None


def tail(connection: Connection, count: int) -> list[Entry]:
    """The last `count` entries, oldest first."""
    _written(connection)
    rows = connection.execute(sa.select(*_COLUMNS).order_by(journal.c.seq.desc()).limit(count))
    return [Entry(*row) for row in reversed(rows.all())]


def entries(connection: Connection, *, batch: int = 5_000) -> Iterator[Entry]:
    """Every entry in sequence order, read in batches so that memory stays flat."""
    _written(connection)
    after = None
    while True:
        query = sa.select(*_COLUMNS).order_by(journal.c.seq).limit(batch)
        if after is not None:
            query = query.where(journal.c.seq > after)
        rows = connection.execute(query).all()
        for row in rows:
            yield Entry(*row)
        if len(rows) < batch:
            return
        after = rows[-1].seq


def entries_of_kinds(
    connection: Connection, kinds: Sequence[str], *, first: int, batch: int = 5_000
) -> Iterator[Entry]:
    """The entries of `kinds` from entry `first` on, in sequence order, read in batches
    (the caller may stop early: nothing further is read)."""
    _written(connection)
    after = first - 1
    while True:
        query = (
            sa.select(*_COLUMNS)
            .where(journal.c.seq > after, journal.c.kind.in_(list(kinds)))
            .order_by(journal.c.seq)
            .limit(batch)
        )
        rows = connection.execute(query).all()
        for row in rows:
            yield Entry(*row)
        if len(rows) < batch:
            return
        after = rows[-1].seq


def entries_numbered(connection: Connection, seqs: Iterable[int]) -> list[Entry]:
    """The entries with these sequence numbers (those that exist), in sequence order."""
    _written(connection)
    wanted = sorted(set(seqs))
    found: list[Entry] = []
    for start in range(0, len(wanted), 1_000):
        chunk = wanted[start : start + 1_000]
        rows = connection.execute(
            sa.select(*_COLUMNS).where(journal.c.seq.in_(chunk)).order_by(journal.c.seq)
        )
        found.extend(Entry(*row) for row in rows)
    return found


def entries_after(connection: Connection, seq: int, *, limit: int) -> list[Entry]:
    """The entries after entry `seq`, oldest first, at most `limit` of them."""
    _written(connection)
    rows = connection.execute(
        sa.select(*_COLUMNS).where(journal.c.seq > seq).order_by(journal.c.seq).limit(limit)
    )
    return [Entry(*row) for row in rows]


def locate(connection: Connection, digest: str) -> int | None:
    """The sequence number of the entry whose hash is `digest`, if any."""
    _written(connection)
    found = connection.execute(sa.select(journal.c.seq).where(journal.c.hash == digest)).first()
    return None if found is None else int(found.seq)


def verify(connection: Connection, remembered: Iterable[tuple[str, Head]] = ()) -> ChainReport:
    """Walk the whole chain against the database's head record and any remembered heads."""
    _written(connection)
    return check_chain(
        entries(connection),
        remembered=remembered,
        end=head(connection),
        locate=lambda digest: locate(connection, digest),
    )
