"""Alternating scaling for small biproportional grids, in plain Python without numpy.

For a few dozen cells numpy's cost per call outweighs its speed (measured: a 5 x 4 grid
took three times biprop's whole call). Each half-step gives every row its seats by the
method at a float multiplier chosen for that row: rounding at an estimate, then single
seats moved to the highest priority (or from the lowest) until the row's sum is right;
the row's multiplier is then taken between its last seat given and its next. As in
_lower.alternate the floats only find seats and multipliers: _proof.prove checks them
exactly afterwards. Where the scaling does not settle in a few steps (ties, hard grids)
the caller falls back to _lower.alternate, which handles stalls.
"""

from __future__ import annotations

import math
from collections.abc import Callable

import numpy as np

from soviet.methods._divisor import Divisors
from soviet.methods._lower import Floats, Ints, Problem
from soviet.methods._small import float_divisor

#: Cells up to which plain Python beats the numpy scaling (measured: a 5 x 4 grid 0.4 to
#: 0.75 of numpy's time, a 9 x 10 grid about 1.05 to 1.1).
SMALL_GRID = 40
#: Half-steps tried before leaving the grid to the numpy scaling.
_HALF_STEPS = 24
#: Proportional corrections of a row's multiplier before single seats are moved.
_RESCALES = 4

Row = tuple[list[int], float]


def alternate_small(problem: Problem) -> tuple[Ints, Floats, Floats, bool] | None:
    """As _lower.alternate on lists: seats, row and column multipliers, and True; None
    when the scaling does not settle within _HALF_STEPS (the caller then uses numpy)."""
    floats = [[float(v) for v in line] for line in problem.votes]
    transposed = [list(column) for column in zip(*floats, strict=True)]
    minimum = problem.minimum.tolist()
    minimum_t = [list(column) for column in zip(*minimum, strict=True)]
    rows, columns = problem.rows.tolist(), problem.columns.tolist()
    how = (problem.divisors, float_divisor(problem.divisors))
    slope = problem.divisors.method.slope
    column_mult = [
        c * slope / max(sum(line), 1e-300) for c, line in zip(columns, transposed, strict=True)
    ]
    row_mult: list[float] | None = None
    for _ in range(_HALF_STEPS):
        found = _scale(floats, column_mult, (rows, minimum, row_mult), how)
        if found is None:
            return None
        seats, row_mult = found
        if [sum(column) for column in zip(*seats, strict=True)] == columns:
            return _arrays(seats, row_mult, column_mult)
        found = _scale(transposed, row_mult, (columns, minimum_t, column_mult), how)
        if found is None:
            return None
        seats_t, column_mult = found
        if [sum(line) for line in zip(*seats_t, strict=True)] == rows:
            seats = [list(line) for line in zip(*seats_t, strict=True)]
            return _arrays(seats, row_mult, column_mult)
    return None


def _arrays(
    seats: list[list[int]], row_mult: list[float], column_mult: list[float]
) -> tuple[Ints, Floats, Floats, bool]:
    return (
        np.array(seats, dtype=np.int64),
        np.array(row_mult, dtype=np.float64),
        np.array(column_mult, dtype=np.float64),
        True,
    )


def _scale(
    weights: list[list[float]],
    other: list[float],
    bounds: tuple[list[int], list[list[int]], list[float] | None],
    how: tuple[Divisors, Callable[[int], float]],
) -> tuple[list[list[int]], list[float]] | None:
    """Every row's seats and multiplier with the other side's multipliers held fixed,
    starting from the rows' last multipliers where there are any."""
    targets, minimum, guesses = bounds
    seats, multipliers = [], []
    for r, (line, target, least) in enumerate(zip(weights, targets, minimum, strict=True)):
        guess = 0.0 if guesses is None else guesses[r]
        scaled = [w * m for w, m in zip(line, other, strict=True)]
        row = _row(scaled, target, (least, guess), how)
        if row is None:
            return None
        seats.append(row[0])
        multipliers.append(row[1])
    return seats, multipliers


def _row(
    weights: list[float],
    target: int,
    bounds: tuple[list[int], float],
    how: tuple[Divisors, Callable[[int], float]],
) -> Row | None:
    """One row's seats summing to `target` (each cell with votes at least its minimum,
    cells without votes none) and a multiplier strictly between its last seat given and
    its next, where the floats can tell them apart."""
    least, guess = bounds
    divisors, divisor = how
    method = divisors.method
    total = math.fsum(weights)
    if total <= 0:
        return None
    positive = [i for i, w in enumerate(weights) if w > 0]
    # The method's rounding at a multiplier that fills the row about right: the last
    # step's, else the row's share; rescaled while it misses by more than a seat.
    shift = len(positive) * (0.5 - method.offset)
    step = guess if guess > 0 else method.slope * (target + shift) / total
    seats = _round(weights, step, least, how)
    missing = target - sum(seats)
    for _ in range(_RESCALES):
        if abs(missing) <= 1:
            break
        step *= max(target + shift, 0.5) / max(target - missing + shift, 0.5)
        seats = _round(weights, step, least, how)
        missing = target - sum(seats)
    while missing > 0:
        i = max(positive, key=lambda j: weights[j] / divisor(seats[j]))
        seats[i] += 1
        missing -= 1
    while missing < 0:
        held = [j for j in positive if seats[j] > least[j]]
        if not held:
            return None
        i = min(held, key=lambda j: weights[j] / divisor(seats[j] - 1))
        seats[i] -= 1
        missing += 1
    upper = min([divisor(seats[i]) / weights[i] for i in positive])
    lower = max(
        [divisor(seats[i] - 1) / weights[i] for i in positive if seats[i] > least[i]],
        default=0.0,
    )
    return seats, math.sqrt(lower * upper) if lower > 0 else upper / 2


def _round(
    weights: list[float],
    step: float,
    least: list[int],
    how: tuple[Divisors, Callable[[int], float]],
) -> list[int]:
    """Each cell's seats at the multiplier `step`: the divisors d(0), d(1), ... up to its
    quotient, at least its minimum; none for a cell without votes."""
    divisors, divisor = how
    slope, offset = divisors.method.slope, divisors.method.offset
    scale = step / slope
    # floor(q / slope + offset) counts the divisors up to q for D'Hondt and Sainte-Laguë.
    seats = [int(w * scale + offset) if w > 0 else 0 for w in weights]
    if divisors.first is not None or divisors.method.name not in ("dhondt", "sainte-lague"):
        # Other divisors are only near slope·k + 1 - offset·slope: correct by one or two.
        for i, w in enumerate(weights):
            s, quotient = seats[i], w * step
            if w <= 0:
                continue
            while s > 0 and divisor(s - 1) > quotient:
                s -= 1
            while divisor(s) <= quotient:
                s += 1
            seats[i] = s
    return [s if s > low else low for s, low in zip(seats, least, strict=True)]
