"""The divisor-method engine for small apportionments, in plain Python without numpy.

For a few hundred units numpy's call overhead outweighs its speed. The same three steps
as in _divisor.py, on lists: seats by the method's rounding at a float divisor chosen to
fill the house, single seats moved by a heap of float priorities until the house is
full, then the boundary decided exactly: the highest priority of a seat not given must
be below the lowest priority of a seat given, compared as Fractions of ints; equal exact
priorities across it are a true tie, settled by the caller's TieRule.
"""

from __future__ import annotations

import heapq
import math
import operator
from collections.abc import Callable, Hashable, Sequence

from soviet.methods._divisor import Divisors
from soviet.methods.result import TieRule

#: Relative error far above any float error in these few operations, far below any real gap.
_SLACK = 1e-9
#: Weights below 2**400 keep weight / _TINY (a zero divisor) above every finite priority.
_TINY = 1e-150
_INF = math.inf
#: Units up to which the plain-Python engine is faster than numpy.
SMALL = 400
#: The largest weight, in bits, whose float priorities stay finite and ordered.
WIDEST = 400

_FLOAT_DIVISORS: dict[str, Callable[[int], float]] = {
    "dhondt": lambda k: k + 1.0,
    "sainte-lague": lambda k: 2.0 * k + 1.0,
    "modified-sainte-lague": lambda k: 2.0 * k + 1.0 if k else 1.4,
    "huntington-hill": lambda k: math.sqrt(k * (k + 1.0)) if k else _TINY,
    "adams": lambda k: float(k) if k else _TINY,
    "dean": lambda k: 2.0 * k * (k + 1.0) / (2.0 * k + 1.0) if k else _TINY,
}


def float_divisor(divisors: Divisors) -> Callable[[int], float]:
    """d(k) as a float (an estimate only); a zero divisor becomes tiny, ranking by weight."""
    method, first = divisors.method, divisors.first
    known = _FLOAT_DIVISORS.get(method.name)
    if known is not None and method.divisors is not None and first is None:
        return known

    def divisor(k: int) -> float:
        numerator, denominator = divisors.exact(k)
        value = numerator / denominator
        return max(math.sqrt(value) if method.power == 2 else value, _TINY)

    return divisor


def apportion_small(
    weights: Sequence[int],
    house: int,
    divisors: Divisors,
    bounds: tuple[list[int], list[int]],
    tied: tuple[Sequence[Hashable], TieRule],
) -> list[int]:
    """Seats for int weights (each below 2**WIDEST) by a divisor method, within bounds.

    The caller guarantees sum(lo) <= house <= sum(hi), and hi = lo for zero weights.
    Seats that fill the house by rounding at one divisor, with every quotient clear of its
    rounding points by far more than float error, are proved by that divisor: no seat
    given has a lower priority than one not given, and no two can be equal. Otherwise
    (near a rounding point, or a true tie) the boundary is decided exactly.
    """
    floats = [float(weight) for weight in weights]
    divisor = float_divisor(divisors)
    method = divisors.method
    total = math.fsum(floats)
    target = house + len(floats) * (0.5 - method.offset)
    if total <= 0:
        return list(bounds[0])
    scale = max(target, 0.5) / total
    seats = _round(floats, scale, (divisors, divisor), bounds)
    missing = house - sum(seats)
    step = _fill(floats, seats, missing, divisor, bounds) if missing else scale * method.slope
    if _clear(floats, seats, step, (divisors, divisor, bounds)):
        return seats
    return _prove(weights, floats, seats, (divisors, divisor, bounds), tied)


def _round(
    floats: list[float],
    scale: float,
    divisor: tuple[Divisors, Callable[[int], float]],
    bounds: tuple[list[int], list[int]],
) -> list[int]:
    """Seats by the method's rounding of the weights times `scale`, within the bounds."""
    divisors, float_of = divisor
    method, (lo, hi) = divisors.method, bounds
    offset = method.offset
    seats = [int(weight * scale + offset) for weight in floats]
    if not _is_linear(divisors):
        # Geometric or harmonic means, or a lowered first divisor: one seat more at most.
        step = scale * method.slope
        seats = [s + (float_of(s) <= w * step) for s, w in zip(seats, floats, strict=True)]
    if any(map(operator.lt, seats, lo)) or any(map(operator.gt, seats, hi)):
        return [
            low if s < low else high if s > high else s
            for s, low, high in zip(seats, lo, hi, strict=True)
        ]
    return seats


