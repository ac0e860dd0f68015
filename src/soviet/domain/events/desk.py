"""Entries of the check-in desk: participant numbers (badges) handed to a council's
delegates.

A badge belongs to a person in a council, not to one session: a convention prints its
badges once, and a delegate wears the same number at every session of the council (and
of its sections). Checking in and out by number is the attendance act of a session
(`AttendanceCheckedIn`, `AttendanceLeft`), resolved from the number to the mandate.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from soviet.domain.events.base import Event, journaled


@journaled
@dataclass(frozen=True)
class BadgesAssigned(Event):
    """The desk gave `persons[i]` (ids) the number `numbers[i]` in a council; a person
    given a new number gives up her old one."""

    KIND: ClassVar[str] = "BadgesAssigned"
    VERSION: ClassVar[int] = 1

    federation: str
    council: int
    persons: tuple[int, ...]
    numbers: tuple[int, ...]
    at: str
