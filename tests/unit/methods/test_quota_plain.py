"""The int64 largest-remainder path against the plain definition (hypothesis).

The reference gives each key its whole quotas and the seats left to the largest exact
remainders (Fractions); equal remainders either side of the last seat are a tie. The
int64 path must give the same seats, or decline (None) and leave the house to the
general engine, which `allocate` must then report as a Tie.
"""

from __future__ import annotations

import math
from fractions import Fraction

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from soviet.methods import Tie, allocate
from soviet.methods._quota import largest_remainder_plain
from soviet.methods.registry import METHODS


def reference(weights: list[int], house: int, method: str) -> list[int] | None:
    """Whole quotas, then the largest remainders; None on a tie for the last seat."""
    quota_of = METHODS[method].quota
    assert quota_of is not None
    quota = quota_of(Fraction(sum(weights)), house)
    shares = [Fraction(w) / quota for w in weights]
    seats = [math.floor(share) for share in shares]
    left = house - sum(seats)
    if not 0 <= left < len(weights):
        return None
    order = sorted(range(len(weights)), key=lambda i: shares[i] - seats[i], reverse=True)
    if left and shares[order[left - 1]] - seats[order[left - 1]] == (
        shares[order[left]] - seats[order[left]]
    ):
        return None
    for i in order[:left]:
        seats[i] += 1
    return seats


weights_st = st.lists(
    st.one_of(st.integers(0, 10**6), st.sampled_from([0, 1, 2, 3, 1000, 2000, 10**12, 2**63])),
    min_size=1,
    max_size=12,
)


@settings(max_examples=400, deadline=None)
@given(weights_st, st.integers(1, 50), st.sampled_from(["hare", "droop"]))
def test_the_int64_path_equals_the_definition(weights: list[int], house: int, method: str) -> None:
    if sum(weights) == 0:
        return
    expected = reference(weights, house, method)
    plain = largest_remainder_plain(list(weights), house, METHODS[method])
    if plain is not None:
        assert plain == expected
    if expected is None and method == "hare":
        with pytest.raises(Tie):
            allocate({f"k{i}": w for i, w in enumerate(weights)}, house, method)


def test_a_tie_for_the_last_seat_is_declined_and_raised() -> None:
    assert largest_remainder_plain([10, 10, 10], 2, METHODS["hare"]) is None
    with pytest.raises(Tie):
        allocate({"a": 10, "b": 10, "c": 10}, 2, "hare")


def test_non_int_weights_are_declined() -> None:
    assert largest_remainder_plain([1.5, 2], 2, METHODS["hare"]) is None
    assert largest_remainder_plain([True, 2], 2, METHODS["hare"]) is None
    assert largest_remainder_plain([-1, 2], 2, METHODS["hare"]) is None
