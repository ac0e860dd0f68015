"""The desk's rules alone: badges in a stable order past the numbers worn, repeated
numbers, and the refusals of a check-in or check-out, one per number, in its words."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from soviet.domain.desk import (
    Holder,
    Standing,
    check_in_refusals,
    check_out_refusals,
    numbering,
    repeated,
)

T = "1917-10-25T21:40:00.000000Z"


def test_badges_go_by_delegation_fraction_and_name_past_the_numbers_worn() -> None:
    holders = [
        Holder("volynsky", "sr", "s1"),
        Holder("putilov", "mensheviks", "m1"),
        Holder("putilov", "bolsheviks", "b2"),
        Holder("putilov", "bolsheviks", "b1"),
    ]
    assert numbering(holders, {2, 3}, first=1) == [("b1", 1), ("b2", 4), ("m1", 5), ("s1", 6)]
    assert numbering(holders, set(), first=100)[0] == ("b1", 100)


@given(
    persons=st.sets(st.from_regex(r"[a-z]{1,6}", fullmatch=True), max_size=30),
    taken=st.sets(st.integers(1, 60), max_size=30),
    first=st.integers(1, 40),
)
def test_numbering_gives_each_a_free_number_once_and_is_stable(
    persons: set[str], taken: set[int], first: int
) -> None:
    holders = [Holder(p[:1], p[-1:], p) for p in persons]
    given = numbering(holders, taken, first=first)
    numbers = [number for _, number in given]
    assert sorted(p for p, _ in given) == sorted(persons)
    assert len(set(numbers)) == len(numbers)
    assert not set(numbers) & taken
    assert all(number >= first for number in numbers)
    assert numbers == sorted(numbers)
    assert numbering(list(reversed(holders)), taken, first=first) == given


def test_repeated_numbers_are_named_once_each() -> None:
    assert repeated([3, 1, 3, 2, 1, 3]) == [3, 1]
    assert repeated([1, 2]) == []


def test_each_number_is_refused_for_its_own_reason() -> None:
    standings = [
        Standing(1, "b1", is_holding=True),
        Standing(77, None),
        Standing(5, "m1", ended_at=T),
        Standing(6, "s1", is_holding=True, is_in_section=False),
        Standing(2, "b2", is_holding=True, walked_out="bolsheviks"),
        Standing(3, "b3", is_holding=True, is_present=True),
    ]
    refusals = check_in_refusals(standings, council="soviet", session="9", moment=T)
    assert [(r.problem.path, r.code) for r in refusals] == [
        ("numbers[1]", "not_found"),
        ("numbers[2]", "mandate_ended"),
        ("numbers[3]", "not_entitled"),
        ("numbers[4]", "rule_violation"),
        ("numbers[5]", "rule_violation"),
    ]
    assert [r.problem.message for r in refusals] == [
        "number 77: no delegate of 'soviet' wears it",
        f"number 5 (m1): holds no mandate in 'soviet' at {T}: her mandate ended at {T}",
        "number 6 (s1): not of the section of 'soviet' sitting in session 9",
        "number 2 (b2): her fraction 'bolsheviks' walked out of session 9; it returns as a whole",
        "number 3 (b3): already present in session 9",
    ]
    out = check_out_refusals(standings, council="soviet", session="9")
    assert [r.problem.message for r in out] == [
        "number 1 (b1): not present in session 9",
        "number 77: no delegate of 'soviet' wears it",
        "number 5 (m1): not present in session 9",
        "number 6 (s1): not present in session 9",
        "number 2 (b2): not present in session 9",
    ]
