"""The appliers of journal entries to projections, one per kind, and deterministic ids."""

from __future__ import annotations

import functools
from collections.abc import Callable, Mapping, Sequence
from typing import TYPE_CHECKING, Any, TypeVar

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from soviet.domain.ids import ORDINAL_BITS
from soviet.domain.journal import Entry
from soviet.store.effects import Effects

if TYPE_CHECKING:  # the events are loaded by the appliers, not by every user of the journal
    from soviet.domain.events import Event

E = TypeVar("E", bound="Event")

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


#: From how many rows PostgreSQL is given them by COPY rather than an INSERT each.
COPY_FROM = 20
#: From how many rows copied at once PostgreSQL counts a table again (see _copy_rows).
ANALYZE_FROM = 10_000


def insert_rows(connection: Connection, table: sa.Table, rows: list[dict[str, Any]]) -> None:
    """Insert many rows through the driver's executemany, without per-row statement work
    (or, on PostgreSQL, COPY, from COPY_FROM rows).

    SQLAlchemy's own executemany builds parameters row by row; for the hundreds of
    thousands of rows one act can create (a registry, a general election) that costs
    more than the database does. On PostgreSQL even the driver's executemany makes the
    server plan and run one INSERT per row (a general election's close inserted its vote
    counts at about 10 ms a hundred rows); COPY streams them into the table at once, in
    the act's own transaction, with the same constraints checked.
    """
    if not rows:
        return
    columns = list(rows[0])
    if connection.dialect.name == "postgresql" and len(rows) >= COPY_FROM:
        _copy_rows(connection, table, columns, rows)
        return
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


def _copy_rows(
    connection: Connection, table: sa.Table, columns: list[str], rows: list[dict[str, Any]]
) -> None:
    """The rows into `table` by PostgreSQL's COPY, on the act's own connection."""
    quote = connection.dialect.identifier_preparer.quote
    named = ", ".join(quote(name) for name in columns)
    driver = connection.connection.driver_connection
    assert driver is not None
    with (
        driver.cursor() as cursor,
        cursor.copy(f"COPY {quote(table.name)} ({named}) FROM STDIN") as copy,
    ):
        for row in rows:
            copy.write_row([row[name] for name in columns])
    if len(rows) >= ANALYZE_FROM:
        # A table that has grown past what PostgreSQL last counted of it is counted
        # again at once, not when autovacuum gets to it: an election day read each
        # council's lists against a registry of persons still thought empty (hashing
        # all 2,500,000 where an index finds 500: 60 ms a council instead of 3).
        with driver.cursor() as cursor:
            cursor.execute("SELECT reltuples FROM pg_class WHERE oid = %s::regclass", [table.name])
            found = cursor.fetchone()
            if found is not None and found[0] < len(rows):
                cursor.execute(f"ANALYZE {quote(table.name)}")


@functools.cache
def values_list(count: int, columns: tuple[str, ...]) -> str:
    """A VALUES list of `count` rows of `columns` as the driver's named parameters
    (`r0_seq`, ...), for a statement written once per count of rows (see values_of)."""
    return ", ".join(
        "(" + ", ".join(f"%(r{i}_{name})s" for name in columns) + ")" for i in range(count)
    )


def values_of(rows: Sequence[Mapping[str, Any]], columns: tuple[str, ...]) -> dict[str, Any]:
    """The parameters of values_list for these rows."""
    return {f"r{i}_{name}": row[name] for i, row in enumerate(rows) for name in columns}
