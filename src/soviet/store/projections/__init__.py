"""Projections: the tables that say what the journal says, each kind of entry applied once."""

from soviet.store.projections import (
    agenda,
    alternates,
    bodies,
    desk,
    elections,
    federation,
    mandates,
    registers,
    resolutions,
    sessions,
    speakers,
    trustees,
)

#: Every module whose appliers are registered (imported for that effect).
MODULES = (
    federation,
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
