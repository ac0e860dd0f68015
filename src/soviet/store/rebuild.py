"""Rebuilding every projection from the journal alone, and naming where the live tables differ."""

from __future__ import annotations

import contextlib
import tempfile
from collections.abc import Callable, Generator, Iterator, Sequence
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from soviet.store import acts, ballots, journal, motions
from soviet.store.schema import PROJECTIONS, metadata

Progress = Callable[[int], None]
_BATCH = 5_000


def _rows(connection: Connection, table: sa.Table) -> Generator[tuple[Any, ...]]:
    # Order text by code point on both engines, as Python compares the keys.
    binary = connection.dialect.name == "postgresql"
    key = [
        column.collate("C") if binary and isinstance(column.type, sa.String) else column
        for column in table.primary_key.columns
    ]
    query = sa.select(*table.columns).order_by(*key)
    with connection.execution_options(yield_per=_BATCH).execute(query) as result:
        yield from (tuple(row) for row in result)


def _key(table: sa.Table, row: Sequence[Any]) -> tuple[Any, ...]:
    names = [column.name for column in table.columns]
    return tuple(row[names.index(column.name)] for column in table.primary_key.columns)


def _describe(table: sa.Table, live: Sequence[Any] | None, rebuilt: Sequence[Any] | None) -> str:
    names = [column.name for column in table.columns]
    if live is None:
        assert rebuilt is not None
        return f"{table.name}: row {_key(table, rebuilt)} is in the journal but missing"
    if rebuilt is None:
        return f"{table.name}: row {_key(table, live)} is not in the journal"
    changed = [
        f"{name} is {a!r}, the journal says {b!r}"
        for name, a, b in zip(names, live, rebuilt, strict=True)
        if a != b
    ]
    return f"{table.name}: row {_key(table, live)}: {'; '.join(changed)}"


def _compare(
    table: sa.Table, live: Iterator[tuple[Any, ...]], rebuilt: Iterator[tuple[Any, ...]]
) -> str | None:
    """The first difference between two row streams ordered by key, or None."""
    pending_live = next(live, None)
    pending_rebuilt = next(rebuilt, None)
    while pending_live is not None or pending_rebuilt is not None:
        if pending_live == pending_rebuilt:
            pending_live, pending_rebuilt = next(live, None), next(rebuilt, None)
            continue
        if pending_live is None or pending_rebuilt is None:
            return _describe(table, pending_live, pending_rebuilt)
        live_key, rebuilt_key = _key(table, pending_live), _key(table, pending_rebuilt)
        if live_key == rebuilt_key:
            return _describe(table, pending_live, pending_rebuilt)
        if live_key < rebuilt_key:
            return _describe(table, pending_live, None)
        return _describe(table, None, pending_rebuilt)
    return None


def differences(live: Connection, *, progress: Progress | None = None) -> list[str]:
    """Rebuild the projections from `live`'s journal in a scratch database and compare.

    Returns the first difference found in each table (empty when all agree).
    """
    with tempfile.TemporaryDirectory(prefix="soviet-rebuild-") as folder:
        engine = sa.create_engine(f"sqlite:///{Path(folder) / 'scratch.db'}")
        try:
            with engine.begin() as scratch:
                scratch.exec_driver_sql("PRAGMA synchronous = OFF")
                # The projections' tables as the migrations make them (a test holds the
                # migrations to the schema), without the journal: it is read from `live`.
                metadata.create_all(scratch, tables=PROJECTIONS)
                for count, entry in enumerate(journal.entries(live), start=1):
                    acts.apply(scratch, entry)
                    if progress is not None and count % 1_000 == 0:
                        progress(count)
            found = []
            with engine.connect() as scratch:
                for table in PROJECTIONS:
                    # Closed at once: a difference ends the walk with PostgreSQL's server
                    # cursor still open, which the driver would otherwise warn of later.
                    with (
                        contextlib.closing(_rows(live, table)) as live_rows,
                        contextlib.closing(_rows(scratch, table)) as rebuilt_rows,
                    ):
                        problem = _compare(table, live_rows, rebuilt_rows)
                    if problem is not None:
                        found.append(problem)
            return found + ballots.box_matches_voters(live) + motions.box_matches_voters(live)
        finally:
            engine.dispose()
