"""How a user calls each library: from a mapping of names to votes to a mapping of names to seats.

Each loader imports its library and returns one callable per case kind. Every
conversion a user would have to write (dict to list or array, nested dicts,
results back to names) happens inside the callable and so inside the timing.
The loaders are called before timing starts, so import time is not measured.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from decimal import Decimal
from fractions import Fraction
from typing import Any

from methods_cases import BiInput, SingleInput

Seats = Mapping[Any, int]
Call = Callable[[Any], Seats]
Loader = Callable[[], dict[str, Call]]

LIBRARIES = ("soviet", "votelib", "apportionment", "biprop", "interregnum")
SUPPORTED: dict[str, frozenset[str]] = {
    "soviet": frozenset({"dhondt", "huntington-hill", "hare", "biproportional"}),
    "votelib": frozenset({"dhondt", "huntington-hill", "hare", "biproportional"}),
    "apportionment": frozenset({"dhondt", "huntington-hill", "hare"}),
    "biprop": frozenset({"dhondt", "huntington-hill", "biproportional"}),
    "interregnum": frozenset({"dhondt", "huntington-hill", "hare", "biproportional"}),
}


def load_soviet() -> dict[str, Call]:
    """soviet.methods: allocate and biproportional take the mappings as they are."""
    from soviet.methods import allocate, biproportional

    def bi(data: BiInput) -> Seats:
        return biproportional(data.votes, data.district_seats)

    return {
        "dhondt": lambda d: allocate(d.votes, d.seats, "dhondt"),
        "huntington-hill": lambda d: allocate(d.votes, d.seats, "huntington-hill", min_seats=1),
        "hare": lambda d: allocate(d.votes, d.seats, "hare"),
        "biproportional": bi,
    }


def load_votelib() -> dict[str, Call]:
    """votelib evaluators take a dict of votes; results omit parties without seats."""
    from votelib.evaluate.proportional import (
        BiproportionalEvaluator,
        HighestAverages,
        LargestRemainder,
    )

    def hh_divisor(order: int) -> Fraction:
        # votelib's own "huntington_hill" divisor returns a Decimal, which
        # Fraction(int, Decimal) rejects on Python 3.11: a user has to pass this.
        return Fraction(Decimal(order * (order + 1)).sqrt())

    def hh(d: SingleInput) -> Seats:
        ones = dict.fromkeys(d.votes, 1)
        gained = HighestAverages(hh_divisor).evaluate(d.votes, d.seats, prev_gains=ones)
        return {key: 1 + gained.get(key, 0) for key in d.votes}

    def bi(data: BiInput) -> Seats:
        parties = {party for _, party in data.votes}
        nested = {d: dict.fromkeys(parties, 0) for d in data.district_seats}
        for (district, party), count in data.votes.items():
            nested[district][party] = count
        evaluator = BiproportionalEvaluator("sainte_lague", apportioner=data.district_seats)
        result = evaluator.evaluate(nested, sum(data.district_seats.values()))
        return {(d, p): s for d, row in result.items() for p, s in row.items()}

    return {
        "dhondt": lambda d: HighestAverages("d_hondt").evaluate(d.votes, d.seats),
        "huntington-hill": hh,
        "hare": lambda d: LargestRemainder("hare").evaluate(d.votes, d.seats),
        "biproportional": bi,
    }


def load_apportionment() -> dict[str, Call]:
    """apportionment.methods.compute takes a list of votes and returns a list of seats."""
    from apportionment import methods

    def by_list(method: str) -> Call:
        def call(d: SingleInput) -> Seats:
            names = list(d.votes)
            seats = methods.compute(method, [d.votes[n] for n in names], d.seats, parties=names)
            return dict(zip(names, seats, strict=True))

        return call

    return {
        "dhondt": by_list("dhondt"),
        "huntington-hill": by_list("huntington"),
        "hare": by_list("largest_remainder"),
    }


def load_biprop() -> dict[str, Call]:
    """biprop.Election takes a parties x regions array; rounding functions pick the method."""
    import biprop
    import numpy as np

    def geometric_round(x: Any) -> Any:
        # Huntington-Hill rounding: up above the geometric mean of floor and ceiling,
        # so every unit with votes gets at least one seat.
        low = np.floor(x)
        return low + (x > np.sqrt(low * (low + 1)))

    def single(rounding: Callable[[Any], Any]) -> Call:
        def call(d: SingleInput) -> Seats:
            names = list(d.votes)
            column = np.array([d.votes[n] for n in names], dtype=float).reshape(-1, 1)
            seats = biprop.Election(column).upper_apportionment(d.seats, rounding_method=rounding)
            return dict(zip(names, seats.tolist(), strict=True))

        return call

    def bi(data: BiInput) -> Seats:
        districts = list(data.district_seats)
        parties = sorted({party for _, party in data.votes})
        row = {p: i for i, p in enumerate(parties)}
        col = {d: j for j, d in enumerate(districts)}
        matrix = np.zeros((len(parties), len(districts)))
        for (district, party), count in data.votes.items():
            matrix[row[party], col[district]] = count
        election = biprop.Election(matrix)
        region_seats = np.array([data.district_seats[d] for d in districts])
        seats = election.biproportional_apportionment(
            party_seats=np.round, region_seats=region_seats
        )
        return {(d, p): int(seats[row[p], col[d]]) for d, p in data.votes}

    return {
        "dhondt": single(np.floor),
        "huntington-hill": single(geometric_round),
        "biproportional": bi,
    }


def load_interregnum() -> dict[str, Call]:
    """interregnum allocators take (name, votes) pairs and return Candidate objects."""
    from interregnum.methods import (
        BiproportionalAllocator,
        HighestAveragesAllocator,
        IterativeDivisorAllocator,
        LargestRemainderAllocator,
    )

    def named(result: Any) -> Seats:
        return {c.name: c.seats for c in result.allocation}

    def hh(d: SingleInput) -> Seats:
        # Its Huntington-Hill divisor is 0 for a unit without seats (division by
        # zero), so the minimum of one seat each goes in as initial seats.
        result = HighestAveragesAllocator("huntington_hill").calc(
            list(d.votes.items()),
            d.seats - len(d.votes),
            initial_seats=dict.fromkeys(d.votes, 1),
            skip_initial_seats=False,
        )
        return named(result)

    def bi(data: BiInput) -> Seats:
        totals: dict[str, int] = {}
        for (_, party), count in data.votes.items():
            totals[party] = totals.get(party, 0) + count
        house = sum(data.district_seats.values())
        upper = IterativeDivisorAllocator("sainte_lague").calc(list(totals.items()), house)
        cells = [((p, d), v) for (d, p), v in data.votes.items()]
        result = BiproportionalAllocator("sainte_lague").calc(
            named(upper).items(), data.district_seats.items(), cells
        )
        return {(d, p): c.seats for (p, d), c in ((c.name, c) for c in result.allocation)}

    return {
        "dhondt": lambda d: named(
            IterativeDivisorAllocator("dhondt").calc(d.votes.items(), d.seats)
        ),
        "huntington-hill": hh,
        "hare": lambda d: named(LargestRemainderAllocator("hare").calc(d.votes.items(), d.seats)),
        "biproportional": bi,
    }


LOADERS: dict[str, Loader] = {
    "soviet": load_soviet,
    "votelib": load_votelib,
    "apportionment": load_apportionment,
    "biprop": load_biprop,
    "interregnum": load_interregnum,
}
