"""`biproportional`: Pukelsheim's double proportional method, as in Zurich since 2006.

Every district keeps its seats; each party gets its seats of the whole house (the upper
apportionment); then district and party divisors are found so that rounding every
cell's votes divided by both gives all district and all party sums (the lower
apportionment). Used by law in the City and Canton of Zurich, Aargau, Schaffhausen,
Nidwalden, Zug, Schwyz, Valais and Graubünden.
"""

from __future__ import annotations

import math
from collections.abc import Hashable, Mapping
from fractions import Fraction
from typing import Any

import numpy as np

from soviet.errors import InvalidInput
from soviet.methods._divisor import Divisors
from soviet.methods._feasible import hall_violation, repair_columns
from soviet.methods._flat import is_flat, scale_flat
from soviet.methods._linear import LINEAR, apportion_linear
from soviet.methods._lower import Floats, Ints, Problem, alternate
from soviet.methods._numbers import Exact, non_negative, seat_count, share
from soviet.methods._proof import prove
from soviet.methods._scaling import alternate_small, is_small
from soviet.methods._transfer import transfer
from soviet.methods.apportionment import allocate
from soviet.methods.registry import Method, method_named
from soviet.methods.result import Allocation, TieRule

Cell = tuple[Hashable, Hashable]
Names = tuple[list[Hashable], list[Hashable]]


class Biproportional(Allocation):
    """Seats per (district, party) cell, with the parties' seats of the upper apportionment."""

    party_seats: dict[Hashable, int]


def biproportional(
    votes: Mapping[Any, object],
    district_seats: Mapping[Any, int],
    *,
    party_seats: Mapping[Any, int] | None = None,
    upper: str = "votes",
    method: str = "sainte-lague",
    district_quorum: object = None,
    total_quorum: object = None,
    winner_take_one: bool = False,
    ties: str = "raise",
    seed: int | str | None = None,
) -> Biproportional:
    """Seats per (district, party) with every district's and every party's total exact.

    Parties get their seats from `party_seats`, or by `method` on their votes
    (upper="votes") or voter numbers, each district's votes divided by its seats
    (upper="voter-numbers", Zurich). A party is in if it reaches `district_quorum` in
    some district or `total_quorum` of the whole. winner_take_one: the strongest party of
    each district gets a seat there (Zug, Graubünden).
    """
    rule = TieRule.of(ties, seed)
    spec = method_named(method)
    if not spec.is_divisor:
        raise InvalidInput(f"biproportional needs a divisor method, not {spec.name!r}")
    if upper not in ("votes", "voter-numbers"):
        raise InvalidInput(f"upper must be 'votes' or 'voter-numbers', not {upper!r}")
    seats = {
        # The message is only built for a value that is not a plain non-negative int.
        d: s if type(s) is int and s >= 0 else seat_count(s, f"district_seats of {d!r}")
        for d, s in district_seats.items()
    }
    cells, parties = _cells(votes, seats)
    weight = _upper_weights(cells, seats, parties, upper)
    eligible = _quorum(cells, parties, weight, (district_quorum, total_quorum))
    totals = _party_seats(
        party_seats, weight, eligible, sum(seats.values()), (spec.name, ties, seed)
    )
    result, names = _lower(cells, seats, totals, (spec, winner_take_one), rule)
    draws = [*getattr(totals, "draws", ()), *rule.draws]
    allocation = Biproportional(_by_cell(cells, result, names), method=spec.name, draws=draws)
    allocation.party_seats = {p: totals.get(p, 0) for p in parties}
    return allocation


def _cells(
    votes: Mapping[Any, object], seats: dict[Hashable, int]
) -> tuple[dict[Cell, Exact], list[Hashable]]:
    cells: dict[Cell, Exact] = {}
    parties: dict[Hashable, None] = {}
    for key, value in votes.items():
        if not (isinstance(key, tuple) and len(key) == 2):
            raise InvalidInput(f"votes key {key!r} is not a (district, party) pair")
        if key[0] not in seats:
            raise InvalidInput(f"votes name district {key[0]!r}, which has no district_seats")
        cells[key] = (
            value if type(value) is int and value >= 0 else non_negative(value, f"votes of {key!r}")
        )
        parties[key[1]] = None
    return cells, list(parties)


