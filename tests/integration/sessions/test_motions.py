"""Motions and amendments, decision rules, fraction positions and discipline, counted
votes, consultative members, and the keys `motion show --json` promises."""

from __future__ import annotations

import pytest

from soviet.domain.identity import SYSTEM, account_actor
from soviet.domain.journal import Entry
from soviet.domain.sessions import Tally
from soviet.domain.views import to_json
from soviet.errors import Conflict, Forbidden, InvalidInput, RuleViolation
from soviet.services import journal as journal_service
from soviet.services.motions import MotionSpec, move_motion, take_position
from soviet.services.plenary import motion_view
from soviet.services.sessions import check_in, convene
from soviet.services.votes import cast_vote, cast_votes, close_vote, open_vote
from soviet.store.database import Database

from .plenary import SOVIET, sitting

SOVIET_ADDRESS = "petrograd-soviet"


def move(db: Database, session: int, slug: str, text: str = "Text.", **spec: object) -> str:
    fields: dict[str, object] = {"mover_kind": "delegate", "mover": "b1", **spec}
    move_motion(
        db, SOVIET_ADDRESS, session, MotionSpec(slug, slug.title(), text, **fields), actor=SYSTEM
    )  # type: ignore[arg-type]
    return f"{SOVIET_ADDRESS}/{slug}"


def vote(db: Database, address: str, choices: dict[str, str], mode: str = "roll-call") -> None:
    open_vote(db, address, mode, actor=SYSTEM)
    for person, choice in choices.items():
        cast_vote(db, address, person, choice, actor=SYSTEM)


def test_amendments_are_voted_first_in_the_order_moved(plenary_db: Database) -> None:
    session = sitting(plenary_db)
    motion = move(plenary_db, session, "peace", "A peace without annexations.")
    first = move(plenary_db, session, "peace-a1", "An immediate peace.", amends="peace", mover="m1")
    second = move(plenary_db, session, "peace-a2", "A just peace.", amends="peace", mover="s1")
    with pytest.raises(
        RuleViolation,
        match="^'petrograd-soviet/peace' cannot be put to the vote before its amendments: "
        "next is 'petrograd-soviet/peace-a1'$",
    ):
        open_vote(plenary_db, motion, actor=SYSTEM)
    with pytest.raises(
        RuleViolation, match="voted in the order moved: next is 'petrograd-soviet/peace-a1'$"
    ):
        open_vote(plenary_db, second, actor=SYSTEM)
    vote(plenary_db, first, dict.fromkeys(SOVIET, "yes"))
    assert close_vote(plenary_db, first, actor=SYSTEM).is_adopted
    vote(plenary_db, second, dict.fromkeys(SOVIET, "no"))
    assert not close_vote(plenary_db, second, actor=SYSTEM).is_adopted
    vote(plenary_db, motion, dict.fromkeys(SOVIET, "yes"))
    result = close_vote(plenary_db, motion, actor=SYSTEM)
    assert (result.is_adopted, result.resolution) == (True, 1)
    shown = to_json(motion_view(plenary_db, motion, actor=SYSTEM))
    assert shown["text"] == "An immediate peace."
    assert shown["amendments"] == [
        {"motion": first, "status": "adopted"},
        {"motion": second, "status": "rejected"},
    ]
    assert {"yes", "no", "abstain", "adopted"} <= set(shown)
    assert (shown["yes"], shown["no"], shown["abstain"], shown["adopted"]) == (6, 0, 0, True)
    assert journal_service.verify(plenary_db, actor=SYSTEM).is_intact


