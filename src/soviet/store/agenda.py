"""Reads of the agenda of a session: its items in order with the current one, and the
motions attached to each item."""

from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from soviet.domain.agenda import Agenda, Item
from soviet.store.schema import agenda_items, agenda_motions, councils, motions


def agenda(connection: Connection, session_id: int) -> Agenda:
    """The agenda of a session as it stands: its items in order, and the current one."""
    rows = connection.execute(
        sa.select(agenda_items.c.number, agenda_items.c.title, agenda_items.c.is_current)
        .where(agenda_items.c.session_id == session_id, agenda_items.c.position.is_not(None))
        .order_by(agenda_items.c.position)
    ).all()
    current = next((row[0] for row in rows if row[2]), rows[0][0] if rows else 0)
    return Agenda(tuple(Item(row[0], row[1]) for row in rows), current)


def last_number(connection: Connection, session_id: int) -> int:
    """The highest number any item of the session ever had (removed items keep theirs)."""
    found = connection.execute(
        sa.select(sa.func.max(agenda_items.c.number)).where(agenda_items.c.session_id == session_id)
    ).scalar()
    return int(found or 0)


def attached(connection: Connection, session_id: int) -> dict[int, list[str]]:
    """The motions attached to each item (by number), as COUNCIL/SLUG, in the order moved."""
    rows = connection.execute(
        sa.select(agenda_motions.c.item, councils.c.slug, motions.c.slug)
        .join(motions, motions.c.id == agenda_motions.c.motion_id)
        .join(councils, councils.c.id == motions.c.council_id)
        .where(agenda_motions.c.session_id == session_id)
        .order_by(motions.c.id)
    )
    found: dict[int, list[str]] = {}
    for item, council, slug in rows:
        found.setdefault(item, []).append(f"{council}/{slug}")
    return found
