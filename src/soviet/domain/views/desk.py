"""Read models of the check-in desk: the badges of a council, and the desk's board of a
session (present and entitled by delegation and fraction, the quorum, and the latest
check-ins with the account that recorded each)."""

from __future__ import annotations

from dataclasses import dataclass, field

from soviet.domain.views.encoding import json_key
from soviet.domain.views.plenary import Quorum


@dataclass(frozen=True)
class BadgeLine:
    """A number and its wearer, with her delegation and fraction while she holds a mandate
    in the council (`seated`)."""

    number: int
    person: str
    delegation: str | None
    fraction: str | None
    is_seated: bool = field(metadata=json_key("seated"))


@dataclass(frozen=True)
class Presence:
    """Voting members of one delegation or fraction attending, against those entitled (the
    voting mandates held)."""

    name: str
    present: int
    entitled: int


@dataclass(frozen=True)
class CheckLine:
    """A change of attendance: the delegate (her number, if she wears one), in, out,
    walk-out or return, when, recorded by which account, in which journal entry."""

    entry: int
    number: int | None
    person: str
    fraction: str | None
    change: str
    at: str
    by: str


@dataclass(frozen=True)
class DeskBoard:
    """A session as its check-in desk reads it at a moment."""

    session: str
    council: str
    section: str | None
    as_of: str
    closed_at: str | None
    present: int
    entitled: int
    consultative: int
    quorum: Quorum
    delegations: tuple[Presence, ...]
    fractions: tuple[Presence, ...]
    recent: tuple[CheckLine, ...]


@dataclass(frozen=True)
class Checked:
    """Delegates checked in or out by number in one act, and its journal entry."""

    session: str
    change: str  # in | out
    entry: int
    hash: str
    delegates: tuple[tuple[int, str], ...]  # (number, person)
