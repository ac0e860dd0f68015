"""The check-in desk: badges given out, and the log of every change of attendance with the
account that recorded it."""

from __future__ import annotations

from collections.abc import Iterable

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from soviet.domain.events.desk import BadgesAssigned
from soviet.domain.journal import Entry
from soviet.store.effects import NO_EFFECTS, Effects
from soviet.store.registry import applies, insert_rows
from soviet.store.schema import attendance_log, badges


@applies(BadgesAssigned)
def badges_assigned(connection: Connection, entry: Entry, event: BadgesAssigned) -> Effects:
    connection.execute(
        badges.delete().where(
            badges.c.council_id == event.council,
            sa.or_(badges.c.person_id.in_(event.persons), badges.c.number.in_(event.numbers)),
        )
    )
    insert_rows(
        connection,
        badges,
        [
            {
                "council_id": event.council,
                "number": number,
                "person_id": person,
                "assigned_at": event.at,
            }
            for person, number in zip(event.persons, event.numbers, strict=True)
        ],
    )
    return NO_EFFECTS


def log(
    connection: Connection,
    entry: Entry,
    session: int,
    mandates: Iterable[int],
    *,
    change: str,
    at: str,
) -> None:
    """Log a change of attendance (in, out, walk-out, return) of the delegates on
    `mandates`, recorded by the entry's actor."""
    insert_rows(
        connection,
        attendance_log,
        [
            {
                "seq": entry.seq,
                "session_id": session,
                "mandate_id": mandate,
                "change": change,
                "at": at,
                "actor": entry.actor,
            }
            for mandate in mandates
        ],
    )
