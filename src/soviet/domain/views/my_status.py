"""Read models of a voter's own ballot: whether it was counted, when, and for an open
vote how. A secret ballot's choice is never among them: no row holds it."""

from __future__ import annotations

from dataclasses import dataclass, field

from soviet.domain.views.encoding import absent_if_none, json_key


@dataclass(frozen=True)
class BallotStatus:
    """A member's secret ballot in an election: cast or not, counted once closed."""

    election: str
    has_voted: bool = field(metadata=json_key("voted"))
    is_counted: bool = field(metadata=json_key("counted"))  # cast, and the election closed
    is_closed: bool = field(metadata=json_key("closed"))
    #: A sealed election's: the receipt of her encrypted ballot, which its board shows.
    receipt: str | None = field(default=None, metadata=absent_if_none())


@dataclass(frozen=True)
class PetitionStatus:
    """A member's signature on a recall petition and her vote on the recall: open, or
    sealed (then only that she voted, and her ballot's receipt)."""

    petition: str
    has_signed: bool = field(metadata=json_key("signed"))
    signed_at: str | None
    withdrawn_at: str | None
    has_voted: bool = field(metadata=json_key("voted"))
    choice: str | None
    voted_at: str | None
    outcome: str | None  # voting, recalled or kept
    is_closed: bool = field(metadata=json_key("closed"))
    #: A sealed recall vote's: the receipt of her encrypted ballot (her choice is secret).
    receipt: str | None = field(default=None, metadata=absent_if_none())


@dataclass(frozen=True)
class VoteStatus:
    """A delegate's vote on a motion: how and when only for a roll call."""

    motion: str
    mode: str | None  # None until the motion is put to the vote
    has_voted: bool = field(metadata=json_key("voted"))
    choice: str | None
    cast_at: str | None
    is_counted: bool = field(metadata=json_key("counted"))  # cast, and the vote closed
    is_closed: bool = field(metadata=json_key("closed"))
    #: A sealed vote's: the receipt of her encrypted ballot, which its board shows.
    receipt: str | None = field(default=None, metadata=absent_if_none())


@dataclass(frozen=True)
class OpenPoll:
    """An open poll the account's person may vote on now and has not: where it is."""

    federation: str
    session: str
    motion: str  # COUNCIL/SLUG
    title: str
