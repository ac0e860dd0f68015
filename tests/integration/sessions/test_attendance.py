"""Sessions: attendance on a held mandate, walk-outs and returns, the live quorum."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from soviet.domain.views import to_json
from soviet.errors import Forbidden, InvalidInput, NotFound, RuleViolation
from soviet.services import journal as journal_service
from soviet.services.mandates import end_mandate
from soviet.services.motions import MotionSpec, move_motion
from soviet.services.plenary import session_view
from soviet.services.sessions import (
    check_in,
    close_session,
    convene,
    leave,
    return_fraction,
    walk_out,
)
from soviet.services.votes import close_vote, open_vote
from soviet.store.database import Database

from .plenary import sitting


def move(db: Database, session: int, slug: str, mover: str = "b1") -> str:
    move_motion(
        db, "petrograd-soviet", session, MotionSpec(slug, slug.title(), "Text.", "delegate", mover)
    )
    return f"petrograd-soviet/{slug}"


def test_only_delegates_holding_a_mandate_check_in(plenary_db: Database) -> None:
    session = convene(plenary_db, "petrograd-soviet", ["Peace"])
    with pytest.raises(
        RuleViolation, match=r"^b5, shlyapnikov hold no mandate in 'petrograd-soviet' at "
    ):
        check_in(plenary_db, session, ["b1", "b5", "shlyapnikov"])
    with pytest.raises(Forbidden, match="^m1 cannot check in for b1: a delegate does it herself"):
        check_in(plenary_db, session, ["b1"], actor="m1")
    check_in(plenary_db, session, ["m1"], actor="m1")
    shown = to_json(session_view(plenary_db, session))
    assert shown["attending"] == {"mensheviks": 1}
    assert shown["quorum"] == {"present": 1, "needed": 4, "seats": 6, "quorate": False}


def test_a_walk_out_that_breaks_quorum_blocks_the_next_vote_and_the_return_restores_it(
    plenary_db: Database,
) -> None:
    session = sitting(plenary_db)
    first, second = move(plenary_db, session, "peace"), move(plenary_db, session, "land")
    open_vote(plenary_db, first)
    close_vote(plenary_db, first)
    walk_out(plenary_db, session, "bolsheviks", actor="lenin")
    shown = to_json(session_view(plenary_db, session))
    assert shown["quorum"] == {"present": 2, "needed": 4, "seats": 6, "quorate": False}
    assert list(shown["walked_out"]) == ["bolsheviks"]
    with pytest.raises(
        RuleViolation,
        match=r"^no quorum in session \d+: 2 voting members attend, 4 needed of 6 seats; "
        r"'petrograd-soviet/land' cannot be put to the vote$",
    ):
        open_vote(plenary_db, second)
    with pytest.raises(RuleViolation, match="their fraction walked out of session"):
        check_in(plenary_db, session, ["b1"])
    return_fraction(plenary_db, session, "bolsheviks", actor="lenin")
    assert to_json(session_view(plenary_db, session))["quorum"]["quorate"] is True
    open_vote(plenary_db, second)
    assert journal_service.verify(plenary_db).is_intact


def test_walk_outs_belong_to_the_central_committee(plenary_db: Database) -> None:
    session = sitting(plenary_db)
    with pytest.raises(
        Forbidden, match="^martov cannot walk out for 'sr': only its central committee"
    ):
        walk_out(plenary_db, session, "sr", actor="martov")
    walk_out(plenary_db, session, "sr", actor="chernov")
    with pytest.raises(RuleViolation, match="^fraction 'sr' has already walked out of session"):
        walk_out(plenary_db, session, "sr", actor="chernov")
    with pytest.raises(RuleViolation, match="^fraction 'mensheviks' has not walked out"):
        return_fraction(plenary_db, session, "mensheviks", actor="martov")


def test_a_mandate_ending_mid_session_ends_the_attendance(plenary_db: Database) -> None:
    session = sitting(plenary_db)
    before = to_json(session_view(plenary_db, session))["quorum"]["present"]
    end_mandate(plenary_db, "petrograd-soviet", "m1", cause="resignation")
    shown = to_json(session_view(plenary_db, session))
    assert shown["quorum"]["present"] == before - 1
    assert "m1" not in [d["person"] for d in shown["delegates"]["items"]]
    assert journal_service.verify(plenary_db).is_intact


def test_attendance_is_read_at_any_moment(plenary_db: Database) -> None:
    session = convene(plenary_db, "petrograd-soviet", ["Peace"])
    now = datetime.now(UTC)
    check_in(plenary_db, session, ["b1", "b2"], at=now - timedelta(minutes=5))
    leave(plenary_db, session, ["b2"], actor="b2")
    with pytest.raises(RuleViolation, match="^b2: not attending session"):
        leave(plenary_db, session, ["b2"])
    assert to_json(session_view(plenary_db, session))["attending"] == {"bolsheviks": 1}
    earlier = to_json(session_view(plenary_db, session, as_of=now - timedelta(minutes=10)))
    assert earlier["attending"] == {}


def test_a_section_sits_with_its_own_delegates_and_seats(plenary_db: Database) -> None:
    session = convene(plenary_db, "petrograd-soviet", ["Bread"], section="workers")
    with pytest.raises(RuleViolation, match="^s1 not of section 'workers' of 'petrograd-soviet'$"):
        check_in(plenary_db, session, ["s1"])
    check_in(plenary_db, session, ["b1", "b2", "m1"])
    assert to_json(session_view(plenary_db, session))["quorum"] == {
        "present": 3,
        "needed": 3,
        "seats": 5,
        "quorate": True,
    }
    with pytest.raises(NotFound, match="^council 'petrograd-soviet' has no section 'sailors'"):
        convene(plenary_db, "petrograd-soviet", ["Bread"], section="sailors")


def test_a_closed_session_takes_no_more_acts(plenary_db: Database) -> None:
    session = sitting(plenary_db)
    address = move(plenary_db, session, "peace")
    open_vote(plenary_db, address)
    with pytest.raises(
        RuleViolation, match="cannot close: the vote on 'petrograd-soviet/peace' is open$"
    ):
        close_session(plenary_db, session)
    close_vote(plenary_db, address)
    close_session(plenary_db, session)
    with pytest.raises(RuleViolation, match=rf"^session {session} was closed at "):
        check_in(plenary_db, session, ["b1"])
    with pytest.raises(InvalidInput, match="^agenda: a session needs at least one item$"):
        convene(plenary_db, "petrograd-soviet", [])
    with pytest.raises(Forbidden, match="^b1 cannot convene sessions in 'petrograd-1917'"):
        convene(plenary_db, "petrograd-soviet", ["Peace"], actor="b1")
