"""Reads of the register of a poll: who was entitled to vote in it when it opened."""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from soviet.store.schema import poll_register


def weights(
    connection: Connection, motion_id: int, persons: Sequence[int] | None = None
) -> dict[int, int]:
    """Each person entitled in a poll (of `persons`, if given), with how many votes her
    ballot counts for (the sum of her entries' weights: one entry per mandate she holds)."""
    query = (
        sa.select(poll_register.c.person_id, sa.func.sum(poll_register.c.weight))
        .where(poll_register.c.motion_id == motion_id)
        .group_by(poll_register.c.person_id)
    )
    if persons is not None:
        query = query.where(poll_register.c.person_id.in_(persons))
    rows = connection.execute(query)
    return {int(person): int(weight) for person, weight in rows}


def entitled_votes(connection: Connection, motion_id: int) -> int:
    """The votes a poll's register holds (the sum of its weights)."""
    found = connection.execute(
        sa.select(sa.func.sum(poll_register.c.weight)).where(poll_register.c.motion_id == motion_id)
    ).scalar()
    return int(found or 0)
