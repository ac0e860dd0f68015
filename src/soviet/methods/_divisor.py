"""The divisor-method engine: a float estimate, a few corrections, then an exact proof.

Seats go to the highest priorities weight / d(k). A float divisor gives nearly the right
seats in one vectorised pass; a handful of float exchanges make the house size right; and
then the boundary is decided exactly: the highest priority of a seat not given must be
below the lowest priority of a seat given, compared as Fractions of ints. Equal exact
priorities across the boundary are a true tie, settled by the caller's TieRule.
"""

from __future__ import annotations

from collections.abc import Hashable, Sequence
from dataclasses import dataclass
from fractions import Fraction
from typing import cast

import numpy as np
import numpy.typing as npt

from soviet.methods.registry import Method
from soviet.methods.result import TieRule

Ints = npt.NDArray[np.int64]
Floats = npt.NDArray[np.float64]
#: Relative error far above any float error in these few operations, far below any real gap.
_SLACK = 1e-9
#: Float weights stay below 2**400, so weight / _TINY stays finite; inf means "not eligible".
_TINY = 1e-150
#: Methods whose divisors are slope·k + 1, computed directly as floats.
_AFFINE = frozenset({"dhondt", "sainte-lague"})


@dataclass(frozen=True)
class Divisors:
    """A method's divisor sequence, with its first divisor replaced when the law says so."""

    method: Method
    first: Fraction | None = None

    def exact(self, k: int) -> tuple[int, int]:
        """d(k) ** power as (numerator, denominator)."""
        if k == 0 and self.first is not None:
            first = self.first**self.method.power
            return first.numerator, first.denominator
        assert self.method.divisors is not None
        numerator, denominator = self.method.divisors(k)
        return int(numerator), int(denominator)

    def floats(self, k: Ints) -> Floats:
        """d(k) for an array of seat counts, as floats (an estimate only)."""
        assert self.method.divisors is not None
        if self.first is None and self.method.name in _AFFINE:
            # d(k) = slope·k + 1 (D'Hondt 1, 2, 3, ...; Sainte-Laguë 1, 3, 5, ...).
            return cast(Floats, k * self.method.slope + 1.0)
        numerator, denominator = self.method.divisors(k)
        if isinstance(denominator, int) and denominator == 1 and self.first is None:
            root = numerator if self.method.power == 1 else np.sqrt(numerator)
            return cast(Floats, np.maximum(root, _TINY))
        divisor = np.asarray(numerator / denominator, dtype=np.float64)
        if self.method.power == 2:
            divisor = np.sqrt(divisor)
        if self.first is not None:
            divisor = np.where(k == 0, float(self.first), divisor)
        # A zero divisor ranks a unit above every finite priority, by its weight.
        return np.maximum(divisor, _TINY)

    def key(self, weight: int, k: int) -> tuple[int, Fraction]:
        """The exact priority of the (k+1)-th seat; d(k) = 0 ranks above all, by weight."""
        numerator, denominator = self.exact(k)
        if numerator == 0:
            return (1, Fraction(weight))
        return (0, Fraction(weight**self.method.power * denominator, numerator))


@dataclass
class _Units:
    """The units of one apportionment: exact weights, float estimates and seat bounds."""

    weights: Sequence[int]
    floats: Floats
    lo: Ints
    hi: Ints
    divisors: Divisors

    def next_priorities(self, seats: Ints) -> Floats:
        priority = self.floats / self.divisors.floats(seats)
        return np.where(seats < self.hi, priority, -np.inf)

    def last_priorities(self, seats: Ints) -> Floats:
        priority = self.floats / self.divisors.floats(np.maximum(seats - 1, 0))
        return np.where(seats > self.lo, priority, np.inf)


def apportion(
    weights: Sequence[int],
    house: int,
    divisors: Divisors,
    bounds: tuple[Ints, Ints],
    tied: tuple[Sequence[Hashable], TieRule],
) -> list[int]:
    """Seats for int weights by a divisor method, each within bounds (lo, hi), exactly.

    The caller guarantees sum(lo) <= house <= sum(hi), and hi = lo for zero weights.
    """
    lo, hi = bounds
    units = _Units(weights, _float_weights(weights), lo, hi.copy(), divisors)
    seats = _estimate(units, house)
    seats = _settle_count(units, seats, house)
    return _prove(units, seats, *tied)


def _float_weights(weights: Sequence[int]) -> Floats:
    biggest = max(weights, default=0).bit_length()
    if biggest < 400:
        return np.array(weights, dtype=np.float64)
    # Estimates only need the ratios; keep the floats far from overflow.
    scale = 1 << (biggest - 400)
    return np.array([weight / scale for weight in weights], dtype=np.float64)


