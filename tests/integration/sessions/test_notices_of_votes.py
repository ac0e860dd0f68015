"""A watcher that raises fails neither a ballot nor the rest of its group commit; the
notices of a secret vote say only that a ballot was cast."""

from __future__ import annotations

import logging
import sqlite3
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager

import psycopg
import pytest
from sqlalchemy.engine import make_url

from soviet.domain.identity import SYSTEM, account_actor
from soviet.domain.journal import Entry
from soviet.errors import Conflict
from soviet.services import journal as journal_service
from soviet.services.motions import MotionSpec, move_motion
from soviet.services.notices import notices_after
from soviet.services.votes import cast_vote, close_vote, open_vote
from soviet.store.database import Database

from .plenary import SOVIET, sitting


def motion(db: Database, session: int, slug: str) -> str:
    spec = MotionSpec(slug, slug.title(), "Text.", mover_kind="delegate", mover="b1")
    move_motion(db, "petrograd-soviet", session, spec, actor=SYSTEM)
    return f"petrograd-soviet/{slug}"


@contextmanager
def writers_held(db: Database) -> Iterator[None]:
    """Hold the writers' lock from another connection, so that ballots queue up."""
    url = db.target.url
    if db.target.engine == "sqlite":
        other = sqlite3.connect(str(url.database), isolation_level=None)
        other.execute("BEGIN IMMEDIATE")
        try:
            yield
        finally:
            other.execute("ROLLBACK")
            other.close()
        return
    libpq = make_url(url).set(drivername="postgresql").render_as_string(hide_password=False)
    with psycopg.connect(libpq, autocommit=True) as other:
        other.execute("SELECT pg_advisory_lock(1917)")
        try:
            yield
        finally:
            other.execute("SELECT pg_advisory_unlock(1917)")


def test_a_raising_watcher_fails_no_ballot_of_a_group_commit(
    plenary_db: Database, caplog: pytest.LogCaptureFixture
) -> None:
    db = plenary_db
    address = motion(db, sitting(db), "peace")
    open_vote(db, address, "roll-call", actor=SYSTEM)
    transactions: list[list[str]] = []

    def tally_screen(entries: list[Entry]) -> None:
        raise RuntimeError("the screen is off")

    db.watch(tally_screen)
    db.watch(lambda entries: transactions.append([e.kind for e in entries]))
    with caplog.at_level(logging.ERROR, logger="soviet.store.watchers"):
        with ThreadPoolExecutor(max_workers=len(SOVIET)) as pool, writers_held(db):
            cast = [
                pool.submit(cast_vote, db, address, person, "yes", actor=account_actor(person))
                for person in SOVIET
            ]
            time.sleep(1)  # every ballot is queued behind the held lock meanwhile
        entries = [future.result(timeout=60) for future in cast]
        db.settle()
    assert len({e.seq for e in entries}) == len(SOVIET)  # every ballot acknowledged
    assert sum(len(kinds) for kinds in transactions) == len(SOVIET)
    assert max(len(kinds) for kinds in transactions) > 1  # ballots written together
    assert len(caplog.records) == len(transactions)
    assert all(
        "watcher " in r.getMessage() and "tally_screen" in r.getMessage() for r in caplog.records
    )
    with pytest.raises(Conflict, match="^b1 has already voted on 'petrograd-soviet/peace'$"):
        cast_vote(db, address, "b1", "no", actor=SYSTEM)
    result = close_vote(db, address, actor=SYSTEM)
    assert (result.tally.yes, result.tally.no, result.is_adopted) == (len(SOVIET), 0, True)
    assert journal_service.verify(db, actor=SYSTEM).is_intact


def test_the_notices_of_a_secret_vote_name_no_voter(plenary_db: Database) -> None:
    db = plenary_db
    address = motion(db, sitting(db), "land")
    open_vote(db, address, "secret", actor=SYSTEM)
    head = journal_service.tail(db, 1, actor=SYSTEM)[0].seq
    for person, choice in zip(SOVIET, ["yes", "no", "yes", "abstain", "yes", "yes"], strict=True):
        cast_vote(db, address, person, choice, actor=SYSTEM)
    close_vote(db, address, actor=SYSTEM)
    found = notices_after(db, head, actor=SYSTEM)
    ballots = [n for n in found if n.kind == "SecretBallotCast"]
    motion_id = ballots[0].fields["motion"]
    assert [n.fields for n in ballots] == [{"motion": motion_id}] * len(SOVIET)
    closed = next(n for n in found if n.kind == "VoteClosed")
    assert (closed.fields["yes"], closed.fields["no"], closed.fields["abstain"]) == (4, 1, 1)
