"""Sessions: attendance on a held mandate, walk-outs and returns, the live quorum."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from soviet.domain.identity import SYSTEM, account_actor
from soviet.domain.ids import format_id
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
        db,
        "petrograd-soviet",
        session,
        MotionSpec(slug, slug.title(), "Text.", "delegate", mover),
        actor=SYSTEM,
    )
    return f"petrograd-soviet/{slug}"


def test_only_delegates_holding_a_mandate_check_in(plenary_db: Database) -> None:
    session = convene(plenary_db, "petrograd-soviet", ["Peace"], actor=SYSTEM)
    with pytest.raises(
        RuleViolation, match=r"^b5, shlyapnikov hold no mandate in 'petrograd-soviet' at "
    ):
        check_in(plenary_db, session, ["b1", "b5", "shlyapnikov"], actor=SYSTEM)
    with pytest.raises(
        Forbidden,
        match=r"^m1 may not check in others than herself \(council 'petrograd-soviet'\) "
        r"in 'petrograd-1917'",
    ):
        check_in(plenary_db, session, ["b1"], actor=account_actor("m1"))
    check_in(plenary_db, session, ["m1"], actor=account_actor("m1"))
    shown = to_json(session_view(plenary_db, session, actor=SYSTEM))
    assert shown["attending"] == {"mensheviks": 1}
    assert shown["quorum"] == {"present": 1, "needed": 4, "seats": 6, "quorate": False}


def test_a_walk_out_that_breaks_quorum_blocks_the_next_vote_and_the_return_restores_it(
    plenary_db: Database,
) -> None:
    session = sitting(plenary_db)
    first, second = move(plenary_db, session, "peace"), move(plenary_db, session, "land")
    open_vote(plenary_db, first, actor=SYSTEM)
    close_vote(plenary_db, first, actor=SYSTEM)
    walk_out(plenary_db, session, "bolsheviks", actor=account_actor("lenin"))
    shown = to_json(session_view(plenary_db, session, actor=SYSTEM))
    assert shown["quorum"] == {"present": 2, "needed": 4, "seats": 6, "quorate": False}
    assert list(shown["walked_out"]) == ["bolsheviks"]
    with pytest.raises(
        RuleViolation,
        match=r"^no quorum in session \d+: 2 voting members attend, 4 needed of 6 seats; "
        r"'petrograd-soviet/land' cannot be put to the vote$",
    ):
        open_vote(plenary_db, second, actor=SYSTEM)
    with pytest.raises(RuleViolation, match="their fraction walked out of session"):
        check_in(plenary_db, session, ["b1"], actor=SYSTEM)
    return_fraction(plenary_db, session, "bolsheviks", actor=account_actor("lenin"))
    assert to_json(session_view(plenary_db, session, actor=SYSTEM))["quorum"]["quorate"] is True
    open_vote(plenary_db, second, actor=SYSTEM)
    assert journal_service.verify(plenary_db, actor=SYSTEM).is_intact


def test_walk_outs_belong_to_the_central_committee(plenary_db: Database) -> None:
    session = sitting(plenary_db)
    with pytest.raises(
        Forbidden,
        match=r"^martov may not walk out for the fraction \(council 'petrograd-soviet', "
        r"party 'sr'\) in 'petrograd-1917'",
    ):
        walk_out(plenary_db, session, "sr", actor=account_actor("martov"))
    walk_out(plenary_db, session, "sr", actor=account_actor("chernov"))
    with pytest.raises(RuleViolation, match="^fraction 'sr' has already walked out of session"):
        walk_out(plenary_db, session, "sr", actor=account_actor("chernov"))
    with pytest.raises(RuleViolation, match="^fraction 'mensheviks' has not walked out"):
        return_fraction(plenary_db, session, "mensheviks", actor=account_actor("martov"))


def test_a_mandate_ending_mid_session_ends_the_attendance(plenary_db: Database) -> None:
    session = sitting(plenary_db)
    before = to_json(session_view(plenary_db, session, actor=SYSTEM))["quorum"]["present"]
    end_mandate(plenary_db, "petrograd-soviet", "m1", cause="resignation", actor=SYSTEM)
    shown = to_json(session_view(plenary_db, session, actor=SYSTEM))
    assert shown["quorum"]["present"] == before - 1
    assert "m1" not in [d["person"] for d in shown["delegates"]["items"]]
    assert journal_service.verify(plenary_db, actor=SYSTEM).is_intact


def test_attendance_is_read_at_any_moment(plenary_db: Database) -> None:
    session = convene(plenary_db, "petrograd-soviet", ["Peace"], actor=SYSTEM)
    now = datetime.now(UTC)
    check_in(plenary_db, session, ["b1", "b2"], at=now - timedelta(minutes=5), actor=SYSTEM)
    leave(plenary_db, session, ["b2"], actor=account_actor("b2"))
    with pytest.raises(RuleViolation, match="^b2: not attending session"):
        leave(plenary_db, session, ["b2"], actor=SYSTEM)
    assert to_json(session_view(plenary_db, session, actor=SYSTEM))["attending"] == {
        "bolsheviks": 1
    }
    earlier = to_json(
        session_view(plenary_db, session, as_of=now - timedelta(minutes=10), actor=SYSTEM)
    )
    assert earlier["attending"] == {}


def test_a_section_sits_with_its_own_delegates_and_seats(plenary_db: Database) -> None:
    session = convene(plenary_db, "petrograd-soviet", ["Bread"], section="workers", actor=SYSTEM)
    with pytest.raises(RuleViolation, match="^s1 not of section 'workers' of 'petrograd-soviet'$"):
        check_in(plenary_db, session, ["s1"], actor=SYSTEM)
    check_in(plenary_db, session, ["b1", "b2", "m1"], actor=SYSTEM)
    assert to_json(session_view(plenary_db, session, actor=SYSTEM))["quorum"] == {
        "present": 3,
        "needed": 3,
        "seats": 5,
        "quorate": True,
    }
    with pytest.raises(NotFound, match="^council 'petrograd-soviet' has no section 'sailors'"):
        convene(plenary_db, "petrograd-soviet", ["Bread"], section="sailors", actor=SYSTEM)


def test_a_closed_session_takes_no_more_acts(plenary_db: Database) -> None:
    session = sitting(plenary_db)
    address = move(plenary_db, session, "peace")
    open_vote(plenary_db, address, actor=SYSTEM)
    with pytest.raises(
        RuleViolation, match="cannot close: the vote on 'petrograd-soviet/peace' is open$"
    ):
        close_session(plenary_db, session, actor=SYSTEM)
    close_vote(plenary_db, address, actor=SYSTEM)
    close_session(plenary_db, session, actor=SYSTEM)
    with pytest.raises(RuleViolation, match=rf"^session {format_id(session)} was closed at "):
        check_in(plenary_db, session, ["b1"], actor=SYSTEM)
    with pytest.raises(InvalidInput, match="^agenda: a session needs at least one item$"):
        convene(plenary_db, "petrograd-soviet", [], actor=SYSTEM)
    with pytest.raises(
        Forbidden,
        match=r"^b1 may not convene sessions \(council 'petrograd-soviet'\) in 'petrograd-1917'",
    ):
        convene(plenary_db, "petrograd-soviet", ["Peace"], actor=account_actor("b1"))
