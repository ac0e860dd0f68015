"""Entries of bodies formed from councils: refreshed, co-opted to, and their drift."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import ClassVar

from soviet.domain.events.base import Event, journaled
from soviet.domain.events.codec import OMITTED_WHEN_NONE, Record
from soviet.domain.events.elections import LotDrawn


@dataclass(frozen=True)
class SeatFilled(Record):
    """A seat a refresh begins: who, of which fraction, from which constituency and seat,
    in which delegation of a congress, co-opted for which organisation, with a vote or not."""

    person: str
    party: str | None
    constituency: str | None
    seat: int
    delegation: str | None
    co_opted_for: str | None
    voting: bool


@journaled
@dataclass(frozen=True)
class BodyRefreshed(Event):
    """A body brought to what its sources give at `at`: the mandates ended and begun."""

    KIND: ClassVar[str] = "BodyRefreshed"
    VERSION: ClassVar[int] = 1

    federation: str
    council: str
    at: str
    reason: str  # continuous | drift | convened | statute | co-option
    ended: tuple[int, ...]
    started: tuple[SeatFilled, ...]
    draws: tuple[LotDrawn, ...]


@journaled
@dataclass(frozen=True)
class CoOptionsSet(Event):
    """The persons an organisation co-opts to a body, replacing those it named before."""

    KIND: ClassVar[str] = "CoOptionsSet"
    VERSION: ClassVar[int] = 1

    federation: str
    council: str
    organisation: str
    persons: tuple[str, ...]


@dataclass(frozen=True)
class DriftBasis(Record):
    """What an elected council's drift is measured from, per party: its seats, and the
    seats won and votes of its latest elections."""

    seats: Mapping[str, int]
    won: Mapping[str, int]
    votes: Mapping[str, int]


@dataclass(frozen=True)
class Measurement(Record):
    """A council's drift at `at`: seats off and the Gallagher index (as the text of the
    float), from what `reference` names."""

    council: str
    at: str
    seats_off: int
    gallagher: str
    reference: str
    basis: DriftBasis | None = field(default=None, metadata=OMITTED_WHEN_NONE)


@journaled
@dataclass(frozen=True)
class DriftMeasured(Event):
    """The drift of every council an act moved, or moved the base of."""

    KIND: ClassVar[str] = "DriftMeasured"
    VERSION: ClassVar[int] = 1

    federation: str
    drifts: tuple[Measurement, ...]
