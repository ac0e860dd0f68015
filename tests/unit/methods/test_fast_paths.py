"""The fast engines against the plain definition of each divisor method (hypothesis).

The reference gives seats one at a time to the highest exact priority weight / d(k)
(Huntington-Hill by squares), and reports a tie whenever the last seat given and the
best seat not given have equal priority. Both the plain-Python engine (few units) and
the numpy engine (many units, forced by repeating the keys) must agree with it.
"""

from __future__ import annotations

import heapq
from fractions import Fraction

from hypothesis import given, settings
from hypothesis import strategies as st

from soviet.methods import Tie, allocate
from soviet.methods._small import SMALL
from soviet.methods.registry import METHODS

DIVISOR = ["dhondt", "sainte-lague", "modified-sainte-lague", "huntington-hill", "adams", "dean"]


def priority(weight: int, k: int, method: str) -> tuple[int, Fraction]:
    """The exact priority of the (k+1)-th seat; a zero divisor ranks above all, by weight."""
    divisors = METHODS[method].divisors
    assert divisors is not None
    numerator, denominator = divisors(k)
    if numerator == 0:
        return (1, Fraction(weight))
    return (0, Fraction(weight ** METHODS[method].power * denominator, numerator))


def reference(weights: list[int], seats: int, method: str, least: int) -> list[int] | None:
    """Seats one by one to the highest priority; None when the last seat is tied."""
    given = [least if weight > 0 else 0 for weight in weights]
    queue = [
        (_negated(priority(w, s, method)), i)
        for i, (w, s) in enumerate(zip(weights, given, strict=True))
    ]
    heapq.heapify(queue)
    last = None
    for _ in range(seats - sum(given)):
        last, i = heapq.heappop(queue)
        given[i] += 1
        heapq.heappush(queue, (_negated(priority(weights[i], given[i], method)), i))
    if last is not None and queue and queue[0][0] == last:
        return None
    return given


def _negated(key: tuple[int, Fraction]) -> tuple[int, Fraction]:
    return (-key[0], -key[1])


weights_st = st.lists(
    st.one_of(st.integers(1, 10**6), st.sampled_from([1000, 2000, 3000, 10**12])),
    min_size=1,
    max_size=9,
)


def check(weights: list[int], seats: int, method: str, least: int, repeat: int) -> None:
    names = {f"k{j}-{i}": w for j in range(repeat) for i, w in enumerate(weights)}
    expected = reference(list(names.values()), seats * repeat, method, least)
    try:
        result = allocate(names, seats * repeat, method, min_seats=least)
    except Tie:
        assert expected is None
        return
    assert list(result.values()) == expected


@settings(max_examples=200, deadline=None)
@given(weights_st, st.integers(0, 60), st.sampled_from(DIVISOR), st.integers(0, 2))
def test_the_small_engine_equals_the_definition(
    weights: list[int], seats: int, method: str, least: int
) -> None:
    if method in ("huntington-hill", "adams", "dean"):
        least = max(least, 1)
    seats += least * len(weights)
    check(weights, seats, method, least, 1)


@settings(max_examples=15, deadline=None)
@given(weights_st, st.integers(0, 5), st.sampled_from(DIVISOR))
def test_the_numpy_engine_equals_the_definition(
    weights: list[int], seats: int, method: str
) -> None:
    least = 1 if method in ("huntington-hill", "adams", "dean") else 0
    repeat = SMALL // len(weights) + 1
    check(weights, seats + least * len(weights), method, least, repeat)