def test_a_tie_fails_and_a_motion_can_name_its_own_rule(plenary_db: Database) -> None:
    session = sitting(plenary_db)
    tie = move(plenary_db, session, "tie")
    vote(plenary_db, tie, {"b1": "yes", "b2": "yes", "b3": "no", "m1": "no", "s1": "abstain"})
    result = close_vote(plenary_db, tie, actor=SYSTEM)
    assert (result.tally, result.is_adopted) == (Tally(2, 2, 1), False)
    assert result.reason == "rejected: 2 yes of 3 needed (majority-of-votes-cast, 4 votes cast)"
    strict = move(plenary_db, session, "strict", decision="absolute-majority")
    vote(plenary_db, strict, {"b1": "yes", "b2": "yes", "b3": "yes", "m1": "no"})
    assert close_vote(plenary_db, strict, actor=SYSTEM).reason == (
        "rejected: 3 yes of 4 needed (absolute-majority, 6 seats)"
    )


def test_a_counted_vote_takes_numbers_at_the_close(plenary_db: Database) -> None:
    session = sitting(plenary_db)
    address = move(plenary_db, session, "bread")
    open_vote(plenary_db, address, "counted", actor=SYSTEM)
    with pytest.raises(RuleViolation, match="is counted: the chair enters the numbers$"):
        cast_vote(plenary_db, address, "b1", "yes", actor=SYSTEM)
    with pytest.raises(InvalidInput, match="adding up to at most the 6 voting members present$"):
        close_vote(plenary_db, address, counts=Tally(5, 2, 0), actor=SYSTEM)
    result = close_vote(plenary_db, address, counts=Tally(4, 1, 1), actor=SYSTEM)
    assert result.is_adopted
    shown = to_json(motion_view(plenary_db, address, actor=SYSTEM))
    assert (shown["yes"], shown["no"], shown["abstain"]) == (4, 1, 1)
    assert "roll_call" not in shown


def test_roll_call_shows_who_broke_the_fraction_s_position(plenary_db: Database) -> None:
    session = sitting(plenary_db)
    address = move(plenary_db, session, "insurrection", mover_kind="fraction", mover="bolsheviks")
    take_position(plenary_db, address, "bolsheviks", "yes", actor=account_actor("lenin"))
    with pytest.raises(
        Forbidden,
        match=r"^martov may not take the fraction's position \(party 'bolsheviks'\) "
        r"in 'petrograd-1917'",
    ):
        take_position(plenary_db, address, "bolsheviks", "no", actor=account_actor("martov"))
    vote(plenary_db, address, {"b1": "yes", "b2": "yes", "b3": "no", "b4": "abstain", "m1": "no"})
    with pytest.raises(RuleViolation, match="has opened: positions come before it$"):
        take_position(plenary_db, address, "mensheviks", "no", actor=account_actor("martov"))
    close_vote(plenary_db, address, actor=SYSTEM)
    shown = to_json(motion_view(plenary_db, address, actor=SYSTEM))
    assert shown["discipline"] == [
        {"fraction": "bolsheviks", "position": "yes", "with": ["b1", "b2"], "against": ["b3", "b4"]}
    ]
    assert shown["by_fraction"]["bolsheviks"] == {"yes": 2, "no": 1, "abstain": 1}


def test_who_may_move_and_vote(plenary_db: Database) -> None:
    session = sitting(plenary_db, persons=["b1", "b2", "b3", "b4"])
    with pytest.raises(
        Forbidden,
        match=r"^m1 may not move a motion in another's name \(council 'petrograd-soviet'\) "
        r"in 'petrograd-1917'$",
    ):
        move_motion(
            plenary_db,
            SOVIET_ADDRESS,
            session,
            MotionSpec("x", "X", "T", "delegate", "b1"),
            actor=account_actor("m1"),
        )
    with pytest.raises(
        RuleViolation, match="^b5 holds no mandate in 'petrograd-soviet' to move a motion$"
    ):
        move(plenary_db, session, "x", mover="b5")
    address = move(plenary_db, session, "peace")
    with pytest.raises(RuleViolation, match="^motion 'petrograd-soviet/peace' was already moved$"):
        move(plenary_db, session, "peace")
    open_vote(plenary_db, address, actor=SYSTEM)
    with pytest.raises(
        RuleViolation, match=r"^m1 does not attend session \d+: only attending delegates vote"
    ):
        cast_vote(plenary_db, address, "m1", "no", actor=SYSTEM)
    with pytest.raises(Forbidden, match="^b2 may not vote in another's name$"):
        cast_vote(plenary_db, address, "b1", "yes", actor=account_actor("b2"))
    cast_vote(plenary_db, address, "b1", "yes", actor=account_actor("b1"))
    with pytest.raises(Conflict, match="^b1 has already voted on 'petrograd-soviet/peace'$"):
        cast_vote(plenary_db, address, "b1", "no", actor=SYSTEM)
    close_vote(plenary_db, address, actor=SYSTEM)
    with pytest.raises(
        RuleViolation, match=r"^the vote on 'petrograd-soviet/peace' is closed \(at "
    ):
        cast_vote(plenary_db, address, "b2", "yes", actor=SYSTEM)


