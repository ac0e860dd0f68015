"""Elections by counts: seats by the statute, list candidates seated, composition at any moment."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
import sqlalchemy as sa
from sqlalchemy import Connection

from soviet.domain.identity import SYSTEM, account_actor
from soviet.domain.ids import format_id
from soviet.errors import Conflict, Forbidden, InvalidInput, RuleViolation
from soviet.services import journal as journal_service
from soviet.services.composition import composition
from soviet.services.elections import close_election, enter_counts, open_election
from soviet.store.database import Database
from soviet.store.schema import election_seats, election_votes

from .federation import COUNTS, MARCH, elect


def test_a_general_election_seats_the_lists_in_order(federation_db: Database) -> None:
    elect(federation_db)
    shown = composition(federation_db, "petrograd-soviet", actor=SYSTEM)
    # Putilov: 5 delegates (1 per 1000); D'Hondt gives 4 Bolsheviks, 1 Menshevik.
    # Volynsky: 1 delegate regardless of its strength, to the SRs.
    assert (shown.seats, shown.filled) == (6, 6)
    assert shown.fractions == {"bolsheviks": 4, "mensheviks": 1, "sr": 1}
    assert shown.majority == "bolsheviks"
    assert [(m.person, m.constituency, m.seat) for m in shown.members] == [
        ("b1", "putilov", 1),
        ("b2", "putilov", 2),
        ("b3", "putilov", 3),
        ("b4", "putilov", 4),
        ("m1", "putilov", 5),
        ("s1", "volynsky", 1),
    ]
    before = composition(federation_db, "petrograd-soviet", as_of=MARCH, actor=SYSTEM)
    assert (before.seats, before.filled, before.majority) == (0, 0, None)
    assert journal_service.verify(federation_db, actor=SYSTEM).is_intact


def test_a_new_election_ends_the_old_mandates_and_history_stays(federation_db: Database) -> None:
    elect(federation_db)
    second = open_election(federation_db, "petrograd-soviet", constituency="volynsky", actor=SYSTEM)
    enter_counts(
        federation_db,
        second,
        [("volynsky", "bolsheviks", 3000), ("volynsky", "sr", 900)],
        actor=SYSTEM,
    )
    closed = close_election(
        federation_db, second, closed_at=datetime(1917, 9, 20, tzinfo=UTC), actor=SYSTEM
    )
    assert (closed.filled, closed.ended) == (1, 1)
    now = composition(federation_db, "petrograd-soviet", actor=SYSTEM)
    assert now.fractions == {"bolsheviks": 5, "mensheviks": 1}
    assert [m.person for m in now.members if m.constituency == "volynsky"] == ["b5"]
    march = composition(
        federation_db, "petrograd-soviet", as_of=datetime(1917, 3, 6, tzinfo=UTC), actor=SYSTEM
    )
    assert march.fractions == {"bolsheviks": 4, "mensheviks": 1, "sr": 1}
    assert journal_service.verify(federation_db, actor=SYSTEM).is_intact


@pytest.mark.parametrize("tally", [election_votes, election_seats], ids=lambda t: t.name)
def test_a_tally_row_naming_a_constituency_that_does_not_exist_is_named_by_verify(
    federation_db: Database, tally: sa.Table
) -> None:
    # The tallies hold their ids without foreign keys (migration 0021): what holds them to
    # the constituencies, parties and elections they name is the rebuild from the journal.
    election = elect(federation_db)
    nowhere = 9_000_000_000

    def tamper(connection: Connection) -> tuple[int, int]:
        row = connection.execute(
            sa.select(tally.c.constituency_id, tally.c.party_id)
            .where(tally.c.election_id == election)
            .order_by(tally.c.constituency_id, tally.c.party_id)
            .limit(1)
        ).one()
        connection.execute(
            tally.update()
            .where(
                tally.c.election_id == election,
                tally.c.constituency_id == row.constituency_id,
                tally.c.party_id == row.party_id,
            )
            .values(constituency_id=nowhere)
        )
        return row.constituency_id, row.party_id

    constituency, party = federation_db.write(tamper)
    report = journal_service.verify(federation_db, actor=SYSTEM, remember=False)
    assert report.differences == [
        f"{tally.name}: row ({election}, {constituency}, {party}) is in the journal but missing"
    ]


def test_bad_counts_are_all_named_and_change_nothing(federation_db: Database) -> None:
    election = open_election(federation_db, "petrograd-soviet", actor=SYSTEM)
    before = len(journal_service.tail(federation_db, 1000, actor=SYSTEM))
    with pytest.raises(InvalidInput) as raised:
        enter_counts(
            federation_db,
            election,
            [("putilov", "anarchists", 10), ("smolny", "sr", -1), ("putilov", "anarchists", 1)],
            actor=SYSTEM,
        )
    assert str(raised.value).split("\n  ") == [
        "5 bad counts:",
        "row 1 (putilov, anarchists): party is not registered",
        f"row 2 (smolny, sr): constituency is not in election {format_id(election)}",
        "row 2 (smolny, sr): votes must be a whole number of at least 0, got -1",
        "row 3 (putilov, anarchists): party is not registered",
        "row 3 (putilov, anarchists): given twice",
    ]
    assert len(journal_service.tail(federation_db, 1000, actor=SYSTEM)) == before


def test_an_election_closes_once_and_opens_once(federation_db: Database) -> None:
    election = elect(federation_db)
    with pytest.raises(
        RuleViolation, match=rf"^election {format_id(election)} was closed at 1917-03-05"
    ):
        close_election(federation_db, election, actor=SYSTEM)
    again = open_election(federation_db, "petrograd-soviet", actor=SYSTEM)
    with pytest.raises(Conflict, match=rf"^election {format_id(again)} of 'petrograd-soviet'"):
        open_election(federation_db, "petrograd-soviet", constituency="putilov", actor=SYSTEM)
    with pytest.raises(Forbidden):
        enter_counts(federation_db, again, COUNTS, actor=account_actor("lenin"))
