"""Sessions, attendance and walk-outs; motions, their votes, positions and ballots."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from soviet.domain.events.codec import encode
from soviet.domain.events.sessions import (
    AttendanceCheckedIn,
    AttendanceLeft,
    Attendee,
    FractionPositionTaken,
    FractionReturned,
    FractionWalkedOut,
    MotionMoved,
    PollClosed,
    SecretBallotCast,
    SessionClosed,
    SessionConvened,
    VoteCast,
    VoteOpened,
)
from soviet.domain.journal import Entry, canonical_json
from soviet.store.effects import NO_EFFECTS, Effects
from soviet.store.projections import agenda, desk
from soviet.store.registry import applies, applies_many, entity_id, insert_rows
from soviet.store.schema import (
    attendance,
    fraction_positions,
    motion_votes,
    motions,
    poll_register,
    roll_call,
    secret_voters,
    sessions,
    walk_outs,
)


@applies(SessionConvened)
def session_convened(connection: Connection, entry: Entry, event: SessionConvened) -> Effects:
    connection.execute(
        sessions.insert().values(
            id=entity_id(entry.seq),
            council_id=event.council,
            section=event.section,
            agenda=canonical_json(list(event.agenda)),
            convened_at=event.convened_at,
            closed_at=None,
        )
    )
    agenda.convene(connection, entity_id(entry.seq), event.agenda)
    return NO_EFFECTS


@applies(SessionClosed)
def session_closed(connection: Connection, entry: Entry, event: SessionClosed) -> Effects:
    connection.execute(
        sessions.update().where(sessions.c.id == event.session).values(closed_at=event.at)
    )
    return NO_EFFECTS


def check_in(connection: Connection, session: int, attendees: Iterable[Attendee], at: str) -> None:
    """Check in delegates (mandate and person): anew, or again after leaving. The person on
    a mandate's row is whoever checked in on it last (the delegate, or her alternate)."""
    attendees = list(attendees)
    persons_of = {attendee.mandate: attendee.person for attendee in attendees}
    mandate_ids = [attendee.mandate for attendee in attendees]
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
    _take_over(connection, session, persons_of, returning)
    fresh = [
        {
            "session_id": session,
            "mandate_id": attendee.mandate,
            "person_id": attendee.person,
            "checked_in_at": at,
            "left_at": None,
            "left_by": None,
        }
        for attendee in attendees
        if attendee.mandate not in returning
    ]
    insert_rows(connection, attendance, fresh)


def _take_over(
    connection: Connection, session: int, persons_of: dict[int, int], returning: set[int]
) -> None:
    """Name on each returning mandate's row the person checking in now, where another (an
    alternate, or the delegate after her alternate) was on it before."""
    mandates = sorted(returning)
    moved: list[int] = []
    for start in range(0, len(mandates), 2_000):
        rows = connection.execute(
            sa.select(attendance.c.mandate_id, attendance.c.person_id).where(
                attendance.c.session_id == session,
                attendance.c.mandate_id.in_(mandates[start : start + 2_000]),
            )
        )
        moved.extend(mandate for mandate, person in rows if persons_of[mandate] != person)
    for mandate in moved:
        connection.execute(
            attendance.update()
            .where(attendance.c.session_id == session, attendance.c.mandate_id == mandate)
            .values(person_id=persons_of[mandate])
        )


def _leave(
    connection: Connection, session: int, mandate_ids: Sequence[int], at: str, how: str
) -> None:
    for start in range(0, len(mandate_ids), 2_000):
        connection.execute(
            attendance.update()
            .where(
                attendance.c.session_id == session,
                attendance.c.mandate_id.in_(mandate_ids[start : start + 2_000]),
            )
            .values(left_at=at, left_by=how)
        )


def _mandates(attendees: Iterable[Attendee]) -> list[int]:
    return [attendee.mandate for attendee in attendees]


@applies(AttendanceCheckedIn)
def attendance_checked_in(
    connection: Connection, entry: Entry, event: AttendanceCheckedIn
) -> Effects:
    check_in(connection, event.session, event.attendees, event.at)
    desk.log(connection, entry, event.session, _mandates(event.attendees), change="in", at=event.at)
    return NO_EFFECTS


@applies(AttendanceLeft)
def attendance_left(connection: Connection, entry: Entry, event: AttendanceLeft) -> Effects:
    _leave(connection, event.session, event.mandates, event.at, "left")
    desk.log(connection, entry, event.session, event.mandates, change="out", at=event.at)
    return NO_EFFECTS


