"""Transfers for a biproportional apportionment the alternating scaling could not finish.

From seats with every sum right, the apportionment is found by cancelling cycles: seats
x are right when multipliers λ, μ exist with d(x-1) <= v·λ·μ <= d(x) in every cell, a
system of difference constraints in log λ and -log μ. Bellman-Ford over districts and
parties (vectorised, in float logarithms) either gives such multipliers or a cycle of
cells whose seats can be traded, every sum kept, to lower the product of divisors over
votes; then it runs again. At the end the multipliers are taken strictly inside every
cell's interval, so that the exact proof (_proof.py) only checks them. Floats only
estimate here: a near tie leaves this to the exact Bellman-Ford in Fractions.
"""

from __future__ import annotations

import numpy as np

from soviet.methods._lower import Floats, Ints, Problem

#: Potentials closer than this (in log) count as equal: float noise, not a transfer.
_NOISE = 1e-12
#: The margin (in log) kept inside every cell's interval by the final multipliers.
_MARGIN = 1e-8
_CYCLES = 200


def transfer(
    problem: Problem, seats: Ints, guess: tuple[Floats, Floats]
) -> tuple[Floats, Floats] | None:
    """Cancel float cycles in `seats` (in place) and return interior multipliers, or
    None when they cannot be found in floats (a near tie, or too many cycles)."""
    rows, columns = guess
    usable = bool(np.all(rows > 0) and np.all(columns > 0) and np.isfinite(rows).all())
    start = (
        (np.log(rows), -np.log(columns))
        if usable and np.isfinite(columns).all()
        else (np.zeros(len(rows)), np.zeros(len(columns)))
    )
    for _ in range(_CYCLES):
        gain, lose = _edges(problem, seats)
        found = _bellman_ford(gain, lose, start, _NOISE)
        if isinstance(found, list):
            for d, p, sign in found:
                seats[d, p] += sign
            continue
        interior = _bellman_ford(gain - _MARGIN, lose - _MARGIN, found, _NOISE)
        if isinstance(interior, list):
            return None
        rows, columns = interior
        shift = float(np.mean(rows))
        return np.exp(rows - shift), np.exp(shift - columns)
    return None


def _edges(problem: Problem, seats: Ints) -> tuple[Floats, Floats]:
    """Edge weights: party → district log(d(x)/v) (the cell could gain), district → party
    log(v/d(x-1)) (the cell could give one up); inf where there is no edge."""
    divisors, votes = problem.divisors, problem.floats
    positive = votes > 0
    with np.errstate(divide="ignore", invalid="ignore"):
        logv = np.where(positive, np.log(np.where(positive, votes, 1.0)), 0.0)
        gain = np.where(positive, np.log(divisors.floats(seats)) - logv, np.inf)
        below = divisors.floats(np.maximum(seats - 1, 0))
        can_lose = positive & (seats > problem.minimum) & (seats > 0)
        lose = np.where(can_lose, logv - np.log(below), np.inf)
    return gain, lose


def _bellman_ford(
    gain: Floats, lose: Floats, start: tuple[Floats, Floats], noise: float
) -> tuple[Floats, Floats] | list[tuple[int, int, int]]:
    """Shortest potentials (rows, columns), or a negative cycle as cells and signs."""
    rows, columns = start[0].copy(), start[1].copy()
    count_rows, count_columns = gain.shape
    row_parent = np.full(count_rows, -1)
    column_parent = np.full(count_columns, -1)
    every_row, every_column = np.arange(count_rows), np.arange(count_columns)
    for _ in range(count_rows + count_columns + 1):
        via = columns[None, :] + gain
        best = via.argmin(axis=1)
        value = via[every_row, best]
        better_rows = value < rows - noise
        rows = np.where(better_rows, value, rows)
        row_parent = np.where(better_rows, best, row_parent)
        via = rows[:, None] + lose
        best = via.argmin(axis=0)
        value = via[best, every_column]
        better_columns = value < columns - noise
        columns = np.where(better_columns, value, columns)
        column_parent = np.where(better_columns, best, column_parent)
        if not better_rows.any() and not better_columns.any():
            return rows, columns
    if better_rows.any():
        return _cycle(row_parent, column_parent, (0, int(np.flatnonzero(better_rows)[0])))
    return _cycle(row_parent, column_parent, (1, int(np.flatnonzero(better_columns)[0])))


def _cycle(
    row_parent: Ints, column_parent: Ints, node: tuple[int, int]
) -> list[tuple[int, int, int]]:
    """Walk parents back into the cycle from a node (0, district) or (1, party), then
    around it: +1 where a party's edge enters a district (the cell gains), -1 where a
    district's edge enters a party (the cell gives a seat up)."""
    parents = (row_parent, column_parent)
    for _ in range(len(row_parent) + len(column_parent)):
        node = (1 - node[0], int(parents[node[0]][node[1]]))
    start, cells = node, []
    while True:
        side, index = node
        other = int(parents[side][index])
        cells.append((index, other, 1) if side == 0 else (other, index, -1))
        node = (1 - side, other)
        if node == start:
            return cells
