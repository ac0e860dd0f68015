"""Recording an act: its journal entry and its effect on the projections, in one transaction.

Each kind of entry has one applier (in `store.projections`) that turns its payload into
rows. The same appliers rebuild every projection from the journal alone, which is how
`verify` proves that the tables say what the journal says.
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from datetime import datetime

from sqlalchemy.engine import Connection

from soviet.domain.journal import Entry, JsonValue
from soviet.errors import IntegrityError
from soviet.store import journal, projections
from soviet.store.registry import APPLIERS, MANY_APPLIERS

#: Kinds that change no projection (the journal alone records them).
RECORD_ONLY = frozenset({"DatabaseInitialised", "DatabaseUpgraded", "NoteRecorded"})

assert projections.MODULES  # every applier is registered once the package is imported


def apply(connection: Connection, entry: Entry) -> None:
    """Apply one journal entry to the projections."""
    if entry.kind in RECORD_ONLY:
        return
    applier = APPLIERS.get(entry.kind)
    if applier is None:
        raise IntegrityError(f"entry {entry.seq}: no projection knows the kind {entry.kind!r}")
    applier(connection, entry, entry.data())


def record(
    connection: Connection, *, at: datetime, actor: str, kind: str, payload: JsonValue
) -> Entry:
    """Journal an act and apply it, in the caller's transaction; return its entry."""
    entry = journal.append(connection, at=at, actor=actor, kind=kind, payload=payload)
    apply(connection, entry)
    return entry


def record_many(
    connection: Connection, acts: Sequence[tuple[datetime, str, str, JsonValue]]
) -> list[Entry]:
    """Journal (at, actor, kind, payload) acts as consecutive entries and apply each, in
    the caller's transaction; return their entries."""
    entries = journal.append_many(connection, acts)
    for _, run in itertools.groupby(entries, key=lambda entry: entry.kind):
        together = list(run)
        many = MANY_APPLIERS.get(together[0].kind)
        if many is not None and len(together) > 1:
            many(connection, [(entry, entry.data()) for entry in together])
            continue
        for entry in together:
            apply(connection, entry)
    return entries
