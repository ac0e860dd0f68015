"""Entries of mandates: recall petitions and votes, recalls, party replacements,
resignations and deaths, each with the successor who takes the seat."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import ClassVar

from soviet.domain.events.base import Event, journaled
from soviet.domain.events.codec import OMITTED_WHEN_NONE
from soviet.domain.events.elections import MandateBegun


@journaled
@dataclass(frozen=True)
class RecallSigned(Event):
    """A member signed the petition to recall her delegate: opening it, signing it, or
    signing again after withdrawing."""

    KIND: ClassVar[str] = "RecallSigned"
    VERSION: ClassVar[int] = 1

    federation: str
    petition: int | None  # None when this signature opens it
    opens: bool
    again: bool
    mandate: int
    threshold: int
    member: int
    signed_at: str


@journaled
@dataclass(frozen=True)
class PaperSignaturesEntered(Event):
    """Signatures collected on a paper sheet, entered by the council's secretariat where the
    statute allows them: who entered them (`entered_by`, an account) and the sheet's
    reference, never a member's own act done in her name. `again` lists the members among
    `members` who had withdrawn an earlier signature."""

    KIND: ClassVar[str] = "PaperSignaturesEntered"
    VERSION: ClassVar[int] = 1

    federation: str
    petition: int | None  # None when this sheet opens it
    opens: bool
    mandate: int
    threshold: int
    members: tuple[int, ...]
    again: tuple[int, ...]
    sheet: str
    entered_by: str
    signed_at: str


@journaled
@dataclass(frozen=True)
class RecallWithdrawn(Event):
    """A member withdrew her signature."""

    KIND: ClassVar[str] = "RecallWithdrawn"
    VERSION: ClassVar[int] = 1

    federation: str
    petition: int
    member: int
    withdrawn_at: str


@journaled
@dataclass(frozen=True)
class DelegateRecalled(Event):
    """A delegate recalled by her constituency; her successor, if any, takes the seat."""

    KIND: ClassVar[str] = "DelegateRecalled"
    VERSION: ClassVar[int] = 1

    federation: str
    petition: int
    mandate: int
    recalled_at: str
    successor: MandateBegun | None
    expires_at: str | None
    #: A sealed recall vote's counts, as its trustees decrypted them (an open vote's are
    #: its journaled choices).
    recall: int | None = field(default=None, metadata=OMITTED_WHEN_NONE)
    keep: int | None = field(default=None, metadata=OMITTED_WHEN_NONE)


@journaled
@dataclass(frozen=True)
class DelegateReplaced(Event):
    """A delegate replaced by her party's central committee."""

    KIND: ClassVar[str] = "DelegateReplaced"
    VERSION: ClassVar[int] = 1

    federation: str
    mandate: int
    replaced_at: str
    successor: MandateBegun | None
    expires_at: str | None


@journaled
@dataclass(frozen=True)
class MandateEnded(Event):
    """A mandate ended by resignation or death; the next candidate takes the seat."""

    KIND: ClassVar[str] = "MandateEnded"
    VERSION: ClassVar[int] = 1

    federation: str
    mandate: int
    ended_at: str
    cause: str  # resignation | death
    successor: MandateBegun | None
    expires_at: str | None


@journaled
@dataclass(frozen=True)
class RecallVoteOpened(Event):
    """A petition that reached its threshold put to a vote of the constituency."""

    KIND: ClassVar[str] = "RecallVoteOpened"
    VERSION: ClassVar[int] = 1

    federation: str
    petition: int
    opened_at: str
    #: Sealed: its ballots are encrypted to the key of this ceremony (the council's newest
    #: complete one at the opening), and only the trustees decrypt its tally.
    ceremony: int | None = field(default=None, metadata=OMITTED_WHEN_NONE)


@journaled
@dataclass(frozen=True)
class RecallVoteCast(Event):
    """A member's vote to recall her delegate or keep her: open, by name and choice; or,
    in a sealed vote, only that she voted, with her encrypted ballot's receipt."""

    KIND: ClassVar[str] = "RecallVoteCast"
    VERSION: ClassVar[int] = 1

    federation: str
    petition: int
    member: int
    choice: str | None  # recall | keep; None: sealed
    cast_at: str
    receipt: str | None = field(default=None, metadata=OMITTED_WHEN_NONE)


@journaled
@dataclass(frozen=True)
class RecallRejected(Event):
    """A recall vote that kept the delegate."""

    KIND: ClassVar[str] = "RecallRejected"
    VERSION: ClassVar[int] = 1

    federation: str
    petition: int
    closed_at: str
    recall: int
    keep: int
