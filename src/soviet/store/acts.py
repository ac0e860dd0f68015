"""Recording an act: its journal entry and its effect on the projections, in one transaction.

Each kind of entry has one applier (in `store.projections`) that turns its typed event
into rows. The same appliers rebuild every projection from the journal alone, which is how
`verify` proves that the tables say what the journal says.
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy.engine import Connection

from soviet.domain.events import Event, event_from_json
from soviet.domain.events.database import DatabaseInitialised, DatabaseUpgraded, NoteRecorded
from soviet.domain.journal import Entry
from soviet.errors import IntegrityError, InvalidInput
from soviet.store import journal, projections
from soviet.store.effects import NO_EFFECTS, Effects
from soviet.store.registry import APPLIERS, MANY_APPLIERS

#: Kinds that change no projection (the journal alone records them).
RECORD_ONLY = frozenset(kind.KIND for kind in (DatabaseInitialised, DatabaseUpgraded, NoteRecorded))

assert projections.MODULES  # every applier is registered once the package is imported


def event_of(entry: Entry) -> Event:
    """The typed event a journaled entry records; IntegrityError if its payload does not
    fit its kind's schema."""
    try:
        return event_from_json(entry.kind, entry.data())
    except InvalidInput as error:
        raise IntegrityError(f"entry {entry.seq}: {error}") from None


def _apply(connection: Connection, entry: Entry, event: Event) -> Effects:
    if entry.kind in RECORD_ONLY:
        return NO_EFFECTS
    applier = APPLIERS.get(entry.kind)
    if applier is None:
        raise IntegrityError(f"entry {entry.seq}: no projection knows the kind {entry.kind!r}")
    return applier(connection, entry, event)


def apply(connection: Connection, entry: Entry) -> Effects:
    """Apply one journal entry to the projections; return its effects."""
    return _apply(connection, entry, event_of(entry))


@dataclass(frozen=True)
class Recorded:
    """Acts journaled and applied: their entries, and what the bodies above must follow."""

    entries: list[Entry]
    effects: Effects

    @property
    def entry(self) -> Entry:
        """The entry of an act recorded alone."""
        return self.entries[-1]


def record(connection: Connection, *, at: datetime, actor: str, event: Event) -> Recorded:
    """Journal an act and apply it, in the caller's transaction; return its entry and
    effects."""
    entry = journal.append(connection, at=at, actor=actor, kind=event.KIND, payload=event.to_json())
    return Recorded([entry], _apply(connection, entry, event))


def record_many(connection: Connection, acts: Sequence[tuple[datetime, str, Event]]) -> Recorded:
    """Journal (at, actor, event) acts as consecutive entries and apply each, in the
    caller's transaction; return their entries and effects."""
    entries = journal.append_many(
        connection, [(at, actor, event.KIND, event.to_json()) for at, actor, event in acts]
    )
    pairs = zip(entries, (event for _, _, event in acts), strict=True)
    effects = NO_EFFECTS
    for kind, run in itertools.groupby(pairs, key=lambda pair: pair[0].kind):
        together = list(run)
        many = MANY_APPLIERS.get(kind)
        if many is not None and len(together) > 1:
            effects |= many(connection, together)
            continue
        for entry, event in together:
            effects |= _apply(connection, entry, event)
    return Recorded(entries, effects)
