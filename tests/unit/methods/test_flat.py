"""The flat scaling of common biproportional grids against the general path (hypothesis).

_flat.scale_flat returns seats only where its float margins prove them; everything else
goes to the per-row and numpy scalings. The outcome (seats, party seats, a tie raised,
a tie drawn and its record) must be the same with the flat scaling as without it, and
every multiplier it proves by must round every cell to its seats in exact arithmetic.
"""

from __future__ import annotations

import sys
from fractions import Fraction
from unittest.mock import patch

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from soviet.errors import InvalidInput
from soviet.methods import Tie, biproportional
from soviet.methods._flat import FLAT_GRID, is_flat, scale_flat
from soviet.methods.registry import METHODS

#: Votes from a few values (true ties, equal quotients) or from a wide band.
votes_st = st.one_of(st.integers(1, 4), st.integers(1, 10**6), st.integers(10**9, 10**12))
sides = st.integers(1, 6)
random_grids = st.tuples(sides, sides).flatmap(
    lambda shape: st.lists(
        st.lists(votes_st, min_size=shape[1], max_size=shape[1]),
        min_size=shape[0],
        max_size=shape[0],
    )
)
#: Votes r[d]·c[p]: their quotients tie across whole cycles of cells, and their floats
#: fall on either side of a divisor.
rank_one = st.tuples(
    st.lists(st.integers(1, 60), min_size=1, max_size=6),
    st.lists(st.integers(1, 60), min_size=1, max_size=6),
).map(lambda rc: [[r * c for c in rc[1]] for r in rc[0]])
grids = st.one_of(random_grids, rank_one).flatmap(
    lambda grid: st.tuples(
        st.just(grid), st.lists(st.integers(1, 12), min_size=len(grid), max_size=len(grid))
    )
)


def _outcome(
    votes: dict[tuple[int, int], int], seats: dict[int, int], method: str, ties: str
) -> object:
    try:
        result = biproportional(votes, seats, method=method, ties=ties, seed=7)
    except Tie as tie:
        return ("tie", tie.tied, tie.seats)
    except InvalidInput as error:
        return ("refused", str(error))
    return (dict(result), result.party_seats, result.draws)


@settings(max_examples=150, deadline=None)
@given(grids, st.sampled_from(["dhondt", "sainte-lague"]), st.sampled_from(["raise", "lot"]))
def test_the_flat_scaling_changes_no_outcome(
    case: tuple[list[list[int]], list[int]], method: str, ties: str
) -> None:
    grid, rows = case
    votes = {(d, p): v for d, line in enumerate(grid) for p, v in enumerate(line)}
    seats = dict(enumerate(rows))
    flat = _outcome(votes, seats, method, ties)
    module = sys.modules["soviet.methods.biproportional"]
    with patch.object(module, "scale_flat", lambda *_: None):
        assert _outcome(votes, seats, method, ties) == flat


def _divisor(method: str, k: int) -> Fraction:
    divisors = METHODS[method].divisors
    assert divisors is not None
    numerator, denominator = divisors(k)
    return Fraction(numerator, denominator)


@settings(max_examples=150, deadline=None)
@given(grids, st.sampled_from(["dhondt", "sainte-lague"]))
def test_proved_seats_round_exactly_at_their_multipliers(
    case: tuple[list[list[int]], list[int]], method: str
) -> None:
    grid, rows = case
    totals = [sum(column) for column in zip(*grid, strict=True)]
    # Any column sums adding up to the house will do for the lower apportionment.
    house, whole = sum(rows), sum(totals)
    columns = [house * t // whole for t in totals]
    columns[0] += house - sum(columns)
    if 0 in columns or not is_flat(grid, METHODS[method], has_minimum=False):
        return
    scaled = scale_flat(grid, (rows, columns), METHODS[method])
    if scaled is None:
        return
    for d, line in enumerate(grid):
        for p, vote in enumerate(line):
            x = scaled.seats[d][p]
            quotient = vote * Fraction(scaled.row_mult[d]) * Fraction(scaled.column_mult[p])
            assert quotient < _divisor(method, x)
            assert x == 0 or quotient > _divisor(method, x - 1)
    assert [sum(line) for line in scaled.seats] == rows
    assert [sum(column) for column in zip(*scaled.seats, strict=True)] == columns


def test_a_tie_is_left_to_the_general_path() -> None:
    votes = [[100, 100], [100, 100]]
    assert is_flat(votes, METHODS["sainte-lague"], has_minimum=False)
    assert scale_flat(votes, ([1, 1], [1, 1]), METHODS["sainte-lague"]) is None
    # Rank one: four cells tie for a seat, and the floats' first rounding fills every row
    # with one of the tied seatings.
    for method, votes, rows, tied in (
        ("sainte-lague", [[189, 1053], [371, 2067]], [9, 9], ((0, 0), (0, 1), (1, 0), (1, 1))),
        (
            "dhondt",
            [[1078, 1715], [1210, 1925], [858, 1365]],
            [9, 2, 9],
            ((0, 0), (0, 1), (2, 0), (2, 1)),
        ),
    ):
        cells = {(d, p): v for d, line in enumerate(votes) for p, v in enumerate(line)}
        with pytest.raises(Tie) as raised:
            biproportional(cells, dict(enumerate(rows)), method=method)
        assert raised.value.tied == tied


def test_only_the_common_case_is_flat() -> None:
    common = [[3, 4], [5, 6]]
    assert is_flat(common, METHODS["dhondt"], has_minimum=False)
    assert not is_flat(common, METHODS["dhondt"], has_minimum=True)
    assert not is_flat(common, METHODS["modified-sainte-lague"], has_minimum=False)
    assert not is_flat([[3, 0], [5, 6]], METHODS["dhondt"], has_minimum=False)
    assert not is_flat([[1] * (FLAT_GRID + 1)], METHODS["dhondt"], has_minimum=False)