def _estimate(units: _Units, house: int) -> Ints:
    """Seats at a divisor chosen so that their sum is close to the house size.

    Rounding by the method's offset loses (or, rounding up, gains) about half a seat per
    unit on average, so the first target is shifted by that; each further pass moves the
    target by the seats still missing.
    """
    method = units.divisors.method
    total = float(units.floats.sum())
    target = house + len(units.floats) * (0.5 - method.offset)
    seats = units.lo.copy()
    if total <= 0:
        return seats
    for _ in range(4):
        if target <= 0:
            return seats
        seats = np.clip(
            _rounding(units.divisors, units.floats * (target / total)), units.lo, units.hi
        )
        error = int(seats.sum()) - house
        if abs(error) <= 1 + len(seats) // 1024:
            return seats
        target -= error
    return seats


def _rounding(divisors: Divisors, quotient: Floats) -> Ints:
    """Seats by the method's rounding of quotients in units of the standard divisor.

    floor(q + offset) is exact where divisors grow by a constant step; the geometric and
    harmonic means (Huntington-Hill, Dean) and a lowered first divisor lie below that
    step's rounding point, so they can only add a seat.
    """
    method = divisors.method
    seats = np.floor(quotient + method.offset).astype(np.int64)
    return seats + (divisors.floats(seats) <= quotient * method.slope)


def _settle_count(units: _Units, seats: Ints, house: int) -> Ints:
    """Add the seats of highest priority, or take those of lowest, until the sum is right."""
    count = len(seats)
    while (missing := house - int(seats.sum())) != 0:
        if missing > 0:
            priority = units.next_priorities(seats)
            k = min(missing, int((priority > -np.inf).sum()))
            chosen = np.argpartition(-priority, k - 1)[:k] if k < count else np.arange(count)
            seats[chosen] += priority[chosen] > -np.inf
        else:
            priority = units.last_priorities(seats)
            k = min(-missing, int((priority < np.inf).sum()))
            chosen = np.argpartition(priority, k - 1)[:k] if k < count else np.arange(count)
            seats[chosen] -= priority[chosen] < np.inf
    return seats


def _exchange(units: _Units, seats: Ints) -> Ints:
    """Move seats from lower to higher float priorities until no move helps."""
    for _ in range(64):
        gain, lose = units.next_priorities(seats), units.last_priorities(seats)
        top, bottom = gain.max(initial=-np.inf), lose.min(initial=np.inf)
        if not top > bottom:
            break
        takers = np.flatnonzero(gain > bottom)
        givers = np.flatnonzero(lose < top)
        takers = takers[np.argsort(-gain[takers], kind="stable")]
        givers = givers[np.argsort(lose[givers], kind="stable")]
        size = min(len(takers), len(givers))
        moves = int((gain[takers[:size]] > lose[givers[:size]]).sum())
        seats[takers[:moves]] += 1
        seats[givers[:moves]] -= 1
    return seats


def _prove(units: _Units, seats: Ints, keys: Sequence[Hashable], rule: TieRule) -> list[int]:
    """Check the boundary exactly; move seats if floats misled, settle a true tie."""
    key = units.divisors.key
    weights = units.weights
    while True:
        gain, lose = units.next_priorities(seats), units.last_priorities(seats)
        top, bottom = gain.max(initial=-np.inf), lose.min(initial=np.inf)
        if top > bottom * (1 + _SLACK):
            seats = _exchange(units, seats)
            continue
        takers = _near(gain, top, highest=True)
        givers = _near(lose, bottom, highest=False)
        if len(takers) == 0 or len(givers) == 0:
            return list(seats.tolist())
        wants = {int(i): key(weights[i], int(seats[i])) for i in takers}
        holds = {int(i): key(weights[i], int(seats[i]) - 1) for i in givers}
        best, worst = max(wants.values()), min(holds.values())
        if best < worst:
            return list(seats.tolist())
        if best > worst:
            seats[max(wants, key=wants.__getitem__)] += 1
            seats[min(holds, key=holds.__getitem__)] -= 1
            continue
        holders = [i for i, value in holds.items() if value == worst]
        wanters = [i for i, value in wants.items() if value == best]
        winners = rule.settle([keys[i] for i in holders + wanters], len(holders))
        for i in holders:
            seats[i] -= keys[i] not in winners
        for i in wanters:
            seats[i] += keys[i] in winners
        return list(seats.tolist())


def _near(priorities: Floats, edge: float, *, highest: bool) -> Ints:
    """The units whose float priority is within float error of the extreme one, `edge`."""
    if highest:
        if edge == -np.inf:
            return np.empty(0, dtype=np.int64)
        return np.flatnonzero(priorities >= edge * (1 - _SLACK))
    if edge == np.inf:
        return np.empty(0, dtype=np.int64)
    return np.flatnonzero(priorities <= edge * (1 + _SLACK))