def _upper_weights(
    cells: dict[Cell, Exact], seats: dict[Hashable, int], parties: list[Hashable], upper: str
) -> dict[Hashable, Exact]:
    """Each party's votes, or its voter numbers: the sum of its votes / district seats."""
    weight: dict[Hashable, Exact] = dict.fromkeys(parties, 0)
    for (district, party), value in cells.items():
        if upper == "votes":
            weight[party] += value
        elif seats[district]:
            weight[party] += Fraction(value, seats[district])
    return weight


def _quorum(
    cells: dict[Cell, Exact],
    parties: list[Hashable],
    weight: dict[Hashable, Exact],
    quorums: tuple[object, object],
) -> list[Hashable]:
    """The parties in: those passing the district quorum somewhere or the total quorum."""
    district_quorum, total_quorum = quorums
    if district_quorum is None and total_quorum is None:
        return parties
    passed: set[Hashable] = set()
    if total_quorum is not None:
        bar = share(total_quorum, "total_quorum") * sum(weight.values())
        passed |= {p for p in parties if weight[p] >= bar}
    if district_quorum is not None:
        fraction = share(district_quorum, "district_quorum")
        district_total: dict[Hashable, Exact] = {}
        for (district, _), value in cells.items():
            district_total[district] = district_total.get(district, 0) + value
        passed |= {p for (d, p), v in cells.items() if v >= fraction * district_total[d]}
    if not passed:
        raise InvalidInput("the quorums exclude every party")
    return [p for p in parties if p in passed]


def _party_seats(
    given: Mapping[Hashable, int] | None,
    weight: dict[Hashable, Exact],
    eligible: list[Hashable],
    house: int,
    how: tuple[str, str, int | str | None],
) -> Mapping[Hashable, int]:
    """The upper apportionment: the caller's party seats, or the method on the weights."""
    if given is None:
        method, ties, seed = how
        chosen = {p: weight[p] for p in eligible}
        # What `allocate` does first with these arguments, without its checks (made
        # already) and its result object: the lean engine, None where it declines.
        plain = (
            apportion_linear(list(chosen.values()), house, method, 0) if method in LINEAR else None
        )
        if plain is not None:
            return dict(zip(chosen, plain, strict=True))
        return allocate(chosen, house, method, ties=ties, seed=seed)
    totals = {p: seat_count(s, f"party_seats of {p!r}") for p, s in given.items()}
    strangers = [p for p in totals if p not in weight]
    if strangers:
        raise InvalidInput(f"party_seats names {strangers[0]!r}, which has no votes")
    if sum(totals.values()) != house:
        raise InvalidInput(
            f"party_seats sum to {sum(totals.values())}, but district_seats to {house}"
        )
    return totals


def _lower(
    cells: dict[Cell, Exact],
    seats: dict[Hashable, int],
    totals: Mapping[Hashable, int],
    how: tuple[Method, bool],
    rule: TieRule,
) -> tuple[list[list[int]], Names]:
    """The lower apportionment over districts and parties that have seats: each
    district's seats per party, and the names of both."""
    spec, winner_take_one = how
    names = ([d for d, s in seats.items() if s > 0], [p for p, s in totals.items() if s > 0])
    districts, parties = names
    grid: list[list[int]]
    if set(map(type, cells.values())) <= {int}:
        grid = [[cells.get((d, p), 0) for p in parties] for d in districts]  # type: ignore[misc]
    else:
        # Exact values are ints or Fractions: scaled by their common denominator.
        scale = math.lcm(*(v.denominator for v in cells.values() if type(v) is not int))
        grid = [[int(cells.get((d, p), 0) * scale) for p in parties] for d in districts]
    sums = ([seats[d] for d in districts], [totals[p] for p in parties])
    # Votes in every cell (is_flat) give every district and party support.
    if is_flat(grid, spec, winner_take_one):
        flat = scale_flat(grid, sums, spec)
        if flat is not None:
            return flat.seats, names
    divisors = Divisors(spec)
    problem = None
    if winner_take_one or not _has_support(grid):
        problem = _problem(grid, sums, divisors, winner_take_one)
        _check(problem, names)
    found = None
    if is_small(grid, divisors):
        minimum = problem.minimum.tolist() if problem is not None and winner_take_one else None
        scaled = alternate_small(grid, minimum, sums, divisors)
        if scaled is not None and scaled.is_proved:
            return scaled.seats, names
        found = None if scaled is None else scaled.arrays()
    if problem is None:
        problem = _problem(grid, sums, divisors, winner_take_one)
    return _solve(problem, found, names, rule).tolist(), names


