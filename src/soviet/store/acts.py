"""Recording an act: its journal entry and its effect on the projections, in one transaction.

Each kind of entry has one applier (in `store.projections`) that turns its payload into
rows. The same appliers rebuild every projection from the journal alone, which is how
`verify` proves that the tables say what the journal says.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy.engine import Connection

from soviet.domain.journal import Entry, JsonValue
from soviet.errors import IntegrityError
from soviet.store import journal, projections
from soviet.store.registry import APPLIERS

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
