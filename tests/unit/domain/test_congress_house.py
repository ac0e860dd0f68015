"""A congress of fixed size: its house apportioned among the member councils by electorate,
with a method and a minimum per member (30 seats by Huntington-Hill, at least 1 each)."""

from __future__ import annotations

import math

import pytest

from soviet.domain.bodies import delegation_seats
from soviet.domain.rules import HouseRule
from soviet.domain.statute import parse_statute
from soviet.domain.statute_text import statute_document
from soviet.errors import InvalidInput

REGIONS = {"north": 61_000, "south": 25_000, "east": 9_200, "west": 3_300, "isles": 1_500}


def statute(house: object, members: list[str] | None = None) -> dict[str, object]:
    regions = {
        slug: {"name": slug.title(), "delegates": {"branch": {"per_voters": 1000}}}
        for slug in REGIONS
    }
    congress = {"members": members or list(REGIONS), "house": house, "method": "sainte-lague"}
    return {
        "federation": {"slug": "union", "name": "The Union"},
        "constituency_kinds": {"branch": {"name": "Branch"}},
        "councils": {**regions, "congress": {"name": "Congress", "congress": congress}},
    }


def by_hand(electorates: dict[str, int], size: int) -> dict[str, int]:
    """Huntington-Hill as the US House applies it: one seat each, then each next seat to
    the highest electorate / sqrt(n(n+1))."""
    seats = dict.fromkeys(electorates, 1)
    while sum(seats.values()) < size:
        best = max(electorates, key=lambda k: electorates[k] / math.sqrt(seats[k] * (seats[k] + 1)))
        seats[best] += 1
    return seats


def test_thirty_seats_by_huntington_hill_at_least_one_each() -> None:
    parsed = parse_statute(statute({"size": 30, "method": "huntington-hill", "minimum": 1}))
    body = parsed.councils["congress"].body
    assert body is not None
    assert body.house == HouseRule(size=30, method="huntington-hill", minimum=1)
    assert body.delegation is None
    seats, draws = delegation_seats(body, REGIONS, seed=1)
    assert seats == {"north": 18, "south": 7, "east": 3, "west": 1, "isles": 1}
    assert seats == by_hand(REGIONS, 30)
    assert draws == ()


def test_the_method_and_minimum_decide_the_shares() -> None:
    dhondt = parse_statute(statute({"size": 30, "method": "dhondt", "minimum": 1}))
    hare = parse_statute(statute({"size": 30, "method": "hare", "minimum": 2}))
    body, other = dhondt.councils["congress"].body, hare.councils["congress"].body
    assert body is not None
    assert other is not None
    dhondt_seats = {"north": 19, "south": 7, "east": 2, "west": 1, "isles": 1}
    assert delegation_seats(body, REGIONS, seed=1)[0] == dhondt_seats
    # 2 each, then 20 by Hare quotas of 5,000: 12.2, 5, 1.84, 0.66 and 0.3.
    hare_seats = {"north": 14, "south": 7, "east": 4, "west": 3, "isles": 2}
    assert delegation_seats(other, REGIONS, seed=1)[0] == hare_seats


def test_a_member_without_voters_gets_its_minimum_and_ties_are_drawn() -> None:
    body = parse_statute(statute({"size": 5, "minimum": 1})).councils["congress"].body
    assert body is not None
    empty = dict.fromkeys(REGIONS, 0)
    assert delegation_seats(body, empty, seed=1) == (dict.fromkeys(REGIONS, 1), ())
    seats, draws = delegation_seats(body, {**empty, "north": 10, "south": 10}, seed=7)
    assert seats == {"east": 1, "west": 1, "isles": 1, "north": 1, "south": 1}
    body = parse_statute(statute({"size": 6, "minimum": 1})).councils["congress"].body
    assert body is not None
    seats, draws = delegation_seats(body, {**empty, "north": 10, "south": 10}, seed=7)
    assert sorted(seats.values()) == [1, 1, 1, 1, 2]
    assert seats["north"] + seats["south"] == 3
    assert len(draws) == 1
    assert sorted(draws[0].tied) == ["north", "south"]


def test_the_house_is_journaled_and_read_back_the_same() -> None:
    parsed = parse_statute(statute({"size": 30, "minimum": 1}))
    document = statute_document(parsed)
    assert document["councils"]["congress"]["congress"] == {
        "members": list(REGIONS),
        "house": {"size": 30, "method": "huntington-hill", "minimum": 1},
        "method": "sainte-lague",
        "members_from": "delegates",
    }
    assert parse_statute(document) == parsed


@pytest.mark.parametrize(
    ("house", "extra", "problems"),
    [
        (
            {"size": 4, "minimum": 1},
            {},
            [
                "councils.congress.congress.house.size: 4 seats cannot give 5 member councils at "
                "least 1 each"
            ],
        ),
        (
            {"size": 0, "method": "borda", "seats": 3},
            {},
            [
                "councils.congress.congress.house.seats: unknown key; expected one of size, "
                "method, minimum",
                "councils.congress.congress.house.size: must be an integer of at least 1, "
                "got int 0",
                "councils.congress.congress.house.method: unknown method str 'borda'; known: "
                "adams, d'hondt, dean, dhondt, droop, equal-proportions, hamilton, hare, "
                "huntington-hill, jefferson, modified-sainte-lague, sainte-lague, webster",
            ],
        ),
        (
            {"size": 30},
            {"delegation": {"fixed": 2}},
            [
                "councils.congress.congress: must give exactly one of delegation (per member "
                "council) and house"
            ],
        ),
    ],
    ids=["too-small", "bad-keys", "both"],
)
def test_a_bad_house_is_named(
    house: dict[str, object], extra: dict[str, object], problems: list[str]
) -> None:
    document = statute(house)
    congress = document["councils"]["congress"]["congress"]  # type: ignore[index]
    congress.update(extra)
    with pytest.raises(InvalidInput) as caught:
        parse_statute(document)
    assert caught.value.message.split("\n  ")[1:] == problems
