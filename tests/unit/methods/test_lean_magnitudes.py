"""The lean engine at every magnitude, on lists and on arrays, against the definition.

The reference gives seats one at a time to the highest exact priority w / d(k)
(Huntington-Hill by squares) and reports a tie when the last seat given and the best
seat not given are equal. Weights are drawn from 1 to 10^12 and beyond int64, and as
small multiples of one base, so that many priorities coincide exactly: those keys sit on
a divisor of the threshold and are recounted in ints, and some coincidences are true
ties; or as such multiples a unit or two off, so that priorities differ by less than
floats can tell. The lean engine must agree with the definition or decline (None); `allocate`
must then give the definition's seats, or raise Tie exactly when the definition ties.
"""

from __future__ import annotations

import heapq
from fractions import Fraction

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from soviet.methods import Tie, allocate
from soviet.methods._linear import _ARRAY, apportion_linear

LEAN = ["dhondt", "sainte-lague", "huntington-hill"]
DIVISOR = {"dhondt": (1, 1), "sainte-lague": (2, 1), "huntington-hill": (0, 0)}


def priority(weight: int, k: int, method: str) -> Fraction:
    """The exact (powered) priority of the (k+1)-th seat; Huntington-Hill's k = 0 never
    asks, since every key holds its first seat as a minimum."""
    if method == "dhondt":
        return Fraction(weight, k + 1)
    if method == "sainte-lague":
        return Fraction(weight, 2 * k + 1)
    return Fraction(weight * weight, k * (k + 1))


def reference(weights: list[int], house: int, method: str, least: int) -> list[int] | None:
    """Seats one by one to the highest priority after `least` each; None on a tie."""
    seats = [least] * len(weights)
    queue = [(-priority(w, least, method), i) for i, w in enumerate(weights) if w > 0]
    heapq.heapify(queue)
    last = None
    for _ in range(house - least * len(weights)):
        last, i = heapq.heappop(queue)
        seats[i] += 1
        heapq.heappush(queue, (-priority(weights[i], seats[i], method), i))
    if last is not None and queue and queue[0][0] == last:
        return None
    return seats


def check(weights: list[int], house: int, method: str) -> None:
    least = 1 if method == "huntington-hill" else 0
    expected = reference(weights, house, method, least)
    lean = apportion_linear(list(weights), house, method, least)
    if lean is not None:
        assert lean == expected
    names = {f"k{i}": w for i, w in enumerate(weights)}
    if expected is None:
        with pytest.raises(Tie):
            allocate(names, house, method, min_seats=least)
    else:
        assert list(allocate(names, house, method, min_seats=least).values()) == expected


MAGNITUDES = [10, 1_000, 5_000_000, 10**12, 2**70]


@st.composite
def problems(draw: st.DrawFn, shape: str) -> tuple[list[int], int, str]:
    method = draw(st.sampled_from(LEAN))
    top = draw(st.sampled_from(MAGNITUDES))
    low = 1 if method == "huntington-hill" else 0
    if shape == "lists":
        count = draw(st.integers(1, _ARRAY[method]))
    else:
        count = draw(st.integers(_ARRAY[method] + 1, _ARRAY[method] + 40))
    kind = draw(st.sampled_from(["multiples", "near multiples", "uniform"]))
    if kind != "uniform":
        # Small multiples of one base: priorities coincide, on the threshold and in ties;
        # or, a unit or two off, lie closer together than floats can tell apart.
        base = draw(st.integers(max(1, top // 64), top))
        factors = st.integers(low if kind == "multiples" else 1, 6)
        weights = [base * f for f in draw(st.lists(factors, min_size=count, max_size=count))]
        if kind == "near multiples":
            offsets = draw(st.lists(st.integers(0, 2), min_size=count, max_size=count))
            weights = [w + o for w, o in zip(weights, offsets, strict=True)]
    else:
        weights = draw(st.lists(st.integers(low, top), min_size=count, max_size=count))
    if sum(weights) == 0:
        weights[0] = 1
    least = 1 if method == "huntington-hill" else 0
    house = least * count + draw(st.integers(1, 3 * count))
    return weights, house, method


@settings(max_examples=150)
@given(problems("lists"))
def test_the_lean_list_engine_equals_the_definition_at_every_magnitude(
    problem: tuple[list[int], int, str],
) -> None:
    check(*problem)


@settings(max_examples=40)
@given(problems("arrays"))
def test_the_lean_array_engine_equals_the_definition_at_every_magnitude(
    problem: tuple[list[int], int, str],
) -> None:
    check(*problem)


@pytest.mark.parametrize("method", LEAN)
@pytest.mark.parametrize("scale", [1, 10**6, 2**70])
@pytest.mark.parametrize("count", [10, 300])
def test_keys_exactly_on_the_threshold_are_recounted_in_ints(
    method: str, scale: int, count: int
) -> None:
    # Half the keys weigh 2, half 1 (times scale); every seat below is at a priority equal to
    # the threshold or clear of it, and the house takes exactly the seats at or above it.
    weights = [2 * scale] * count + [scale] * count
    house = {"dhondt": 3 * count, "sainte-lague": 4 * count, "huntington-hill": 3 * count}[method]
    expected = reference(weights, house, method, 1 if method == "huntington-hill" else 0)
    assert expected is not None
    assert apportion_linear(
        list(weights), house, method, 1 if method == "huntington-hill" else 0
    ) == (expected)
    check(weights, house, method)


@pytest.mark.parametrize("method", LEAN)
@pytest.mark.parametrize("count", [12, 1_000])
@pytest.mark.parametrize("band", [(1, 10**6), (1_000, 5_000_000), (10**9, 10**12)])
def test_the_common_case_takes_the_lean_engine(
    method: str, count: int, band: tuple[int, int]
) -> None:
    # Not a timing: that the fast path is the one taken on ordinary votes, so the property
    # tests above exercise what users run.
    import random

    rng = random.Random(f"{method}{count}{band}")
    weights = [rng.randint(*band) for _ in range(count)]
    least = 1 if method == "huntington-hill" else 0
    house = least * count + 5 * count
    lean = apportion_linear(list(weights), house, method, least)
    expected = reference(weights, house, method, least)
    assert expected is not None
    assert lean == expected
