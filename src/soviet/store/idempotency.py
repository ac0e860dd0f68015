"""Idempotency keys: the first answer to each (account, key), kept so that a retry of the
same request gets it again instead of acting twice. Not journaled, not a projection: the
door's own memory, shared by every worker through the database."""

from __future__ import annotations

from dataclasses import dataclass

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from soviet.store.among import pairs_any_of
from soviet.store.schema import idempotency_keys as table


@dataclass(frozen=True)
class Held:
    """What the database holds for one (account, key)."""

    request_hash: str
    status: int | None  # None while the first request is in flight
    response: str | None
    created_at: str
    expires_at: str


def find(connection: Connection, account: str, key: str) -> Held | None:
    """What the database holds for one (account, key), or None."""
    return find_many(connection, [(account, key)]).get((account, key))


def find_many(connection: Connection, pairs: list[tuple[str, str]]) -> dict[tuple[str, str], Held]:
    """What the database holds for each of these (account, key), by pair (those it holds)."""
    found: dict[tuple[str, str], Held] = {}
    for start in range(0, len(pairs), 500):
        query = sa.select(
            table.c.account,
            table.c.key,
            table.c.request_hash,
            table.c.status,
            table.c.response,
            table.c.created_at,
            table.c.expires_at,
        ).where(pairs_any_of(connection, table.c.account, table.c.key, pairs[start : start + 500]))
        for row in connection.execute(query):
            found[(row.account, row.key)] = Held(
                row.request_hash, row.status, row.response, row.created_at, row.expires_at
            )
    return found


def claim(
    connection: Connection, account: str, key: str, request_hash: str, *, at: str, until: str
) -> None:
    """Claim the key for a request now in flight (replacing a lapsed claim or answer)."""
    connection.execute(sa.delete(table).where(table.c.account == account, table.c.key == key))
    connection.execute(
        sa.insert(table).values(
            account=account,
            key=key,
            request_hash=request_hash,
            status=None,
            response=None,
            created_at=at,
            expires_at=until,
        )
    )


_KEEP_INTO = (
    "INSERT INTO idempotency_keys "
    "(account, key, request_hash, status, response, created_at, expires_at) "
)
_KEEP_ON_CONFLICT = (
    " ON CONFLICT (account, key) DO UPDATE SET request_hash = excluded.request_hash, "
    "status = excluded.status, response = excluded.response, "
    "created_at = excluded.created_at, expires_at = excluded.expires_at"
)
_KEEP = sa.text(
    _KEEP_INTO
    + "VALUES (:account, :key, :request_hash, :status, :response, :at, :until)"
    + _KEEP_ON_CONFLICT
)
#: The same, every row in one statement of arrays on PostgreSQL (store.among says why).
_KEEP_ARRAYS = sa.text(
    _KEEP_INTO + "SELECT * FROM unnest(CAST(:account AS VARCHAR[]), CAST(:key AS VARCHAR[]), "
    "CAST(:request_hash AS VARCHAR[]), CAST(:status AS INTEGER[]), CAST(:response AS TEXT[]), "
    "CAST(:at AS VARCHAR[]), CAST(:until AS VARCHAR[]))" + _KEEP_ON_CONFLICT
)
_KEPT = ("account", "key", "request_hash", "status", "response", "at", "until")


def keep_many(connection: Connection, kept: list[dict[str, object]]) -> None:
    """Keep keys with their answers at once (the acts and their keys commit together),
    each replacing a lapsed one: each a dict of account, key, request_hash, status,
    response, at and until (of one key given twice, the later)."""
    if not kept:
        return
    if connection.dialect.name != "postgresql":
        connection.execute(_KEEP, kept)
        return
    last = list({(row["account"], row["key"]): row for row in kept}.values())
    connection.execute(_KEEP_ARRAYS, {name: [row[name] for row in last] for name in _KEPT})


def answer(
    connection: Connection,
    account: str,
    key: str,
    *,
    request_hash: str,
    status: int,
    response: str,
    until: str,
) -> None:
    """Keep the answer to the request that claimed the key (only while its claim holds)."""
    connection.execute(
        sa.update(table)
        .where(
            table.c.account == account,
            table.c.key == key,
            table.c.request_hash == request_hash,
            table.c.status.is_(None),
        )
        .values(status=status, response=response, expires_at=until)
    )


def release(connection: Connection, account: str, key: str, request_hash: str) -> None:
    """Give up an unanswered claim, so that a retry may act."""
    connection.execute(
        sa.delete(table).where(
            table.c.account == account,
            table.c.key == key,
            table.c.request_hash == request_hash,
            table.c.status.is_(None),
        )
    )


def purge(connection: Connection, *, before: str, limit: int = 500) -> int:
    """Forget up to `limit` keys that expired before `before`; how many were."""
    lapsed = sa.select(table.c.account, table.c.key).where(table.c.expires_at < before).limit(limit)
    rows = connection.execute(lapsed).all()
    for row in rows:
        connection.execute(
            sa.delete(table).where(
                table.c.account == row.account,
                table.c.key == row.key,
                table.c.expires_at < before,
            )
        )
    return len(rows)
