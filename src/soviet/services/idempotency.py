"""Idempotent acts: a retried request answered as the first one was, never acted twice.

A person who votes over a bad connection cannot tell a lost answer from a lost request,
so she sends it again with the same `Idempotency-Key`. The key is claimed in its own
committed transaction before the act runs and the answer kept after it, in the database
(every worker and every restart sees it). A crash between the two leaves a claim with no
answer: it lapses after its lease, and the retry then acts again, where the act's own rule
(one person, one vote) refuses a ballot already counted with `already_voted`.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from contextlib import AbstractContextManager
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum
from typing import TypeVar

import orjson
from sqlalchemy.engine import Connection

from soviet.domain.journal import Entry
from soviet.services.journal import Clock, utc_now
from soviet.store import database
from soviet.store import idempotency as keys
from soviet.store.database import Database

T = TypeVar("T")

#: How long an answer is kept for retries (the OpenAPI description says so).
KEPT = timedelta(hours=24)
#: How long an unanswered claim blocks a retry before it is taken to have died with its
#: worker. Longer than any act takes (a SQLite writer gives up after 30 s).
LEASE = timedelta(seconds=60)
#: Lapsed keys each new claim forgets (more than one, so that the table shrinks).
PURGED_PER_CLAIM = 4


class State(StrEnum):
    """What a claim found."""

    CLAIMED = "claimed"  # the key is new (or lapsed): act, then answer
    ANSWERED = "answered"  # a retry: give the kept answer
    IN_FLIGHT = "in_flight"  # the first request with this key is still running
    REUSED = "reused"  # the key came before with another request


@dataclass(frozen=True)
class Claim:
    state: State
    status: int | None = None
    response: str | None = None


@dataclass(frozen=True)
class Receipt:
    """The journal entry an act committed (its last): its number and its hash."""

    seq: int
    hash: str


def fingerprint(method: str, path: str, body: object) -> str:
    """SHA-256 of a request: its method, path and body (as canonical JSON)."""
    canonical = orjson.dumps(body, option=orjson.OPT_SORT_KEYS)
    digest = hashlib.sha256(f"{method.upper()} {path}\n".encode())
    digest.update(canonical)
    return digest.hexdigest()


def _stamp(moment: datetime) -> str:
    return moment.isoformat(timespec="microseconds")


def claim(
    db: Database,
    account: str,
    key: str,
    request_hash: str,
    *,
    lease: timedelta = LEASE,
    now: Clock = utc_now,
) -> Claim:
    """Claim `key` for `account`'s request, committed before the act runs."""

    def act(connection: Connection) -> Claim:
        moment = now()
        held = keys.find(connection, account, key)
        if held is not None and held.expires_at >= _stamp(moment):
            if held.request_hash != request_hash:
                return Claim(State.REUSED)
            if held.status is None:
                return Claim(State.IN_FLIGHT)
            return Claim(State.ANSWERED, held.status, held.response)
        # The table is kept small by its users: each new claim forgets a few lapsed keys.
        keys.purge(connection, before=_stamp(moment), limit=PURGED_PER_CLAIM)
        keys.claim(
            connection,
            account,
            key,
            request_hash,
            at=_stamp(moment),
            until=_stamp(moment + lease),
        )
        return Claim(State.CLAIMED)

    return db.write(act)


def answer(
    db: Database,
    account: str,
    key: str,
    request_hash: str,
    *,
    status: int,
    response: str,
    now: Clock = utc_now,
) -> None:
    """Keep the answer given to the request that claimed `key`, for its retries."""
    until = _stamp(now() + KEPT)
    db.write(
        lambda connection: keys.answer(
            connection,
            account,
            key,
            request_hash=request_hash,
            status=status,
            response=response,
            until=until,
        )
    )


def release(db: Database, account: str, key: str, request_hash: str) -> None:
    """Give up a claim whose request got no answer worth keeping (the server failed)."""
    db.write(lambda connection: keys.release(connection, account, key, request_hash))


def purge(db: Database, *, now: Clock = utc_now) -> int:
    """Forget a batch of expired keys; how many."""
    before = _stamp(now())
    return db.write(lambda connection: keys.purge(connection, before=before))


def receipted(act: Callable[[], T], *, is_group_commit: bool = False) -> tuple[T, Receipt | None]:
    """Run `act` and give its result with the receipt of what it committed: the last entry
    its writes committed (None when it committed none). An act written by group commit
    returns its own entry, which is its receipt (the thread that wrote the batch also
    committed the others' entries)."""
    listening: AbstractContextManager[list[Entry]] = database.committed_entries()
    with listening as entries:
        result = act()
    if is_group_commit and isinstance(result, Entry):
        return result, Receipt(result.seq, result.hash)
    if entries:
        return result, Receipt(entries[-1].seq, entries[-1].hash)
    return result, None
