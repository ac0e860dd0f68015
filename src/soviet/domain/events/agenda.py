"""Entries of the agenda of a session: the chair calling an item, a motion attached to an
item, and an amendment of the agenda applied when its motion of order was adopted.

A session's first items are the titles of its `SessionConvened` entry, numbered from 1,
the first current (domain.agenda); an item is named by its session and number.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from soviet.domain.events.base import Event, journaled
from soviet.domain.events.codec import Record


@dataclass(frozen=True)
class AgendaChange(Record):
    """An amendment of the agenda a motion of order carries: add an item (`title`, at
    `position`; None: at the end), remove item `item`, or move it to `position`."""

    change: str  # add | remove | move
    item: int | None
    title: str | None
    position: int | None


@journaled
@dataclass(frozen=True)
class AgendaItemCalled(Event):
    """The chair moved the session to an item of its agenda (the next, or a named one)."""

    KIND: ClassVar[str] = "AgendaItemCalled"
    VERSION: ClassVar[int] = 1

    federation: str
    session: int
    item: int
    at: str


@journaled
@dataclass(frozen=True)
class MotionAttached(Event):
    """The chair attached a motion of the session to an item of its agenda."""

    KIND: ClassVar[str] = "MotionAttached"
    VERSION: ClassVar[int] = 1

    federation: str
    session: int
    motion: int
    item: int
    at: str


@journaled
@dataclass(frozen=True)
class AgendaAmended(Event):
    """A motion of order was adopted and its change applied to the agenda (an item added
    gets its number here)."""

    KIND: ClassVar[str] = "AgendaAmended"
    VERSION: ClassVar[int] = 1

    federation: str
    session: int
    motion: int
    change: AgendaChange
    at: str