def _is_linear(divisors: Divisors) -> bool:
    """Divisors slope·(k + 1 - offset), where rounding is floor(q + offset) exactly."""
    return divisors.method.name in ("dhondt", "sainte-lague", "adams") and divisors.first is None


def _clear(
    floats: list[float],
    seats: list[int],
    step: float,
    how: tuple[Divisors, Callable[[int], float], tuple[list[int], list[int]]],
) -> bool:
    """True when every quotient w·step lies below d(s) and above d(s-1) by far more than
    float error (at a unit's bound only the side it can move to counts)."""
    divisors, divisor, (lo, hi) = how
    below, above = 1 - _SLACK, 1 + _SLACK
    if _is_linear(divisors):
        method = divisors.method
        start, up, down = 1 - method.offset, method.slope * below, method.slope * above
        return False not in [
            (s >= high or w * step < (s + start) * up)
            and (s <= low or w * step > (s + start - 1) * down)
            for w, s, low, high in zip(floats, seats, lo, hi, strict=True)
        ]
    return False not in [
        (s >= high or w * step < divisor(s) * below)
        and (s <= low or w * step > divisor(s - 1) * above)
        for w, s, low, high in zip(floats, seats, lo, hi, strict=True)
    ]


def _fill(
    floats: list[float],
    seats: list[int],
    missing: int,
    divisor: Callable[[int], float],
    bounds: tuple[list[int], list[int]],
) -> float:
    """Give the `missing` seats to the highest float priorities (take the lowest if < 0);
    return 1 / the priority between the last seat moved and the next, a divisor between."""
    lo, hi = bounds
    sign = 1 if missing > 0 else -1
    if sign > 0:
        heap = [
            (-w / divisor(s), i)
            for i, (w, s) in enumerate(zip(floats, seats, strict=True))
            if s < hi[i]
        ]
    else:
        heap = [
            (w / divisor(s - 1), i)
            for i, (w, s) in enumerate(zip(floats, seats, strict=True))
            if s > lo[i]
        ]
    heapq.heapify(heap)
    last = _INF
    for _ in range(abs(missing)):
        last, i = heapq.heappop(heap)
        seats[i] += sign
        if sign > 0 and seats[i] < hi[i]:
            heapq.heappush(heap, (-floats[i] / divisor(seats[i]), i))
        elif sign < 0 and seats[i] > lo[i]:
            heapq.heappush(heap, (floats[i] / divisor(seats[i] - 1), i))
    moved = abs(last)
    following = abs(heap[0][0]) if heap else (0.0 if sign > 0 else _INF)
    between = math.sqrt(moved) * math.sqrt(following) if 0 < following < _INF else moved
    # `between` is a priority between the last seat moved and the next one; w·step with
    # step = 1 / between is then compared with the divisors by _clear.
    return 1 / between


def _priorities(
    floats: list[float],
    seats: list[int],
    divisor: Callable[[int], float],
    bounds: tuple[list[int], list[int]],
) -> tuple[list[float], list[float]]:
    """Each unit's float priority for its next seat (-inf at its maximum) and for its last
    seat (+inf at its minimum)."""
    lo, hi = bounds
    gain = [w / divisor(s) if s < h else -_INF for w, s, h in zip(floats, seats, hi, strict=True)]
    lose = [
        w / divisor(s - 1) if s > low else _INF for w, s, low in zip(floats, seats, lo, strict=True)
    ]
    return gain, lose


def _prove(
    weights: Sequence[int],
    floats: list[float],
    seats: list[int],
    how: tuple[Divisors, Callable[[int], float], tuple[list[int], list[int]]],
    tied: tuple[Sequence[Hashable], TieRule],
) -> list[int]:
    """Check the boundary exactly; move seats if floats misled, settle a true tie."""
    divisors, divisor, bounds = how
    keys, rule = tied
    while True:
        gain, lose = _priorities(floats, seats, divisor, bounds)
        top, bottom = max(gain, default=-_INF), min(lose, default=_INF)
        if top == -_INF or bottom == _INF:
            return seats
        if top > bottom * (1 + _SLACK):
            seats[gain.index(top)] += 1
            seats[lose.index(bottom)] -= 1
            continue
        edge_top, edge_bottom = top * (1 - _SLACK), bottom * (1 + _SLACK)
        wants = {i: divisors.key(weights[i], seats[i]) for i, g in enumerate(gain) if g >= edge_top}
        holds = {
            i: divisors.key(weights[i], seats[i] - 1)
            for i, v in enumerate(lose)
            if v <= edge_bottom
        }
        best, worst = max(wants.values()), min(holds.values())
        if best < worst:
            return seats
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
        return seats
