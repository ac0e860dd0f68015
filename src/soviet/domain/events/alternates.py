"""Entries of alternates and proxies: an alternate seated for an absent delegate for one
session and unseated (by the delegate's return, or by her fraction); a delegate's vote
transferred to another delegate for one session, and revoked; a holder's roll-call vote
cast for the delegate whose proxy she holds.

Persons and mandates are named by their ids, as in attendance and roll calls.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import ClassVar

from soviet.domain.events.base import Event, journaled
from soviet.domain.events.codec import OMITTED_WHEN_NONE


@journaled
@dataclass(frozen=True)
class AlternateSeated(Event):
    """An alternate of the party took the place of an absent delegate for a session."""

    KIND: ClassVar[str] = "AlternateSeated"
    VERSION: ClassVar[int] = 1

    federation: str
    session: int
    mandate: int
    alternate: int
    at: str


@journaled
@dataclass(frozen=True)
class AlternateUnseated(Event):
    """An alternate gave the mandate back: the delegate returned, or the fraction ended it."""

    KIND: ClassVar[str] = "AlternateUnseated"
    VERSION: ClassVar[int] = 1

    federation: str
    session: int
    mandate: int
    alternate: int
    reason: str  # return | unseated
    at: str


@journaled
@dataclass(frozen=True)
class ProxyGiven(Event):
    """A delegate transferred her vote in a session to another delegate of the council."""

    KIND: ClassVar[str] = "ProxyGiven"
    VERSION: ClassVar[int] = 1

    federation: str
    session: int
    mandate: int
    giver: int
    holder: int
    at: str


@journaled
@dataclass(frozen=True)
class ProxyRevoked(Event):
    """A delegate took back the vote she had transferred for a session."""

    KIND: ClassVar[str] = "ProxyRevoked"
    VERSION: ClassVar[int] = 1

    federation: str
    session: int
    mandate: int
    giver: int
    holder: int
    at: str


@journaled
@dataclass(frozen=True)
class ProxyVoteCast(Event):
    """A roll-call vote cast for a delegate by the holder of her proxy, with her fraction."""

    KIND: ClassVar[str] = "ProxyVoteCast"
    VERSION: ClassVar[int] = 1

    federation: str
    motion: int
    person: int
    party: int | None
    holder: int
    choice: str  # yes | no | abstain
    cast_at: str
    #: True in a poll whose results are withheld until published: its notice keeps the
    #: choice private (left out otherwise), as a VoteCast's.
    withheld: bool | None = field(default=None, metadata=OMITTED_WHEN_NONE)
