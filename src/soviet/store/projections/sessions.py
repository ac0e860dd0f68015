"""Sessions, attendance and walk-outs; motions, their votes, positions and ballots."""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from soviet.domain.journal import Entry, canonical_json
from soviet.store.registry import applies, entity_id, insert_rows
from soviet.store.schema import (
    attendance,
    fraction_positions,
    motion_votes,
    motions,
    roll_call,
    secret_voters,
    sessions,
    walk_outs,
)


@applies("SessionConvened")
def session_convened(connection: Connection, entry: Entry, data: Any) -> None:
    connection.execute(
        sessions.insert().values(
            id=entity_id(entry.seq),
            council_id=data["council"],
            section=data["section"],
            agenda=canonical_json(data["agenda"]),
            convened_at=data["convened_at"],
            closed_at=None,
        )
    )


@applies("SessionClosed")
def session_closed(connection: Connection, entry: Entry, data: Any) -> None:
    connection.execute(
        sessions.update().where(sessions.c.id == data["session"]).values(closed_at=data["at"])
    )


def check_in(connection: Connection, session: int, attendees: Any, at: str) -> None:
    """Check in [mandate, person] pairs: anew, or again after leaving."""
    mandate_ids = [mandate for mandate, _ in attendees]
    returning: set[int] = set()
    for start in range(0, len(mandate_ids), 2_000):
        chunk = mandate_ids[start : start + 2_000]
        returning.update(
            connection.execute(
                sa.select(attendance.c.mandate_id).where(
                    attendance.c.session_id == session, attendance.c.mandate_id.in_(chunk)
                )
            ).scalars()
        )
        if returning:
            connection.execute(
                attendance.update()
                .where(attendance.c.session_id == session, attendance.c.mandate_id.in_(chunk))
                .values(checked_in_at=at, left_at=None, left_by=None)
            )
    fresh = [
        {
            "session_id": session,
            "mandate_id": mandate,
            "person_id": person,
            "checked_in_at": at,
            "left_at": None,
            "left_by": None,
        }
        for mandate, person in attendees
        if mandate not in returning
    ]
    insert_rows(connection, attendance, fresh)


def _leave(connection: Connection, session: int, mandate_ids: list[int], at: str, how: str) -> None:
    for start in range(0, len(mandate_ids), 2_000):
        connection.execute(
            attendance.update()
            .where(
                attendance.c.session_id == session,
                attendance.c.mandate_id.in_(mandate_ids[start : start + 2_000]),
            )
            .values(left_at=at, left_by=how)
        )


@applies("AttendanceCheckedIn")
def attendance_checked_in(connection: Connection, entry: Entry, data: Any) -> None:
    check_in(connection, data["session"], data["attendees"], data["at"])


@applies("AttendanceLeft")
def attendance_left(connection: Connection, entry: Entry, data: Any) -> None:
    _leave(connection, data["session"], data["mandates"], data["at"], "left")


@applies("FractionWalkedOut")
def fraction_walked_out(connection: Connection, entry: Entry, data: Any) -> None:
    connection.execute(
        walk_outs.insert().values(
            session_id=data["session"],
            party_id=data["party"],
            walked_out_at=data["at"],
            returned_at=None,
        )
    )
    _leave(connection, data["session"], data["mandates"], data["at"], "walk-out")


@applies("FractionReturned")
def fraction_returned(connection: Connection, entry: Entry, data: Any) -> None:
    connection.execute(
        walk_outs.update()
        .where(
            walk_outs.c.session_id == data["session"],
            walk_outs.c.party_id == data["party"],
            walk_outs.c.returned_at.is_(None),
        )
        .values(returned_at=data["at"])
    )
    check_in(connection, data["session"], data["attendees"], data["at"])


@applies("MotionMoved")
def motion_moved(connection: Connection, entry: Entry, data: Any) -> None:
    connection.execute(
        motions.insert().values(
            id=entity_id(entry.seq),
            council_id=data["council"],
            session_id=data["session"],
            slug=data["slug"],
            kind=data["kind"],
            title=data["title"],
            text=data["text"],
            mover_kind=data["mover_kind"],
            mover=data["mover"],
            amends_id=data["amends"],
            decision=data["decision"],
            terms=canonical_json(data["terms"]),
            moved_at=data["moved_at"],
            outcome=None,
            decided_at=None,
        )
    )


@applies("FractionPositionTaken")
def fraction_position_taken(connection: Connection, entry: Entry, data: Any) -> None:
    key = (fraction_positions.c.motion_id == data["motion"]) & (
        fraction_positions.c.party_id == data["party"]
    )
    connection.execute(fraction_positions.delete().where(key))
    connection.execute(
        fraction_positions.insert().values(
            motion_id=data["motion"],
            party_id=data["party"],
            position=data["position"],
            taken_at=data["at"],
        )
    )


@applies("VoteOpened")
def vote_opened(connection: Connection, entry: Entry, data: Any) -> None:
    connection.execute(
        motion_votes.insert().values(
            motion_id=data["motion"],
            mode=data["mode"],
            opened_at=data["at"],
            present=data["present"],
            seats=data["seats"],
            closed_at=None,
            yes=None,
            no=None,
            abstain=None,
        )
    )


@applies("VoteCast")
def vote_cast(connection: Connection, entry: Entry, data: Any) -> None:
    connection.execute(
        roll_call.insert().values(
            motion_id=data["motion"],
            person_id=data["person"],
            party_id=data["party"],
            choice=data["choice"],
            cast_at=data["cast_at"],
        )
    )


@applies("SecretBallotCast")
def secret_ballot_cast(connection: Connection, entry: Entry, data: Any) -> None:
    connection.execute(
        secret_voters.insert().values(motion_id=data["motion"], person_id=data["person"])
    )
