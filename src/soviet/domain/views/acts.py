"""Read models of what an act gave back, as `--json` prints it after the act: a vote
closed, a recall signed, an election closed. Each is built from the service's result
field for field, so that the CLI and the API show the same shape."""

from __future__ import annotations

from dataclasses import dataclass, field

from soviet.domain.views.elections import DrawByLot
from soviet.domain.views.encoding import json_key


@dataclass(frozen=True)
class VoteClosed:
    """A vote closed and the motion decided: the tally, why, and the resolution's number.
    Closed with its results withheld until the chair publishes them (`withheld`), it has
    no tally and no decision (None) until then."""

    motion: str
    mode: str
    yes: int | None
    no: int | None
    abstain: int | None
    is_adopted: bool | None = field(metadata=json_key("adopted"))
    reason: str
    resolution: int | None
    closed_at: str
    receipt: str | None
    not_carried_out: str | None
    is_withheld: bool = field(default=False, metadata=json_key("withheld"))


@dataclass(frozen=True)
class RecallSigned:
    """A signature counted on a recall petition, and whether it carried the petition."""

    petition: str
    signatures: int
    threshold: int
    is_recalled: bool = field(metadata=json_key("recalled"))
    is_put_to_vote: bool = field(metadata=json_key("put_to_vote"))
    successor: str | None
    election: str | None  # the fresh election called to fill the seat, if one is
    receipt: str


@dataclass(frozen=True)
class SeatsWon:
    constituency: str
    party: str
    seats: int


@dataclass(frozen=True)
class ElectionClosed:
    """What closing an election gave: seats per constituency and party, mandates begun
    and ended."""

    election: str
    seats: tuple[SeatsWon, ...]
    filled: int
    ended: int
    draws: tuple[DrawByLot, ...]  # ties broken by lot: between whom, who won, the seed
    receipt: str
