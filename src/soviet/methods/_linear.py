"""The lean divisor engine: seats at one whole threshold, proved by it.

A threshold T gives each key every seat whose priority w^p / d(k)^p is at least T
(p = 2 for Huntington-Hill, compared by squares; else 1): floor(w / T) seats by D'Hondt
(d(k) = k + 1), floor((w + T) / 2T) by Sainte-Laguë (d(k) = 2k + 1), and by
Huntington-Hill the number of k with k(k + 1) <= floor(w² / T), an integer square root.
With T a whole number these counts are exact, and when they fill the house (each key
held at its minimum at least) the allocation is proved: every seat given has priority
>= T and every seat not given has priority < T, so no seat not given can tie one given.
Floats only choose the next T to try; every seat is counted in ints. When no whole T
fills the house (a true tie, or priorities closer together than 1), the caller falls
back to the general engine, which decides the boundary exactly and reports ties.
"""

from __future__ import annotations

import heapq
import math
from collections.abc import Callable
from typing import cast

import numpy as np
import numpy.typing as npt

Ints = npt.NDArray[np.int64]
Floats = npt.NDArray[np.float64]
#: The methods this engine handles.
LINEAR = frozenset({"dhondt", "sainte-lague", "huntington-hill"})
#: Thresholds tried before leaving the house to the general engine.
_TRIES = 8
#: Above this many keys numpy's fixed cost pays off.
_ARRAY = 400
#: Weights below this keep w + T and 4·w² + 1 exact in int64 (Huntington-Hill: its root).
_WIDE = {"dhondt": 1 << 52, "sainte-lague": 1 << 52, "huntington-hill": 1 << 29}

_isqrt = math.isqrt


