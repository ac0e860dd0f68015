"""Reads of lists of speakers: every request on one list, as the domain orders it."""

from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from soviet.domain.speakers import Request
from soviet.store.schema import parties, persons, speakers


def requests(
    connection: Connection, session_id: int, motion_id: int | None, item: int | None = None
) -> list[Request]:
    """Every request on a session's list (of one of its motions or agenda items, or the
    session's own), with the speaker's and her fraction's slugs, in the order asked."""
    motion = (
        speakers.c.motion_id.is_(None) if motion_id is None else speakers.c.motion_id == motion_id
    )
    of_item = speakers.c.item.is_(None) if item is None else speakers.c.item == item
    query = (
        sa.select(
            speakers.c.id,
            persons.c.slug,
            parties.c.slug,
            speakers.c.kind,
            speakers.c.stance,
            speakers.c.requested_at,
            speakers.c.started_at,
            speakers.c.ended_at,
            speakers.c.removed_at,
            speakers.c.is_moved,
            speakers.c.before_id,
            speakers.c.moved_seq,
        )
        .join(persons, persons.c.id == speakers.c.person_id)
        .outerjoin(parties, parties.c.id == speakers.c.party_id)
        .where(speakers.c.session_id == session_id, motion, of_item)
        .order_by(speakers.c.id)
    )
    return [
        Request(
            id=row[0],
            person=row[1],
            fraction=row[2],
            kind=row[3],
            stance=row[4],
            requested_at=row[5],
            started_at=row[6],
            ended_at=row[7],
            removed_at=row[8],
            is_moved=bool(row[9]),
            before=row[10],
            moved_seq=row[11],
        )
        for row in connection.execute(query)
    ]
