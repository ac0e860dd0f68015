"""The journal's events: one frozen dataclass per kind of entry, the schema of its payload.

`EVENTS` maps every kind to its class; `event_from_json` reads a journaled payload as its
typed event (see `base` for versions, `codec` for the exact JSON, `describe` for the
table in docs/journal.md).
"""

from soviet.domain.events import (
    agenda,
    alternates,
    bodies,
    database,
    desk,
    elections,
    mandates,
    registers,
    resolutions,
    sessions,
    speakers,
    trustees,
)
from soviet.domain.events.base import EVENTS, SCHEMA_VERSION, Event, event_from_json

#: The modules of events, by area, in the order docs/journal.md lists them.
AREAS = (
    database,
    registers,
    elections,
    mandates,
    bodies,
    sessions,
    desk,
    agenda,
    speakers,
    alternates,
    resolutions,
    trustees,
)

__all__ = ["AREAS", "EVENTS", "SCHEMA_VERSION", "Event", "event_from_json"]