def _count_list(method: str, weights: list[int], t: int) -> list[int]:
    if method == "dhondt":
        return [w // t for w in weights]
    if method == "sainte-lague":
        return [(w + t) // (2 * t) for w in weights]
    return [(_isqrt(((w * w // t) << 2) + 1) + 1) >> 1 for w in weights]


def _count_array(method: str, weights: Ints, t: int) -> Ints:
    if method == "dhondt":
        return weights // t
    if method == "sainte-lague":
        return (weights + t) // (2 * t)
    square = ((weights * weights // t) << 2) + 1
    root = np.sqrt(square.astype(np.float64)).astype(np.int64)
    # The float root is within one of the true one; make it exact in ints.
    root -= root * root > square
    root += (root + 1) * (root + 1) <= square
    return cast(Ints, (root + 1) >> 1)


#: d(k)^p as a float, for the estimates that choose T.
_POWERED: dict[str, Callable[[float], float]] = {
    "dhondt": lambda k: k + 1.0,
    "sainte-lague": lambda k: 2.0 * k + 1.0,
    "huntington-hill": lambda k: k * (k + 1.0),
}


def apportion_linear(values: list[object], house: int, method: str, least: int) -> list[int] | None:
    """Seats for the weights by `method`, each key at least `least`, bounded by the house
    only; None unless every weight is a non-negative int (positive for Huntington-Hill)
    and a whole threshold fills the house (the caller then converts, checks, decides)."""
    count = len(values)
    if method == "huntington-hill":
        # d(0) = 0: every key with a weight holds a seat before any gets two.
        least = max(least, 1)
    if house <= least * count or set(map(type, values)) != {int}:
        return None
    weights = cast(list[int], values)
    lowest = 1 if method == "huntington-hill" else 0
    try:
        if count > _ARRAY:
            return _array_path(weights, house, method, least)
        if min(weights) < lowest:
            return None
        threshold = _first(method, sum(weights), house, count)
        return _by_list(weights, house, (method, least), threshold)
    except OverflowError:  # priorities beyond float range: the general engine scales them
        return None


def _array_path(weights: list[int], house: int, method: str, least: int) -> list[int] | None:
    """The numpy search, its bounds checked on the array (a weight past int64 raises
    OverflowError in the conversion, and the caller hands over to the general engine)."""
    array = np.fromiter(weights, np.int64, len(weights))
    low, high = int(array.min()), int(array.max())
    if low < (1 if method == "huntington-hill" else 0) or high >= _WIDE[method]:
        return None
    # The sum in int64 is exact while the largest weight times the count stays below 2**62.
    total = int(array.sum()) if high * len(weights) < 2**62 else sum(weights)
    threshold = _first(method, total, house, len(weights))
    return _by_array(array, house, (method, least), threshold)


def _first(method: str, total: int, house: int, count: int) -> int:
    """The first threshold to try: the total over the house, where rounding down
    (D'Hondt) loses about half a seat per key and the other roundings none."""
    divisor = 2 * total / (2 * house + (count if method == "dhondt" else 0))
    if method == "sainte-lague":
        return max(1, int(divisor / 2))
    return max(1, int(divisor ** (2 if method == "huntington-hill" else 1)))


def _by_list(
    weights: list[int], house: int, how: tuple[str, int], threshold: int
) -> list[int] | None:
    """The search for a whole threshold filling the house, on lists (few keys)."""
    method, least = how
    powered = _POWERED[method]
    mass = [float(w) ** (2 if method == "huntington-hill" else 1) for w in weights]
    for _ in range(_TRIES):
        seats = _count_list(method, weights, threshold)
        if least:
            seats = [s if s > least else least for s in seats]
        missing = house - sum(seats)
        if missing == 0:
            return seats
        if missing > 0:
            gains = [m / powered(s) for m, s in zip(mass, seats, strict=True)]
            if missing >= len(gains):
                return None
            ranked = heapq.nlargest(missing + 1, gains)
        else:
            losses = [m / powered(s - 1) for m, s in zip(mass, seats, strict=True) if s > least]
            if -missing >= len(losses):
                return None
            ranked = heapq.nsmallest(1 - missing, losses)
        new = _between(ranked[-2], ranked[-1])
        if new in (0, threshold):
            return None
        threshold = new
    return None


def _between(inner: float, outer: float) -> int:
    """A whole threshold between the priority of the last seat to move and the next one
    (0: none, the next seat would need an infinite or zero priority)."""
    middle = (inner + outer) / 2
    if not math.isfinite(middle) or middle <= 0:
        return 0
    return max(1, int(middle) + (inner < outer))


def _by_array(weights: Ints, house: int, how: tuple[str, int], threshold: int) -> list[int] | None:
    """The search for a whole threshold filling the house, on numpy arrays (many keys)."""
    method, least = how
    mass = weights.astype(np.float64) ** (2 if method == "huntington-hill" else 1)
    count = len(weights)
    for _ in range(_TRIES):
        seats = np.maximum(_count_array(method, weights, threshold), least)
        missing = house - int(seats.sum())
        if missing == 0:
            return list(seats.tolist())
        if abs(missing) >= count:
            return None
        if missing > 0:
            ranked = np.partition(
                mass / _powered(method, seats), (count - missing - 1, count - missing)
            )
            inner, outer = ranked[count - missing], ranked[count - missing - 1]
        else:
            with np.errstate(divide="ignore", invalid="ignore"):
                losses = np.where(seats > least, mass / _powered(method, seats - 1), np.inf)
            ranked = np.partition(losses, (-missing - 1, -missing))
            inner, outer = ranked[-missing - 1], ranked[-missing]
        new = _between(float(inner), float(outer))
        if new in (0, threshold):
            return None
        threshold = new
    return None


def _powered(method: str, seats: Ints) -> Floats:
    """d(k)^p for an array of seat counts, as floats."""
    k = seats.astype(np.float64)
    if method == "dhondt":
        return k + 1.0
    if method == "sainte-lague":
        return 2.0 * k + 1.0
    return k * (k + 1.0)
