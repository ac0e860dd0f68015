"""The lean divisor engine: seats proved by one exact threshold, or on arrays by a float margin.

A threshold T = num / den gives each key every seat whose priority w^p / d(k)^p is at
least T (p = 2 for Huntington-Hill, compared by squares; else 1). With D(k) = d(k)^p a
whole number (k + 1 by D'Hondt, 2k + 1 by Sainte-Laguë, k(k + 1) by Huntington-Hill),
a key's seats are the number of k with D(k) <= w^p·den / num: floor(w·den / num) by
D'Hondt, floor((w·den + num) / 2num) by Sainte-Laguë, and by Huntington-Hill the
number of k with k(k + 1) <= floor(w²·den / num), an integer square root. When these
counts fill the house (each key held at its minimum at least) the allocation is
proved: every seat given has priority >= T and every seat not given has priority < T.

Each threshold after the first is the exact priority of one seat, the one the float
priorities rank at the edge of the house, so priorities closer together than any
whole number (small weights, many seats) are separated too. With many keys the counts
are taken from float quotients, and every key whose quotient lies within float error
of a divisor is counted again in ints; the sum that proves the house is exact either
way. Floats only choose the next T to try. When no T fills the house (a true tie, or
floats that keep misleading), the caller falls back to the general engine, which
decides the boundary exactly and reports ties.

On arrays, before any T, the float estimate is moved to fill the house and kept when
its float priorities prove it by a margin far above their error bound: the
worst seat given then outranks the best seat not given exactly too, and no int is
needed. Priorities closer together than that margin go to the exact search above.
"""

from __future__ import annotations

import math
import operator
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import numpy as np
    import numpy.typing as npt

    Floats = npt.NDArray[np.float64]
    Ints = npt.NDArray[np.int64]

#: The methods this engine handles.
LINEAR = frozenset({"dhondt", "sainte-lague", "huntington-hill"})
#: Thresholds tried before leaving the house to the general engine.
_TRIES = 8
#: Above this many keys numpy's fixed cost pays off (measured).
_ARRAY = {"dhondt": 56, "sainte-lague": 56, "huntington-hill": 32}
#: Above this many keys it pays off sooner where the mean weight is wider than one digit
#: of a Python int, which makes the exact counts in ints slower (measured).
_ARRAY_WIDE = 40
#: Bits in one digit of a Python int.
_DIGIT = 30
#: Relative error far above the few roundings of a float quotient, far below any real gap.
_SLACK = 1e-9
#: Weights up to this many bits keep w² (Huntington-Hill) and its sums inside the float range.
_BITS = 400
#: Keys to recount above which one int64 pass beats a loop of Python ints.
_FEW = 64
#: Seats per key up to this keep k(k + 1) exact as a float.
_MOST = 1 << 25

_isqrt = math.isqrt

Threshold = tuple[int, int]


def _power(method: str) -> int:
    return 2 if method == "huntington-hill" else 1


def _divisor(method: str, k: int) -> int:
    """D(k) = d(k)^p, the powered divisor of the (k+1)-th seat, as an int."""
    if method == "dhondt":
        return k + 1
    if method == "sainte-lague":
        return 2 * k + 1
    return k * (k + 1)


