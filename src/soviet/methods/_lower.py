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
Bools = npt.NDArray[np.bool_]
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
    if divisors.first is None and method.name in ("dhondt", "sainte-lague"):
        # floor(q / slope + offset) already counts the divisors slope·k + 1 up to q.
        return seats
    for _ in range(2):
        seats = seats + (divisors.floats(seats) <= quotient)
        seats = seats - ((seats > 0) & (divisors.floats(np.maximum(seats - 1, 0)) > quotient))
    return seats


def _scale_rows(
    problem: Problem, weights: Floats, bounds: tuple[Ints, Ints], guess: Floats | None
) -> tuple[Ints, Floats]:
    """Row multipliers and seats so that each row sums to its target (columns held fixed)."""
    targets, minimum = bounds
    divisors, method = problem.divisors, problem.divisors.method
    positive = weights > 0
    mass = np.maximum(weights.sum(axis=1), 1e-300)
    multiplier = targets * method.slope / mass if guess is None else guess
    shift = positive.sum(axis=1) * (0.5 - method.offset)
    below, above = np.zeros_like(multiplier), np.full_like(multiplier, np.inf)
    for _ in range(8):
        quotient = weights * multiplier[:, None]
        seats = np.where(positive, np.maximum(rounding(divisors, quotient), minimum), 0)
        count = seats.sum(axis=1)
        if np.abs(count - targets).max(initial=0) <= 1:
            break
        # Proportional steps, kept inside the bracket of multipliers known too small or large.
        below = np.where(count < targets, np.maximum(below, multiplier), below)
        above = np.where(count > targets, np.minimum(above, multiplier), above)
        step = multiplier * np.maximum(targets + shift, 0.5) / np.maximum(count + shift, 0.5)
        inside = (step > below) & (step < above)
        with np.errstate(invalid="ignore", over="ignore"):
            middle = np.where(
                np.isfinite(above),
                np.where(below > 0, np.sqrt(below * above), above / 2),
                np.maximum(step, below * 2),
            )
        multiplier = np.where(inside, step, middle)
    while (missing := targets - seats.sum(axis=1)).any():
        _step(divisors, (weights, positive, minimum), seats, missing)
    return seats, _midpoints(divisors, weights, seats, minimum)


def _step(divisors: Divisors, grid: tuple[Floats, Bools, Ints], seats: Ints, missing: Ints) -> None:
    """One seat more to each row short of its target, one less to each row over it."""
    weights, positive, minimum = grid
    for rows, sign in ((np.flatnonzero(missing > 0), 1), (np.flatnonzero(missing < 0), -1)):
        if len(rows) == 0:
            continue
        held, ok, floor = seats[rows], positive[rows], minimum[rows]
        # Cells without votes (or at their minimum, for a seat less) never take the step.
        if sign > 0:
            cost = np.full(held.shape, np.inf)
            np.divide(divisors.floats(held), weights[rows], out=cost, where=ok)
            choice = cost.argmin(axis=1)
        else:
            last = np.full(held.shape, -np.inf)
            below = divisors.floats(np.maximum(held - 1, 0))
            np.divide(below, weights[rows], out=last, where=ok & (held > floor))
            choice = last.argmax(axis=1)
        seats[rows, choice] += sign


def _midpoints(divisors: Divisors, weights: Floats, seats: Ints, minimum: Ints) -> Floats:
    """For each row, a multiplier strictly inside the interval that yields these seats."""
    positive = weights > 0
    upper = np.full(weights.shape, np.inf)
    np.divide(divisors.floats(seats), weights, out=upper, where=positive)
    lower = np.zeros(weights.shape)
    below = divisors.floats(np.maximum(seats - 1, 0))
    np.divide(below, weights, out=lower, where=positive & (seats > minimum))
    upper, lower = upper.min(axis=1), lower.max(axis=1)
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
    row_mult: Floats | None = None
    while True:
        seats, row_mult = _scale_rows(
            problem, floats * column_mult[None, :], (problem.rows, problem.minimum), row_mult
        )
        error = int(np.abs(seats.sum(axis=0) - problem.columns).sum())
        if error == 0:
            return seats, row_mult, column_mult, True
        best, stalled = min(best, error), (stalled + 1 if error >= best else 0)
        if stalled > patience:
            return seats, row_mult, column_mult, False
        seats_t, column_mult = _scale_rows(
            problem,
            (floats * row_mult[:, None]).T,
            (problem.columns, problem.minimum.T),
            column_mult,
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
