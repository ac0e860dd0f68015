"""The lean engine for D'Hondt and Sainte-Laguë: seats at one whole divisor, proved by it.

A divisor D gives each key every seat whose priority weight / d(k) is at least D:
floor(w / D) seats by D'Hondt (d(k) = k + 1), floor((w + D) / 2D) by Sainte-Laguë
(d(k) = 2k + 1). With D a whole number these are integer divisions, exact, and when
they sum to the house the allocation is proved: every seat given has priority >= D and
every seat not given has priority < D, so no seat not given can tie one given. Floats
only choose the next D to try; every seat is counted in ints. When no whole D fills the
house (a true tie, or priorities closer together than 1), the caller falls back to the
general engine, which decides the boundary exactly and reports ties.
"""

from __future__ import annotations

import heapq
import math
from collections.abc import Sequence
from typing import cast

import numpy as np
import numpy.typing as npt

Ints = npt.NDArray[np.int64]
#: The methods this engine handles, with c in d(k) = c·k + 1.
LINEAR = {"dhondt": 1, "sainte-lague": 2}
#: Divisors tried before leaving the house to the general engine.
_TRIES = 8
#: Above this many keys numpy's fixed cost pays off.
_ARRAY = 400
#: Weights below this keep w + D in int64 and w / d(k) a close float estimate.
_INT64 = 1 << 52


def apportion_linear(values: list[object], house: int, step: int) -> list[int] | None:
    """Seats for the weights by d(k) = step·k + 1, bounded by the house only; None unless
    every weight is a non-negative int and a whole divisor fills the house (the caller
    then converts, checks and decides in the general engine)."""
    if house <= 0 or set(map(type, values)) != {int}:
        return None
    weights = cast(list[int], values)
    if len(weights) > _ARRAY:
        try:
            array = np.fromiter(weights, np.int64, len(weights))
        except OverflowError:
            return None
        if array.min() < 0 or array.max() >= _INT64:
            return None
        total = float(array.sum(dtype=np.float64))
        return _by_array(array, house, step, _first(total, house, step, len(weights)))
    if min(weights) < 0:
        return None
    try:
        return _by_list(weights, house, step, _first(sum(weights), house, step, len(weights)))
    except OverflowError:  # priorities beyond float range: the general engine scales them
        return None


def _first(total: float, house: int, step: int, count: int) -> int:
    """The first divisor to try: the total over the house, where rounding down
    (D'Hondt) loses about half a seat per key and standard rounding none."""
    return max(1, int(2 * total // (2 * step * house + (count if step == 1 else 0))))


def _by_list(weights: Sequence[int], house: int, step: int, divisor: int) -> list[int] | None:
    """The search for a whole divisor filling the house, on lists (few keys)."""
    for _ in range(_TRIES):
        if step == 1:
            seats = [w // divisor for w in weights]
        else:
            twice = 2 * divisor
            seats = [(w + divisor) // twice for w in weights]
        missing = house - sum(seats)
        if missing == 0:
            return seats
        if missing > 0:
            # The next seats: priorities w / d(s), the missing-th highest and the next.
            gains = [w / (step * s + 1) for w, s in zip(weights, seats, strict=True)]
            if missing >= len(gains):
                return None
            ranked = heapq.nlargest(missing + 1, gains)
        else:
            # The last seats: priorities w / d(s - 1) of keys holding one.
            losses = [w / (step * s - step + 1) for w, s in zip(weights, seats, strict=True) if s]
            if -missing >= len(losses):
                return None
            ranked = heapq.nsmallest(1 - missing, losses)
        new = _between(ranked[-2], ranked[-1])
        if new in (0, divisor):
            return None
        divisor = new
    return None


def _between(inner: float, outer: float) -> int:
    """A whole divisor between the priority of the last seat to move and the next one
    (0: none, the next seat would need an infinite priority)."""
    middle = (inner + outer) / 2
    if not math.isfinite(middle):
        return 0
    return max(1, int(middle) + (inner < outer))


def _by_array(weights: Ints, house: int, step: int, divisor: int) -> list[int] | None:
    """The search for a whole divisor filling the house, on numpy arrays (many keys)."""
    for _ in range(_TRIES):
        seats = weights // divisor if step == 1 else (weights + divisor) // (2 * divisor)
        missing = house - int(seats.sum())
        if missing == 0:
            return list(seats.tolist())
        count = len(seats)
        if abs(missing) >= count:
            return None
        if missing > 0:
            gains = weights / (step * seats + 1)
            ranked = np.partition(gains, (count - missing - 1, count - missing))
            inner, outer = ranked[count - missing], ranked[count - missing - 1]
        else:
            held = seats > 0
            losses = np.where(held, weights / np.maximum(step * seats - step + 1, 1), np.inf)
            ranked = np.partition(losses, (-missing - 1, -missing))
            inner, outer = ranked[-missing - 1], ranked[-missing]
        new = _between(float(inner), float(outer))
        if new in (0, divisor):
            return None
        divisor = new
    return None
