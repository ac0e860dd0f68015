"""Biproportional apportionment: sums, a slow exact reference, ties, quorums, guarantees."""

from __future__ import annotations

import itertools
import sys
from fractions import Fraction
from unittest.mock import patch

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from soviet.errors import InvalidInput
from soviet.methods import Tie, allocate, biproportional
from soviet.methods._lower import Floats, Ints, Problem, alternate
from soviet.methods.registry import METHODS


def compositions(total: int, parts: int) -> list[tuple[int, ...]]:
    """Every way to write total as an ordered sum of `parts` non-negative ints."""
    if parts == 1:
        return [(total,)]
    return [
        (first, *rest)
        for first in range(total + 1)
        for rest in compositions(total - first, parts - 1)
    ]


def cost(votes: list[list[int]], x: list[tuple[int, ...]], method: str) -> Fraction:
    """Product over cells of d(0)·…·d(x-1) / v**x: the biproportional apportionment is the
    unique minimiser when there is no tie (Gaffke and Pukelsheim 2008)."""
    divisors = METHODS[method].divisors
    assert divisors is not None
    value = Fraction(1)
    for row_votes, row_seats in zip(votes, x, strict=True):
        for vote, seats in zip(row_votes, row_seats, strict=True):
            for k in range(seats):
                numerator, denominator = divisors(k)
                value *= Fraction(numerator, denominator * vote)
    return value


def reference(
    votes: list[list[int]], rows: list[int], columns: list[int], method: str
) -> list[list[tuple[int, ...]]]:
    """All minimisers, by enumerating every matrix with the right row and column sums."""
    best: list[list[tuple[int, ...]]] = []
    best_cost = None
    for x in itertools.product(*(compositions(r, len(columns)) for r in rows)):
        if [sum(col) for col in zip(*x, strict=True)] != columns:
            continue
        value = cost(votes, list(x), method)
        if best_cost is None or value < best_cost:
            best, best_cost = [list(x)], value
        elif value == best_cost:
            best.append(list(x))
    return best


small = st.integers(2, 3).flatmap(
    lambda d: st.integers(2, 3).flatmap(
        lambda p: st.tuples(
            st.lists(st.lists(st.integers(1, 60), min_size=p, max_size=p), min_size=d, max_size=d),
            st.lists(st.integers(1, 3), min_size=d, max_size=d),
        )
    )
)


@settings(max_examples=80, deadline=None)
@given(small, st.sampled_from(["sainte-lague", "dhondt"]))
def test_equals_a_slow_exact_reference_on_small_cases(
    case: tuple[list[list[int]], list[int]], method: str
) -> None:
    votes, rows = case
    totals = {p: sum(row[p] for row in votes) for p in range(len(votes[0]))}
    try:
        columns = allocate(totals, sum(rows), method)
    except Tie:
        assume(False)
        raise
    cells = {(d, p): v for d, row in enumerate(votes) for p, v in enumerate(row)}
    expected = reference(votes, rows, [columns[p] for p in totals], method)
    if len(expected) > 1:
        with pytest.raises(Tie):
            biproportional(cells, dict(enumerate(rows)), party_seats=dict(columns), method=method)
        return
    got = biproportional(cells, dict(enumerate(rows)), party_seats=dict(columns), method=method)
    assert [
        tuple(got[(d, p)] for p in range(len(votes[0]))) for d in range(len(votes))
    ] == expected[0]
    for d, seats in enumerate(rows):
        assert sum(got[(d, p)] for p in totals) == seats
    for p, seats in columns.items():
        assert sum(got[(d, p)] for d in range(len(rows))) == seats


@settings(max_examples=30, deadline=None)
@given(
    st.lists(st.lists(st.integers(0, 10**5), min_size=6, max_size=6), min_size=8, max_size=8),
    st.lists(st.integers(1, 12), min_size=8, max_size=8),
    st.sampled_from(["votes", "voter-numbers"]),
)
def test_every_row_and_column_sum_holds(
    votes: list[list[int]], rows: list[int], upper: str
) -> None:
    assume(all(any(row) for row in votes))
    cells = {(f"d{d}", f"p{p}"): v for d, row in enumerate(votes) for p, v in enumerate(row)}
    seats = {f"d{d}": s for d, s in enumerate(rows)}
    try:
        got = biproportional(cells, seats, upper=upper)
    except Tie:
        assume(False)
        raise
    except InvalidInput as error:
        failure = str(error)
    else:
        failure = ""
    if failure:
        assert failure.startswith("no biproportional apportionment")
        return
    for d, s in seats.items():
        assert sum(v for (dd, _), v in got.items() if dd == d) == s
    for p, s in got.party_seats.items():
        assert sum(v for (_, pp), v in got.items() if pp == p) == s


