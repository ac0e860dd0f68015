"""A tie refused names where it is; a lot drawn at close says between whom, who won and
with which seed, the statute's announced seed or the one given; on both engines."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
import yaml

from soviet.domain.identity import PUBLIC, SYSTEM
from soviet.domain.ids import format_id
from soviet.errors import InvalidInput, RuleViolation
from soviet.methods import Draw
from soviet.services import journal as journal_service
from soviet.services.elections import close_election, enter_counts, open_election
from soviet.services.reads import election_view
from soviet.services.statutes import apply_statute
from soviet.store.database import Database

from .federation import STATUTE

# Putilov's 5 seats go 4 to 1 without a tie; the regiment's one seat is tied.
TIED = [
    ("putilov", "bolsheviks", 3100),
    ("putilov", "mensheviks", 1500),
    ("volynsky", "sr", 2000),
    ("volynsky", "bolsheviks", 2000),
]
TIE = (("volynsky", "bolsheviks"), ("volynsky", "sr"))


def amend(db: Database, **election: object) -> None:
    document = yaml.safe_load(STATUTE)
    document["councils"]["petrograd-soviet"]["election"].update(election)
    apply_statute(db, document, effective_at=datetime(1917, 2, 28, tzinfo=UTC), actor=SYSTEM)


def counted(db: Database) -> int:
    election = open_election(db, "petrograd-soviet", actor=SYSTEM)
    enter_counts(db, election, TIED, actor=SYSTEM)
    return election


def test_a_tie_the_statute_may_not_break_names_its_constituency(federation_db: Database) -> None:
    election = counted(federation_db)
    before = journal_service.tail(federation_db, 1, actor=SYSTEM)
    with pytest.raises(RuleViolation) as refused:
        close_election(federation_db, election, actor=SYSTEM)
    assert refused.value.message == (
        f"election {format_id(election)} cannot close: in 'volynsky', 'bolsheviks' and 'sr' "
        "tie for the last seat; the statute of 'petrograd-1917' breaks no ties in "
        "'petrograd-soviet' (election.ties: raise)"
    )
    assert journal_service.tail(federation_db, 1, actor=SYSTEM) == before


def test_a_lot_drawn_with_the_announced_seed_is_told(federation_db: Database) -> None:
    amend(federation_db, ties="lot", seed=1917)
    election = counted(federation_db)
    closed = close_election(federation_db, election, actor=SYSTEM)
    [draw] = closed.draws
    assert (draw.tied, draw.seats, draw.seed) == (TIE, 1, 1917)
    assert len(draw.winners) == 1
    assert draw.winners[0] in TIE
    winner = draw.winners[0][1]
    assert closed.seats[("volynsky", winner)] == 1
    shown = election_view(federation_db, election, actor=PUBLIC)
    [drawn] = shown.draws
    assert (drawn.tied, drawn.winners, drawn.seed) == (
        ("volynsky/bolsheviks", "volynsky/sr"),
        (f"volynsky/{winner}",),
        1917,
    )
    again = close_again(federation_db, seed=None)
    assert again == draw  # the announced seed draws the same lot each time


def close_again(db: Database, seed: int | None) -> Draw:
    election = counted(db)
    [draw] = close_election(db, election, seed=seed, actor=SYSTEM).draws
    return draw


def test_a_seed_given_at_close_overrides_the_announced_one(federation_db: Database) -> None:
    amend(federation_db, ties="lot", seed=1917)
    draw = close_again(federation_db, seed=7)
    assert (draw.tied, draw.seed) == (TIE, 7)
    amend(federation_db, ties="lot")
    fresh = close_again(federation_db, seed=None)
    assert isinstance(fresh.seed, int)
    assert 0 <= fresh.seed < 1 << 63


@pytest.mark.parametrize("seed", [-1, 1 << 63])
def test_a_seed_out_of_range_is_refused(federation_db: Database, seed: int) -> None:
    amend(federation_db, ties="lot")
    election = counted(federation_db)
    with pytest.raises(InvalidInput, match=r"^seed: must be a whole number from 0 to 2\^63-1"):
        close_election(federation_db, election, seed=seed, actor=SYSTEM)
