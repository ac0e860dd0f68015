"""Alternating scaling for small biproportional grids, in plain Python without numpy.

For a few dozen cells numpy's cost per call outweighs its speed (measured: a 5 x 4 grid
took three times biprop's whole call). Each half-step gives every row its seats by the
method at a float multiplier chosen for that row: rounding at an estimate, then single
seats moved to the highest priority (or from the lowest) until the row's sum is right;
the row's multiplier is then taken between its last seat given and its next.

The floats only find seats and multipliers, and the seats are proved without them where
the margins allow: a row whose next seat's float priority exceeds its last seat's by a
factor far above float error (1 + 1e-9, where the few roundings of a quotient are below
1e-15) gets a multiplier, the geometric mean of the two, that keeps every cell's exact
quotient v·λ·μ strictly between its divisors d(x-1) and d(x). When every row (or every
column, if a column half-step ended the scaling) has that margin and the other side's
sums hold too, the seats are the biproportional apportionment, proved, and unique.
Otherwise (a tie, or priorities within float error) _proof.prove checks them exactly;
where the scaling does not settle in a few steps the caller uses _lower.alternate.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass
from typing import TypeVar

import numpy as np

from soviet.methods._divisor import Divisors
from soviet.methods._lower import Floats, Ints
from soviet.methods._small import float_divisor

#: Cells up to which plain Python beats the numpy scaling (measured: a 5 x 4 grid 0.4 to
#: 0.75 of numpy's time, a 9 x 10 grid about 1.05 to 1.1).
SMALL_GRID = 40
#: Votes up to this many bits keep every float product and ratio below finite and nonzero.
WIDEST = 300
#: Half-steps tried before leaving the grid to the numpy scaling.
_HALF_STEPS = 24
#: Proportional corrections of a row's multiplier before single seats are moved.
_RESCALES = 4
#: A row whose next seat's priority exceeds its last one's by this factor is proved by floats.
_MARGIN = 1 + 1e-9
#: Multipliers kept inside this range keep every product v·λ·μ and its square normal.
_RANGE = (1e-150, 1e150)

Grid = list[list[int]]
_T = TypeVar("_T", int, float)


@dataclass(frozen=True)
class Scaled:
    """Seats with every sum right, the float multipliers that gave them, and whether the
    margins prove them (else _proof.prove must)."""

    seats: Grid
    row_mult: list[float]
    column_mult: list[float]
    is_proved: bool

    def arrays(self) -> tuple[Ints, Floats, Floats, bool]:
        """As _lower.alternate returns them: seats, multipliers, converged."""
        return (
            np.array(self.seats, dtype=np.int64),
            np.array(self.row_mult, dtype=np.float64),
            np.array(self.column_mult, dtype=np.float64),
            True,
        )


@dataclass(frozen=True)
class _Rule:
    """The method's rounding as the rows use it."""

    slope: float
    offset: float
    divisor: Callable[[int], float]
    #: d(k) = slope·k + 1 exactly, so floor(q / slope + offset) is the rounding.
    is_linear: bool

    @classmethod
    def of(cls, divisors: Divisors) -> _Rule:
        method = divisors.method
        is_linear = divisors.first is None and method.name in ("dhondt", "sainte-lague")
        return cls(method.slope, method.offset, float_divisor(divisors), is_linear)


def is_small(votes: Grid, divisors: Divisors) -> bool:
    """True for grids this scaling takes: few cells, d(0) > 0, votes of bounded size."""
    return (
        len(votes) * len(votes[0]) <= SMALL_GRID
        and divisors.exact(0)[0] > 0
        and max(map(max, votes)).bit_length() <= WIDEST
    )


def alternate_small(
    votes: Grid, minimum: Grid | None, sums: tuple[list[int], list[int]], divisors: Divisors
) -> Scaled | None:
    """As _lower.alternate on lists; None when the scaling does not settle within
    _HALF_STEPS (the caller then uses numpy). `minimum` None: no cell has one."""
    rows, columns = sums
    floats = [list(map(float, line)) for line in votes]
    transposed = _transpose(floats)
    if minimum is None:
        minimum = [[0] * len(columns)] * len(rows)
        minimum_t = [[0] * len(rows)] * len(columns)
    else:
        minimum_t = _transpose(minimum)
    rule = _Rule.of(divisors)
    column_mult = [
        c * rule.slope / max(sum(line), 1e-300) for c, line in zip(columns, transposed, strict=True)
    ]
    row_mult: list[float] | None = None
    for _ in range(_HALF_STEPS):
        found = _half(floats, column_mult, (rows, minimum, row_mult), rule)
        if found is None:
            return None
        seats, row_mult, is_proved = found
        if list(map(sum, zip(*seats, strict=True))) == columns:
            return Scaled(seats, row_mult, column_mult, is_proved)
        found = _half(transposed, row_mult, (columns, minimum_t, column_mult), rule)
        if found is None:
            return None
        seats_t, column_mult, is_proved = found
        if list(map(sum, zip(*seats_t, strict=True))) == rows:
            return Scaled(_transpose(seats_t), row_mult, column_mult, is_proved)
    return None


def _transpose(grid: list[list[_T]]) -> list[list[_T]]:
    return [list(line) for line in zip(*grid, strict=True)]


