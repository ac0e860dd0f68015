"""Entries of plenary sessions: convened and closed, attendance and walk-outs, motions
moved, fractions' positions, votes opened and ballots cast."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import ClassVar

from soviet.domain.events.agenda import AgendaChange
from soviet.domain.events.base import Event, journaled
from soviet.domain.events.codec import OMITTED_WHEN_NONE, Record, Row
from soviet.domain.journal import JsonValue


@dataclass(frozen=True)
class Attendee(Row):
    """A delegate present: [mandate, person] (ids)."""

    mandate: int
    person: int


@journaled
@dataclass(frozen=True)
class SessionConvened(Event):
    """A plenary session of a council (or of one of its sections) with its agenda."""

    KIND: ClassVar[str] = "SessionConvened"
    VERSION: ClassVar[int] = 1

    federation: str
    council: int
    section: str | None
    agenda: tuple[str, ...]
    convened_at: str


@journaled
@dataclass(frozen=True)
class SessionClosed(Event):
    """A session closed."""

    KIND: ClassVar[str] = "SessionClosed"
    VERSION: ClassVar[int] = 1

    federation: str
    session: int
    at: str


@journaled
@dataclass(frozen=True)
class AttendanceCheckedIn(Event):
    """Delegates checked in to a session (anew, or again after leaving)."""

    KIND: ClassVar[str] = "AttendanceCheckedIn"
    VERSION: ClassVar[int] = 1

    federation: str
    session: int
    attendees: tuple[Attendee, ...]
    at: str


@journaled
@dataclass(frozen=True)
class AttendanceLeft(Event):
    """Delegates left a session (by their mandates)."""

    KIND: ClassVar[str] = "AttendanceLeft"
    VERSION: ClassVar[int] = 1

    federation: str
    session: int
    mandates: tuple[int, ...]
    at: str


@journaled
@dataclass(frozen=True)
class FractionWalkedOut(Event):
    """A fraction walked out: its members attending left at once."""

    KIND: ClassVar[str] = "FractionWalkedOut"
    VERSION: ClassVar[int] = 1

    federation: str
    session: int
    party: int
    mandates: tuple[int, ...]
    at: str


@journaled
@dataclass(frozen=True)
class FractionReturned(Event):
    """A fraction that walked out returned: its members who left with it attend again."""

    KIND: ClassVar[str] = "FractionReturned"
    VERSION: ClassVar[int] = 1

    federation: str
    session: int
    party: int
    attendees: tuple[Attendee, ...]
    at: str


@dataclass(frozen=True)
class CommissionTerms(Record):
    """A commission a motion would create: its written mandate, the powers it grants, its
    deadline, and its seats shared by fraction proportionality or its members by name."""

    slug: str
    name: str
    mandate: str
    powers: tuple[str, ...]
    deadline: str
    seats: int | None
    members: tuple[str, ...]


@dataclass(frozen=True)
class Request(Record):
    """A request put before a factory committee."""

    kind: str  # goods-out | goods-in | hire | discharge | inspect-books
    details: str
    applicant: str


@dataclass(frozen=True)
class MotionTerms(Record):
    """What adopting a motion does, each written only when it does it: create a
    commission, instruct the executive, amend or annul a resolution (ids), decide a
    factory request, amend the agenda (a motion of order)."""

    commission: CommissionTerms | None = field(default=None, metadata=OMITTED_WHEN_NONE)
    instructs: str | None = field(default=None, metadata=OMITTED_WHEN_NONE)
    amends_resolution: int | None = field(default=None, metadata=OMITTED_WHEN_NONE)
    annuls: int | None = field(default=None, metadata=OMITTED_WHEN_NONE)
    request: Request | None = field(default=None, metadata=OMITTED_WHEN_NONE)
    agenda: AgendaChange | None = field(default=None, metadata=OMITTED_WHEN_NONE)


@journaled
@dataclass(frozen=True)
class MotionMoved(Event):
    """A motion, amendment or request moved in a session."""

    KIND: ClassVar[str] = "MotionMoved"
    VERSION: ClassVar[int] = 1

    federation: str
    council: int
    session: int
    slug: str
    kind: str  # motion | amendment | a factory request's kind
    title: str
    text: str
    mover_kind: str  # delegate | fraction | executive | applicant
    mover: str
    amends: int | None  # the motion an amendment would rewrite
    decision: str | None
    terms: MotionTerms
    moved_at: str


@journaled
@dataclass(frozen=True)
class FractionPositionTaken(Event):
    """A fraction bound its members to vote yes, no or abstain on a motion."""

    KIND: ClassVar[str] = "FractionPositionTaken"
    VERSION: ClassVar[int] = 1

    federation: str
    motion: int
    party: int
    position: str
    at: str


@dataclass(frozen=True)
class Entitled(Row):
    """One entry of a poll's register: [mandate, person, weight] (ids; the weight is how
    many votes her ballot counts for)."""

    mandate: int
    person: int
    weight: int


@journaled
@dataclass(frozen=True)
class VoteOpened(Event):
    """A motion put to the vote with the quorum present, its register frozen: who is
    entitled to vote in it. A practice poll is kept out of the record; `results` is the
    statute's rule at the opening (at-close | on-publication).

    Version 2 added `register`, `practice` and `results`; an entry of version 1 reads
    with no register (None: the poll was opened before registers were kept), as no
    practice, its results shown at its close."""

    KIND: ClassVar[str] = "VoteOpened"
    VERSION: ClassVar[int] = 2

    federation: str
    motion: int
    mode: str  # roll-call | counted | secret
    at: str
    present: int
    seats: int
    register: tuple[Entitled, ...] | None
    practice: bool
    results: str
    #: A secret poll's ballots are encrypted to the key of this ceremony (the council's
    #: newest complete one at the opening); left out for a poll not sealed.
    ceremony: int | None = field(default=None, metadata=OMITTED_WHEN_NONE)

    @classmethod
    def upgrade(cls, data: dict[str, JsonValue], version: int) -> dict[str, JsonValue]:
        if version == 1:
            return {**data, "register": None, "practice": False, "results": "at-close"}
        return super().upgrade(data, version)


@journaled
@dataclass(frozen=True)
class VoteCast(Event):
    """A delegate's roll-call vote, with her fraction."""

    KIND: ClassVar[str] = "VoteCast"
    VERSION: ClassVar[int] = 1

    federation: str
    motion: int
    person: int
    party: int | None
    choice: str  # yes | no | abstain
    cast_at: str
    #: True in a poll whose results are withheld until published: its notice keeps the
    #: choice private (left out otherwise).
    withheld: bool | None = field(default=None, metadata=OMITTED_WHEN_NONE)


@journaled
@dataclass(frozen=True)
class SecretBallotCast(Event):
    """A delegate voted in a secret vote (the choice goes only into the box's counters; in
    a sealed vote it is never here at all: `receipt` is her encrypted ballot's, which the
    board shows, so that she can find it)."""

    KIND: ClassVar[str] = "SecretBallotCast"
    VERSION: ClassVar[int] = 1

    federation: str
    motion: int
    person: int
    receipt: str | None = field(default=None, metadata=OMITTED_WHEN_NONE)


@dataclass(frozen=True)
class Counts(Row):
    """The numbers a chair entered at the close of a counted vote: [yes, no, abstain]."""

    yes: int
    no: int
    abstain: int


@journaled
@dataclass(frozen=True)
class PollClosed(Event):
    """A poll closed with its results withheld until the chair publishes them (then a
    VoteClosed records the decision). A counted vote keeps the numbers the chair entered,
    which no notice shows."""

    KIND: ClassVar[str] = "PollClosed"
    VERSION: ClassVar[int] = 1

    federation: str
    motion: int
    at: str
    counts: Counts | None = field(default=None, metadata=OMITTED_WHEN_NONE)
