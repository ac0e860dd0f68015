"""Every refusal of bad input, with its exact message."""

from __future__ import annotations

import re
from decimal import Decimal
from fractions import Fraction

import pytest

from soviet.errors import InvalidInput, SovietError
from soviet.methods import Tie, allocate, biproportional, gallagher

KNOWN = (
    "adams, d'hondt, dean, dhondt, droop, equal-proportions, hamilton, hare, huntington-hill, "
    "jefferson, modified-sainte-lague, sainte-lague, webster"
)


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda: allocate({"Alaska": -3}, 1, "dhondt"), "weight of 'Alaska' is negative: -3"),
        (
            lambda: allocate({"Ohio": "many"}, 1, "dhondt"),
            "weight of 'Ohio' is not a number: 'many'",
        ),
        (
            lambda: allocate({"Ohio": float("nan")}, 1, "dhondt"),
            "weight of 'Ohio' is not finite: nan",
        ),
        (lambda: allocate({"a": 1}, -1, "dhondt"), "seats is negative: -1"),
        (
            lambda: allocate({"a": 1}, 2.5, "dhondt"),  # type: ignore[arg-type]
            "seats must be a whole number of seats, not 2.5",
        ),
        (lambda: allocate({"a": 1}, 1, "borda"), f"unknown method 'borda'; known methods: {KNOWN}"),
        (
            lambda: allocate({"a": 1, "b": 1}, 3, "dhondt", min_seats=2),
            "min_seats sum to 4, more than the 3 seats",
        ),
        (
            lambda: allocate({"a": 1, "b": 1}, 3, "dhondt", min_seats={"a": 2}, max_seats={"a": 1}),
            "max_seats of 'a' is 1, below its min_seats 2",
        ),
        (
            lambda: allocate({"a": 1}, 3, "dhondt", min_seats={"z": 1}),
            "min_seats names 'z', which has no weight",
        ),
        (
            lambda: allocate({"a": 1, "b": 2}, 3, "dhondt", threshold=Fraction(9, 10)),
            "threshold 90% excludes every key: none has a seat",
        ),
        (
            lambda: allocate({"a": 1}, 1, "dhondt", threshold=2),
            "threshold must be a share between 0 and 1, not 2",
        ),
        (
            lambda: allocate({"a": 0}, 1, "dhondt"),
            "no key has a positive weight to take the 1 seats",
        ),
        (
            lambda: allocate({"a": 1, "b": 1}, 5, "dhondt", max_seats=2),
            "the keys can take at most 4 seats (max_seats, zero weights), fewer than 5",
        ),
        (
            lambda: allocate({"a": 1}, 1, "sainte-lague", first_divisor=3),
            "first_divisor 3 of sainte-lague must be below its second divisor",
        ),
        (
            lambda: allocate({"a": 1}, 1, "hare", first_divisor=1),
            "first_divisor applies to divisor methods, not to hare",
        ),
        (
            lambda: allocate({"a": 1}, 1, "dhondt", ties="coin"),
            "ties must be 'raise' or 'lot', not 'coin'",
        ),
        (
            lambda: biproportional({"x": 1}, {"A": 1}),
            "votes key 'x' is not a (district, party) pair",
        ),
        (
            lambda: biproportional({("B", "x"): 1}, {"A": 1}),
            "votes name district 'B', which has no district_seats",
        ),
        (
            lambda: biproportional({("A", "x"): 1}, {"A": 1}, method="hare"),
            "biproportional needs a divisor method, not 'hare'",
        ),
        (
            lambda: biproportional({("A", "x"): 1}, {"A": 1}, upper="seats"),
            "upper must be 'votes' or 'voter-numbers', not 'seats'",
        ),
        (
            lambda: biproportional({("A", "x"): 1}, {"A": 1}, party_seats={"x": 2}),
            "party_seats sum to 2, but district_seats to 1",
        ),
        (
            lambda: biproportional(
                {("A", "x"): 1, ("B", "y"): 0}, {"A": 1, "B": 1}, party_seats={"x": 1, "y": 1}
            ),
            "no biproportional apportionment: "
            "district 'B' has 1 seats but no votes for a party with seats; "
            "party 'y' has 1 seats but no votes in a district with seats",
        ),
        (
            lambda: biproportional(
                {("A", "x"): 10, ("B", "y"): 10, ("B", "x"): 1},
                {"A": 2, "B": 1},
                party_seats={"x": 1, "y": 2},
            ),
            "no biproportional apportionment: districts 'A' have 2 seats, "
            "but the parties with votes there ('x') are to get only 1",
        ),
        (
            lambda: gallagher({"a": 1}, {"b": 1}),
            "votes and seats must have the same keys; not in both: 'a', 'b'",
        ),
    ],
)
def test_bad_input_is_refused_with_a_clear_message(call: object, message: str) -> None:
    with pytest.raises(InvalidInput, match=f"^{re.escape(message)}$"):
        call()  # type: ignore[operator]


def test_tie_names_the_tied_keys_and_the_seats() -> None:
    with pytest.raises(Tie) as raised:
        allocate({"a": 5, "b": 5, "c": 1}, 1, "dhondt")
    assert raised.value.tied == ("a", "b")
    assert raised.value.seats == 1
    assert isinstance(raised.value, InvalidInput)
    assert isinstance(raised.value, SovietError)
    assert str(raised.value) == (
        "tie for the last 1 seat between 'a', 'b': "
        'break it by the rule of the statute (ties="lot" draws lots with a seed)'
    )


def test_a_draw_by_lot_is_seeded_and_recorded() -> None:
    first = allocate({"a": 5, "b": 5, "c": 5}, 2, "hare", ties="lot", seed=11)
    again = allocate({"c": 5, "b": 5, "a": 5}, 2, "hare", ties="lot", seed=11)
    assert first == again
    assert first.draws == again.draws
    (draw,) = first.draws
    assert draw.tied == ("a", "b", "c")
    assert draw.seats == 2
    assert set(draw.winners) == {k for k, s in first.items() if s}
    assert first.metadata == {"method": "hare", "draws": first.draws}


def test_floats_are_taken_at_their_decimal_spelling() -> None:
    assert allocate({"a": 0.1, "b": 0.2}, 3, "hare") == allocate({"a": 1, "b": 2}, 3, "hare")
    assert allocate({"a": 4914.5, "b": Decimal("4914.5")}, 1, "dhondt", ties="lot").draws