def _half(
    weights: list[list[float]],
    other: list[float],
    bounds: tuple[list[int], Grid, list[float] | None],
    rule: _Rule,
) -> tuple[Grid, list[float], bool] | None:
    """Every row's seats and multiplier with the other side's multipliers held fixed,
    starting from the rows' last multipliers where there are any; and whether every row
    has the margin that proves it."""
    targets, minimum, guesses = bounds
    seats, multipliers, is_proved = [], [], True
    for r, (line, target, least) in enumerate(zip(weights, targets, minimum, strict=True)):
        guess = 0.0 if guesses is None else guesses[r]
        row = _row([w * m for w, m in zip(line, other, strict=True)], target, (least, guess), rule)
        if row is None:
            return None
        seats.append(row[0])
        multipliers.append(row[1])
        is_proved = is_proved and row[2]
    return seats, multipliers, is_proved


def _row(
    weights: list[float], target: int, bounds: tuple[list[int], float], rule: _Rule
) -> tuple[list[int], float, bool] | None:
    """One row's seats summing to `target` (each cell with votes at least its minimum,
    cells without votes none), a multiplier strictly between its last seat given and its
    next where the floats can tell them apart, and whether they are apart by _MARGIN."""
    seats = _row_seats(weights, target, bounds, rule)
    if seats is None:
        return None
    upper, lower = _edges(weights, seats, bounds[0], rule)
    multiplier = math.sqrt(lower * upper) if lower > 0 else upper / 2
    if not _RANGE[0] < multiplier < _RANGE[1]:
        return None
    return seats, multiplier, lower == 0 or upper > lower * _MARGIN


def _row_seats(
    weights: list[float], target: int, bounds: tuple[list[int], float], rule: _Rule
) -> list[int] | None:
    """One row's seats summing to `target`, by the method's rounding at a multiplier that
    fills the row about right (the last step's `guess`, else the row's share), rescaled
    while it misses by more than a seat, then single seats moved."""
    least, guess = bounds
    positive = [i for i, w in enumerate(weights) if w > 0]
    if not positive:
        return None
    shift = len(positive) * (0.5 - rule.offset)
    step = guess if guess > 0 else rule.slope * (target + shift) / math.fsum(weights)
    seats = _round(weights, step, least, rule)
    missing = target - sum(seats)
    for _ in range(_RESCALES):
        if abs(missing) <= 1:
            break
        step *= max(target + shift, 0.5) / max(target - missing + shift, 0.5)
        seats = _round(weights, step, least, rule)
        missing = target - sum(seats)
    if missing and not _move(weights, seats, (missing, positive, least), rule.divisor):
        return None
    return seats


def _move(
    weights: list[float],
    seats: list[int],
    how: tuple[int, list[int], list[int]],
    divisor: Callable[[int], float],
) -> bool:
    """Give the missing seats to the highest float priorities, or take the surplus from
    the lowest above their minimum (False: there are none to take)."""
    missing, positive, least = how
    while missing > 0:
        i = max(positive, key=lambda j: weights[j] / divisor(seats[j]))
        seats[i] += 1
        missing -= 1
    while missing < 0:
        held = [j for j in positive if seats[j] > least[j]]
        if not held:
            return False
        i = min(held, key=lambda j: weights[j] / divisor(seats[j] - 1))
        seats[i] -= 1
        missing += 1
    return True


def _edges(
    weights: list[float], seats: list[int], least: list[int], rule: _Rule
) -> tuple[float, float]:
    """The lowest 1 / priority of a seat not given and the highest of a seat given above
    the minimum (0.0 if none is): the row's multiplier lies between them."""
    if rule.is_linear:
        slope = rule.slope
        upper = min([(s * slope + 1.0) / w for s, w in zip(seats, weights, strict=True) if w > 0])
        lower = max(
            [
                ((s - 1) * slope + 1.0) / w
                for s, w, low in zip(seats, weights, least, strict=True)
                if s > low and w > 0
            ],
            default=0.0,
        )
        return upper, lower
    divisor = rule.divisor
    upper = min([divisor(s) / w for s, w in zip(seats, weights, strict=True) if w > 0])
    lower = max(
        [
            divisor(s - 1) / w
            for s, w, low in zip(seats, weights, least, strict=True)
            if s > low and w > 0
        ],
        default=0.0,
    )
    return upper, lower


def _round(weights: list[float], step: float, least: list[int], rule: _Rule) -> list[int]:
    """Each cell's seats at the multiplier `step`: the divisors d(0), d(1), ... up to its
    quotient, at least its minimum; none for a cell without votes."""
    scale = step / rule.slope
    offset = rule.offset
    # floor(q / slope + offset) counts the divisors up to q for D'Hondt and Sainte-Laguë.
    seats = [int(w * scale + offset) if w > 0 else 0 for w in weights]
    if not rule.is_linear:
        # Other divisors are only near slope·k + 1 - offset·slope: correct by one or two.
        divisor = rule.divisor
        for i, w in enumerate(weights):
            s, quotient = seats[i], w * step
            if w <= 0:
                continue
            while s > 0 and divisor(s - 1) > quotient:
                s -= 1
            while divisor(s) <= quotient:
                s += 1
            seats[i] = s
    if any(least):
        return [s if s > low else low for s, low in zip(seats, least, strict=True)]
    return seats