def _by_cell(
    cells: dict[Cell, Exact], seats: list[list[int]], names: Names
) -> list[tuple[Cell, int]]:
    """Each cell's seats, in the order of the votes; none where its district or party has
    no seats."""
    districts, parties = names
    row = dict(zip(districts, seats, strict=True))
    column = {p: j for j, p in enumerate(parties)}
    return [(c, row[c[0]][column[c[1]]] if c[0] in row and c[1] in column else 0) for c in cells]


def _problem(
    grid: list[list[int]], sums: tuple[list[int], list[int]], divisors: Divisors, winners: bool
) -> Problem:
    """The lower apportionment's numpy form (winners: the strongest party of each
    district has a minimum of one seat there)."""
    rows, columns = sums
    minimum = (
        _winners(grid, rows) if winners else np.zeros((len(rows), len(columns)), dtype=np.int64)
    )
    return Problem(
        grid,
        np.array(grid, dtype=np.float64).reshape(len(rows), len(columns)),
        minimum,
        np.array(rows, dtype=np.int64),
        np.array(columns, dtype=np.int64),
        divisors,
    )


def _solve(
    problem: Problem,
    found: tuple[Ints, Floats, Floats, bool] | None,
    names: tuple[list[Hashable], list[Hashable]],
    rule: TieRule,
) -> Ints:
    """Seats by the numpy scaling (unless the small one `found` them), transfers where it
    stalls, then proved exactly and true ties settled."""
    seats_found, row_mult, column_mult, converged = alternate(problem) if found is None else found
    if not converged:
        if not repair_columns(problem.floats > 0, seats_found, problem.minimum, problem.columns):
            raise _explain(problem, names)
        multipliers = transfer(problem, seats_found, (row_mult, column_mult))
        if multipliers is not None:
            (row_mult, column_mult), converged = multipliers, True
    return prove(problem, (seats_found, row_mult, column_mult, converged), names, rule)


def _winners(grid: list[list[int]], seats: list[int]) -> Ints:
    """A minimum of 1 for the strongest party of each district; tied strongest parties all
    get it if the district has seats enough for them, else none does."""
    minimum = np.zeros((len(grid), len(grid[0]) if grid else 0), dtype=np.int64)
    for d, row in enumerate(grid):
        top = max(row, default=0)
        strongest = [p for p, value in enumerate(row) if value == top]
        if top > 0 and len(strongest) <= seats[d]:
            minimum[d, strongest] = 1
    return minimum


def _has_support(grid: list[list[int]]) -> bool:
    """True when every district and every party has a cell with votes: then, without
    minimums, _check finds nothing (and this test on lists is cheaper for small grids)."""
    return bool(grid) and all(map(any, grid)) and all(map(any, zip(*grid, strict=True)))


def _check(problem: Problem, names: tuple[list[Hashable], list[Hashable]]) -> None:
    """Refuse a problem without solution, saying why (all reasons found at once)."""
    districts, parties = names
    support = problem.floats > 0
    guaranteed = problem.minimum.sum(axis=0)
    if (
        support.any(axis=1).all()
        and support.any(axis=0).all()
        and (guaranteed <= problem.columns).all()
    ):
        return
    reasons = [
        f"district {districts[d]!r} has {problem.rows[d]} seats but no votes for a party with seats"
        for d in np.flatnonzero(~support.any(axis=1))
    ]
    reasons += [
        f"party {parties[p]!r} has {problem.columns[p]} seats but no votes in a district with seats"
        for p in np.flatnonzero(~support.any(axis=0))
    ]
    reasons += [
        f"party {parties[p]!r} is the strongest in {guaranteed[p]} districts "
        f"but has only {problem.columns[p]} seats"
        for p in np.flatnonzero(guaranteed > problem.columns)
    ]
    if reasons:
        raise InvalidInput("no biproportional apportionment: " + "; ".join(reasons))


def _explain(problem: Problem, names: tuple[list[Hashable], list[Hashable]]) -> InvalidInput:
    """The error for a problem the alternating scaling could not solve."""
    support = (problem.floats > 0).tolist()
    rows = (problem.rows - problem.minimum.sum(axis=1)).tolist()
    columns = (problem.columns - problem.minimum.sum(axis=0)).tolist()
    reason = hall_violation(support, rows, columns, names) or "alternating scaling did not converge"
    return InvalidInput(f"no biproportional apportionment: {reason}")
