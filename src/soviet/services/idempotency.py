"""Idempotent acts: a retried request answered as the first one was, never acted twice.

A person who votes over a bad connection cannot tell a lost answer from a lost request,
so she sends it again with the same `Idempotency-Key`. The key is kept in the database
(every worker and every restart sees it), in one of two ways:

- An act written by group commit (a ballot) keeps its key in its own transaction: the
  writer looks the key up before it checks the act (writers take turns, so no other can
  answer it meanwhile) and keeps the answer with the act's journal entry. The act and its
  key commit together or not at all, and a vote costs no commit of its own for its key.
- Any other act claims the key in its own committed transaction before it runs and keeps
  the answer after it. A crash between the two leaves a claim with no answer: it lapses
  after its lease, and the retry then acts again, where the act's own rule refuses what
  was already done.
"""

from __future__ import annotations

import hashlib
import random
from collections.abc import Callable, Iterator, Sequence
from contextlib import AbstractContextManager, contextmanager
from contextvars import ContextVar
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
#: A ballot's key forgets lapsed ones once in this many keeps (as many at once).
PURGE_ONE_IN = 16


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


def _found(held: keys.Held | None, request_hash: str, moment: datetime) -> Claim | None:
    """What a key held for `request_hash` says at `moment` (None: it is free)."""
    if held is None or held.expires_at < _stamp(moment):
        return None
    if held.request_hash != request_hash:
        return Claim(State.REUSED)
    if held.status is None:
        return Claim(State.IN_FLIGHT)
    return Claim(State.ANSWERED, held.status, held.response)


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
        found = _found(keys.find(connection, account, key), request_hash, moment)
        if found is not None:
            return found
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


class Answered(Exception):
    """An act's key was found answered (or in flight, or reused) in the act's own
    transaction, by a request committed meanwhile: nothing was done, give `claim`."""

    def __init__(self, claim: Claim) -> None:
        super().__init__(claim.state.value)
        self.claim = claim


@dataclass(frozen=True)
class Keeper:
    """An act's key, kept in the transaction that writes the act (see the module's doc).

    `answer` turns the act's outcome (what its service returns, or the SovietError that
    refused it) into the status and body a retry is given; None keeps nothing (a failure
    of the server, which the retry may try again).
    """

    account: str
    key: str
    request_hash: str
    answer: Callable[[object], tuple[int, str] | None]


def found_for(
    connection: Connection, keepers: Sequence[Keeper], moment: datetime
) -> dict[tuple[str, str], Answered]:
    """Before a batch of acts, in its transaction: the keys that requests committed
    meanwhile have taken, as each of these acts finds its own (a free key is left out)."""
    held = keys.find_many(connection, sorted({(k.account, k.key) for k in keepers}))
    found: dict[tuple[str, str], Answered] = {}
    for keeper in keepers:
        pair = (keeper.account, keeper.key)
        claim = _found(held.get(pair), keeper.request_hash, moment)
        if claim is not None:
            found[pair] = Answered(claim)
    return found


def keep_all(
    connection: Connection, outcomes: Sequence[tuple[Keeper, object]], moment: datetime
) -> None:
    """After a batch of acts, in its transaction: keep each act's answer for 24 hours."""
    at, until = _stamp(moment), _stamp(moment + KEPT)
    kept: list[dict[str, object]] = []
    for keeper, outcome in outcomes:
        answer = keeper.answer(outcome)
        if answer is None:
            continue
        status, response = answer
        kept.append(
            {
                "account": keeper.account,
                "key": keeper.key,
                "request_hash": keeper.request_hash,
                "status": status,
                "response": response,
                "at": at,
                "until": until,
            }
        )
    if not kept:
        return
    if random.randrange(PURGE_ONE_IN) < len(kept):  # lapsed keys, PURGED_PER_CLAIM a keep
        keys.purge(connection, before=at, limit=len(kept) * PURGED_PER_CLAIM)
    keys.keep_many(connection, kept)


_KEEPER: ContextVar[Keeper | None] = ContextVar("soviet_keeper", default=None)


@contextmanager
def keeping(keeper: Keeper) -> Iterator[None]:
    """Acts submitted to group commit inside the block keep their key with `keeper`."""
    token = _KEEPER.set(keeper)
    try:
        yield
    finally:
        _KEEPER.reset(token)


def current_keeper() -> Keeper | None:
    """The keeper of the act being submitted in this context, if its door gave one."""
    return _KEEPER.get()
