"""What an allocation returns: seats per key, and the record of any tie broken by lot."""

from __future__ import annotations

import random
from collections.abc import Hashable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from soviet.errors import InvalidInput


class Tie(InvalidInput):
    """A true tie for the last seat(s): equal exact priority, and no statute rule to break it."""

    default_code = "tie"

    def __init__(self, tied: Sequence[Hashable], seats: int) -> None:
        self.tied = tuple(tied)
        self.seats = seats
        names = ", ".join(repr(key) for key in self.tied)
        plural = "seat" if seats == 1 else "seats"
        super().__init__(
            f"tie for the last {seats} {plural} between {names}: "
            'break it by the rule of the statute (ties="lot" draws lots with a seed)'
        )


@dataclass(frozen=True)
class Draw:
    """One tie broken by lot: who was tied, for how many seats, who won, with which seed."""

    tied: tuple[Hashable, ...]
    seats: int
    winners: tuple[Hashable, ...]
    seed: int | str | None


class Allocation(dict[Any, int]):
    """Seats per key (a plain dict), plus the method used and the draws made by lot."""

    method: str
    draws: tuple[Draw, ...]

    def __init__(self, seats: Iterable[tuple[Any, int]], *, method: str, draws: Iterable[Draw]):
        super().__init__(seats)
        self.method = method
        self.draws = tuple(draws)

    @property
    def metadata(self) -> dict[str, object]:
        """The method and the draws, for the record of the election."""
        return {"method": self.method, "draws": self.draws}


def _order(key: Hashable) -> tuple[str, str]:
    # A draw must not depend on the order the caller happened to list the keys in.
    return (type(key).__name__, repr(key))


@dataclass
class TieRule:
    """How ties are settled in one call: raised, or drawn by lot from one seeded generator."""

    mode: str
    seed: int | str | None
    draws: list[Draw] = field(default_factory=list)
    _rng: random.Random | None = None

    @classmethod
    def of(cls, ties: object, seed: object) -> TieRule:
        """The rule named by the caller's `ties` argument."""
        if ties not in ("raise", "lot"):
            raise InvalidInput(f"ties must be 'raise' or 'lot', not {ties!r}")
        if seed is not None and (isinstance(seed, bool) or not isinstance(seed, int | str)):
            raise InvalidInput(f"seed must be an int or a str, not {seed!r}")
        return cls(mode=str(ties), seed=seed)

    def settle(self, tied: Sequence[Hashable], seats: int) -> set[Hashable]:
        """The tied keys that get the `seats` in question; raises Tie unless ties="lot"."""
        ordered = sorted(tied, key=_order)
        if self.mode == "raise":
            raise Tie(ordered, seats)
        if self._rng is None:
            self._rng = random.Random(self.seed)
        winners = self._rng.sample(ordered, seats)
        self.draws.append(
            Draw(tuple(ordered), seats, tuple(sorted(winners, key=_order)), self.seed)
        )
        return set(winners)

    def choose(
        self, tied: Sequence[Hashable], seats: int, options: Sequence[tuple[Hashable, ...]]
    ) -> int:
        """Which of the equally valid `options` (winners of the seats) holds; raises Tie
        unless ties="lot"."""
        if self.mode == "raise":
            raise Tie(sorted(tied, key=_order), seats)
        if self._rng is None:
            self._rng = random.Random(self.seed)
        index = self._rng.randrange(len(options))
        ordered = tuple(sorted(tied, key=_order))
        self.draws.append(
            Draw(ordered, seats, tuple(sorted(options[index], key=_order)), self.seed)
        )
        return index
