"""Read models of the journal: its entries as a client reads them, a page at a time."""

from __future__ import annotations

from dataclasses import dataclass

from soviet.domain.journal import Entry, JsonValue


@dataclass(frozen=True)
class JournalEntry:
    """One sealed entry, its payload decoded: what `journal tail --json` prints."""

    seq: int
    recorded_at: str
    actor: str
    kind: str
    payload: JsonValue
    prev_hash: str
    hash: str


def journal_entry(entry: Entry) -> JournalEntry:
    """The read model of a sealed entry."""
    return JournalEntry(
        entry.seq,
        entry.recorded_at,
        entry.actor,
        entry.kind,
        entry.data(),
        entry.prev_hash,
        entry.hash,
    )
