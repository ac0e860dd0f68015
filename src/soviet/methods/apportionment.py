"""`allocate`: seats among keys by a named method, with thresholds and seat bounds."""

from __future__ import annotations

from collections.abc import Hashable, Mapping
from fractions import Fraction
from typing import Any

from soviet.errors import InvalidInput
from soviet.methods._divisor import Divisors, apportion
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
    _check_bounds(keys, lo, hi, max_seats is not None)
    passed = _passes(keys, ints, scale, threshold, total)
    hi = [
        h if ok and w > 0 else (lo[i] if ok else 0)
        for i, (h, ok, w) in enumerate(zip(hi, passed, ints, strict=True))
    ]
    lo = [low if ok else 0 for low, ok in zip(lo, passed, strict=True)]
    _check_house(house, lo, hi, threshold if not all(passed) else None)
    if spec.is_divisor:
        divisors = Divisors(spec, _first_divisor(spec, first_divisor))
        result = apportion(ints, house, divisors, (lo, hi), (keys, rule))
    else:
        if first_divisor is not None:
            raise InvalidInput(f"first_divisor applies to divisor methods, not to {spec.name}")
        result = largest_remainder(ints, house, spec, (lo, hi), (keys, rule, scale))
    return Allocation(zip(keys, result, strict=True), method=spec.name, draws=rule.draws)


def _bounds(value: object, keys: list[Hashable], what: str, default: int) -> list[int]:
    """A seat bound per key, from one int for all or a mapping (absent keys: `default`)."""
    if value is None:
        return [default] * len(keys)
    if not isinstance(value, Mapping):
        return [seat_count(value, what)] * len(keys)
    known = set(keys)
    strangers = [key for key in value if key not in known]
    if strangers:
        raise InvalidInput(f"{what} names {strangers[0]!r}, which has no weight")
    return [seat_count(value.get(key, default), f"{what} of {key!r}") for key in keys]


def _check_bounds(keys: list[Hashable], lo: list[int], hi: list[int], has_max: bool) -> None:
    if not has_max:
        return
    for key, low, high in zip(keys, lo, hi, strict=True):
        if high < low:
            raise InvalidInput(f"max_seats of {key!r} is {high}, below its min_seats {low}")


def _passes(
    keys: list[Hashable], ints: list[int], scale: int, threshold: object, total: object
) -> list[bool]:
    """Which keys reach the threshold: weight >= threshold x total, compared exactly."""
    bar = share(threshold, "threshold")
    if bar == 0:
        return [True] * len(keys)
    whole = Fraction(sum(ints)) if total is None else Fraction(non_negative(total, "total")) * scale
    numerator = bar.numerator * whole.numerator
    denominator = bar.denominator * whole.denominator
    return [weight * denominator >= numerator for weight in ints]


def _check_house(house: int, lo: list[int], hi: list[int], threshold: object) -> None:
    floor, ceiling = sum(lo), sum(hi)
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
