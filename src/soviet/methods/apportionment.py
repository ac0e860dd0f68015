"""`allocate`: seats among keys by a named method, with thresholds and seat bounds."""

from __future__ import annotations

from collections.abc import Hashable, Mapping
from fractions import Fraction
from typing import Any

import numpy as np
import numpy.typing as npt

from soviet.errors import InvalidInput
from soviet.methods._divisor import Divisors, Ints, apportion
from soviet.methods._numbers import exact, non_negative, seat_count, share, weights_as_ints
from soviet.methods._quota import largest_remainder
from soviet.methods.registry import Method, method_named
from soviet.methods.result import Allocation, TieRule


def allocate(
    weights: Mapping[Any, object],
    seats: int,
    method: str,
    *,
    threshold: object = 0,
    total: object = None,
    min_seats: int | Mapping[Any, int] = 0,
    max_seats: int | Mapping[Any, int] | None = None,
    first_divisor: object = None,
    ties: str = "raise",
    seed: int | str | None = None,
) -> Allocation:
    """Apportion `seats` among the keys of `weights` by `method`, exactly.

    Keys below `threshold` (a share of `total`, by default of the weights' sum) get no
    seat; the others get between their `min_seats` and `max_seats`. A divisor method
    counts the minimum as seats already held (US House: 1 each); a largest-remainder
    method gives the minimum first and shares the rest (Spanish provinces: 2 each, LOREG
    art. 162). A true tie raises Tie, or with ties="lot" is drawn with `seed` and recorded.
    """
    rule = TieRule.of(ties, seed)
    spec = method_named(method)
    house = seat_count(seats, "seats")
    keys, ints, scale = weights_as_ints(weights)
    lo = _bounds(min_seats, keys, "min_seats", 0)
    hi = _bounds(max_seats, keys, "max_seats", house)
    _check_bounds(keys, lo, hi)
    passed = _passes(ints, scale, threshold, total)
    if passed is not None or min(ints, default=1) == 0:
        eligible = np.array([w > 0 for w in ints], dtype=bool) & (
            True if passed is None else passed
        )
        hi = np.where(eligible, hi, lo if passed is None else np.where(passed, lo, 0))
        lo = lo if passed is None else np.where(passed, lo, 0)
    _check_house(house, lo, hi, None if passed is None else threshold)
    if spec.is_divisor:
        divisors = Divisors(spec, _first_divisor(spec, first_divisor))
        result = apportion(ints, house, divisors, (lo, hi), (keys, rule))
    else:
        if first_divisor is not None:
            raise InvalidInput(f"first_divisor applies to divisor methods, not to {spec.name}")
        bounds = (lo.tolist(), hi.tolist())
        result = largest_remainder(ints, house, spec, bounds, (keys, rule, scale))
    return Allocation(zip(keys, result, strict=True), method=spec.name, draws=rule.draws)


def _bounds(value: object, keys: list[Hashable], what: str, default: int) -> Ints:
    """A seat bound per key, from one int for all or a mapping (absent keys: `default`)."""
    if value is None:
        return np.full(len(keys), default, dtype=np.int64)
    if not isinstance(value, Mapping):
        return np.full(len(keys), seat_count(value, what), dtype=np.int64)
    known = set(keys)
    strangers = [key for key in value if key not in known]
    if strangers:
        raise InvalidInput(f"{what} names {strangers[0]!r}, which has no weight")
    bounds = [seat_count(value.get(key, default), f"{what} of {key!r}") for key in keys]
    return np.array(bounds, dtype=np.int64)


def _check_bounds(keys: list[Hashable], lo: Ints, hi: Ints) -> None:
    for i in np.flatnonzero(hi < lo)[:1].tolist():
        raise InvalidInput(f"max_seats of {keys[i]!r} is {hi[i]}, below its min_seats {lo[i]}")


def _passes(
    ints: list[int], scale: int, threshold: object, total: object
) -> npt.NDArray[np.bool_] | None:
    """Which keys reach the threshold: weight >= threshold x total, compared exactly
    (None: no threshold, all pass)."""
    bar = share(threshold, "threshold")
    if bar == 0:
        return None
    whole = Fraction(sum(ints)) if total is None else Fraction(non_negative(total, "total")) * scale
    numerator = bar.numerator * whole.numerator
    denominator = bar.denominator * whole.denominator
    return np.array([weight * denominator >= numerator for weight in ints], dtype=bool)


def _check_house(house: int, lo: Ints, hi: Ints, threshold: object) -> None:
    floor, ceiling = int(lo.sum()), int(hi.sum())
    if floor > house:
        raise InvalidInput(f"min_seats sum to {floor}, more than the {house} seats")
    if ceiling >= house:
        return
    if ceiling == 0 and threshold is not None:
        raise InvalidInput(f"threshold {_percent(threshold)} excludes every key: none has a seat")
    if ceiling == 0:
        raise InvalidInput(f"no key has a positive weight to take the {house} seats")
    raise InvalidInput(
        f"the keys can take at most {ceiling} seats (max_seats, zero weights), fewer than {house}"
    )


def _percent(threshold: object) -> str:
    value = Fraction(exact(threshold, "threshold")) * 100
    return f"{value}%" if value.denominator == 1 else f"{float(value):g}%"


def _first_divisor(spec: Method, value: object) -> Fraction | None:
    """The first divisor the law puts in place of d(0); it must stay below d(1)."""
    if value is None:
        return None
    first = Fraction(non_negative(value, "first_divisor"))
    assert spec.divisors is not None
    numerator, denominator = spec.divisors(1)
    if first**spec.power >= Fraction(numerator, denominator):
        raise InvalidInput(f"first_divisor {first} of {spec.name} must be below its second divisor")
    return first
