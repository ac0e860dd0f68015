"""Read models of councils: who sits in one at a moment, its drift, the federation's tree."""

from __future__ import annotations

from dataclasses import dataclass, field

from soviet.domain.views.encoding import json_key


@dataclass(frozen=True)
class Member:
    """A seat of a council and who holds it."""

    person: str
    party: str | None  # None: a co-opted member of no party
    constituency: str | None  # None in a body formed from councils
    seat: int
    since: str
    delegation: str | None = None
    co_opted_for: str | None = None
    is_voting: bool = field(default=True, metadata=json_key("voting"))


@dataclass(frozen=True)
class Composition:
    """Who sits in a council at a moment, as `soviet council show` prints it."""

    council: str
    as_of: str
    seats: int
    filled: int
    fractions: dict[str, int]
    majority: str | None
    members: list[Member]
    # False: a body formed on convocation that has not been convened yet (no seats filled).
    is_convened: bool = field(default=True, metadata=json_key("convened"))


@dataclass(frozen=True)
class DriftMeasurement:
    """A council's drift as one act measured it: when, and how far from its base."""

    at: str
    council: str
    seats_off: int
    gallagher: float  # an index for charts, never compared to decide anything
    reference: str


@dataclass(frozen=True)
class CouncilDrift:
    """A council's drift as `soviet drift` shows it; no figures for a body formed on
    convocation that has not been convened yet (it has no composition to drift)."""

    council: str
    is_convened: bool = field(metadata=json_key("convened"))
    seats_off: int | None
    gallagher: float | None  # an index for charts, never compared to decide anything
    reference: str | None


@dataclass(frozen=True)
class NodeDrift:
    """A body's drift as the tree shows it beside the body."""

    seats_off: int
    gallagher: float
    reference: str


@dataclass(frozen=True)
class Node:
    """A council in the tree of bodies, with the bodies formed from it below."""

    council: str
    name: str
    kind: str  # elected, derived, executive, congress
    refresh: str
    seats: int
    majority: str | None
    is_convened: bool = field(metadata=json_key("convened"))
    drift: NodeDrift | None  # None until a body formed on convocation is first convened
    below: list[Node]
