"""The reads of a constituency, a petition, a person, a party and an election, on both
engines: typed read models, their JSON, and their lists walked page by page."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from fractions import Fraction
from typing import Any, TypeVar

import pytest

from soviet.domain.identity import SYSTEM
from soviet.domain.ids import format_id, parse_id
from soviet.domain.views import Page, to_json
from soviet.errors import InvalidInput, NotFound
from soviet.services import journal as journal_service
from soviet.services.composition import composition, council_members
from soviet.services.mandates import sign_recall
from soviet.services.members import MemberSpec, register_members
from soviet.services.reads import (
    constituency_view,
    election_view,
    journal_page,
    party_view,
    person_view,
    petition_view,
)
from soviet.services.registers import count_electorate
from soviet.store.database import Database

from .federation import elect

T = TypeVar("T")
SOLDIERS = [MemberSpec(f"v{i}", f"Soldier {i}") for i in range(1, 11)]
APRIL = datetime(1917, 4, 1, tzinfo=UTC)


@pytest.fixture
def elected(federation_db: Database) -> tuple[Database, int]:
    election = elect(federation_db)
    register_members(federation_db, "volynsky", SOLDIERS, actor=SYSTEM)
    count_electorate(federation_db, "volynsky", 10, actor=SYSTEM)
    return federation_db, election


def walk(read: Callable[[str | None], Page[T]]) -> list[T]:
    """Every item of a list, page after page, from the first."""
    items: list[T] = []
    cursor: str | None = None
    while True:
        page = read(cursor)
        items += page.items
        if page.next_cursor is None:
            return items
        cursor = page.next_cursor


def test_a_constituency_shows_its_delegates_petitions_and_elections(
    elected: tuple[Database, int],
) -> None:
    db, election = elected
    for key in ("v1", "v2"):
        sign_recall(db, "petrograd-soviet", "s1", key, signed_at=APRIL, actor=SYSTEM)
    shown = constituency_view(db, "volynsky", actor=SYSTEM)
    assert (shown.name, shown.kind, shown.electorate, shown.tags) == (
        "Volynsky Regiment",
        "regiment",
        10,
        {"ward": "liteiny"},
    )
    assert [(d.person, d.party, d.seat) for d in shown.delegates] == [("s1", "sr", 1)]
    [petition] = shown.petitions
    assert (petition.delegate, petition.state, petition.signatures, petition.threshold) == (
        "s1",
        "open",
        2,
        5,
    )
    assert (petition.missing, petition.progress) == (3, Fraction(2, 5))
    assert [e.election for e in shown.elections.items] == [format_id(election)]
    shown_json: Any = to_json(shown)
    assert shown_json["petitions"][0]["progress"] == "2/5"
    assert "v1" not in str(shown_json)  # who signed is never shown
    putilov = constituency_view(db, "putilov", actor=SYSTEM)
    assert [d.person for d in putilov.delegates] == ["b1", "b2", "b3", "b4", "m1"]
    assert putilov.petitions == ()
    with pytest.raises(NotFound, match="^constituency 'nowhere' does not exist$"):
        constituency_view(db, "nowhere", actor=SYSTEM)


def test_a_petition_shows_its_progress_and_how_it_ended(elected: tuple[Database, int]) -> None:
    db, _ = elected
    signed = [sign_recall(db, "petrograd-soviet", "s1", f"v{i}", actor=SYSTEM) for i in range(1, 6)]
    shown = petition_view(db, signed[-1].petition, actor=SYSTEM)
    assert to_json(shown.progress) == to_json(shown)["progress"]  # type: ignore[index]
    assert (shown.progress.state, shown.progress.signatures, shown.progress.missing) == (
        "recalled",
        5,
        0,
    )
    assert shown.progress.closed_at is not None
    assert shown.recall_vote is None
    assert constituency_view(db, "volynsky", actor=SYSTEM).petitions == ()
    with pytest.raises(NotFound, match="^recall petition 7 does not exist$"):
        petition_view(db, parse_id("7", "petition"), actor=SYSTEM)


def test_a_person_shows_her_parties_constituencies_and_mandates(
    elected: tuple[Database, int],
) -> None:
    db, _ = elected
    for i in range(1, 6):
        sign_recall(db, "petrograd-soviet", "s1", f"v{i}", actor=SYSTEM)
    s1 = person_view(db, "s1", actor=SYSTEM)
    assert [(m.party, m.since[:10]) for m in s1.parties] == [("sr", "1917-02-27")]
    assert s1.constituencies == ("volynsky",)
    [mandate] = s1.mandates.items
    assert (mandate.council, mandate.end_cause, mandate.is_held) == (
        "petrograd-soviet",
        "recall",
        False,
    )
    s2 = person_view(db, "s2", actor=SYSTEM)
    assert [(m.constituency, m.is_held) for m in s2.mandates.items] == [("volynsky", True)]
    assert to_json(s2)["mandates"]["items"][0]["held"] is True  # type: ignore[index,call-overload]
    with pytest.raises(NotFound, match="^person 'nobody' is not registered$"):
        person_view(db, "nobody", actor=SYSTEM)


def test_a_party_shows_its_seats_members_and_lists(elected: tuple[Database, int]) -> None:
    db, _ = elected
    shown = party_view(db, "bolsheviks", actor=SYSTEM)
    assert (shown.name, shown.members, shown.seats) == ("Bolsheviks", 6, {"petrograd-soviet": 4})
    [listed] = shown.lists
    assert (listed.council, listed.constituency, listed.candidates) == (
        "petrograd-soviet",
        None,
        ("b1", "b2", "b3", "b4", "b5", "b6"),
    )
    before = party_view(db, "bolsheviks", as_of=datetime(1917, 3, 2, tzinfo=UTC), actor=SYSTEM)
    assert before.seats == {}
    with pytest.raises(NotFound, match="^party 'kadets' is not registered$"):
        party_view(db, "kadets", actor=SYSTEM)


def test_an_election_shows_its_result_a_page_of_constituencies_at_a_time(
    elected: tuple[Database, int],
) -> None:
    db, election = elected
    shown = election_view(db, election, actor=SYSTEM)
    assert (shown.state, shown.mode, shown.ballots_cast, shown.draws) == (
        "closed",
        "counts",
        None,
        (),
    )
    assert shown.votes == {"bolsheviks": 4600, "mensheviks": 2000, "sr": 2500}
    assert shown.seats == {"bolsheviks": 4, "mensheviks": 1, "sr": 1}
    results = walk(
        lambda cursor: (
            election_view(db, election, cursor=cursor, limit=1, actor=SYSTEM).constituencies
        )
    )
    assert [(r.constituency, r.seats, r.won) for r in results] == [
        ("putilov", 5, {"bolsheviks": 4, "mensheviks": 1}),
        ("volynsky", 1, {"sr": 1}),
    ]
    assert results[1].votes == {"bolsheviks": 1500, "mensheviks": 500, "sr": 2000}
    with pytest.raises(InvalidInput, match="^cursor: 'WzFd' is not a cursor this list gave$"):
        election_view(db, election, cursor="WzFd", actor=SYSTEM)  # a number where a slug was given
    with pytest.raises(InvalidInput, match="^limit: must be between 1 and 500, got 0$"):
        election_view(db, election, limit=0, actor=SYSTEM)


@pytest.mark.parametrize("limit", [1, 2])
def test_mandates_and_elections_walked_page_by_page(
    elected: tuple[Database, int], limit: int
) -> None:
    db, first = elected
    later = [elect(db), elect(db)]  # each election ends the seats and gives them again
    everything = person_view(db, "b1", limit=500, actor=SYSTEM).mandates.items
    assert len(everything) == 3
    assert [m.is_held for m in everything] == [False, False, True]
    walked = walk(lambda c: person_view(db, "b1", cursor=c, limit=limit, actor=SYSTEM).mandates)
    assert walked == list(everything)
    elections = walk(
        lambda c: constituency_view(db, "putilov", cursor=c, limit=limit, actor=SYSTEM).elections
    )
    assert [e.election for e in elections] == [format_id(e) for e in (first, *later)]
    with pytest.raises(InvalidInput, match="^cursor: "):
        person_view(db, "b1", cursor="%%%", actor=SYSTEM)


def test_the_journal_walked_page_by_page(elected: tuple[Database, int]) -> None:
    db, _ = elected
    whole = journal_service.tail(db, 10_000, actor=SYSTEM)
    walked = walk(lambda c: journal_page(db, cursor=c, limit=7, actor=SYSTEM))
    assert [(e.seq, e.hash, e.kind) for e in walked] == [(e.seq, e.hash, e.kind) for e in whole]
    assert [e.payload for e in walked] == [e.data() for e in whole]
    with pytest.raises(InvalidInput, match="^cursor: 'abc' is not a cursor this list gave$"):
        journal_page(db, cursor="abc", actor=SYSTEM)


@pytest.mark.parametrize("limit", [1, 4])
def test_a_councils_members_walked_page_by_page(elected: tuple[Database, int], limit: int) -> None:
    db, _ = elected
    whole = composition(db, "petrograd-soviet", actor=SYSTEM).members
    walked = walk(
        lambda c: council_members(db, "petrograd-soviet", cursor=c, limit=limit, actor=SYSTEM)
    )
    assert walked == whole  # by constituency and seat, as `council show` lists them
    assert [m.person for m in walked] == ["b1", "b2", "b3", "b4", "m1", "s1"]
    with pytest.raises(InvalidInput, match="^cursor: "):
        council_members(db, "petrograd-soviet", cursor="WyJhIl0", actor=SYSTEM)
