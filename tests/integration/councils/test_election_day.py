"""An election day closed in one act (`close_elections`): every election journaled as its
own entry, the bodies formed from their council following once, after the last; all or
nothing."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest

from soviet.domain.identity import SYSTEM
from soviet.domain.ids import format_id
from soviet.errors import Conflict, InvalidInput, RuleViolation
from soviet.services import journal as journal_service
from soviet.services.bootstrap import open_database
from soviet.services.composition import composition
from soviet.services.elections import close_election, close_elections, enter_counts, open_election
from soviet.store.database import Database

from ...conftest import drop_postgres_database, fresh_url
from .federation import BODIES, COUNTS, MARCH, found_federation

CLOSED = datetime(1917, 3, 5, tzinfo=UTC)


@pytest.fixture
def db(db_url: str) -> Iterator[Database]:
    with open_database(db_url) as db:
        found_federation(db, BODIES)
        yield db


def open_day(db: Database) -> list[int]:
    """One election in each constituency, counted, still open."""
    elections = []
    for constituency in ("putilov", "volynsky"):
        election = open_election(
            db, "petrograd-soviet", constituency=constituency, opened_at=MARCH, actor=SYSTEM
        )
        rows = [row for row in COUNTS if row[0] == constituency]
        enter_counts(db, election, rows, actor=SYSTEM)
        elections.append(election)
    return elections


def kinds_after(db: Database, seq: int) -> list[tuple[str, dict[str, object]]]:
    entries = journal_service.tail(db, 500, actor=SYSTEM)
    return [(e.kind, json.loads(e.payload)) for e in entries if e.seq > seq]


def head(db: Database) -> int:
    return journal_service.tail(db, 1, actor=SYSTEM)[-1].seq


def members(db: Database, council: str) -> list[tuple[str, str | None]]:
    return sorted((m.person, m.party) for m in composition(db, council, actor=SYSTEM).members)


@pytest.fixture
def twin(db_url: str, tmp_path: Path) -> Iterator[Database]:
    """A second database on the same engine, founded the same way."""
    engine = "sqlite" if db_url.startswith("sqlite") else "postgresql"
    url = fresh_url(engine, tmp_path / "twin")
    with open_database(url) as twin:
        found_federation(twin, BODIES)
        yield twin
    if engine == "postgresql":
        drop_postgres_database(url)


def test_an_election_day_is_journaled_close_by_close_and_followed_once(
    db: Database, twin: Database
) -> None:
    elections = open_day(db)
    before = head(db)
    closed = close_elections(db, elections, closed_at=CLOSED, actor=SYSTEM)
    assert [c.election for c in closed] == elections
    assert [c.filled for c in closed] == [5, 1]
    entries = kinds_after(db, before)
    kinds = [kind for kind, _ in entries]
    assert kinds[:2] == ["ElectionClosed", "ElectionClosed"]
    assert [c.receipt for c in closed] == [
        e.hash
        for e in journal_service.tail(db, 500, actor=SYSTEM)
        if e.seq in (before + 1, before + 2)
    ]
    assert kinds == [
        "ElectionClosed",
        "ElectionClosed",
        "BodyRefreshed",
        "BodyRefreshed",
        "DriftMeasured",
    ]
    assert journal_service.verify(db, actor=SYSTEM, remember=False).is_intact

    # The same day closed election by election ends in the same councils, each close
    # followed by the bodies above.
    one_by_one = open_day(twin)
    start = head(twin)
    for election in one_by_one:
        close_election(twin, election, closed_at=CLOSED, actor=SYSTEM)
    # One by one, the bodies followed the first close before the second was made, and the
    # drift was measured after each: twice the work of the day closed at once.
    assert [kind for kind, _ in kinds_after(twin, start)] == [
        "ElectionClosed",
        "BodyRefreshed",
        "BodyRefreshed",
        "DriftMeasured",
        "ElectionClosed",
        "DriftMeasured",
    ]
    for council in ("petrograd-soviet", "petrograd-executive", "narva-soviet"):
        assert members(twin, council) == members(db, council)


def test_an_election_day_is_all_or_nothing(db: Database) -> None:
    elections = open_day(db)
    close_election(db, elections[1], closed_at=CLOSED, actor=SYSTEM)
    before = head(db)
    with pytest.raises(
        (Conflict, RuleViolation), match=f"election {format_id(elections[1])} was closed"
    ):
        close_elections(db, elections, closed_at=CLOSED, actor=SYSTEM)
    assert head(db) == before
    assert members(db, "petrograd-soviet") == [("s1", "sr")]


def test_an_election_day_refuses_a_repeated_or_missing_election(db: Database) -> None:
    elections = open_day(db)
    before = head(db)
    with pytest.raises(InvalidInput, match=f"named twice: {format_id(elections[0])}$"):
        close_elections(db, [elections[0], elections[1], elections[0]], actor=SYSTEM)
    with pytest.raises(InvalidInput, match="elections: name at least one"):
        close_elections(db, [], actor=SYSTEM)
    assert head(db) == before
