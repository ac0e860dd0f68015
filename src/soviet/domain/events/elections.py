"""Entries of elections: opened, counted, ballots cast, closed with the seats they give."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import ClassVar

from soviet.domain.events.base import Event, journaled
from soviet.domain.events.codec import OMITTED_WHEN_NONE, Record, Row

#: Who was tied for a seat: a party, or a (constituency, party) cell of a pooled election.
Tied = str | tuple[str, str]


@dataclass(frozen=True)
class LotDrawn(Record):
    """A tie broken by lot: who was tied, for how many seats, who won, with which seed."""

    tied: tuple[Tied, ...]
    seats: int
    winners: tuple[Tied, ...]
    seed: int | str | None


@dataclass(frozen=True)
class MandateBegun(Row):
    """A seat taken: [constituency, seat, party, person]."""

    constituency: str
    seat: int
    party: str
    person: str


@dataclass(frozen=True)
class CountedVotes(Row):
    """The votes of a party in a constituency: [constituency, party, votes]."""

    constituency: str
    party: str
    votes: int


@dataclass(frozen=True)
class SeatsWon(Row):
    """The seats a party won in a constituency: [constituency, party, seats]."""

    constituency: str
    party: str
    seats: int


@journaled
@dataclass(frozen=True)
class ElectionOpened(Event):
    """An election of one constituency, or of every constituency of a council (None)."""

    KIND: ClassVar[str] = "ElectionOpened"
    VERSION: ClassVar[int] = 1

    federation: str
    council: str
    constituency: str | None
    mode: str  # counts | ballots
    opened_at: str
    #: A ballot election's ballots are encrypted to the key of this ceremony (the council's
    #: newest complete one at the opening); None: counted in the clear ballot box.
    ceremony: int | None = field(default=None, metadata=OMITTED_WHEN_NONE)
    #: A sealed election's: the parties on its ballots, in their order (a ballot marks one).
    parties: tuple[str, ...] | None = field(default=None, metadata=OMITTED_WHEN_NONE)


@journaled
@dataclass(frozen=True)
class VotesCounted(Event):
    """Counted votes of paper ballots, replacing those entered before for their
    constituencies."""

    KIND: ClassVar[str] = "VotesCounted"
    VERSION: ClassVar[int] = 1

    federation: str
    election: int
    votes: tuple[CountedVotes, ...]


@journaled
@dataclass(frozen=True)
class BallotCast(Event):
    """A member voted in an election: her choice goes only into the secret tally, or, in a
    sealed election, only into her encrypted ballot, whose `receipt` she keeps."""

    KIND: ClassVar[str] = "BallotCast"
    VERSION: ClassVar[int] = 1

    federation: str
    election: int
    member: int
    receipt: str | None = field(default=None, metadata=OMITTED_WHEN_NONE)


@journaled
@dataclass(frozen=True)
class ElectionClosed(Event):
    """An election closed: seats per constituency and party, the mandates begun (in
    seat order), the mandates ended, the tally of a secret ballot and the lots drawn."""

    KIND: ClassVar[str] = "ElectionClosed"
    VERSION: ClassVar[int] = 1

    federation: str
    election: int
    closed_at: str
    constituency_seats: Mapping[str, int]
    seats: tuple[SeatsWon, ...]
    mandates: tuple[MandateBegun, ...]
    ended: tuple[int, ...]
    expires_at: str | None
    votes: tuple[CountedVotes, ...]  # of a secret ballot (counted votes are journaled before)
    draws: tuple[LotDrawn, ...]
