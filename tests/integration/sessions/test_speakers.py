"""Lists of speakers through the services, on both engines: who may ask for the floor and
who may chair, the statute's orderings, points of order and replies, moves, time limits
and the statistics of speaking time."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

import pytest

from soviet.domain.identity import SYSTEM, account_actor
from soviet.domain.views import to_json
from soviet.errors import Conflict, Forbidden, InvalidInput, NotFound, RuleViolation
from soviet.services import journal as journal_service
from soviet.services.bootstrap import open_database
from soviet.services.motions import MotionSpec, move_motion
from soviet.services.sessions import check_in, close_session, convene, leave
from soviet.services.speakers import (
    add_speaker,
    move_speaker,
    point_of_order,
    remove_speaker,
    reply,
    speakers_view,
    speaking_stats,
    start_speech,
    stop_speech,
)
from soviet.store.database import Database

from ..councils.federation import STATUTE, elect, found_federation

T0 = datetime(1917, 3, 8, 10, tzinfo=UTC)
CHAIR = account_actor("chkheidze")  # the federation's administrator; see SECRETARIAT
SECRETARY = account_actor("skobelev")

SPEAKERS_STATUTE = (
    STATUTE
    + """    secretariat: [skobelev]
    sessions:
      speakers:
        order: ORDER
        priority: [women, first-time]
        groups: {women: [m1, s1]}
        speech_seconds: 300
        fraction_seconds: 600
