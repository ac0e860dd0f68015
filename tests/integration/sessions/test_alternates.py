"""Alternates: a party's candidates not seated sit for its absent delegates, one person on
a mandate at a time, until the delegate returns (issue #15)."""

from __future__ import annotations

import pytest

from soviet.domain.identity import SYSTEM, account_actor
from soviet.domain.views import to_json
from soviet.errors import Conflict, Forbidden, RuleViolation
from soviet.services import journal as journal_service
from soviet.services.alternates import (
    constituency_alternates,
    seat_alternate,
    session_alternates,
    unseat_alternate,
)
from soviet.services.plenary import motion_view, session_view
from soviet.services.sessions import check_in, close_session, leave, return_fraction, walk_out
from soviet.services.speakers import add_speaker
from soviet.services.votes import cast_vote, close_vote, open_vote
from soviet.store.database import Database

from .plenary import sitting
from .test_attendance import move

LENIN = account_actor("lenin")
WITHOUT_B1 = ["b2", "b3", "b4", "m1", "s1"]


def quorum(db: Database, session: int) -> dict[str, object]:
    shown = to_json(session_view(db, session, actor=SYSTEM))
    assert isinstance(shown, dict)
    return {"attending": shown["attending"], "quorum": shown["quorum"]}


def test_a_constituencys_alternates_are_its_parties_candidates_not_seated_in_list_order(
    plenary_db: Database,
) -> None:
    shown = to_json(constituency_alternates(plenary_db, "putilov", actor=SYSTEM))
    assert shown["council"] == "petrograd-soviet"
    assert shown["parties"] == [
        {"party": "bolsheviks", "delegates": ["b1", "b2", "b3", "b4"], "alternates": ["b5", "b6"]},
        {"party": "mensheviks", "delegates": ["m1"], "alternates": ["m2", "m3"]},
    ]


def test_an_alternate_sits_votes_and_speaks_for_an_absent_delegate_until_she_returns(
    plenary_db: Database,
) -> None:
    session = sitting(plenary_db, persons=WITHOUT_B1)
    seated = seat_alternate(plenary_db, session, "b1", actor=LENIN)
    assert seated.alternate == "b5"
    check_in(plenary_db, session, ["b5"], actor=account_actor("b5"))
    assert quorum(plenary_db, session) == {
        "attending": {"bolsheviks": 4, "mensheviks": 1, "sr": 1},
        "quorum": {"present": 6, "needed": 4, "seats": 6, "quorate": True},
    }
    add_speaker(plenary_db, session, "b5", stance="pro", actor=account_actor("b5"))
    peace = move(plenary_db, session, "peace")
    open_vote(plenary_db, peace, actor=SYSTEM)
    cast_vote(plenary_db, peace, "b5", "yes", actor=account_actor("b5"))
    # The delegate returns: her alternate is unseated in the same act, the mandate counted once.
    check_in(plenary_db, session, ["b1"], actor=account_actor("b1"))
    assert quorum(plenary_db, session)["quorum"] == {
        "present": 6,
        "needed": 4,
        "seats": 6,
        "quorate": True,
    }
    with pytest.raises(Conflict, match=r"^the mandate of b1 has been voted on 'petrograd-soviet/"):
        cast_vote(plenary_db, peace, "b1", "no", actor=account_actor("b1"))
    with pytest.raises(RuleViolation, match=r"^b5 holds no mandate in 'petrograd-soviet'"):
        cast_vote(plenary_db, peace, "b5", "no", actor=account_actor("b5"))
    result = close_vote(plenary_db, peace, actor=SYSTEM)
    assert (result.tally.yes, result.tally.no) == (1, 0)
    roll = to_json(motion_view(plenary_db, peace, actor=SYSTEM))["roll_call"]
    assert roll == [{"person": "b5", "fraction": "bolsheviks", "choice": "yes"}]
    seatings = to_json(session_alternates(plenary_db, session, actor=SYSTEM))["seatings"]
    assert [(s["delegate"], s["alternate"], s["reason"]) for s in seatings] == [
        ("b1", "b5", "return")
    ]
    assert journal_service.verify(plenary_db, actor=SYSTEM, remember=False).is_intact


def test_seating_is_refused_with_its_reason(plenary_db: Database) -> None:
    session = sitting(plenary_db, persons=WITHOUT_B1)
    with pytest.raises(RuleViolation, match=r"^b2 attends in session \d+: an alternate sits only"):
        seat_alternate(plenary_db, session, "b2", actor=LENIN)
    with pytest.raises(
        RuleViolation,
        match=r"^m2 is not an alternate of 'bolsheviks' for b1's seat in 'putilov': "
        r"its alternates are b5, b6$",
    ):
        seat_alternate(plenary_db, session, "b1", alternate="m2", actor=LENIN)
    with pytest.raises(Forbidden, match=r"^martov may not seat or unseat an alternate"):
        seat_alternate(plenary_db, session, "b1", actor=account_actor("martov"))
    seat_alternate(plenary_db, session, "b1", alternate="b6", actor=LENIN)
    with pytest.raises(
        RuleViolation, match=r"^b1's mandate is covered already in session \d+ by b6$"
    ):
        seat_alternate(plenary_db, session, "b1", actor=LENIN)
    unseat_alternate(plenary_db, session, "b1", actor=LENIN)
    with pytest.raises(RuleViolation, match=r"^no alternate sits for b1 in session \d+$"):
        unseat_alternate(plenary_db, session, "b1", actor=LENIN)
    close_session(plenary_db, session, actor=SYSTEM)
    with pytest.raises(RuleViolation, match=r"^session \d+ was closed at "):
        seat_alternate(plenary_db, session, "b1", actor=LENIN)


def test_one_person_on_a_mandate_through_leaving_walking_out_and_returning(
    plenary_db: Database,
) -> None:
    session = sitting(plenary_db)
    leave(plenary_db, session, ["b1"], actor=SYSTEM)
    seat_alternate(plenary_db, session, "b1", actor=LENIN)
    check_in(plenary_db, session, ["b5"], actor=SYSTEM)
    walk_out(plenary_db, session, "bolsheviks", actor=LENIN)
    assert quorum(plenary_db, session)["quorum"]["present"] == 2
    return_fraction(plenary_db, session, "bolsheviks", actor=LENIN)
    shown = to_json(session_view(plenary_db, session, actor=SYSTEM))
    assert shown["quorum"]["present"] == 6
    # A second alternate for the same mandate is refused while the first sits.
    with pytest.raises(RuleViolation, match="covered already"):
        seat_alternate(plenary_db, session, "b1", alternate="b6", actor=LENIN)
    leave(plenary_db, session, ["b5"], actor=SYSTEM)
    check_in(plenary_db, session, ["b1"], actor=SYSTEM)
    assert quorum(plenary_db, session)["quorum"]["present"] == 6
    with pytest.raises(RuleViolation, match=r"^b5 holds no mandate in 'petrograd-soviet'"):
        check_in(plenary_db, session, ["b5"], actor=SYSTEM)
    assert journal_service.verify(plenary_db, actor=SYSTEM, remember=False).is_intact
