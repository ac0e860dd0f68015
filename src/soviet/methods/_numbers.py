"""Exact numbers for the methods: weights, shares and divisors as int or Fraction.

A float is taken at its shortest decimal spelling (``repr``), so ``4914.5`` is exactly
9829/2 and ``0.1`` is exactly 1/10, never the binary approximation.
"""

from __future__ import annotations

import math
import numbers
from collections.abc import Hashable, Mapping
from decimal import Decimal
from fractions import Fraction
from typing import cast

from soviet.errors import InvalidInput

Exact = int | Fraction


def exact(value: object, what: str) -> Exact:
    """The value as an int or Fraction; `what` names it in the error ("weight of 'Oslo'")."""
    if type(value) is int:
        return value
    if isinstance(value, bool) or value is None or isinstance(value, str | bytes):
        raise InvalidInput(f"{what} is not a number: {value!r}")
    if isinstance(value, numbers.Integral):
        return int(value)
    if isinstance(value, Fraction | numbers.Rational):
        return _simplest(Fraction(int(value.numerator), int(value.denominator)))
    if isinstance(value, Decimal):
        if not value.is_finite():
            raise InvalidInput(f"{what} is not finite: {value}")
        return _simplest(Fraction(value))
    if isinstance(value, numbers.Real):
        as_float = float(value)
        if not math.isfinite(as_float):
            raise InvalidInput(f"{what} is not finite: {as_float!r}")
        return _simplest(Fraction(Decimal(repr(as_float))))
    raise InvalidInput(f"{what} is not a number: {value!r}")


def _simplest(value: Fraction) -> Exact:
    return value.numerator if value.denominator == 1 else value


def non_negative(value: object, what: str) -> Exact:
    """The value as an exact number, refused if negative."""
    number = exact(value, what)
    if number < 0:
        raise InvalidInput(f"{what} is negative: {_show(number)}")
    return number


def _show(number: Exact) -> str:
    if isinstance(number, int) or number.denominator == 1:
        return str(number)
    return f"{number} ({float(number):g})"


def weights_as_ints(weights: Mapping[Hashable, object]) -> tuple[list[Hashable], list[int], int]:
    """The keys, the weights scaled to ints by their common denominator, and that denominator.

    Scaling all weights by one positive number changes no seat, so the seat-deciding
    comparisons can all be made between ints.
    """
    keys = list(weights)
    values = list(weights.values())
    if set(map(type, values)) <= {int}:
        ints = cast(list[int], values)
        if not ints or min(ints) >= 0:
            return keys, ints, 1
    exacts = [non_negative(v, f"weight of {k!r}") for k, v in zip(keys, values, strict=True)]
    scale = math.lcm(*(v.denominator for v in exacts if isinstance(v, Fraction)))
    ints = [
        v * scale if isinstance(v, int) else v.numerator * (scale // v.denominator) for v in exacts
    ]
    return keys, ints, scale


def share(value: object, what: str) -> Fraction:
    """A share between 0 and 1 (a threshold or a quorum), exactly."""
    number = Fraction(exact(value, what))
    if not 0 <= number <= 1:
        raise InvalidInput(f"{what} must be a share between 0 and 1, not {_show(number)}")
    return number


def seat_count(value: object, what: str) -> int:
    """A number of seats: a non-negative int."""
    if isinstance(value, bool) or not isinstance(value, numbers.Integral):
        raise InvalidInput(f"{what} must be a whole number of seats, not {value!r}")
    seats = int(value)
    if seats < 0:
        raise InvalidInput(f"{what} is negative: {seats}")
    return seats
