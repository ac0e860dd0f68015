"""`allocate`: seats among keys by a named method, with thresholds and seat bounds."""

from __future__ import annotations

from collections.abc import Hashable, Mapping
from fractions import Fraction
from typing import Any, cast

import numpy as np

from soviet.errors import InvalidInput
from soviet.methods._divisor import Divisors, Ints, apportion
from soviet.methods._linear import LINEAR, apportion_linear
from soviet.methods._numbers import exact, non_negative, seat_count, share, weights_as_ints
from soviet.methods._quota import largest_remainder, largest_remainder_plain
from soviet.methods._small import SMALL, WIDEST, apportion_small
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
    house = seats if type(seats) is int and seats >= 0 else seat_count(seats, "seats")
    if _is_plain(spec, threshold, (min_seats, max_seats), first_divisor):
        plain = (
            apportion_linear(list(weights.values()), house, spec.name, cast(int, min_seats))
            if spec.is_divisor
            else largest_remainder_plain(list(weights.values()), house, spec)
        )
        if plain is not None:
            return Allocation(zip(weights, plain, strict=True), method=spec.name, draws=())
    keys, ints, scale = weights_as_ints(weights)
    floor = _bounds(min_seats, keys, "min_seats", 0)
    ceiling = _bounds(max_seats, keys, "max_seats", house)
    passed = _passes(ints, scale, threshold, total)
    small = spec.is_divisor and len(ints) <= SMALL and max(ints, default=0).bit_length() < WIDEST
    lo, hi = (_as_lists if small or not spec.is_divisor else _as_arrays)(
        ints, (floor, ceiling), passed
    )
    _check_bounds(keys, floor, ceiling)
    _check_house(house, lo, hi, None if passed is None else threshold)
    if not spec.is_divisor:
        if first_divisor is not None:
            raise InvalidInput(f"first_divisor applies to divisor methods, not to {spec.name}")
        bounds = (cast(list[int], lo), cast(list[int], hi))
        result = largest_remainder(ints, house, spec, bounds, (keys, rule, scale))
        return Allocation(zip(keys, result, strict=True), method=spec.name, draws=rule.draws)
    divisors = Divisors(spec, _first_divisor(spec, first_divisor))
    if isinstance(lo, list) and isinstance(hi, list):
        result = apportion_small(ints, house, divisors, (lo, hi), (keys, rule))
    else:
        result = apportion(ints, house, divisors, (np.asarray(lo), np.asarray(hi)), (keys, rule))
    return Allocation(zip(keys, result, strict=True), method=spec.name, draws=rule.draws)


Bound = int | list[int]


def _is_plain(
    spec: Method, threshold: object, bounds: tuple[object, object], first: object
) -> bool:
    """The common case the lean engines take: D'Hondt, Sainte-Laguë, Huntington-Hill (one
    minimum for all) or a largest-remainder method, no threshold, no maximum, the law's
    first divisor."""
    low, high = bounds
    return (
        (spec.name in LINEAR or not spec.is_divisor)
        and first is None
        and high is None
        and type(low) is int
        and (low == 0 or (spec.is_divisor and low > 0))
        and type(threshold) is int
        and threshold == 0
    )


def _bounds(value: object, keys: list[Hashable], what: str, default: int) -> Bound:
    """A seat bound per key: one int for all, or a list from a mapping (absent: `default`)."""
    if value is None:
        return default
    if not isinstance(value, Mapping):
        return seat_count(value, what)
    known = set(keys)
    strangers = [key for key in value if key not in known]
    if strangers:
        raise InvalidInput(f"{what} names {strangers[0]!r}, which has no weight")
    return [seat_count(value.get(key, default), f"{what} of {key!r}") for key in keys]


def _as_lists(
    ints: list[int], bounds: tuple[Bound, Bound], passed: list[bool] | None
) -> tuple[list[int], list[int]]:
    """The bounds as lists: keys below the threshold get none, zero weights no more than
    their minimum."""
    count = len(ints)
    lo, hi = (b if isinstance(b, list) else [b] * count for b in bounds)
    if passed is not None:
        lo = [low if ok else 0 for low, ok in zip(lo, passed, strict=True)]
        hi = [high if ok else 0 for high, ok in zip(hi, passed, strict=True)]
    if passed is not None or 0 in ints:
        hi = [high if w > 0 else low for w, low, high in zip(ints, lo, hi, strict=True)]
    return lo, hi


def _as_arrays(
    ints: list[int], bounds: tuple[Bound, Bound], passed: list[bool] | None
) -> tuple[Ints, Ints]:
    """The bounds as numpy arrays, as _as_lists."""
    count = len(ints)
    lo, hi = (
        np.array(b, dtype=np.int64) if isinstance(b, list) else np.full(count, b) for b in bounds
    )
    if passed is not None:
        ok = np.array(passed, dtype=bool)
        lo, hi = np.where(ok, lo, 0), np.where(ok, hi, 0)
    if passed is not None or 0 in ints:
        hi = np.where(np.array(ints, dtype=object) > 0, hi, lo)
    return lo, hi


def _check_bounds(keys: list[Hashable], lo: Bound, hi: Bound) -> None:
    if isinstance(lo, int) and isinstance(hi, int):
        keys, lo, hi = keys[:1], lo, hi
    count = len(keys)
    lows, highs = (b if isinstance(b, list) else [b] * count for b in (lo, hi))
    for key, low, high in zip(keys, lows, highs, strict=True):
        if high < low:
            raise InvalidInput(f"max_seats of {key!r} is {high}, below its min_seats {low}")


def _passes(ints: list[int], scale: int, threshold: object, total: object) -> list[bool] | None:
    """Which keys reach the threshold: weight >= threshold x total, compared exactly
    (None: no threshold, all pass)."""
    bar = share(threshold, "threshold")
    if bar == 0:
        return None
    whole = Fraction(sum(ints)) if total is None else Fraction(non_negative(total, "total")) * scale
    numerator = bar.numerator * whole.numerator
    denominator = bar.denominator * whole.denominator
    return [weight * denominator >= numerator for weight in ints]


def _check_house(house: int, lo: list[int] | Ints, hi: list[int] | Ints, threshold: object) -> None:
    floor, ceiling = (
        int(sum(lo) if isinstance(lo, list) else lo.sum()),
        int(sum(hi) if isinstance(hi, list) else hi.sum()),
    )
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
