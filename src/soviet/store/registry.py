"""The appliers of journal entries to projections, one per kind, and deterministic ids."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from sqlalchemy.engine import Connection

from soviet.domain.journal import Entry

Applier = Callable[[Connection, Entry, Any], None]

#: Bits of an id left for the rows one entry creates (see entity_id).
ORDINAL_BITS = 24

APPLIERS: dict[str, Applier] = {}


def applies(kind: str) -> Callable[[Applier], Applier]:
    """Register the applier of one kind of entry."""

    def register(function: Applier) -> Applier:
        if kind in APPLIERS:
            raise ValueError(f"two appliers for {kind}")
        APPLIERS[kind] = function
        return function

    return register


def entity_id(seq: int, ordinal: int = 0) -> int:
    """The id of the `ordinal`-th row created by entry `seq`: the same on every rebuild."""
    if not 0 <= ordinal < 1 << ORDINAL_BITS:
        raise ValueError(f"entry {seq} creates too many rows ({ordinal})")
    return (seq << ORDINAL_BITS) | ordinal
