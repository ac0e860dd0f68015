"""Read models of resolutions, commissions, and the chain of authority behind an act.

The Soviet created the Military Revolutionary Committee and "revised or amended the
decisions of the government" (seeds/003): every act of a commission or an executive
traces back through a resolution and its motion to the plenary that adopted it.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from soviet.domain.views.encoding import json_key


@dataclass(frozen=True)
class Resolution:
    """A resolution of a council, with what amended or annulled it, and why it was not
    carried out if what it would do had become impossible by its adoption."""

    council: str
    number: int
    motion: str
    session: str
    text: str
    adopted_at: str
    amended_by: str | None
    annulled_by: str | None
    not_carried_out: str | None


@dataclass(frozen=True)
class CommissionMember:
    person: str
    fraction: str | None


@dataclass(frozen=True)
class Commission:
    """A commission: its written mandate, the powers it grants, its deadline, its members."""

    commission: str
    name: str
    mandate: str
    powers: tuple[str, ...]
    deadline: str
    is_expired: bool = field(metadata=json_key("expired"))
    members: tuple[CommissionMember, ...]
    resolution: str  # the resolution that created it, COUNCIL/NUMBER


@dataclass(frozen=True)
class Mover:
    """Who moved a motion: a fraction, a delegate, or a body."""

    kind: str
    name: str


@dataclass(frozen=True, kw_only=True)
class ActStep:
    """The act done under authority: by whom, which power, when, as which body."""

    step: str = "act"

    act: str
    by: str
    power: str
    text: str
    at: str
    body: str | None


@dataclass(frozen=True, kw_only=True)
class CommissionStep:
    step: str = "commission"
    commission: str
    mandate: str
    powers: tuple[str, ...]
    deadline: str


@dataclass(frozen=True, kw_only=True)
class ResolutionStep:
    step: str = "resolution"
    resolution: str
    text: str
    adopted_at: str
    is_annulled: bool = field(metadata=json_key("annulled"))


@dataclass(frozen=True, kw_only=True)
class MotionStep:
    step: str = "motion"
    motion: str
    mover: Mover
    yes: int | None
    no: int | None
    abstain: int | None


@dataclass(frozen=True, kw_only=True)
class PlenaryStep:
    step: str = "plenary"
    session: str
    council: str
    section: str | None
    convened_at: str
    present: int
    seats: int


#: One link of the chain of authority, from the act back to the plenary.
AuthorityStep = ActStep | CommissionStep | ResolutionStep | MotionStep | PlenaryStep
