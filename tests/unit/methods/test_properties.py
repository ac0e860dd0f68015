"""Invariants of every method, checked on generated elections (hypothesis)."""

from __future__ import annotations

import math
from fractions import Fraction

from hypothesis import assume, given, settings
from hypothesis import strategies as st

from soviet.methods import Tie, allocate

DIVISOR = ["dhondt", "sainte-lague", "modified-sainte-lague", "huntington-hill", "adams", "dean"]
QUOTA = ["hare", "droop"]
weights_st = st.lists(st.integers(min_value=1, max_value=10**6), min_size=1, max_size=12).map(
    lambda ws: {f"k{i}": w for i, w in enumerate(ws)}
)
fast = settings(max_examples=60, deadline=None)


def solve(weights: dict[str, int], seats: int, method: str, **options: object) -> dict[str, int]:
    try:
        return dict(allocate(weights, seats, method, **options))  # type: ignore[arg-type]
    except Tie:
        assume(False)
        raise


@fast
@given(weights_st, st.integers(0, 200), st.sampled_from(DIVISOR + QUOTA))
def test_seats_add_up(weights: dict[str, int], seats: int, method: str) -> None:
    assume(method not in ("huntington-hill", "adams", "dean") or seats >= len(weights))
    assert sum(solve(weights, seats, method).values()) == seats


@fast
@given(weights_st, st.integers(0, 100), st.sampled_from(DIVISOR))
def test_divisor_methods_are_house_monotone(
    weights: dict[str, int], seats: int, method: str
) -> None:
    assume(method not in ("huntington-hill", "adams", "dean") or seats >= len(weights))
    smaller, larger = solve(weights, seats, method), solve(weights, seats + 1, method)
    assert all(larger[key] >= smaller[key] for key in weights)


@fast
@given(weights_st, st.integers(1, 100), st.sampled_from(DIVISOR), st.integers(1, 10**5))
def test_divisor_methods_are_population_monotone(
    weights: dict[str, int], seats: int, method: str, growth: int
) -> None:
    assume(method not in ("huntington-hill", "adams", "dean") or seats >= len(weights))
    before = solve(weights, seats, method)
    grown = {**weights, "k0": weights["k0"] + growth}
    after = solve(grown, seats, method)
    assert after["k0"] >= before["k0"]
    assert all(after[key] <= before[key] for key in weights if key != "k0")


@fast
@given(weights_st, st.integers(0, 200))
def test_hare_satisfies_the_quota_rule(weights: dict[str, int], seats: int) -> None:
    result = solve(weights, seats, "hare")
    total = sum(weights.values())
    for key, weight in weights.items():
        quota = Fraction(weight * seats, total)
        assert math.floor(quota) <= result[key] <= math.ceil(quota)


@fast
@given(weights_st, st.integers(0, 200), st.sampled_from(DIVISOR + QUOTA), st.randoms())
def test_the_order_of_keys_changes_nothing(
    weights: dict[str, int], seats: int, method: str, rnd: object
) -> None:
    assume(method not in ("huntington-hill", "adams", "dean") or seats >= len(weights))
    keys = list(weights)
    rnd.shuffle(keys)  # type: ignore[attr-defined]
    assert solve({k: weights[k] for k in keys}, seats, method) == solve(weights, seats, method)


@fast
@given(
    weights_st,
    st.integers(1, 100),
    st.sampled_from(["dhondt", "sainte-lague", "hare"]),
    st.integers(1, 30),
)
def test_a_threshold_excludes_exactly_those_below(
    weights: dict[str, int], seats: int, method: str, percent: int
) -> None:
    share = Fraction(percent, 100)
    total = sum(weights.values())
    passing = {k: w for k, w in weights.items() if w >= share * total}
    assume(passing)
    result = solve(weights, seats, method, threshold=share)
    assert {k: s for k, s in result.items() if k in passing} == solve(passing, seats, method)
    assert all(result[k] == 0 for k in weights if k not in passing)


@fast
@given(weights_st, st.integers(1, 60), st.sampled_from(DIVISOR + QUOTA), st.integers(1, 10**6))
def test_equal_weights_never_get_unequal_seats_silently(
    weights: dict[str, int], seats: int, method: str, twin: int
) -> None:
    assume(method not in ("huntington-hill", "adams", "dean") or seats >= len(weights) + 2)
    election = {**weights, "x": twin, "y": twin}
    tie: Tie | None = None
    try:
        result = allocate(election, seats, method)
    except Tie as caught:
        tie = caught
    if tie is None:
        assert result["x"] == result["y"]
        return
    assert ("x" in tie.tied) == ("y" in tie.tied)
    assert 1 <= tie.seats < len(tie.tied)
    drawn = allocate(election, seats, method, ties="lot", seed=7)
    assert sum(drawn.values()) == seats
    assert drawn.draws
    assert drawn.draws[0].seats == tie.seats


@settings(max_examples=20, deadline=None)
@given(st.integers(1, 10**6), st.integers(2, 40), st.sampled_from(DIVISOR))
def test_huge_weights_are_compared_exactly(unit: int, seats: int, method: str) -> None:
    base = 10**18 * unit
    result = solve({"a": base + 1, "b": base, "c": base // 3}, seats, method)
    assert result["a"] >= result["b"]
    assert sum(result.values()) == seats
