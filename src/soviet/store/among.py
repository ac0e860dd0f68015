"""A column's value among many: the reads of a batch of ballots ask for hundreds of
tokens, keys and persons at once, and say so as each engine reads it best.

On PostgreSQL the values are one array parameter (`= ANY(...)`): the statement's text is
the same however many values there are, so SQLAlchemy and psycopg convert it once and
PostgreSQL prepares it once. As an IN list, each batch's size was a statement of its own,
rendered, converted and planned again: a tenth of the writer's time in a vote of 2,000.
SQLite has no arrays: an IN list there, where a statement costs no round trip.

The arrays are SQLAlchemy's generic ARRAY, which PostgreSQL's dialect renders as its own:
a process on SQLite (a command's read) never loads that dialect.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection


def any_of(
    connection: Connection, column: sa.ColumnElement[Any], values: Sequence[Any]
) -> sa.ColumnElement[bool]:
    """`column` is one of `values`."""
    if connection.dialect.name == "postgresql":
        return column == sa.any_(sa.literal(list(values), sa.ARRAY(column.type)))
    return column.in_(list(values))


def pairs_any_of(
    connection: Connection,
    first: sa.ColumnElement[Any],
    second: sa.ColumnElement[Any],
    pairs: Sequence[tuple[Any, Any]],
) -> sa.ColumnElement[bool]:
    """(`first`, `second`) is one of `pairs`."""
    if connection.dialect.name != "postgresql":
        return sa.tuple_(first, second).in_(list(pairs))
    firsts = sa.literal([pair[0] for pair in pairs], sa.ARRAY(first.type))
    seconds = sa.literal([pair[1] for pair in pairs], sa.ARRAY(second.type))
    zipped = sa.select(sa.func.unnest(firsts), sa.func.unnest(seconds))
    return sa.tuple_(first, second).in_(zipped)
