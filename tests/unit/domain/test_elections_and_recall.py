"""Seats per constituency, seats per party, designation, thresholds and the franchise."""

from __future__ import annotations

from datetime import date
from fractions import Fraction

import pytest
import yaml

from soviet.domain.elections import (
    Candidate,
    Constituency,
    allocate_seats,
    designate,
    seats_per_constituency,
)
from soviet.domain.recall import franchise_refusal, recall_threshold
from soviet.domain.statute import FranchisePeriod, RecallRule, parse_statute
from soviet.errors import InvalidInput
from soviet.methods import Tie


def council(rules: str) -> object:
    document = yaml.safe_load(
        "federation: {slug: f, name: F}\n"
        "constituency_kinds: {factory: {}, regiment: {}, ward: {}}\n"
        f"councils:\n  c:\n    name: C\n{rules}"
    )
    return parse_statute(document).councils["c"]


def test_delegates_per_500_voters_and_fixed_per_regiment() -> None:
    rule = council(
        "    delegates:\n"
        "      factory: {per_voters: 500, rounding: nearest, minimum: 1}\n"
        "      regiment: {fixed: 2}\n"
    )
    seats = seats_per_constituency(
        rule,  # type: ignore[arg-type]
        [
            Constituency("putilov", "factory", 30_249),
            Constituency("tiny", "factory", 10),
            Constituency("volynsky", "regiment", 4_000),
        ],
    )
    assert seats == {"putilov": 60, "tiny": 1, "volynsky": 2}


def test_a_house_of_fixed_size_is_apportioned_by_electorate() -> None:
    rule = council("    house: {size: 10, method: hare, minimum: 1}\n")
    seats = seats_per_constituency(
        rule,  # type: ignore[arg-type]
        [
            Constituency("a", "ward", 6_000),
            Constituency("b", "ward", 3_000),
            Constituency("c", "ward", 100),
        ],
    )
    assert seats == {"a": 6, "b": 3, "c": 1}


def test_a_kind_the_council_does_not_take_is_named() -> None:
    rule = council("    delegates:\n      factory: {fixed: 1}\n")
    with pytest.raises(InvalidInput, match="^constituency 'x': council 'c' has no delegate rule"):
        seats_per_constituency(rule, [Constituency("x", "regiment", 1)])  # type: ignore[arg-type]


def test_pooled_seats_follow_the_city_wide_vote_while_wards_keep_their_seats() -> None:
    rule = council(
        "    delegates:\n      ward: {fixed: 3}\n"
        "    election: {method: sainte-lague, allocation: pooled}\n"
    )
    votes = {("north", "b"): 900, ("north", "m"): 300, ("south", "b"): 300, ("south", "m"): 900}
    outcome = allocate_seats(rule, {"north": 3, "south": 3}, votes, seed=None)  # type: ignore[arg-type]
    assert sum(n for (c, _), n in outcome.seats.items() if c == "north") == 3
    assert sum(n for (_, p), n in outcome.seats.items() if p == "b") == 3
    assert outcome.seats == {
        ("north", "b"): 2,
        ("north", "m"): 1,
        ("south", "b"): 1,
        ("south", "m"): 2,
    }


def test_a_tie_is_raised_or_drawn_by_lot_only_as_the_statute_says() -> None:
    votes = {("w", "b"): 100, ("w", "m"): 100}
    strict = council("    delegates:\n      ward: {fixed: 1}\n")
    with pytest.raises(Tie):
        allocate_seats(strict, {"w": 1}, votes, seed=None)  # type: ignore[arg-type]
    lot = council("    delegates:\n      ward: {fixed: 1}\n    election: {ties: lot}\n")
    first = allocate_seats(lot, {"w": 1}, votes, seed=42)  # type: ignore[arg-type]
    again = allocate_seats(lot, {"w": 1}, votes, seed=42)  # type: ignore[arg-type]
    assert first == again
    assert sum(first.seats.values()) == 1
    assert [draw.seed for draw in first.draws] == [42]


def test_lists_seat_in_order_passing_over_the_ineligible_and_the_seated() -> None:
    lists = {
        ("w", "b"): [
            Candidate("ivanova", False),
            Candidate("petrov", True),
            Candidate("sidorov", True),
            Candidate("orlova", True),
        ],
    }
    chosen = designate(lists, {("w", "b"): 2}, seated={"sidorov"})
    assert chosen == {("w", "b"): ["petrov", "orlova"]}
    assert designate(lists, {("w", "b"): 5}, seated=set()) == {
        ("w", "b"): ["petrov", "sidorov", "orlova"]  # the rest stay vacant
    }


@pytest.mark.parametrize(
    ("rule", "electorate", "turnout", "needed"),
    [
        (RecallRule("electorate", Fraction(1, 2), "next-on-list"), 1001, 0, 501),
        (RecallRule("electorate", Fraction(1, 2), "next-on-list"), 1000, 0, 500),
        (RecallRule("last-turnout", Fraction(1, 3), "next-on-list"), 5000, 900, 300),
        (RecallRule("electorate", Fraction(1, 10**9), "next-on-list"), 10, 0, 1),
    ],
)
def test_the_threshold_is_the_smallest_whole_number_reaching_the_share(
    rule: RecallRule, electorate: int, turnout: int, needed: int
) -> None:
    assert recall_threshold(rule, electorate=electorate, last_turnout=turnout) == needed


def test_the_franchise_excludes_by_category_and_age_from_its_date() -> None:
    period = FranchisePeriod(date(1918, 7, 10), 18, frozenset({"employer"}))
    day = date(1918, 8, 1)
    assert franchise_refusal(None, on=day, birth_date=None, categories=["employer"]) is None
    assert franchise_refusal(period, on=day, birth_date=date(1900, 8, 1), categories=[]) is None
    assert franchise_refusal(period, on=day, birth_date=date(1900, 8, 2), categories=[]) == (
        "the franchise since 1918-07-10 needs an age of 18"
    )
    assert franchise_refusal(period, on=day, birth_date=None, categories=[]) == (
        "the franchise since 1918-07-10 needs an age of 18, and no birth date is registered"
    )
    assert (
        franchise_refusal(
            period, on=day, birth_date=date(1880, 1, 1), categories=["employer", "clergy"]
        )
        == "the franchise since 1918-07-10 excludes employer"
    )
