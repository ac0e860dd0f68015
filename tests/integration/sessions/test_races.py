"""Votes under concurrency, on both engines: 2,000 delegates at once, one delegate fifty
times at once, votes racing the close; and secret ballots no one can link to a caster."""

from __future__ import annotations

import json
import logging
from collections import Counter
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import pytest
import sqlalchemy as sa

from soviet.domain.identity import SYSTEM
from soviet.domain.ids import parse_id
from soviet.domain.journal import Entry
from soviet.domain.views import to_json
from soviet.errors import Conflict, RuleViolation, SovietError
from soviet.services import journal as journal_service
from soviet.services.bootstrap import open_database
from soviet.services.plenary import motion_view
from soviet.services.sessions import leave
from soviet.services.votes import Result, cast_vote, close_vote, open_vote
from soviet.store.database import Database
from soviet.store.schema import metadata

from .congress import MOTION, found_congress

CHOICES = ("yes", "no", "abstain")


def race(calls: list[Callable[[], Any]], workers: int = 16) -> list[Any]:
    def run(call: Callable[[], Any]) -> Any:
        try:
            return call()
        except SovietError as error:
            return error

    with ThreadPoolExecutor(max_workers=workers) as pool:
        return list(pool.map(run, calls))


@pytest.fixture
def congress(db_url: str, request: pytest.FixtureRequest) -> Iterator[tuple[Database, list[str]]]:
    db = open_database(db_url)
    _, delegates = found_congress(db, getattr(request, "param", 60))
    yield db, delegates
    db.dispose()


def recount(db: Database, motion: int) -> Counter[str]:
    entries = journal_service.tail(db, 1_000_000, actor=SYSTEM)
    cast = [e.data() for e in entries if e.kind == "VoteCast"]
    return Counter(data["choice"] for data in cast if data["motion"] == motion)


@pytest.mark.parametrize("congress", [2_000], indirect=True)
def test_two_thousand_delegates_vote_at_once(congress: tuple[Database, list[str]]) -> None:
    db, delegates = congress
    assert len(delegates) == 2_000
    open_vote(db, MOTION, actor=SYSTEM)
    chosen = {person: CHOICES[index % 3] for index, person in enumerate(delegates)}
    results = race(
        [lambda p=p: cast_vote(db, MOTION, p, chosen[p], actor=SYSTEM) for p in delegates], 32
    )
    assert all(isinstance(result, Entry) for result in results)
    closed = close_vote(db, MOTION, actor=SYSTEM)
    motion = json.loads(results[0].payload)["motion"]
    counted = recount(db, motion)
    assert sum(counted.values()) == 2_000
    assert (closed.tally.yes, closed.tally.no, closed.tally.abstain) == (
        counted["yes"],
        counted["no"],
        counted["abstain"],
    )
    assert counted == Counter(chosen.values())
    shown = to_json(motion_view(db, MOTION, actor=SYSTEM))
    assert (shown["yes"], shown["no"], shown["abstain"]) == (667, 667, 666)
    assert journal_service.verify(db, actor=SYSTEM).is_intact


@pytest.mark.parametrize("mode", ["roll-call", "secret"])
def test_fifty_ballots_from_one_delegate_count_once(
    congress: tuple[Database, list[str]], mode: str
) -> None:
    db, delegates = congress
    open_vote(db, MOTION, mode, actor=SYSTEM)
    results = race(
        [lambda: cast_vote(db, MOTION, delegates[0], "yes", actor=SYSTEM) for _ in range(50)]
    )
    assert sum(isinstance(r, Entry) for r in results) == 1
    refused = [r for r in results if not isinstance(r, Entry)]
    assert all(isinstance(r, Conflict) for r in refused)
    assert {str(r) for r in refused} == {f"{delegates[0]} has already voted on '{MOTION}'"}
    assert close_vote(db, MOTION, actor=SYSTEM).tally.total == 1
    assert journal_service.verify(db, actor=SYSTEM).is_intact


