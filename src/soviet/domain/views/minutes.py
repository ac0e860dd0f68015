"""The read model of the minutes of a plenary session, made from the journal alone.

Minutes say who attended and who came and went (walk-outs and returns of fractions
among them), the agenda as convened and as amended, who spoke, every motion and
amendment with its text, every vote with its mode and result (a roll call by name, a
secret vote by count, the register when the vote's entry carries one), the resolutions
adopted, and the close. People, parties and councils are named as the journal's own
registration entries name them (`Named`: the slug and the name).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from soviet.domain.views.encoding import absent_if_none, json_key


@dataclass(frozen=True)
class Named:
    """A person, party or council: its slug and its name, as registered."""

    slug: str
    name: str


@dataclass(frozen=True)
class FractionCount:
    """How many of a fraction (None: delegates of no fraction) did something."""

    fraction: Named | None
    count: int


@dataclass(frozen=True)
class AttendanceChange:
    """Delegates arriving or leaving at one moment: checked-in, left, walked-out,
    returned (a fraction's), or mandate-ended (attendance ends with the mandate); how
    many of each fraction, by the party of the mandate each holds."""

    at: str
    change: str
    persons: tuple[Named, ...]
    by_fraction: tuple[FractionCount, ...]
    fraction: Named | None = field(default=None, metadata=absent_if_none())


@dataclass(frozen=True)
class Attendance:
    """Everyone who attended at some moment (by name), each change in order, and how
    many attended at the close (or at the last entry, while the session is open), by
    fraction."""

    attended: tuple[Named, ...]
    changes: tuple[AttendanceChange, ...]
    present_at_end: int
    present_at_end_by_fraction: tuple[FractionCount, ...]


@dataclass(frozen=True)
class AgendaItem:
    """An item of the agenda as it stands at the end: its number, title, whether it was
    convened with the session or added by the plenary, when the chair called it, and the
    motions attached to it (ids)."""

    number: int
    title: str
    is_added: bool = field(metadata=json_key("added"))
    called_at: tuple[str, ...]
    motions: tuple[str, ...]


@dataclass(frozen=True)
class AgendaAmendment:
    """A change of the agenda applied when its motion of order was adopted."""

    motion: str
    at: str
    change: str
    item: int | None
    title: str | None
    position: int | None


@dataclass(frozen=True)
class Agenda:
    convened: tuple[str, ...]
    items: tuple[AgendaItem, ...]
    removed: tuple[AgendaItem, ...]
    amendments: tuple[AgendaAmendment, ...]


@dataclass(frozen=True)
class Speech:
    """A delegate given the floor: on which list (an item, a motion, or the session's),
    what she asked for, when she spoke (`ended_at` None: still speaking at the end)."""

    person: Named
    fraction: Named | None
    kind: str
    stance: str
    item: int | None
    motion: str | None
    started_at: str
    ended_at: str | None


@dataclass(frozen=True)
class Ballot:
    """A roll-call vote by name."""

    person: Named
    fraction: Named | None
    choice: str
    #: Who cast it for her, as the holder of her proxy (absent: she cast it herself).
    cast_by: Named | None = field(default=None, metadata=absent_if_none())


@dataclass(frozen=True)
class Entitled:
    """A line of a vote's register: who was entitled, on which mandate, with what weight."""

    person: Named
    mandate: str
    weight: int


@dataclass(frozen=True)
class Vote:
    """How a motion was put to the vote and what came of it. A roll call lists its
    ballots by name; a secret vote only how many cast one. The result (yes, no, abstain,
    outcome) is shown once the vote is closed, never before."""

    mode: str
    opened_at: str
    present: int
    seats: int
    register: tuple[Entitled, ...] | None = field(metadata=absent_if_none())
    ballots: tuple[Ballot, ...] | None = field(metadata=absent_if_none())
    ballots_cast: int
    closed_at: str | None
    yes: int | None
    no: int | None
    abstain: int | None
    outcome: str | None


@dataclass(frozen=True)
class Position:
    fraction: Named
    position: str
    at: str


@dataclass(frozen=True)
class Resolution:
    """A numbered resolution of the council, with its text and what it does."""

    number: int
    motion: str
    text: str
    amends: str | None = field(default=None, metadata=absent_if_none())
    new_text: str | None = field(default=None, metadata=absent_if_none())
    annuls: str | None = field(default=None, metadata=absent_if_none())
    commission: str | None = field(default=None, metadata=absent_if_none())
    not_carried_out: str | None = field(default=None, metadata=absent_if_none())


@dataclass(frozen=True)
class Motion:
    """A motion or amendment moved in the session, with its text, mover, the fractions'
    positions and its vote (None: never put to the vote); `amended_text` is its text as
    rewritten by an adopted amendment."""

    motion: str
    slug: str
    kind: str
    title: str
    text: str
    mover_kind: str
    mover: str
    moved_at: str
    amends: str | None
    positions: tuple[Position, ...]
    vote: Vote | None
    amended_text: str | None = field(default=None, metadata=absent_if_none())


@dataclass(frozen=True)
class Minutes:
    """The minutes of a session, as its journal entries give them."""

    session: str
    council: Named
    section: str | None
    convened_at: str
    closed_at: str | None
    attendance: Attendance
    agenda: Agenda
    speeches: tuple[Speech, ...]
    motions: tuple[Motion, ...]
    resolutions: tuple[Resolution, ...]
    entries: tuple[int, int]  # the first and last journal entries they are made of
