"""Official results of real elections, reproduced exactly (data in tests/golden/)."""

from __future__ import annotations

import csv
from collections import defaultdict
from decimal import Decimal
from fractions import Fraction
from pathlib import Path

import pytest

from soviet.methods import allocate, biproportional

GOLDEN = Path(__file__).resolve().parents[2] / "golden"


def rows(name: str) -> list[dict[str, str]]:
    with (GOLDEN / name).open(encoding="utf-8", newline="") as file:
        return list(csv.DictReader(file))


@pytest.mark.parametrize("year", ["2010", "2020"])
def test_us_house_apportionment_by_huntington_hill(year: str) -> None:
    states = [row for row in rows("us_house_apportionment_2010_2020.csv") if row["year"] == year]
    population = {row["state"]: int(row["apportionment_population"]) for row in states}
    official = {row["state"]: int(row["official_seats"]) for row in states}
    assert len(population) == 50
    assert allocate(population, 435, "huntington-hill", min_seats=1) == official


def test_spanish_province_apportionment_2015_by_hare_after_two_each() -> None:
    data = rows("spain_province_apportionment_2015.csv")
    provinces = [row for row in data if row["method"] == "largest_remainder"]
    population = {row["unit"]: int(row["population"]) for row in provinces}
    seats = allocate(population, 248 + 2 * len(provinces), "hare", min_seats=2)
    assert seats == {row["unit"]: int(row["official_seats"]) for row in provinces}
    cities = [row for row in data if row["method"] == "noop"]
    assert {row["unit"]: int(row["official_seats"]) for row in cities} == {"Ceuta": 1, "Melilla": 1}
    assert sum(seats.values()) + len(cities) == 350


def test_spanish_congreso_2016_by_dhondt_per_province_with_3_percent() -> None:
    provinces: dict[str, list[dict[str, str]]] = defaultdict(list)
    for row in rows("spain_congreso_2016.csv"):
        provinces[row["province"]].append(row)
    assert len(provinces) == 52
    for province, lists in provinces.items():
        votes = {r["candidacy"]: int(r["votes"]) for r in lists if r["candidacy"][0] not in "?!"}
        blank = sum(int(r["votes"]) for r in lists if r["candidacy"].startswith("?"))
        seats = allocate(
            votes,
            int(lists[0]["province_seats"]),
            "dhondt",
            threshold=Fraction(3, 100),
            total=sum(votes.values()) + blank,
        )
        official = {
            r["candidacy"]: int(r["official_seats"]) for r in lists if r["candidacy"] in votes
        }
        assert seats == official, province
    assert sum(int(r["official_seats"]) for r in rows("spain_congreso_2016.csv")) == 350


def test_norway_storting_2021_district_seats_by_modified_sainte_lague() -> None:
    districts: dict[str, dict[str, tuple[int, int]]] = defaultdict(dict)
    for row in rows("norway_storting_2021.csv"):
        seats = int(row["official_seats_total"]) - int(row["official_leveling_seats"])
        districts[row["district"]][row["party_code"]] = (int(row["votes"]), seats)
    assert len(districts) == 19
    for district, parties in districts.items():
        votes = {party: votes for party, (votes, _) in parties.items()}
        official = {party: seats for party, (_, seats) in parties.items()}
        house = sum(official.values())
        got = allocate(votes, house, "sainte-lague", first_divisor=Decimal("1.4"))
        assert got == official, district
        assert allocate(votes, house, "modified-sainte-lague") == official, district
    assert sum(sum(s for _, s in p.values()) for p in districts.values()) == 169 - 19


def test_norway_2021_seats_per_district_by_population_and_area() -> None:
    data = rows("norway_storting_2021_districts.csv")
    weight = {
        r["district"]: int(r["population"]) + Decimal("1.8") * int(r["area_km2"]) for r in data
    }
    official = {r["district"]: int(r["official_district_seats_total"]) for r in data}
    assert allocate(weight, 169, "sainte-lague") == official
    as_floats = {r["district"]: int(r["population"]) + 1.8 * int(r["area_km2"]) for r in data}
    assert allocate(as_floats, 169, "webster") == official


def test_zurich_gemeinderat_2006_biproportional_on_voter_numbers() -> None:
    data = rows("zurich_city_gemeinderat_2006_long.csv")
    votes = {(r["district"], r["party"]): int(r["votes"]) for r in data}
    district_seats = {r["district"]: int(r["district_seats"]) for r in data}
    assert sum(district_seats.values()) == 125
    seats = biproportional(votes, district_seats, upper="voter-numbers")
    assert seats == {(r["district"], r["party"]): int(r["official_seats"]) for r in data}
    assert seats.party_seats == {r["party"]: int(r["party_seats_official"]) for r in data}