def _count(method: str, weight: int, threshold: Threshold) -> int:
    """The seats of one key at T = num / den, exactly in ints."""
    num, den = threshold
    if method == "dhondt":
        return weight * den // num
    if method == "sainte-lague":
        return (weight * den + num) // (2 * num)
    return (_isqrt((weight * weight * den // num << 2) + 1) + 1) >> 1


def _count_list(method: str, weights: list[int], threshold: Threshold) -> list[int]:
    num, den = threshold
    if method == "dhondt":
        return [w * den // num for w in weights]
    if method == "sainte-lague":
        twice = 2 * num
        return [(w * den + num) // twice for w in weights]
    return [(_isqrt((w * w * den // num << 2) + 1) + 1) >> 1 for w in weights]


def apportion_linear(values: list[object], house: int, method: str, least: int) -> list[int] | None:
    """Seats for the weights by `method`, each key at least `least`, bounded by the house
    only; None unless every weight is a non-negative int (positive for Huntington-Hill)
    and an exact threshold fills the house, or on arrays a float margin proves the
    estimate (the caller then converts, checks, decides)."""
    count = len(values)
    if method == "huntington-hill":
        # d(0) = 0: every key with a weight holds a seat before any gets two.
        least = max(least, 1)
    if house <= least * count or house >= _MOST or set(map(type, values)) != {int}:
        return None
    weights: list[int] = values  # type: ignore[assignment]
    total = sum(weights) if count <= _ARRAY[method] else None
    if total is None or on_arrays(method, count, total // count):
        # _by_array checks the weights' bounds itself.
        return _by_array(weights, house, (method, least), total)
    if min(weights) < (1 if method == "huntington-hill" else 0):
        return None
    if total == 0 or max(weights).bit_length() > _BITS:
        return None
    return _by_list(weights, house, (method, least), _first(method, total, house, count))


def on_arrays(method: str, count: int, mean: int) -> bool:
    """Whether the engine works on numpy arrays (True) or on lists, for `count` weights
    of `mean` on average."""
    return count > _ARRAY[method] or (mean >> _DIGIT > 0 and count > _ARRAY_WIDE)


def _first(method: str, total: float, house: int, count: int) -> float:
    """The first threshold, estimated: the total over the house, where rounding down
    (D'Hondt) loses about half a seat per key and the other roundings none."""
    divisor = 2 * total / (2 * house + (count if method == "dhondt" else 0))
    if method == "sainte-lague":
        divisor /= 2
    return float(divisor ** _power(method))


def _by_list(
    weights: list[int], house: int, how: tuple[str, int], first: float
) -> list[int] | None:
    """The search for a threshold filling the house, on lists and ints (few keys): seats
    estimated at the first threshold in floats, then counted exactly at the priority of
    the seat the floats put at the edge of the house, until a count fills it."""
    method, least = how
    power = _power(method)
    mass = list(map(float, weights))
    if power == 2:
        mass = [m * m for m in mass]
    seats = _round_list(method, mass, 1 / first)
    threshold: Threshold | None = None
    # Huntington-Hill's rounding counts its first seat (d(0) = 0) already.
    floor = least > (1 if method == "huntington-hill" else 0)
    for _ in range(_TRIES):
        if floor:
            seats = [s if s > least else least for s in seats]
        missing = house - sum(seats)
        if missing == 0 and threshold is not None:
            return seats
        edge = _edge_list(method, mass, seats, missing, least)
        if edge is None:
            return None
        i, k = edge
        new = (weights[i] ** power, _divisor(method, k))
        if _stuck(new, threshold):
            return None
        threshold = new
        seats = _count_list(method, weights, threshold)
    return None


def _stuck(new: Threshold, old: Threshold | None) -> bool:
    """True when the next threshold is zero (the edge seat has no weight) or the last."""
    return new[0] == 0 or (old is not None and new[0] * old[1] == new[1] * old[0])


def _round_list(method: str, mass: list[float], scale: float) -> list[int]:
    """Seats estimated in floats: the count of D(k) up to each quotient mass·scale."""
    if method == "dhondt":
        return [int(m * scale) for m in mass]
    if method == "sainte-lague":
        return [int((m * scale + 1.0) * 0.5) for m in mass]
    sqrt = math.sqrt
    return [int((sqrt(m * scale * 4.0 + 1.0) + 1.0) * 0.5) for m in mass]


def _edge_list(
    method: str, mass: list[float], seats: list[int], missing: int, least: int
) -> tuple[int, int] | None:
    """The seat (key, k) at the edge of the house by float priority: the missing-th
    best seat not given, or the (1 - missing)-th worst given (None: there is none)."""
    if missing > 0:
        if missing > len(seats):
            return None
        gains = list(map(operator.truediv, mass, _divisors_list(method, seats)))
        i = gains.index(sorted(gains)[-missing])
        return i, seats[i]
    if 1 - missing > len(seats):
        return None
    inf = math.inf
    # D(s - 1) for the last seat given, an exact small integer in floats either way.
    if method == "dhondt":
        losses = [m / s if s > least else inf for m, s in zip(mass, seats, strict=True)]
    elif method == "sainte-lague":
        losses = [
            m / (2.0 * s - 1.0) if s > least else inf for m, s in zip(mass, seats, strict=True)
        ]
    else:
        losses = [
            m / ((s - 1.0) * s) if s > least else inf for m, s in zip(mass, seats, strict=True)
        ]
    value = sorted(losses)[-missing]
    if value == inf:
        return None
    i = losses.index(value)
    return i, seats[i] - 1


def _divisors_list(method: str, seats: list[int]) -> list[float]:
    """D(k) for each key's seat index k, as floats."""
    if method == "dhondt":
        return [s + 1.0 for s in seats]
    if method == "sainte-lague":
        return [2.0 * s + 1.0 for s in seats]
    return [s * (s + 1.0) for s in seats]


def _by_array(
    weights: list[int], house: int, how: tuple[str, int], exact_total: int | None
) -> list[int] | None:
    """The search for a threshold filling the house, on numpy arrays (many keys), as
    _by_list; the weights' bounds are checked on their floats (exact for ints below
    2**53, and near enough above for a bound of 2**400), their sum is an estimate unless
    given `exact_total`."""
    import numpy as np

    method, least = how
    count = len(weights)
    try:
        mass = np.fromiter(weights, np.float64, count)
    except OverflowError:  # beyond the float range, past _BITS anyway
        return None
    # The sum of few weights is cheaper in ints, and then exact.
    total = float(mass.sum()) if exact_total is None else float(min(exact_total, 1 << _BITS))
    # Weights at least 0 summing below 2**400 are each below it. (argmin is a tenth of
    # min's cost on a hundred keys.)
    lowest = mass[mass.argmin()]
    if lowest < (1 if method == "huntington-hill" else 0) or not (0 < total < 2.0**_BITS):
        return None
    power = _power(method)
    if power == 2:
        mass *= mass
    seats = _round_array(method, mass, 1 / _first(method, total, house, count))
    # Huntington-Hill's rounding counts its first seat (d(0) = 0) already.
    floor = least > (1 if method == "huntington-hill" else 0)
    if floor:
        seats = np.maximum(seats, least)
    missing = house - int(seats.sum())
    # Float costs need every weight positive and no key held above the law's minimum.
    if lowest > 0 and not floor:
        settled = _settled(method, mass, seats, missing)
        if settled is not None:
            return settled
        missing = house - int(seats.sum())
    threshold: Threshold | None = None
    for _ in range(_TRIES):
        edge = _edge_array(method, mass, seats, missing, least)
        if edge is None:
            return None
        i, k = edge
        new = (weights[i] ** power, _divisor(method, k))
        if _stuck(new, threshold):
            return None
        threshold = new
        seats = _count_array(method, (weights, mass), threshold)
        if floor:
            seats = np.maximum(seats, least)
        missing = house - int(seats.sum())
        if missing == 0:
            return seats.astype(np.int64).tolist()  # type: ignore[no-any-return]
    return None


def _settled(method: str, mass: Floats, seats: Floats, missing: int) -> list[int] | None:
    """The estimate `seats` moved (in place) to fill the house, one seat more for each of
    the `missing` keys whose next seat costs least (or one less for each whose last seat
    costs most), and kept when float costs prove it: the worst seat given beats the best
    seat not given by far more than float error.

    Costs are D(k) / w^p, the inverse of priorities, for keys of positive weight held at
    the law's own minimum (none for D'Hondt and Sainte-Laguë, one for Huntington-Hill): a
    key at that minimum then costs nothing, or less, to hold, and no key needs setting
    aside. Each cost is within 2**-50 of its exact value, relative (a weight's float or
    its square, an exact D(k) below 2**53, one division), so a margin of _SLACK proves
    that every seat given outranks every seat not given. None otherwise: also where a key
    needed two seats more or less, which the exact search then finds."""
    import numpy as np

    count = len(seats)
    if abs(missing) >= count:
        return None
    held = _powered(method, seats - 1.0)
    held /= mass
    next_ = _powered(method, seats)
    next_ /= mass
    if missing > 0:
        moved = np.argpartition(next_, missing - 1)[:missing]
        held[moved], seats[moved] = next_[moved], seats[moved] + 1.0
        next_[moved] = _powered(method, seats[moved]) / mass[moved]
    elif missing < 0:
        moved = np.argpartition(held, count + missing)[count + missing :]
        if held[moved].min() <= 0.0:  # a key at its minimum: no seat to give back
            return None
        next_[moved], seats[moved] = held[moved], seats[moved] - 1.0
        held[moved] = _powered(method, seats[moved] - 1.0) / mass[moved]
    if held[held.argmax()] * (1 + _SLACK) < next_[next_.argmin()]:
        return seats.astype(np.int64).tolist()  # type: ignore[no-any-return]
    return None


def _edge_array(
    method: str, mass: Floats, seats: Floats, missing: int, least: int
) -> tuple[int, int] | None:
    """As _edge_list, on arrays."""
    import numpy as np

    count = len(seats)
    if missing > 0:
        if missing > count:
            return None
        gains = mass / _powered(method, seats)
        # One seat: the best (argmax is a tenth of argpartition's cost on a hundred keys).
        if missing == 1:
            i = int(gains.argmax())
        else:
            i = int(np.argpartition(gains, count - missing)[count - missing])
        return i, int(seats[i])
    if -missing >= count:
        return None
    # A key at its minimum has no seat to lose (and Huntington-Hill's d(0) = 0 no quotient).
    losses = np.full(count, np.inf)
    np.divide(mass, _powered(method, seats - 1.0), out=losses, where=seats > least)
    if missing == 0:
        i = int(losses.argmin())
    elif missing == -1:
        # The second worst seat given: the worst set aside, then the worst.
        worst = int(losses.argmin())
        held, losses[worst] = losses[worst], np.inf
        i = int(losses.argmin())
        losses[worst] = held
    else:
        i = int(np.argpartition(losses, -missing)[-missing])
    if losses[i] == np.inf:
        return None
    return i, int(seats[i]) - 1


def _round_array(method: str, mass: Floats, scale: float) -> Floats:
    """Seats estimated in floats: the count of D(k) up to each quotient mass·scale."""
    import numpy as np

    if method == "sainte-lague":
        # 2k + 1 <= q for k < (q + 1) / 2.
        seats = mass * (0.5 * scale)
        seats += 0.5
    else:
        seats = mass * scale
    if method == "huntington-hill":
        # k(k + 1) <= q for k + 1/2 <= sqrt(q + 1/4).
        seats += 0.25
        np.sqrt(seats, out=seats)
        seats += 0.5
    return np.floor(seats, out=seats)


def _count_array(method: str, weights: tuple[list[int], Floats], threshold: Threshold) -> Floats:
    """The seats of every key at T, from float quotients: counted at the quotient made a
    little smaller and a little larger, far beyond float error; where the two counts
    differ, the quotient is near a divisor and the key is counted again exactly."""
    import numpy as np

    exact, mass = weights
    num, den = threshold
    ratio = float(den) / float(num)
    seats = _round_array(method, mass, ratio * (1 - _SLACK))
    upper = _round_array(method, mass, ratio * (1 + _SLACK))
    unsure = np.flatnonzero(seats != upper)
    if len(unsure) > _FEW:
        counted = _count_int64(method, [exact[i] for i in unsure.tolist()], threshold)
        if counted is not None:
            seats[unsure] = counted
            return seats
    if len(unsure):
        # Keys of equal weight (small numbers, many keys) are counted once.
        near = [exact[i] for i in unsure.tolist()]
        by_weight = {weight: _count(method, weight, threshold) for weight in set(near)}
        seats[unsure] = [by_weight[weight] for weight in near]
    return seats


def _count_int64(method: str, weights: list[int], threshold: Threshold) -> Ints | None:
    """_count for many keys at once in int64, or None where a product could overflow."""
    import numpy as np

    num, den = threshold
    high = max(weights)
    widest = high * high * den * 4 if method == "huntington-hill" else (high + 1) * den + 2 * num
    if widest >= 1 << 61 or 2 * num >= 1 << 61:
        return None
    array = np.array(weights, dtype=np.int64)
    if method == "dhondt":
        return array * den // num
    if method == "sainte-lague":
        return (array * den + num) // (2 * num)
    square = (array * array * den // num << 2) + 1
    root = np.sqrt(square.astype(np.float64)).astype(np.int64)
    # The float root is within one of the true one; make it exact in ints.
    root -= root * root > square
    root += (root + 1) * (root + 1) <= square
    return (root + 1) >> 1


def _powered(method: str, k: Floats) -> Floats:
    """D(k) for an array of seat counts, as floats."""
    if method == "dhondt":
        return k + 1.0
    if method == "sainte-lague":
        return 2.0 * k + 1.0
    return k * (k + 1.0)