def test_votes_racing_the_close_are_counted_or_refused(
    congress: tuple[Database, list[str]],
) -> None:
    db, delegates = congress
    open_vote(db, MOTION, actor=SYSTEM)
    votes: list[Callable[[], Any]] = [
        lambda p=p: cast_vote(db, MOTION, p, "yes", actor=SYSTEM) for p in delegates[:50]
    ]
    closes: list[Callable[[], Any]] = [
        lambda: close_vote(db, MOTION, actor=SYSTEM) for _ in range(50)
    ]
    mixed = [call for pair in zip(votes, closes, strict=True) for call in pair]
    results = race(mixed)
    acknowledged = [r for r in results[0::2] if isinstance(r, Entry)]
    refused = [r for r in results[0::2] if not isinstance(r, Entry)]
    assert all(
        isinstance(r, RuleViolation) and f"the vote on '{MOTION}' is closed" in str(r)
        for r in refused
    )
    tallies = {r.tally for r in results[1::2] if isinstance(r, Result)}
    assert len(tallies) == 1
    assert all(isinstance(r, Result) for r in results[1::2])
    assert tallies.pop().yes == len(acknowledged)
    assert to_json(motion_view(db, MOTION, actor=SYSTEM))["yes"] == len(acknowledged)


def _rows(db: Database, table: sa.Table, order: str) -> list[tuple[Any, ...]]:
    with db.engine.connect() as connection:
        hidden = "rowid" if connection.dialect.name == "sqlite" else "ctid::text, xmin::text"
        query = f"SELECT {hidden}, * FROM {table.name} ORDER BY {order}"
        return [tuple(row) for row in connection.exec_driver_sql(query)]


def test_a_secret_ballot_cannot_be_linked_to_its_caster(
    congress: tuple[Database, list[str]], caplog: pytest.LogCaptureFixture
) -> None:
    db, delegates = congress
    caplog.set_level(logging.DEBUG)
    open_vote(db, MOTION, "secret", actor=SYSTEM)
    before = _rows(db, metadata.tables["secret_box"], "choice")
    marks = {"yes": delegates[0], "no": delegates[1], "abstain": delegates[2]}
    layouts = []
    for choice, person in marks.items():
        entry = cast_vote(db, MOTION, person, choice, actor=SYSTEM)
        # ids: the entry names the voter, never her choice
        assert set(entry.data()) == {"federation", "motion", "person"}
        assert not any(c in entry.payload for c in CHOICES)
        # order and timestamps: every counter is rewritten by every ballot, none carries a time
        rows = _rows(db, metadata.tables["secret_box"], "choice")
        layouts.append([row[0] for row in rows])
        if db.target.engine == "postgresql":
            assert len({row[1] for row in rows}) == 1  # one transaction id on every counter
    if db.target.engine == "sqlite":
        assert layouts == [[row[0] for row in before]] * 3
    assert {c.name for c in metadata.tables["secret_box"].columns} == {
        "motion_id",
        "choice",
        "ballots",
    }
    # who voted, and for a sealed vote her encrypted ballot's receipt: none on a vote in the clear
    assert {c.name for c in metadata.tables["secret_voters"].columns} == {
        "motion_id",
        "person_id",
        "receipt",
    }
    with db.engine.connect() as connection:
        receipts = connection.exec_driver_sql("SELECT receipt FROM secret_voters").scalars().all()
    assert receipts == [None] * 3
    for table in metadata.sorted_tables:
        names = {c.name for c in table.columns}
        assert not ({"person_id", "choice"} <= names and table.name != "roll_call"), table.name
    with db.engine.connect() as connection:
        assert connection.exec_driver_sql("SELECT count(*) FROM roll_call").scalar() == 0
    assert not [r for r in caplog.records if any(c in r.getMessage() for c in CHOICES)]
    result = close_vote(db, MOTION, actor=SYSTEM)
    assert (result.tally.yes, result.tally.no, result.tally.abstain) == (1, 1, 1)
    assert journal_service.verify(db, actor=SYSTEM).is_intact


