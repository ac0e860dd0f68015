"""Read models of elections: state, counts, result, and every tie drawn by lot.

"It is political parties and programmes which are voted for - not candidates"
(seeds/003): an election shows votes and seats per party, over the whole election and
per constituency. A secret ballot shows only how many were cast until it closes.
"""

from __future__ import annotations

from dataclasses import dataclass

from soviet.domain.views.pages import Page


@dataclass(frozen=True)
class DrawByLot:
    """A true tie broken by lot, as the statute allows: who was tied, who won, the seed."""

    tied: tuple[str, ...]
    seats: int
    winners: tuple[str, ...]
    seed: int | str | None


@dataclass(frozen=True)
class ConstituencyResult:
    """One constituency of an election: its seats, votes and seats won per party."""

    constituency: str
    seats: int | None  # None until the election closes
    votes: dict[str, int]
    won: dict[str, int]


@dataclass(frozen=True)
class Election:
    """An election, as `soviet election show` prints it."""

    election: str
    council: str
    constituency: str | None  # None: pooled over the whole council
    mode: str  # counts or ballots
    state: str  # open or closed
    opened_at: str
    closed_at: str | None
    ballots_cast: int | None  # of a secret ballot; None when decided by counts
    votes: dict[str, int]  # per party; a secret ballot's only once closed
    seats: dict[str, int]  # won per party, once closed
    draws: tuple[DrawByLot, ...]
    constituencies: Page[ConstituencyResult]
    #: Sealed: its ballots are encrypted, and its trustees decrypt each constituency's
    #: tally after its ballot box closes (`ballots_closed_at`), before it closes.
    sealed: bool = False
    ballots_closed_at: str | None = None


def draw_key(key: object) -> str:
    """A tied key as shown: a party, or 'constituency/party' for a cell of a biproportional
    apportionment."""
    if isinstance(key, list | tuple):
        return "/".join(str(part) for part in key)
    return str(key)
