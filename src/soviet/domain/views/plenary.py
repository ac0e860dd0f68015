"""Read models of a plenary: sessions, who attends, the quorum, motions and their tallies.

At the Second Congress "the Right SRs and Mensheviks walked out" (seeds/003): a session
shows who attends by fraction, who walked out and since when, the live quorum, and the
motion being voted on with its running tally.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from soviet.domain.views.encoding import absent_if_none, json_key
from soviet.domain.views.pages import Page
from soviet.domain.views.resolutions import Mover


@dataclass(frozen=True)
class Turnout:
    """How many ballots an open poll has of how many entitled, counted up to the journal
    entry `seq`: a page adds each later ballot's notice to it without reading again. The
    notices name the motion by its id (`motion_id`), not its address."""

    motion: str
    motion_id: str
    ballots: int
    entitled: int
    seq: int


@dataclass(frozen=True)
class Quorum:
    """Voting members attending against the number the statute requires."""

    present: int
    needed: int
    seats: int
    is_quorate: bool = field(metadata=json_key("quorate"))


@dataclass(frozen=True)
class VoteState:
    """How a motion is being, or was, put to the vote."""

    mode: str
    opened_at: str
    closed_at: str | None
    present: int
    seats: int


@dataclass(frozen=True)
class Poll:
    """The tally report of the poll on a motion: its state (created, open, closed with
    its results withheld, or published), whether it is a practice poll, when its results
    are shown (at-close | on-publication), its register (`entitled`: the votes it holds;
    None for a poll opened before registers were kept), the voting members present at
    the opening, how many have cast a ballot, and, once the results may be shown, the
    votes cast and valid, yes, no, abstain, and the base the decision rule measured the
    yes votes against (`cast` or `seats`, of `base_size`) with the number `needed`. The
    tally is running for an open roll call, and every part of it None while withheld."""

    motion: str
    state: str
    mode: str | None
    is_practice: bool = field(metadata=json_key("practice"))
    results: str
    opened_at: str | None = None
    closed_at: str | None = None
    published_at: str | None = None
    entitled: int | None = None
    present: int | None = None
    ballots: int = 0
    cast: int | None = None
    valid: int | None = None
    yes: int | None = None
    no: int | None = None
    abstain: int | None = None
    base: str | None = None
    base_size: int | None = None
    needed: int | None = None
    is_adopted: bool | None = field(default=None, metadata=json_key("adopted"))


@dataclass(frozen=True)
class Amendment:
    motion: str
    status: str


@dataclass(frozen=True)
class RollCallLine:
    """A delegate's vote in a roll call; `cast_by` the holder of her proxy who cast it."""

    person: str
    fraction: str | None
    choice: str
    cast_by: str | None = field(default=None, metadata=absent_if_none())


@dataclass(frozen=True)
class FractionTally:
    yes: int
    no: int
    abstain: int


@dataclass(frozen=True)
class Discipline:
    """A fraction's position on a motion, and which of its members voted with or against it."""

    fraction: str
    position: str
    with_position: tuple[str, ...] = field(metadata=json_key("with"))
    against: tuple[str, ...]


@dataclass(frozen=True)
class Motion:
    """A motion: text, mover, status, the tally (final, or running for an open roll call),
    and for a roll call the votes by fraction and the fractions' discipline."""

    motion: str
    council: str
    slug: str
    kind: str
    title: str
    text: str
    mover: Mover
    session: str | None
    amends: str | None
    decision: str
    terms: dict[str, object]
    status: str  # moved, voting, closed (results withheld), adopted, rejected or practice
    is_adopted: bool | None = field(metadata=json_key("adopted"))
    resolution: int | None
    vote: VoteState | None
    positions: dict[str, str]
    amendments: tuple[Amendment, ...]
    yes: int | None
    no: int | None
    abstain: int | None
    ballots: int
    # Present only for a vote by roll call:
    roll_call: tuple[RollCallLine, ...] | None = field(metadata=absent_if_none())
    by_fraction: dict[str, FractionTally] | None = field(metadata=absent_if_none())
    discipline: tuple[Discipline, ...] | None = field(metadata=absent_if_none())
    poll: Poll | None = field(default=None, metadata=absent_if_none())


@dataclass(frozen=True)
class SessionLine:
    """A session in a council's list of sessions."""

    session: str
    council: str
    section: str | None
    agenda: tuple[str, ...]
    convened_at: str
    closed_at: str | None


@dataclass(frozen=True)
class Attendee:
    """A delegate attending a session."""

    person: str
    fraction: str | None
    is_voting: bool = field(metadata=json_key("voting"))


@dataclass(frozen=True)
class MotionLine:
    motion: str
    title: str
    status: str


@dataclass(frozen=True)
class Session:
    """A session at a moment: agenda, attendance by fraction and a page of its delegates,
    quorum, walk-outs, the motion being voted on, and the motions moved."""

    session: str
    council: str
    section: str | None
    agenda: tuple[str, ...]
    convened_at: str
    closed_at: str | None
    as_of: str
    quorum: Quorum
    attending: dict[str, int]  # voting members attending per fraction ("" for no party)
    consultative: int
    delegates: Page[Attendee]
    walked_out: dict[str, str]  # fraction to when it walked out
    current: Motion | None
    motions: tuple[MotionLine, ...]


@dataclass(frozen=True)
class FactoryRequest:
    """A request put before a factory committee, and what the committee decided."""

    request: str
    kind: str
    details: str
    applicant: str
    moved_at: str
    status: str
    decided_at: str | None
    yes: int | None
    no: int | None
    abstain: int | None
    resolution: int | None
