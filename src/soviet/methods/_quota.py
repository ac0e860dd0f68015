"""The largest-remainder engine: whole quotas first, then the largest remainders.

Remainders are compared as ints (each weight times the quota's denominator, modulo its
numerator), so two remainders are equal only when they truly are; equal remainders
across the boundary are a true tie, settled by the caller's TieRule.
"""

from __future__ import annotations

from collections.abc import Hashable, Sequence
from fractions import Fraction
from typing import cast

import numpy as np

from soviet.methods.registry import Method
from soviet.methods.result import TieRule

#: Weights, sums and products below this stay exact in int64.
_WIDE = 1 << 62


def largest_remainder(
    weights: Sequence[int],
    house: int,
    method: Method,
    bounds: tuple[Sequence[int], Sequence[int]],
    tied: tuple[Sequence[Hashable], TieRule, int],
) -> list[int]:
    """Seats for int weights: each key's minimum first, then the rest by largest remainder.

    A key whose share would pass its maximum is held at it and the rest shared again
    among the others. The caller guarantees sum(lo) <= house <= sum(hi).
    """
    lo, hi = bounds
    keys, rule, scale = tied
    seats = list(lo)
    pool = [i for i, weight in enumerate(weights) if weight > 0 and hi[i] > lo[i]]
    remaining = house - sum(lo)
    while pool and remaining > 0:
        whole = len(pool) == len(weights)
        pooled = list(weights) if whole else [weights[i] for i in pool]
        assert method.quota is not None
        quota = method.quota(Fraction(sum(pooled), scale), remaining) * scale
        names = list(keys) if whole else [keys[i] for i in pool]
        shares = _shares(pooled, remaining, quota, (names, rule))
        over = [i for i, share in zip(pool, shares, strict=True) if lo[i] + share > hi[i]]
        if not over:
            for i, share in zip(pool, shares, strict=True):
                seats[i] += share
            break
        for i in over:
            seats[i] = hi[i]
            remaining -= hi[i] - lo[i]
        excluded = set(over)
        pool = [i for i in pool if i not in excluded]
    return seats


def _shares(
    weights: list[int], house: int, quota: Fraction, tied: tuple[list[Hashable], TieRule]
) -> list[int]:
    """Whole quotas, then one more seat to each of the largest remainders."""
    numerator, denominator = quota.numerator, quota.denominator
    scaled = weights if denominator == 1 else [weight * denominator for weight in weights]
    divided = [divmod(value, numerator) for value in scaled]
    seats = [share for share, _ in divided]
    remainders = [remainder for _, remainder in divided]
    left = house - sum(seats)
    if left <= 0:
        return seats
    order = sorted(range(len(weights)), key=remainders.__getitem__, reverse=True)
    # A Droop quota rounded up on tiny totals can leave more seats than keys: deal whole rounds.
    rounds, left = divmod(left, len(order))
    seats = [share + rounds for share in seats]
    if left == 0:
        return seats
    winners = order[:left]
    if left < len(order) and remainders[order[left - 1]] == remainders[order[left]]:
        edge = remainders[order[left]]
        holders = [i for i in winners if remainders[i] == edge]
        wanters = [i for i in order[left:] if remainders[i] == edge]
        keys, rule = tied
        drawn = rule.settle([keys[i] for i in holders + wanters], len(holders))
        winners = [i for i in winners if remainders[i] != edge]
        winners += [i for i in holders + wanters if keys[i] in drawn]
    for i in winners:
        seats[i] += 1
    return seats


def largest_remainder_plain(values: list[object], house: int, method: Method) -> list[int] | None:
    """Seats by largest remainder in int64 arithmetic, for the common case: int weights,
    no bounds, every weight times the quota's denominator below 2**62, one remainder
    round. None when that does not hold or the last seat is tied (the caller decides)."""
    count = len(values)
    if house <= 0 or count == 0 or set(map(type, values)) != {int}:
        return None
    try:
        weights = np.fromiter(cast(list[int], values), np.int64, count)
    except OverflowError:
        return None
    if weights.min() < 0 or weights.max() >= _WIDE or int(weights.max()) * count >= _WIDE:
        return None
    assert method.quota is not None
    quota = method.quota(Fraction(int(weights.sum())), house)
    numerator, denominator = quota.numerator, quota.denominator
    if numerator == 0 or int(weights.max()) * denominator >= _WIDE:
        return None
    seats, remainders = np.divmod(weights * denominator, numerator)
    left = house - int(seats.sum())
    if not 0 <= left < count:
        return None
    if left:
        order = np.argpartition(remainders, count - left)
        given, passed = order[count - left :], order[: count - left]
        # Exact int remainders: equal ones either side of the boundary are a true tie.
        if remainders[given].min() == remainders[passed].max():
            return None
        seats[given] += 1
    return list(seats.tolist())