"""
)


def _found(db: Database, order: str) -> int:
    found_federation(db, SPEAKERS_STATUTE.replace("ORDER", order))
    elect(db)
    session = convene(db, "petrograd-soviet", ["Peace"], actor=SYSTEM, convened_at=T0)
    check_in(db, session, ["b1", "b2", "b3", "m1", "s1"], actor=SYSTEM, at=T0)
    return session


@pytest.fixture
def db(db_url: str) -> Iterator[Database]:
    database = open_database(db_url)
    yield database
    database.dispose()


def at(minutes: int) -> datetime:
    return T0 + timedelta(minutes=minutes)


def me(person: str) -> dict[str, object]:
    return {"actor": account_actor(person)}


def waiting(db: Database, session: int, motion: str | None = None) -> list[str]:
    shown = speakers_view(db, session, motion=motion, actor=SYSTEM, now=lambda: at(600))
    return [line.person for line in shown.waiting]


def test_a_delegate_present_asks_for_the_floor_and_withdraws(db: Database) -> None:
    session = _found(db, "request")
    add_speaker(db, session, "b1", stance="pro", **me("b1"), at=at(1))
    add_speaker(db, session, "m1", stance="contra", **me("m1"), at=at(2))
    assert waiting(db, session) == ["b1", "m1"]
    with pytest.raises(Conflict, match=r"^'b1' already waits for the list of speakers$"):
        add_speaker(db, session, "b1", **me("b1"), at=at(3))
    remove_speaker(db, session, "b1", **me("b1"), at=at(4))
    assert waiting(db, session) == ["m1"]
    with pytest.raises(RuleViolation, match=r"^'b1' is not waiting on the list of speakers$"):
        remove_speaker(db, session, "b1", **me("b1"), at=at(5))
    shown = to_json(speakers_view(db, session, actor=SYSTEM, now=lambda: at(6)))
    assert shown == {
        "session": shown["session"],  # type: ignore[index]
        "motion": None,
        "order": "request",
        "current": None,
        "waiting": [
            {
                "place": 1,
                "person": "m1",
                "fraction": "mensheviks",
                "kind": "speech",
                "stance": "contra",
                "requested_at": "1917-03-08T10:02:00.000000Z",
                "moved": False,
                "over_time": False,
            }
        ],
        "heard": 0,
        "at": "1917-03-08T10:06:00.000000Z",
    }


def test_an_absent_delegate_a_non_delegate_and_a_stranger_are_refused(db: Database) -> None:
    session = _found(db, "request")
    leave(db, session, ["b2"], actor=SYSTEM, at=at(1))
    with pytest.raises(RuleViolation, match=r"^'b2' is not present at session \d+: only") as e:
        add_speaker(db, session, "b2", **me("b2"), at=at(2))
    assert e.value.code == "not_present"
    with pytest.raises(RuleViolation, match=r"^'b4' is not present at session"):
        point_of_order(db, session, "b4", **me("b4"), at=at(2))
    with pytest.raises(Forbidden, match=r"^b5 may not ask for the floor in another's name"):
        add_speaker(db, session, "b5", **me("b5"), at=at(2))
    with pytest.raises(Forbidden, match=r"^m1 may not ask for the floor in another's name"):
        add_speaker(db, session, "b1", **me("m1"), at=at(2))
    with pytest.raises(
        Forbidden,
        match=r"^stranger may not ask for the floor in another's name "
        r"\(council 'petrograd-soviet'\) in 'petrograd-1917'$",
    ):
        add_speaker(db, session, "b1", actor=account_actor("stranger"), at=at(2))
    with pytest.raises(Forbidden, match=r"^chkheidze may not ask for the floor"):
        add_speaker(db, session, "b1", actor=CHAIR, at=at(2))
    assert waiting(db, session) == []


def test_only_the_chair_starts_stops_moves_and_takes_others_off(db: Database) -> None:
    session = _found(db, "request")
    for minute, person in enumerate(["b1", "b2", "m1"], start=1):
        add_speaker(db, session, person, **me(person), at=at(minute))
    for act in (start_speech, stop_speech):
        with pytest.raises(Forbidden, match=r"^b1 may not call, stop and move speakers"):
            act(db, session, **me("b1"), at=at(5))
    with pytest.raises(Forbidden, match=r"^b1 may not call, stop and move speakers"):
        move_speaker(db, session, "m1", before="b1", **me("b1"), at=at(5))
    with pytest.raises(Forbidden, match=r"^b1 may not take others off the list of speakers"):
        remove_speaker(db, session, "m1", **me("b1"), at=at(5))
    with pytest.raises(RuleViolation, match=r"^nobody has the floor$"):
        stop_speech(db, session, actor=SECRETARY, at=at(5))
    move_speaker(db, session, "m1", before="b1", actor=SECRETARY, at=at(5))
    assert waiting(db, session) == ["m1", "b1", "b2"]
    remove_speaker(db, session, "b2", actor=CHAIR, at=at(6))
    called = start_speech(db, session, actor=SECRETARY, at=at(7))
    assert called.person == "m1"
    with pytest.raises(RuleViolation, match=r"^'m1' has the floor: stop her speech first$"):
        start_speech(db, session, actor=SECRETARY, at=at(8))
    assert stop_speech(db, session, actor=SECRETARY, at=at(9)).person == "m1"
    assert start_speech(db, session, actor=SECRETARY, at=at(10)).person == "b1"
    stop_speech(db, session, actor=SECRETARY, at=at(11))
    with pytest.raises(RuleViolation, match=r"^the list of speakers is empty$"):
        start_speech(db, session, actor=SECRETARY, at=at(12))
    assert journal_service.verify(db, actor=SYSTEM, remember=False).is_intact


def test_a_point_of_order_heads_the_list_and_a_reply_comes_next(db: Database) -> None:
    session = _found(db, "request")
    add_speaker(db, session, "b1", stance="pro", **me("b1"), at=at(1))
    add_speaker(db, session, "b2", stance="pro", **me("b2"), at=at(2))
    with pytest.raises(RuleViolation, match=r"^nobody has the floor: a reply answers"):
        reply(db, session, "m1", **me("m1"), at=at(3))
    start_speech(db, session, actor=SECRETARY, at=at(3))
    with pytest.raises(RuleViolation, match=r"^'b1' has the floor: she cannot reply to herself$"):
        reply(db, session, "b1", **me("b1"), at=at(4))
    assert reply(db, session, "m1", stance="contra", **me("m1"), at=at(4)).place == 1
    assert point_of_order(db, session, "s1", **me("s1"), at=at(5)).place == 1
    assert waiting(db, session) == ["s1", "m1", "b2"]
    with pytest.raises(Conflict, match=r"^'s1' already waits for a point of order$"):
        point_of_order(db, session, "s1", **me("s1"), at=at(6))


def test_fewer_contributions_first_and_alternation(db: Database) -> None:
    session = _found(db, "fewer-contributions")
    add_speaker(db, session, "b1", stance="pro", **me("b1"), at=at(1))
    start_speech(db, session, actor=SECRETARY, at=at(2))
    stop_speech(db, session, actor=SECRETARY, at=at(3))
    assert add_speaker(db, session, "b1", stance="pro", **me("b1"), at=at(4)).place == 1
    # b2 has not spoken yet: she goes before b1, who has.
    assert add_speaker(db, session, "b2", stance="pro", **me("b2"), at=at(5)).place == 1
    assert waiting(db, session) == ["b2", "b1"]


def test_alternating_pro_and_contra(db: Database) -> None:
    session = _found(db, "alternating")
    for minute, (person, stance) in enumerate(
        [("b1", "pro"), ("b2", "pro"), ("b3", "neutral"), ("m1", "contra"), ("s1", "contra")],
        start=1,
    ):
        add_speaker(db, session, person, stance=stance, **me(person), at=at(minute))
    # A neutral speaker keeps her place in order of request; pro and contra alternate.
    assert waiting(db, session) == ["b1", "b3", "m1", "b2", "s1"]


def test_priority_groups_and_a_motions_own_list(db: Database) -> None:
    session = _found(db, "priority")
    address = "petrograd-soviet/peace"
    move_motion(
        db,
        "petrograd-soviet",
        session,
        MotionSpec("peace", "Peace", "Text.", "delegate", "b1"),
        actor=SYSTEM,
    )
    for minute, person in enumerate(["b1", "b2", "m1", "s1"], start=1):
        add_speaker(db, session, person, motion=address, **me(person), at=at(minute))
    assert waiting(db, session, address) == ["m1", "s1", "b1", "b2"]
    assert waiting(db, session) == []
    with pytest.raises(NotFound, match=r"^motion 'petrograd-soviet/land' does not exist$"):
        add_speaker(db, session, "b3", motion="petrograd-soviet/land", **me("b3"), at=at(9))


def test_time_limits_and_statistics(db: Database) -> None:
    session = _found(db, "request")
    for minute, person in enumerate(["b1", "b2", "m1", "b3"], start=1):
        add_speaker(db, session, person, **me(person), at=at(minute))
    start_speech(db, session, actor=SECRETARY, at=at(10))
    shown = to_json(speakers_view(db, session, actor=SYSTEM, now=lambda: at(16)))
    assert shown["current"] == {  # type: ignore[index]
        "person": "b1",
        "fraction": "bolsheviks",
        "kind": "speech",
        "stance": "neutral",
        "started_at": "1917-03-08T10:10:00.000000Z",
        "elapsed_seconds": 360,
        "limit_seconds": 300,
        "over_limit": True,
    }
    stop_speech(db, session, actor=SECRETARY, at=at(16))
    point_of_order(db, session, "s1", **me("s1"), at=at(17))
    start_speech(db, session, actor=SECRETARY, at=at(18))
    stop_speech(db, session, actor=SECRETARY, at=at(19))
    start_speech(db, session, actor=SECRETARY, at=at(20))
    stop_speech(db, session, actor=SECRETARY, at=at(25))
    # The Bolsheviks have spoken 6 + 5 minutes of their 10: b3 waits behind m1, marked.
    shown = to_json(speakers_view(db, session, actor=SYSTEM, now=lambda: at(26)))
    lines = [(w["person"], w["over_time"]) for w in shown["waiting"]]  # type: ignore[index]
    assert lines == [("m1", False), ("b3", True)]
    stats = to_json(speaking_stats(db, session, actor=SYSTEM, now=lambda: at(26)))
    assert stats["persons"] == [  # type: ignore[index]
        {"name": "b1", "turns": 1, "seconds": 360, "remaining_seconds": None},
        {"name": "b2", "turns": 1, "seconds": 300, "remaining_seconds": None},
        {"name": "s1", "turns": 1, "seconds": 60, "remaining_seconds": None},
    ]
    assert stats["fractions"] == [  # type: ignore[index]
        {"name": "bolsheviks", "turns": 2, "seconds": 660, "remaining_seconds": 0},
        {"name": "sr", "turns": 1, "seconds": 60, "remaining_seconds": 600},
    ]
    assert stats["groups"] == [  # type: ignore[index]
        {"name": "women", "turns": 1, "seconds": 60, "remaining_seconds": None}
    ]


def test_bad_input_names_the_field_and_a_closed_session_refuses(db: Database) -> None:
    session = _found(db, "request")
    with pytest.raises(InvalidInput, match=r"^stance: must be one of pro, contra, neutral"):
        add_speaker(db, session, "b1", stance="maybe", **me("b1"), at=at(1))
    with pytest.raises(InvalidInput, match=r"^person: "):
        add_speaker(db, session, "B 1", **me("b1"), at=at(1))
    add_speaker(db, session, "b1", **me("b1"), at=at(1))
    with pytest.raises(InvalidInput, match=r"^before: a speaker cannot be moved before herself"):
        move_speaker(db, session, "b1", before="b1", actor=SECRETARY, at=at(2))
    close_session(db, session, actor=SYSTEM, at=at(3))
    with pytest.raises(RuleViolation, match=r"was closed at") as e:
        add_speaker(db, session, "b2", **me("b2"), at=at(4))
    assert e.value.code == "poll_not_open"