@applies(FractionWalkedOut)
def fraction_walked_out(connection: Connection, entry: Entry, event: FractionWalkedOut) -> Effects:
    connection.execute(
        walk_outs.insert().values(
            session_id=event.session,
            party_id=event.party,
            walked_out_at=event.at,
            returned_at=None,
        )
    )
    _leave(connection, event.session, event.mandates, event.at, "walk-out")
    desk.log(connection, entry, event.session, event.mandates, change="walk-out", at=event.at)
    return NO_EFFECTS


@applies(FractionReturned)
def fraction_returned(connection: Connection, entry: Entry, event: FractionReturned) -> Effects:
    connection.execute(
        walk_outs.update()
        .where(
            walk_outs.c.session_id == event.session,
            walk_outs.c.party_id == event.party,
            walk_outs.c.returned_at.is_(None),
        )
        .values(returned_at=event.at)
    )
    check_in(connection, event.session, event.attendees, event.at)
    desk.log(
        connection, entry, event.session, _mandates(event.attendees), change="return", at=event.at
    )
    return NO_EFFECTS


@applies(MotionMoved)
def motion_moved(connection: Connection, entry: Entry, event: MotionMoved) -> Effects:
    connection.execute(
        motions.insert().values(
            id=entity_id(entry.seq),
            council_id=event.council,
            session_id=event.session,
            slug=event.slug,
            kind=event.kind,
            title=event.title,
            text=event.text,
            mover_kind=event.mover_kind,
            mover=event.mover,
            amends_id=event.amends,
            decision=event.decision,
            terms=canonical_json(encode(event.terms)),
            moved_at=event.moved_at,
            outcome=None,
            decided_at=None,
        )
    )
    return NO_EFFECTS


@applies(FractionPositionTaken)
def fraction_position_taken(
    connection: Connection, entry: Entry, event: FractionPositionTaken
) -> Effects:
    key = (fraction_positions.c.motion_id == event.motion) & (
        fraction_positions.c.party_id == event.party
    )
    connection.execute(fraction_positions.delete().where(key))
    connection.execute(
        fraction_positions.insert().values(
            motion_id=event.motion,
            party_id=event.party,
            position=event.position,
            taken_at=event.at,
        )
    )
    return NO_EFFECTS


@applies(VoteOpened)
def vote_opened(connection: Connection, entry: Entry, event: VoteOpened) -> Effects:
    register = event.register
    connection.execute(
        motion_votes.insert().values(
            motion_id=event.motion,
            mode=event.mode,
            opened_at=event.at,
            present=event.present,
            seats=event.seats,
            closed_at=None,
            yes=None,
            no=None,
            abstain=None,
            entitled=None if register is None else len(register),
            practice=event.practice,
            results=event.results,
            published_at=None,
            ceremony_id=event.ceremony,
        )
    )
    rows = [
        {
            "motion_id": event.motion,
            "mandate_id": entitled.mandate,
            "person_id": entitled.person,
            "weight": entitled.weight,
        }
        for entitled in register or ()
    ]
    insert_rows(connection, poll_register, rows)
    return NO_EFFECTS


@applies(PollClosed)
def poll_closed(connection: Connection, entry: Entry, event: PollClosed) -> Effects:
    counts = event.counts
    connection.execute(
        motion_votes.update()
        .where(motion_votes.c.motion_id == event.motion)
        .values(
            closed_at=event.at,
            yes=None if counts is None else counts.yes,
            no=None if counts is None else counts.no,
            abstain=None if counts is None else counts.abstain,
            closed_hash=entry.hash,
        )
    )
    return NO_EFFECTS


def _roll_call_row(event: VoteCast) -> dict[str, Any]:
    return {
        "motion_id": event.motion,
        "person_id": event.person,
        "party_id": event.party,
        "choice": event.choice,
        "cast_at": event.cast_at,
    }


@applies(VoteCast)
def vote_cast(connection: Connection, entry: Entry, event: VoteCast) -> Effects:
    connection.execute(roll_call.insert(), _roll_call_row(event))
    return NO_EFFECTS


@applies_many(VoteCast)
def votes_cast(connection: Connection, entries: list[tuple[Entry, VoteCast]]) -> Effects:
    # A plenary's ballots arrive together: one statement for all of them.
    insert_rows(connection, roll_call, [_roll_call_row(event) for _, event in entries])
    return NO_EFFECTS


@applies(SecretBallotCast)
def secret_ballot_cast(connection: Connection, entry: Entry, event: SecretBallotCast) -> Effects:
    connection.execute(
        secret_voters.insert().values(
            motion_id=event.motion, person_id=event.person, receipt=event.receipt
        )
    )
    return NO_EFFECTS