def _meanwhile(db: Database, monkeypatch: pytest.MonkeyPatch, act: Callable[[], Any]) -> None:
    """Commit `act` through another connection after the next batch of ballots has read
    ahead and before it takes the writer's turn (on PostgreSQL, where it waits for it)."""
    write = db.write

    def with_act_between(
        run: Callable[[sa.Connection], Any], *, before_turn: Any = None, **options: Any
    ) -> Any:
        if before_turn is None:
            return write(run, **options)
        monkeypatch.setattr(db, "write", write)  # once

        def read_ahead_then_act(connection: sa.Connection) -> None:
            before_turn(connection)
            with ThreadPoolExecutor(1) as other:
                other.submit(act).result()

        return write(run, before_turn=read_ahead_then_act, **options)

    monkeypatch.setattr(db, "write", with_act_between)


@pytest.mark.parametrize("db_url", ["postgresql"], indirect=True)
def test_a_vote_closed_while_a_ballot_waits_for_its_turn_refuses_it(
    congress: tuple[Database, list[str]], monkeypatch: pytest.MonkeyPatch
) -> None:
    db, delegates = congress
    open_vote(db, MOTION, actor=SYSTEM)
    cast_vote(db, MOTION, delegates[1], "no", actor=SYSTEM)
    closed: list[Result] = []
    _meanwhile(db, monkeypatch, lambda: closed.append(close_vote(db, MOTION, actor=SYSTEM)))
    with pytest.raises(RuleViolation, match=f"the vote on '{MOTION}' is closed"):
        cast_vote(db, MOTION, delegates[0], "yes", actor=SYSTEM)
    assert closed[0].tally.total == 1
    assert to_json(motion_view(db, MOTION, actor=SYSTEM))["yes"] == 0


@pytest.mark.parametrize("db_url", ["postgresql"], indirect=True)
def test_a_delegate_who_left_while_her_ballot_waits_for_its_turn_is_refused(
    congress: tuple[Database, list[str]], monkeypatch: pytest.MonkeyPatch
) -> None:
    db, delegates = congress
    session = parse_id(motion_view(db, MOTION, actor=SYSTEM).session, "session")
    open_vote(db, MOTION, actor=SYSTEM)
    _meanwhile(db, monkeypatch, lambda: leave(db, session, [delegates[0]], actor=SYSTEM))
    with pytest.raises(RuleViolation, match=f"{delegates[0]} does not attend session"):
        cast_vote(db, MOTION, delegates[0], "yes", actor=SYSTEM)
    assert close_vote(db, MOTION, actor=SYSTEM).tally.total == 0


@pytest.mark.parametrize("db_url", ["postgresql"], indirect=True)
def test_her_own_ballot_committed_while_another_waits_for_its_turn_refuses_that_one(
    congress: tuple[Database, list[str]], monkeypatch: pytest.MonkeyPatch, db_url: str
) -> None:
    # Ballots meanwhile leave what was read ahead as it was, but who has voted is read in
    # the turn.
    db, delegates = congress
    open_vote(db, MOTION, actor=SYSTEM)
    first: list[Entry] = []
    with open_database(db_url) as worker:  # another worker's, with a group commit of its own
        _meanwhile(
            db,
            monkeypatch,
            lambda: first.append(cast_vote(worker, MOTION, delegates[0], "no", actor=SYSTEM)),
        )
        with pytest.raises(Conflict, match=f"{delegates[0]} has already voted"):
            cast_vote(db, MOTION, delegates[0], "yes", actor=SYSTEM)
    assert len(first) == 1
    tally = close_vote(db, MOTION, actor=SYSTEM).tally
    assert (tally.yes, tally.no) == (0, 1)
