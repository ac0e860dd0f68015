"""How a tie refused and a lot drawn are told: where, between whom, who won, the seed."""

from __future__ import annotations

from soviet.domain.elections import draw_told, tie_refused
from soviet.methods import Draw, Tie


def test_a_tie_in_one_constituency_is_placed_there() -> None:
    tie = Tie([("putilov", "sr"), ("putilov", "kd"), ("putilov", "bolsheviks")], 2)
    assert tie_refused(tie) == "in 'putilov', 'sr', 'kd' and 'bolsheviks' tie for the last 2 seats"


def test_a_tie_across_the_council_names_its_keys() -> None:
    assert tie_refused(Tie(["sr", "kd"], 1)) == "'sr' and 'kd' tie for the last seat"
    cells = Tie([("narva", "sr"), ("vyborg", "sr")], 1)
    assert tie_refused(cells) == "'narva/sr' and 'vyborg/sr' tie for the last seat"


def test_a_lot_drawn_says_between_whom_who_won_and_the_seed() -> None:
    draw = Draw((("volynsky", "bolsheviks"), ("volynsky", "sr")), 1, (("volynsky", "sr"),), 1917)
    assert draw_told(draw) == (
        "lots drawn in 'volynsky', between 'bolsheviks' and 'sr' for the last seat: "
        "'sr' won (seed 1917)"
    )
    pooled = Draw(("sr", "kd", "ps"), 2, ("kd", "ps"), 7)
    assert draw_told(pooled) == (
        "lots drawn between 'sr', 'kd' and 'ps' for the last 2 seats: 'kd' and 'ps' won (seed 7)"
    )
