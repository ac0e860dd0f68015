"""The common biproportional grid, scaled in flat lists and proved by float margins.

The common case is D'Hondt or Sainte-Laguë, no minimums, votes in every cell. Its
alternating scaling runs here on one flat list of cells per side, each pass over all
cells at once. A row's seats are its cells' positions u = v·μ·λ / slope + offset
rounded down, at the row's multiplier λ; where the rounding does not fill the row, seats
are moved as in _scaling. The seats are then proved by the positions' margins: a cell at
position u with x seats has d(x-1) < v·λ·μ < d(x) exactly when x < u < x + 1 (d(k) =
slope·(k + 1 - offset)), and u is computed within a few roundings (relative 1e-15) of
its exact value, so fractional parts all inside (slack, 1 - slack), slack = 1e-9·(1 +
the largest u), prove every cell. With both sides' sums right this is the
biproportional apportionment, and the only one: any other seats y differ from x by
cycles of +1 and -1, and each such cycle strictly raises Gaffke and Pukelsheim's sum
over cells of log(d(k) / v) for k < x, which the apportionments minimise.

Anything this does not prove (true ties, cells within float error of a divisor, grids
the scaling does not settle) returns None, and the caller scales as before
(_scaling.alternate_small, _lower.alternate), so such grids keep their seats and draws.
"""

from __future__ import annotations

import itertools
import math
import operator

from soviet.methods._scaling import Grid, Scaled, _row_seats, _Rule
from soviet.methods.registry import Method

#: Cells up to which the flat scaling beats numpy's (measured on 2026-12-04: a 9 x 10 grid
#: 0.75 to 0.85 of numpy's time; 20 x 10 from 0.96 to 1.12 of it, so numpy's from there).
FLAT_GRID = 100
#: Half-steps tried before leaving the grid to the other scalings.
_HALF_STEPS = 24
#: Relative error far above the few roundings of a position, far below any real gap.
_SLACK = 1e-9
#: A row with seats moved is proved when its next seat's priority exceeds its last one's
#: by this factor (as in _scaling).
_MARGIN = 1 + 1e-9
#: Multipliers kept inside this range keep every product v·λ·μ normal.
_RANGE = (1e-150, 1e150)
#: Votes up to this many bits keep every float product finite and nonzero.
_WIDEST = 300

_mul, _add, _sub, _div = operator.mul, operator.add, operator.sub, operator.truediv
_chain, _repeat = itertools.chain.from_iterable, itertools.repeat


def is_flat(votes: Grid, method: Method, has_minimum: bool) -> bool:
    """True for the grids this scaling takes."""
    return (
        not has_minimum
        and method.name in ("dhondt", "sainte-lague")
        and len(votes) * len(votes[0]) <= FLAT_GRID
        and all(map(all, votes))
        and max(map(max, votes)).bit_length() <= _WIDEST
    )


def scale_flat(votes: Grid, sums: tuple[list[int], list[int]], method: Method) -> Scaled | None:
    """Seats for a grid is_flat takes, proved; None where the margins do not prove them."""
    rows, columns = sums
    flat = list(map(float, _chain(votes)))
    flat_t: list[float] | None = None
    how = (method.slope, method.offset)
    column_mult = [
        c * method.slope / total
        for c, total in zip(columns, map(sum, zip(*votes, strict=True)), strict=True)
    ]
    row_mult: list[float] | None = None
    # A half-step the margins do not prove has cells at a divisor, as ties have: the other
    # scalings take the grid at once rather than after every half-step.
    for _ in range(_HALF_STEPS):
        found = _half(flat, column_mult, (rows, row_mult), how)
        if found is None or not found[2]:
            return None
        seats, row_mult, _ = found
        if list(map(sum, zip(*seats, strict=True))) == columns:
            return Scaled(seats, row_mult, column_mult, True)
        if flat_t is None:
            flat_t = list(map(float, _chain(zip(*votes, strict=True))))
        found = _half(flat_t, row_mult, (columns, column_mult), how)
        if found is None or not found[2]:
            return None
        seats_t, column_mult, _ = found
        if list(map(sum, zip(*seats_t, strict=True))) == rows:
            seats = [list(line) for line in zip(*seats_t, strict=True)]
            return Scaled(seats, row_mult, column_mult, True)
    return None


def _half(
    flat: list[float],
    other: list[float],
    bounds: tuple[list[int], list[float] | None],
    how: tuple[float, float],
) -> tuple[Grid, list[float], bool] | None:
    """Every row's seats and multiplier with the other side's held fixed (from the rows'
    last multipliers where there are any), and whether the margins prove every row."""
    targets, guesses = bounds
    slope, offset = how
    width = len(other)
    starts = range(0, len(flat), width)
    scaled = list(map(_mul, flat, other * len(targets)))
    if guesses is None:
        # The row's share of its seats, where rounding loses about offset - 1/2 a seat per cell.
        shift = width * (0.5 - offset)
        steps = [
            slope * (t + shift) / sum(scaled[i : i + width])
            for t, i in zip(targets, starts, strict=True)
        ]
    else:
        steps = guesses
    scales = _chain(map(_repeat, [step / slope for step in steps], _repeat(width)))
    positions = list(map(_mul, scaled, scales))
    if offset:
        positions = list(map(_add, positions, _repeat(offset)))
    counted = list(map(int, positions))
    seats = [counted[i : i + width] for i in starts]
    if list(map(sum, seats)) != targets:
        return _moved(scaled, seats, (targets, steps), how)
    fractions = list(map(_sub, positions, counted))
    slack = _SLACK * (max(positions) + 1.0)
    is_proved = min(fractions) > slack and max(fractions) < 1.0 - slack
    if not (_RANGE[0] < min(steps) and max(steps) < _RANGE[1]):
        return None
    return seats, list(steps), is_proved


def _moved(
    scaled: list[float],
    seats: Grid,
    bounds: tuple[list[int], list[float]],
    how: tuple[float, float],
) -> tuple[Grid, list[float], bool] | None:
    """The half-step where some rows' rounding missed: their seats moved as _scaling moves
    them, and every row's multiplier between its last seat given and its next."""
    targets, steps = bounds
    slope, offset = how
    rule = _Rule(slope, offset, lambda k: k * slope + 1.0, True)
    width = len(seats[0])
    zeros = [0] * width
    for r, (line, target, step) in enumerate(zip(seats, targets, steps, strict=True)):
        if sum(line) != target:
            moved = _row_seats(scaled[r * width : (r + 1) * width], target, (zeros, step), rule)
            if moved is None:
                return None
            seats[r] = moved
    counted = list(_chain(seats))
    starts = range(0, len(scaled), width)
    upper = list(map(_div, [s * slope + 1.0 for s in counted], scaled))
    # A cell without seats gives (1 - slope) / w <= 0 here, below every cell with seats.
    lower = list(map(_div, [(s - 1) * slope + 1.0 for s in counted], scaled))
    highs = list(map(min, [upper[i : i + width] for i in starts]))
    lows = list(map(max, [lower[i : i + width] for i in starts]))
    pairs = list(zip(lows, highs, strict=True))
    multipliers = [math.sqrt(low * high) if low > 0 else high / 2 for low, high in pairs]
    if not (_RANGE[0] < min(multipliers) and max(multipliers) < _RANGE[1]):
        return None
    return seats, multipliers, all(low <= 0 or high > low * _MARGIN for low, high in pairs)
