"""The appliers of journal entries to projections, one per kind, and deterministic ids."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from soviet.domain.events import Event
from soviet.domain.ids import ORDINAL_BITS
from soviet.domain.journal import Entry
from soviet.store.effects import Effects

E = TypeVar("E", bound=Event)

#: The applier of one kind of entry: the entry and its payload, typed; it returns what the
#: bodies formed above must follow.
Applier = Callable[[Connection, Entry, Any], Effects]

APPLIERS: dict[str, Applier] = {}

#: Appliers of many entries of one kind at once (each kind also has its one-entry applier,
#: which rebuilding uses; both must give the same rows).
ManyApplier = Callable[[Connection, list[tuple[Entry, Any]]], Effects]
MANY_APPLIERS: dict[str, ManyApplier] = {}


def applies(
    event: type[E],
) -> Callable[
    [Callable[[Connection, Entry, E], Effects]], Callable[[Connection, Entry, E], Effects]
]:
    """Register the applier of one kind of entry, which receives its typed event."""

    def register(
        function: Callable[[Connection, Entry, E], Effects],
    ) -> Callable[[Connection, Entry, E], Effects]:
        if event.KIND in APPLIERS:
            raise ValueError(f"two appliers for {event.KIND}")
        APPLIERS[event.KIND] = function
        return function

    return register


def applies_many(
    event: type[E],
) -> Callable[
    [Callable[[Connection, list[tuple[Entry, E]]], Effects]],
    Callable[[Connection, list[tuple[Entry, E]]], Effects],
]:
    """Register the applier of a run of entries of one kind, journaled together."""

    def register(
        function: Callable[[Connection, list[tuple[Entry, E]]], Effects],
    ) -> Callable[[Connection, list[tuple[Entry, E]]], Effects]:
        if event.KIND in MANY_APPLIERS:
            raise ValueError(f"two appliers of many {event.KIND}")
        MANY_APPLIERS[event.KIND] = function
        return function

    return register


def entity_id(seq: int, ordinal: int = 0) -> int:
    """The id of the `ordinal`-th row created by entry `seq`: the same on every rebuild
    (shown and typed in its public form, domain.ids.format_id)."""
    if not 0 <= ordinal < 1 << ORDINAL_BITS:
        raise ValueError(f"entry {seq} creates too many rows ({ordinal})")
    return (seq << ORDINAL_BITS) | ordinal


def insert_rows(connection: Connection, table: sa.Table, rows: list[dict[str, Any]]) -> None:
    """Insert many rows through the driver's executemany, without per-row statement work.

    SQLAlchemy's own executemany builds parameters row by row; for the hundreds of
    thousands of rows one act can create (a registry, a general election) that costs
    more than the database does.
    """
    if not rows:
        return
    columns = list(rows[0])
    compiled = (
        table.insert()
        .values({name: sa.bindparam(name) for name in columns})
        .compile(dialect=connection.dialect)
    )
    if compiled.positiontup is not None:
        order = list(compiled.positiontup)
        parameters: list[Any] = [tuple(row[name] for name in order) for row in rows]
    else:
        parameters = rows
    connection.exec_driver_sql(str(compiled), parameters)