def test_a_constructed_tie_is_reported_or_drawn_by_lot() -> None:
    votes = {("A", "x"): 100, ("A", "y"): 100, ("B", "x"): 100, ("B", "y"): 100}
    with pytest.raises(Tie) as raised:
        biproportional(votes, {"A": 1, "B": 1})
    assert raised.value.tied == (("A", "x"), ("A", "y"), ("B", "x"), ("B", "y"))
    assert raised.value.seats == 2
    drawn = biproportional(votes, {"A": 1, "B": 1}, ties="lot", seed=3)
    assert sorted(drawn.values()) == [0, 0, 1, 1]
    assert drawn["A", "x"] == drawn["B", "y"]
    assert len(drawn.draws) == 1
    assert drawn == biproportional(votes, {"A": 1, "B": 1}, ties="lot", seed=3)


def test_quorums_let_in_a_party_passing_either() -> None:
    votes = {
        ("A", "big"): 900,
        ("A", "local"): 100,
        ("B", "big"): 990,
        ("B", "local"): 10,
        ("B", "tiny"): 1,
    }
    seats = biproportional(votes, {"A": 10, "B": 10}, district_quorum=Fraction(1, 10))
    assert seats.party_seats == {"big": 19, "local": 1, "tiny": 0}
    seats = biproportional(votes, {"A": 10, "B": 10}, total_quorum=Fraction(1, 10))
    assert seats.party_seats == {"big": 20, "local": 0, "tiny": 0}


def test_winner_take_one_gives_the_strongest_party_a_seat() -> None:
    votes = {("A", "x"): 60, ("A", "y"): 40, ("B", "x"): 45, ("B", "y"): 55}
    plain = biproportional(votes, {"A": 1, "B": 1}, party_seats={"x": 2, "y": 0})
    assert plain == {("A", "x"): 1, ("A", "y"): 0, ("B", "x"): 1, ("B", "y"): 0}
    guaranteed = biproportional(
        votes, {"A": 1, "B": 1}, party_seats={"x": 1, "y": 1}, winner_take_one=True
    )
    assert guaranteed == {("A", "x"): 1, ("A", "y"): 0, ("B", "x"): 0, ("B", "y"): 1}


def _stalled(problem: Problem) -> tuple[Ints, Floats, Floats, bool]:
    """The alternating scaling stopped at once, as when it oscillates."""
    seats, rows, columns, _ = alternate(problem, patience=0)
    return seats, rows, columns, False


@settings(max_examples=80, deadline=None)
@given(small, st.sampled_from(["sainte-lague", "dhondt"]))
def test_float_transfers_equal_the_slow_exact_reference(
    case: tuple[list[list[int]], list[int]], method: str
) -> None:
    votes, rows = case
    totals = {p: sum(row[p] for row in votes) for p in range(len(votes[0]))}
    try:
        columns = allocate(totals, sum(rows), method)
    except Tie:
        assume(False)
        raise
    cells = {(d, p): v for d, row in enumerate(votes) for p, v in enumerate(row)}
    expected = reference(votes, rows, [columns[p] for p in totals], method)
    module = sys.modules["soviet.methods.biproportional"]
    # The plain-Python scaling of small grids stands aside, so the numpy one stalls.
    with (
        patch.object(module, "alternate", _stalled),
        patch.object(module, "alternate_small", lambda *_: None),
    ):
        if len(expected) > 1:
            with pytest.raises(Tie):
                biproportional(cells, dict(enumerate(rows)), party_seats=columns, method=method)
            return
        got = biproportional(cells, dict(enumerate(rows)), party_seats=columns, method=method)
    assert [tuple(got[(d, p)] for p in totals) for d in range(len(votes))] == expected[0]


grids = st.integers(2, 6).flatmap(
    lambda d: st.integers(2, 6).flatmap(
        lambda p: st.tuples(
            st.lists(
                st.lists(st.integers(0, 10**6), min_size=p, max_size=p), min_size=d, max_size=d
            ),
            st.lists(st.integers(1, 12), min_size=d, max_size=d),
        )
    )
)


@settings(max_examples=80, deadline=None)
@given(
    grids,
    st.sampled_from(["sainte-lague", "dhondt", "modified-sainte-lague"]),
    st.booleans(),
)
def test_small_grids_get_the_same_seats_by_plain_python_as_by_numpy(
    case: tuple[list[list[int]], list[int]], method: str, winner_take_one: bool
) -> None:
    votes, rows = case
    cells = {(d, p): v for d, row in enumerate(votes) for p, v in enumerate(row)}
    seats = dict(enumerate(rows))

    def outcome() -> object:
        # A true tie is refused either way; which seats a lot would give depends on the
        # order the path found the tied cells in, so it is not compared.
        try:
            return biproportional(cells, seats, method=method, winner_take_one=winner_take_one)
        except Tie:
            return "tie"
        except InvalidInput as error:
            return str(error)

    plain = outcome()
    module = sys.modules["soviet.methods.biproportional"]
    with patch.object(module, "alternate_small", lambda *_: None):
        assert outcome() == plain