def test_a_consultative_member_does_not_vote(plenary_db: Database) -> None:
    session = convene(plenary_db, "petrograd-executive", ["Bread"], actor=SYSTEM)
    check_in(plenary_db, session, ["b1", "b2", "b3", "shlyapnikov"], actor=SYSTEM)
    spec = MotionSpec("rations", "Rations", "Rations for the garrison.", "delegate", "b1")
    move_motion(plenary_db, "petrograd-executive", session, spec, actor=SYSTEM)
    open_vote(plenary_db, "petrograd-executive/rations", actor=SYSTEM)
    with pytest.raises(
        RuleViolation,
        match="^shlyapnikov cannot vote on 'petrograd-executive/rations': a consultative member "
        "of 'petrograd-executive', co-opted without a vote$",
    ):
        cast_vote(plenary_db, "petrograd-executive/rations", "shlyapnikov", "yes", actor=SYSTEM)
    assert (
        to_json(motion_view(plenary_db, "petrograd-executive/rations", actor=SYSTEM))["vote"][
            "present"
        ]
        == 3
    )


def test_a_roll_call_entered_at_once_is_checked_ballot_by_ballot(plenary_db: Database) -> None:
    """cast_votes: each ballot checked as cast_vote checks it and answered on its own (a
    refused one wrote nothing), the accepted ones journaled in the order given; bad input
    refuses the whole roll call, naming the ballot and the field, and writes nothing."""
    session = sitting(plenary_db, persons=["b1", "b2", "b3", "b4"])
    address = move(plenary_db, session, "peace")
    open_vote(plenary_db, address, actor=SYSTEM)
    (last,) = journal_service.tail(plenary_db, 1, actor=SYSTEM)
    with pytest.raises(InvalidInput, match=r"^ballots\[1\]\.choice: must be one of yes, no, "):
        cast_votes(plenary_db, address, [("b1", "yes", None), ("b2", "maybe", None)], actor=SYSTEM)
    with pytest.raises(Forbidden, match="^b2 may not vote in another's name$"):
        cast_votes(plenary_db, address, [("b1", "yes", None)], actor=account_actor("b2"))
    with pytest.raises(InvalidInput, match="^ballots: "):
        cast_votes(plenary_db, address, [], actor=SYSTEM)
    assert journal_service.tail(plenary_db, 1, actor=SYSTEM) == [last]
    outcomes = cast_votes(
        plenary_db,
        address,
        [("b3", "no", None), ("m1", "no", None), ("b1", "yes", None), ("b3", "yes", None)],
        actor=SYSTEM,
    )
    assert [type(o).__name__ for o in outcomes] == ["Entry", "RuleViolation", "Entry", "Conflict"]
    assert str(outcomes[1]).startswith("m1 does not attend session")
    assert str(outcomes[3]) == "b3 has already voted on 'petrograd-soviet/peace'"
    first, _, second, _ = outcomes
    assert isinstance(first, Entry)
    assert isinstance(second, Entry)
    assert first.seq < second.seq
    counted = close_vote(plenary_db, address, actor=SYSTEM)
    assert (counted.tally.yes, counted.tally.no) == (1, 1)
