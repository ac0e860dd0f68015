"""The lower apportionment of the biproportional method: alternating scaling, then proof.

Seats x[d, p] = round(v[d, p] · λ[d] · μ[p]) by the method's rounding, with every district
sum and party sum right. Floats find x and the multipliers by alternating scaling (each
half-step an exact-count divisor apportionment per row, vectorised); the result is then
proved exactly: each cell's rounding is checked with the multipliers as Fractions, and
cells on the boundary are settled by an exact shortest-path repair (_proof.py), which also
finds true ties: cycles of cells that could trade a seat with every sum kept.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import cast

import numpy as np
import numpy.typing as npt

from soviet.methods._divisor import Divisors

Ints = npt.NDArray[np.int64]
Floats = npt.NDArray[np.float64]
_SLACK = 1e-9


@dataclass(frozen=True)
class Problem:
    """One lower apportionment: weights v, cell minimums, row and column seat targets."""

    votes: list[list[int]]
    floats: Floats
    minimum: Ints
    rows: Ints
    columns: Ints
    divisors: Divisors


def rounding(divisors: Divisors, quotient: Floats) -> Ints:
    """Seats for float quotients: how many divisors d(0), d(1), ... are at most each one."""
    method = divisors.method
    guess = np.floor(np.maximum(quotient, 0) / method.slope + method.offset)
    seats = cast(Ints, np.maximum(guess, 0).astype(np.int64))
    for _ in range(2):
        seats = seats + (divisors.floats(seats) <= quotient)
        seats = seats - ((seats > 0) & (divisors.floats(np.maximum(seats - 1, 0)) > quotient))
    return seats


def _scale_rows(
    problem: Problem, weights: Floats, targets: Ints, minimum: Ints
) -> tuple[Ints, Floats]:
    """Row multipliers and seats so that each row sums to its target (columns held fixed)."""
    divisors = problem.divisors
    positive = weights > 0
    guess = targets * divisors.method.slope / np.maximum(weights.sum(axis=1), 1e-300)
    seats = np.maximum(rounding(divisors, weights * guess[:, None]), minimum)
    seats = np.where(positive, seats, 0)
    rows = np.arange(len(targets))
    while (missing := targets - seats.sum(axis=1)).any():
        with np.errstate(divide="ignore", invalid="ignore"):
            gain = np.where(positive, divisors.floats(seats) / weights, np.inf)
            lose = np.where(
                positive & (seats > minimum),
                divisors.floats(np.maximum(seats - 1, 0)) / weights,
                -np.inf,
            )
        up, down = missing > 0, missing < 0
        seats[rows[up], gain[up].argmin(axis=1)] += 1
        seats[rows[down], lose[down].argmax(axis=1)] -= 1
    return seats, _midpoints(divisors, weights, seats, minimum)


def _midpoints(divisors: Divisors, weights: Floats, seats: Ints, minimum: Ints) -> Floats:
    """For each row, a multiplier strictly inside the interval that yields these seats."""
    positive = weights > 0
    with np.errstate(divide="ignore", invalid="ignore"):
        upper = np.where(positive, divisors.floats(seats) / weights, np.inf).min(axis=1)
        lower = np.where(
            positive & (seats > minimum), divisors.floats(np.maximum(seats - 1, 0)) / weights, 0.0
        ).max(axis=1)
    middle = np.where(lower > 0, np.sqrt(lower * upper), upper / 2)
    return cast(Floats, np.where(np.isfinite(upper), middle, lower * 2))


def alternate(problem: Problem, patience: int = 12) -> tuple[Ints, Floats, Floats, bool]:
    """Alternating scaling until both sums hold: seats, row and column multipliers, and
    whether it converged; if it stalls (ties make it oscillate), seats with rows right."""
    floats = problem.floats
    best, stalled = np.inf, 0
    columns = (
        problem.columns * problem.divisors.method.slope / np.maximum(floats.sum(axis=0), 1e-300)
    )
    column_mult = cast(Floats, columns.astype(np.float64))
    while True:
        seats, row_mult = _scale_rows(
            problem, floats * column_mult[None, :], problem.rows, problem.minimum
        )
        error = int(np.abs(seats.sum(axis=0) - problem.columns).sum())
        if error == 0:
            return seats, row_mult, column_mult, True
        best, stalled = min(best, error), (stalled + 1 if error >= best else 0)
        if stalled > patience:
            return seats, row_mult, column_mult, False
        seats_t, column_mult = _scale_rows(
            problem, (floats * row_mult[:, None]).T, problem.columns, problem.minimum.T
        )
        if np.array_equal(seats_t.sum(axis=0), problem.rows):
            return seats_t.T.copy(), row_mult, column_mult, True


def uncertain_cells(problem: Problem, seats: Ints, row_mult: Floats, column_mult: Floats) -> Ints:
    """Cells whose rounding the floats cannot vouch for: within float error of a boundary."""
    divisors = problem.divisors
    quotient = problem.floats * row_mult[:, None] * column_mult[None, :]
    positive = problem.floats > 0
    upper = divisors.floats(seats)
    lower = np.where(seats > problem.minimum, divisors.floats(np.maximum(seats - 1, 0)), 0.0)
    close = (quotient >= upper * (1 - _SLACK)) | (quotient <= lower * (1 + _SLACK))
    return np.argwhere(positive & close)
