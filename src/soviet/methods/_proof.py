"""Exact proof of a biproportional apportionment, and its true ties.

Seats x are right when multipliers λ, μ exist with d(x-1) <= v·λ·μ <= d(x) in every
cell (powers of these for Huntington-Hill). With a = λ and b = 1/μ this is a system of
difference constraints (multiplicative): a[d] <= b[p]·d(x)/v and b[p] <= a[d]·v/d(x-1),
solved exactly by Bellman-Ford in Fractions from the floats' multipliers. A cycle whose
product is below 1 shows seats to transfer; a cycle of tight constraints is a true tie:
its cells could trade a seat and every district and party sum would still hold.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterator
from fractions import Fraction

from soviet.methods._lower import Floats, Ints, Problem, uncertain_cells
from soviet.methods.result import TieRule

#: An edge: (source node, target node, weight, cell, +1 if the cell could gain else -1).
Edge = tuple[int, int, Fraction, tuple[int, int], int]
Names = tuple[list[Hashable], list[Hashable]]


def prove(
    problem: Problem, found: tuple[Ints, Floats, Floats, bool], names: Names, rule: TieRule
) -> Ints:
    """Seats proved exactly, transfers made where floats misled, true ties settled.

    `found` holds seats with every sum right, the float multipliers, and whether the
    seats came from those multipliers (else the seats are only feasible, and the exact
    cycle cancelling below makes them the apportionment).
    """
    seats, row_mult, column_mult, converged = found
    if converged and _strict(problem, seats, row_mult, column_mult):
        return seats
    potential = [Fraction(float(m)) ** problem.divisors.method.power for m in row_mult]
    potential += [1 / Fraction(float(m)) ** problem.divisors.method.power for m in column_mult]
    while True:
        edges = _edges(problem, seats)
        cycle = _bellman_ford(potential, edges)
        if cycle is None:
            break
        for *_, (d, p), sign in cycle:
            seats[d, p] += sign
    tight = [edge for edge in edges if potential[edge[1]] == potential[edge[0]] * edge[2]]
    return _settle_ties(seats, tight, names, rule)


def _strict(problem: Problem, seats: Ints, row_mult: Floats, column_mult: Floats) -> bool:
    """True when every cell's rounding holds strictly with the multipliers as Fractions."""
    divisors, power = problem.divisors, problem.divisors.method.power
    for d, p in uncertain_cells(problem, seats, row_mult, column_mult).tolist():
        quotient = (
            problem.votes[d][p] * Fraction(float(row_mult[d])) * Fraction(float(column_mult[p]))
        ) ** power
        numerator, denominator = divisors.exact(int(seats[d, p]))
        if not quotient * denominator < numerator:
            return False
        if seats[d, p] > problem.minimum[d, p]:
            numerator, denominator = divisors.exact(int(seats[d, p]) - 1)
            if not quotient * denominator > numerator:
                return False
    return True


def _edges(problem: Problem, seats: Ints) -> list[Edge]:
    """The constraints of every cell with votes, as weighted edges between rows and columns."""
    divisors, power = problem.divisors, problem.divisors.method.power
    rows = len(problem.votes)
    edges: list[Edge] = []
    for d, line in enumerate(problem.votes):
        for p, vote in enumerate(line):
            if vote == 0:
                continue
            weight, x = vote**power, int(seats[d, p])
            numerator, denominator = divisors.exact(x)
            edges.append((rows + p, d, Fraction(numerator, denominator * weight), (d, p), 1))
            numerator, denominator = divisors.exact(x - 1) if x > 0 else (0, 1)
            if x > problem.minimum[d, p] and numerator > 0:
                edges.append((d, rows + p, Fraction(weight * denominator, numerator), (d, p), -1))
    return edges


def _bellman_ford(potential: list[Fraction], edges: list[Edge]) -> list[Edge] | None:
    """Relax the potentials in place; return a cycle of product below 1 if there is one."""
    parent: dict[int, Edge] = {}
    changed: int | None = None
    for _ in range(len(potential) + 1):
        changed = None
        for edge in edges:
            source, target, weight = edge[0], edge[1], edge[2]
            value = potential[source] * weight
            if value < potential[target]:
                potential[target] = value
                parent[target] = edge
                changed = target
        if changed is None:
            return None
    assert changed is not None
    node = changed
    for _ in range(len(potential)):
        node = parent[node][0]
    cycle, start = [], node
    while True:
        edge = parent[node]
        cycle.append(edge)
        node = edge[0]
        if node == start:
            return cycle


def _settle_ties(seats: Ints, tight: list[Edge], names: Names, rule: TieRule) -> Ints:
    """Report or draw every cycle of tight constraints: cells that could trade a seat each."""
    while cycle := _find_cycle(tight):
        holders = tuple(_name(names, edge[3]) for edge in cycle if edge[4] < 0)
        takers = tuple(_name(names, edge[3]) for edge in cycle if edge[4] > 0)
        if rule.choose(holders + takers, len(holders), [holders, takers]) == 1:
            for *_, (d, p), sign in cycle:
                seats[d, p] += sign
        used = {edge[3] for edge in cycle}
        tight = [edge for edge in tight if edge[3] not in used]
    return seats


def _name(names: Names, cell: tuple[int, int]) -> Hashable:
    return (names[0][cell[0]], names[1][cell[1]])


def _find_cycle(edges: list[Edge]) -> list[Edge] | None:
    """A directed cycle among the edges, by depth-first search, or None."""
    out: dict[int, list[Edge]] = {}
    for edge in edges:
        out.setdefault(edge[0], []).append(edge)
    state: dict[int, int] = {}  # 1: on the current path, 2: finished
    for root in out:
        if root in state:
            continue
        path: list[Edge] = []
        stack: list[tuple[int, Iterator[Edge]]] = [(root, iter(out.get(root, [])))]
        state[root] = 1
        while stack:
            node, branches = stack[-1]
            step = next(branches, None)
            if step is None:
                state[node] = 2
                stack.pop()
                if path:
                    path.pop()
                continue
            target = step[1]
            if state.get(target) == 1:
                start = next(i for i, e in enumerate(path) if e[0] == target)
                return [*path[start:], step]
            if target not in state:
                state[target] = 1
                path.append(step)
                stack.append((target, iter(out.get(target, []))))
    return None
