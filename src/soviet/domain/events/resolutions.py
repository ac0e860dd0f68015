"""Entries of decisions: votes closed into resolutions, and acts done under them."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import ClassVar

from soviet.domain.events.base import Event, journaled
from soviet.domain.events.codec import OMITTED_WHEN_NONE, Record, Row


@dataclass(frozen=True)
class CommissionMember(Row):
    """A member of a commission: [person, party] (ids; party None outside fractions)."""

    person: int
    party: int | None


@dataclass(frozen=True)
class Commission(Record):
    """A commission a resolution creates."""

    slug: str
    name: str
    mandate: str
    powers: tuple[str, ...]
    deadline: str
    members: tuple[CommissionMember, ...]


@dataclass(frozen=True)
class Resolution(Record):
    """A numbered resolution of a council, and what it does: amend (with its new text) or
    annul an earlier resolution (ids), or create a commission.

    `not_carried_out` says why an adopted resolution does nothing when what it would do
    became impossible between the motion and the close of its vote (its commission no
    longer fits the council, its target was annulled meanwhile): the vote still closes,
    and the effects above are then all None."""

    council: int
    number: int
    text: str
    amends: int | None
    new_text: str | None
    annuls: int | None
    commission: Commission | None
    not_carried_out: str | None = field(default=None, metadata=OMITTED_WHEN_NONE)


@dataclass(frozen=True)
class AmendedMotion(Record):
    """The motion an adopted amendment rewrites, with its new text."""

    id: int
    text: str


@journaled
@dataclass(frozen=True)
class VoteClosed(Event):
    """A vote closed and decided; an adopted motion becomes a resolution."""

    KIND: ClassVar[str] = "VoteClosed"
    VERSION: ClassVar[int] = 1

    federation: str
    motion: int
    at: str
    yes: int
    no: int
    abstain: int
    outcome: str  # adopted | rejected
    amended_motion: AmendedMotion | None
    resolution: Resolution | None
    #: When the chair published a poll whose results were withheld at its close (`at`).
    published_at: str | None = field(default=None, metadata=OMITTED_WHEN_NONE)


@journaled
@dataclass(frozen=True)
class ActAuthorised(Event):
    """An act done under a resolution's authority, by a commission or the executive."""

    KIND: ClassVar[str] = "ActAuthorised"
    VERSION: ClassVar[int] = 1

    federation: str
    resolution: int
    commission: int | None
    executive: int | None
    power: str
    text: str
    person: int
    at: str
