"""Journals written before the entries had schemas still replay and verify, and every
kind the projections know has a schema.

tests/fixtures/ holds the Petrograd 1917 replay as written by the previous release (commit
1b85e93, `soviet demo` on SQLite): its journal, and every other table it left. Loaded into
a fresh database, `verify` must walk the chain and rebuild, with today's typed events,
exactly the tables that release built.
"""

from __future__ import annotations

import gzip
import json
import warnings
from collections import defaultdict
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa
from sqlalchemy.engine import Connection

from soviet.domain.events import EVENTS
from soviet.domain.identity import SYSTEM
from soviet.domain.journal import Entry
from soviet.errors import IntegrityError
from soviet.services import journal as journal_service
from soviet.services.bootstrap import open_database
from soviet.store import acts, migrate, schema
from soviet.store.registry import APPLIERS, MANY_APPLIERS

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
JOURNAL = FIXTURES / "journal_1b85e93_petrograd.jsonl.gz"
TABLES = FIXTURES / "projections_1b85e93_petrograd.jsonl.gz"


def _lines(path: Path) -> list[dict[str, Any]]:
    with gzip.open(path, "rt", encoding="utf-8") as lines:
        return [json.loads(line) for line in lines]


def _typed(table: sa.Table, row: dict[str, Any]) -> dict[str, Any]:
    # SQLite keeps booleans as 0 and 1; PostgreSQL wants them as booleans.
    return {
        name: bool(value) if isinstance(table.c[name].type, sa.Boolean) and value is not None
        else value
        for name, value in row.items()
    }  # fmt: skip


def _load(connection: Connection) -> None:
    # The tables as the previous release left them, then the migrations since (0010 gives
    # the sessions their agenda items), as an upgrade in place does.
    migrate.upgrade(connection, "0009")
    rows: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for line in _lines(TABLES):
        rows[line["table"]].append(line["row"])
    rows["journal"] = _lines(JOURNAL)
    head = rows.pop("journal_head")  # the migrations write its one row: the empty head
    connection.execute(schema.journal_head.update().values(head[0]))
    # In the order of the foreign keys the tables had then: the schema declares fewer
    # now (0021 dropped the tallies'), so its own order may put a tally first.
    then = sa.MetaData()
    with warnings.catch_warnings():  # SQLite's reflection skips indexes on expressions
        warnings.filterwarnings("ignore", "Skipped unsupported reflection of expression-based")
        then.reflect(connection)
    for name in (table.name for table in then.sorted_tables):
        if rows.get(name):
            table = schema.metadata.tables[name]
            found = [_typed(table, row) for row in rows[name]]
            connection.execute(table.insert(), found)
    migrate.upgrade(connection)


def test_every_kind_of_entry_has_a_schema() -> None:
    known = set(APPLIERS) | acts.RECORD_ONLY
    assert set(MANY_APPLIERS) <= set(APPLIERS)
    assert known == set(EVENTS)
    assert len(EVENTS) == 70  # 42, five of the lists of speakers, three of the agenda, PollClosed,
    # the badges of the check-in desk, five of alternates and proxies, five of key
    # ceremonies, two of sealed polls, three of sealed elections, three of sealed recalls


def test_a_journal_of_the_previous_release_replays_and_verifies(db_url: str) -> None:
    db = open_database(db_url)
    try:
        db.write(_load)
        report = journal_service.verify(db, remember=False, actor=SYSTEM)
        assert report.problem is None, str(report.problem)
        assert report.differences == []
        assert report.count == 3248
    finally:
        db.dispose()


def test_a_payload_out_of_its_schema_is_named_by_entry_and_field() -> None:
    row = next(line for line in _lines(JOURNAL) if line["kind"] == "VoteCast")
    row["payload"] = row["payload"].replace('"choice":"yes"', '"choice":1')
    entry = Entry(**row)
    with pytest.raises(IntegrityError, match=r"^entry \d+: VoteCast.choice: must be str, got int$"):
        acts.event_of(entry)
