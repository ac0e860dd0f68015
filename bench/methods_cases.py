"""Benchmark cases for bench/methods.py: the problems and their seeded random data.

Every worker process regenerates its case from the seed, so all libraries see
the very same input without shipping it between processes. Vote numbers are
large (tens of thousands to billions) and drawn with random low digits, so a
true tie for a last seat is vanishingly unlikely.
"""

from __future__ import annotations

import math
import random
from dataclasses import dataclass

SingleVotes = dict[str, int]
BiVotes = dict[tuple[str, str], int]


@dataclass(frozen=True)
class Case:
    """One apportionment problem: a method, a number of units and a house size."""

    name: str
    label: str
    kind: str  # "dhondt", "huntington-hill", "hare" or "biproportional"
    units: int  # parties, states or (for biproportional) districts
    seats: int
    parties: int = 0  # biproportional only
    seed: int = 2026


@dataclass(frozen=True)
class SingleInput:
    """Votes (or populations) per unit and the house size."""

    votes: SingleVotes
    seats: int


@dataclass(frozen=True)
class BiInput:
    """Votes per (district, party) and the fixed seats of each district."""

    votes: BiVotes
    district_seats: dict[str, int]


CASES: tuple[Case, ...] = (
    Case("dhondt-100", "D'Hondt 100 x 10,000", "dhondt", 100, 10_000),
    Case("dhondt-10k", "D'Hondt 10,000 x 1,000,000", "dhondt", 10_000, 1_000_000),
    Case("hh-50", "Huntington-Hill 50 x 435, min 1", "huntington-hill", 50, 435),
    Case(
        "hh-100k",
        "Huntington-Hill 100,000 x 1,000,000, min 1",
        "huntington-hill",
        100_000,
        1_000_000,
    ),
    Case("hare-1000", "Hare 1,000 x 5,000", "hare", 1_000, 5_000),
    Case("bp-20x10", "Biproportional 20 x 10", "biproportional", 20, 200, parties=10),
    Case("bp-200x30", "Biproportional 200 x 30", "biproportional", 200, 2_000, parties=30),
    Case("bp-1000x30", "Biproportional 1,000 x 30", "biproportional", 1_000, 10_000, parties=30),
)


def scaling_cases() -> tuple[Case, ...]:
    """D'Hondt and Huntington-Hill at n = 1e3, 1e4, 1e5 units with 10 seats per unit."""
    cases = []
    for kind, short in (("dhondt", "D'Hondt"), ("huntington-hill", "Huntington-Hill")):
        for n in (1_000, 10_000, 100_000):
            label = f"{short} n = {n:,}, {10 * n:,} seats"
            cases.append(Case(f"scale-{kind}-{n}", label, kind, n, 10 * n, seed=n))
    return tuple(cases)


ALL_CASES: dict[str, Case] = {case.name: case for case in CASES + scaling_cases()}


def build_input(case: Case) -> SingleInput | BiInput:
    """Generate the seeded input of a case."""
    rng = random.Random(f"{case.name}:{case.seed}")
    if case.kind == "biproportional":
        return _biproportional_input(case, rng)
    if case.kind == "huntington-hill":
        return SingleInput(_populations(case.units, rng), case.seats)
    return SingleInput(_party_votes(case.units, rng), case.seats)


def _party_votes(count: int, rng: random.Random) -> SingleVotes:
    """Party votes with a long tail: a few large parties, many small ones."""
    width = len(str(count))
    return {
        f"party-{i:0{width}d}": int(rng.lognormvariate(13.0, 1.6)) * 1_000 + rng.randrange(1_000)
        for i in range(count)
    }


def _populations(count: int, rng: random.Random) -> SingleVotes:
    """Populations of units, spread like the states of a federation."""
    width = len(str(count))
    return {
        f"unit-{i:0{width}d}": int(rng.lognormvariate(15.0, 1.0)) + rng.randrange(1_000)
        for i in range(count)
    }


def _biproportional_input(case: Case, rng: random.Random) -> BiInput:
    """Districts of varying size, parties whose strength varies by district."""
    districts = [f"district-{i:04d}" for i in range(case.units)]
    parties = [f"party-{j:02d}" for j in range(case.parties)]
    electorate = {d: int(rng.lognormvariate(11.5, 0.6)) for d in districts}
    national = [rng.lognormvariate(0.0, 0.4) / (j + 1) ** 1.1 for j in range(case.parties)]
    votes: BiVotes = {}
    for district in districts:
        local = [strength * rng.lognormvariate(0.0, 0.5) for strength in national]
        scale = electorate[district] * 10 / sum(local)
        for party, share in zip(parties, local, strict=True):
            votes[district, party] = max(1, int(share * scale)) * 10 + rng.randrange(10)
    return BiInput(votes, _district_seats(electorate, case.seats))


def _district_seats(electorate: dict[str, int], house: int) -> dict[str, int]:
    """Seats per district by largest remainder on the electorate, at least one each."""
    total = sum(electorate.values())
    quotas = {d: size * house / total for d, size in electorate.items()}
    seats = {d: max(1, math.floor(q)) for d, q in quotas.items()}
    by_remainder = sorted(quotas, key=lambda d: quotas[d] - math.floor(quotas[d]), reverse=True)
    missing = house - sum(seats.values())
    for district in by_remainder[:missing] if missing > 0 else ():
        seats[district] += 1
    for district in reversed(by_remainder):
        if missing >= 0:
            break
        if seats[district] > 1:
            seats[district] -= 1
            missing += 1
    return seats
