"""Secret ballots by registered members, and acts racing each other, on both engines."""

from __future__ import annotations

import json
from collections import Counter
from concurrent.futures import ThreadPoolExecutor

import pytest
import sqlalchemy as sa

from soviet.domain.identity import SYSTEM
from soviet.domain.ids import format_id
from soviet.errors import Conflict, NotFound, SovietError
from soviet.services import journal as journal_service
from soviet.services.composition import composition
from soviet.services.elections import cast_ballot, close_election, open_election
from soviet.services.mandates import sign_recall
from soviet.services.members import MemberSpec, register_members
from soviet.services.registers import count_electorate
from soviet.store.database import Database

from .federation import elect

SOLDIERS = [MemberSpec(f"v{i}", f"Soldier {i}") for i in range(1, 31)]


@pytest.fixture
def registered(federation_db: Database) -> Database:
    register_members(federation_db, "volynsky", SOLDIERS, actor=SYSTEM)
    return federation_db


def race(calls: list, workers: int = 20) -> list[object]:  # type: ignore[type-arg]
    def run(call):  # type: ignore[no-untyped-def]
        try:
            return call()
        except SovietError as error:
            return error

    with ThreadPoolExecutor(max_workers=workers) as pool:
        return list(pool.map(run, calls))


def test_secret_ballots_elect_and_leave_no_link_to_the_voter(registered: Database) -> None:
    election = open_election(
        registered, "petrograd-soviet", constituency="volynsky", mode="ballots", actor=SYSTEM
    )
    choices = ["bolsheviks"] * 7 + ["sr"] * 3
    for index, party in enumerate(choices, start=1):
        cast_ballot(registered, election, "volynsky", f"v{index}", party, actor=SYSTEM)
    with pytest.raises(
        Conflict, match=f"^member 'v1' has already voted in election {format_id(election)}$"
    ):
        cast_ballot(registered, election, "volynsky", "v1", "sr", actor=SYSTEM)
    closed = close_election(registered, election, actor=SYSTEM)
    assert closed.seats == {("volynsky", "bolsheviks"): 1}
    assert [
        m.person for m in composition(registered, "petrograd-soviet", actor=SYSTEM).members
    ] == ["b1"]
    entries = journal_service.tail(registered, 1000, actor=SYSTEM)
    cast = [e for e in entries if e.kind == "BallotCast"]
    assert len(cast) == 10
    for entry in cast:
        assert set(entry.data()) == {"federation", "election", "member"}
        assert "bolsheviks" not in entry.payload
        assert '"sr"' not in entry.payload
    closing = next(e for e in entries if e.kind == "ElectionClosed").data()
    assert closing["votes"] == [["volynsky", "bolsheviks", 7], ["volynsky", "sr", 3]]
    with registered.read() as connection:
        box = connection.execute(sa.text("SELECT * FROM ballot_box ORDER BY party_id")).all()
    assert sorted(row[-1] for row in box) == [3, 7]  # counters only, one row per party
    assert journal_service.verify(registered, actor=SYSTEM).is_intact


def test_fifty_ballots_from_one_member_at_once_count_once(registered: Database) -> None:
    election = open_election(
        registered, "petrograd-soviet", constituency="volynsky", mode="ballots", actor=SYSTEM
    )
    outcomes = race(
        [
            lambda: cast_ballot(registered, election, "volynsky", "v1", "sr", actor=SYSTEM)
            for _ in range(50)
        ],
        workers=25,
    )
    errors = [o for o in outcomes if isinstance(o, SovietError)]
    assert len(outcomes) - len(errors) == 1
    assert {str(e) for e in errors} == {
        f"member 'v1' has already voted in election {format_id(election)}"
    }
    with registered.read() as connection:
        assert connection.execute(sa.text("SELECT SUM(ballots) FROM ballot_box")).scalar() == 1
    assert journal_service.verify(registered, actor=SYSTEM).is_intact


def test_twenty_final_signatures_at_once_recall_once(registered: Database) -> None:
    elect(registered)
    count_electorate(registered, "volynsky", 10, actor=SYSTEM)
    for index in range(1, 5):
        sign_recall(registered, "petrograd-soviet", "s1", f"v{index}", actor=SYSTEM)
    outcomes = race(
        [
            (
                lambda key=f"v{i}": sign_recall(
                    registered, "petrograd-soviet", "s1", key, actor=SYSTEM
                )
            )
            for i in range(5, 25)
        ]
    )
    carried = [o for o in outcomes if not isinstance(o, SovietError)]
    assert [(o.is_recalled, o.successor) for o in carried] == [(True, "s2")]  # type: ignore[attr-defined]
    assert Counter(type(o) for o in outcomes if isinstance(o, SovietError)) == {NotFound: 19}
    kinds = Counter(e.kind for e in journal_service.tail(registered, 1000, actor=SYSTEM))
    assert kinds["DelegateRecalled"] == 1
    assert [
        m.person
        for m in composition(registered, "petrograd-soviet", actor=SYSTEM).members
        if m.constituency == "volynsky"
    ] == ["s2"]
    assert journal_service.verify(registered, actor=SYSTEM).is_intact


def test_ballots_racing_the_close_are_counted_or_refused(registered: Database) -> None:
    election = open_election(
        registered, "petrograd-soviet", constituency="volynsky", mode="ballots", actor=SYSTEM
    )
    calls = [
        (
            lambda key=f"v{i}": cast_ballot(
                registered, election, "volynsky", key, "bolsheviks", actor=SYSTEM
            )
        )
        for i in range(1, 21)
    ]
    calls.insert(10, lambda: close_election(registered, election, actor=SYSTEM))
    outcomes = race(calls)
    accepted = sum(1 for o in outcomes if not isinstance(o, SovietError)) - 1  # the close
    closing = next(
        e
        for e in journal_service.tail(registered, 1000, actor=SYSTEM)
        if e.kind == "ElectionClosed"
    )
    counted = sum(votes for _, _, votes in closing.data()["votes"])
    assert counted == accepted
    refused = [str(o) for o in outcomes if isinstance(o, SovietError)]
    assert all(
        message.startswith(f"election {format_id(election)} was closed at ") for message in refused
    )
    assert json.loads(closing.payload)["election"] == election
    assert journal_service.verify(registered, actor=SYSTEM).is_intact
