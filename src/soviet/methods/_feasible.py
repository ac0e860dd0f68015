"""Why a biproportional problem has no solution: Hall's condition, by a maximum flow.

Seats can go only to cells with votes. A solution exists only if every set of districts
has no more seats than the parties with votes there can take; a maximum flow from the
districts' seats to the parties' seats finds a violating set when there is one.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Hashable

import numpy as np
import numpy.typing as npt

Ints = npt.NDArray[np.int64]


def hall_violation(
    support: list[list[bool]],
    rows: list[int],
    columns: list[int],
    names: tuple[list[Hashable], list[Hashable]],
) -> str | None:
    """A sentence naming districts whose seats the parties with votes there cannot take."""
    flow = [[0] * len(columns) for _ in rows]
    row_left, column_left = list(rows), list(columns)
    while (path := _augmenting_path(support, flow, row_left, column_left)) is not None:
        start, steps, end = path
        back = [flow[d][p] for d, p, sign in steps if sign < 0]
        amount = min(row_left[start], column_left[end], *back)
        row_left[start] -= amount
        column_left[end] -= amount
        for d, p, sign in steps:
            flow[d][p] += sign * amount
    if not any(row_left):
        return None
    districts, parties = _reachable(support, flow, row_left)
    seats = sum(rows[d] for d in districts)
    room = sum(columns[p] for p in parties)
    district_names = ", ".join(repr(names[0][d]) for d in sorted(districts))
    party_names = ", ".join(repr(names[1][p]) for p in sorted(parties)) or "none"
    return (
        f"districts {district_names} have {seats} seats, but the parties with votes there "
        f"({party_names}) are to get only {room}"
    )


def _augmenting_path(
    support: list[list[bool]], flow: list[list[int]], row_left: list[int], column_left: list[int]
) -> tuple[int, list[tuple[int, int, int]], int] | None:
    """A path from a district with seats left to a party with room, through the residual graph."""
    came: dict[tuple[str, int], tuple[tuple[str, int], int, int, int] | None] = {}
    queue: deque[tuple[str, int]] = deque()
    for d, left in enumerate(row_left):
        if left > 0:
            came[("d", d)] = None
            queue.append(("d", d))
    while queue:
        side, node = queue.popleft()
        if side == "p" and column_left[node] > 0:
            return _unwind(came, node)
        if side == "d":
            neighbours = [(("p", p), node, p, 1) for p, ok in enumerate(support[node]) if ok]
        else:
            neighbours = [(("d", d), d, node, -1) for d in range(len(flow)) if flow[d][node] > 0]
        for target, d, p, sign in neighbours:
            if target not in came:
                came[target] = ((side, node), d, p, sign)
                queue.append(target)
    return None


def _unwind(
    came: dict[tuple[str, int], tuple[tuple[str, int], int, int, int] | None], end: int
) -> tuple[int, list[tuple[int, int, int]], int]:
    steps, node = [], ("p", end)
    while (step := came[node]) is not None:
        node, d, p, sign = step
        steps.append((d, p, sign))
    return node[1], steps, end


def _reachable(
    support: list[list[bool]], flow: list[list[int]], row_left: list[int]
) -> tuple[set[int], set[int]]:
    districts = {d for d, left in enumerate(row_left) if left > 0}
    parties: set[int] = set()
    frontier = list(districts)
    while frontier:
        d = frontier.pop()
        for p, ok in enumerate(support[d]):
            if ok and p not in parties:
                parties.add(p)
                for e in range(len(flow)):
                    if flow[e][p] > 0 and e not in districts:
                        districts.add(e)
                        frontier.append(e)
    return districts, parties


def repair_columns(
    support: npt.NDArray[np.bool_], seats: Ints, minimum: Ints, columns: Ints
) -> bool:
    """Move seats within rows, along paths from over-full to under-full columns, until
    every column sum is right (row sums kept); False if no path is left."""
    while (excess := seats.sum(axis=0) - columns).any():
        came: dict[int, tuple[int, int] | None] = {int(p): None for p in np.flatnonzero(excess > 0)}
        queue, end = deque(came), None
        while queue and end is None:
            p = queue.popleft()
            for d in np.flatnonzero(seats[:, p] > minimum[:, p]).tolist():
                for q in np.flatnonzero(support[d]).tolist():
                    if q not in came:
                        came[q] = (d, p)
                        queue.append(q)
                        if excess[q] < 0:
                            end = q
        if end is None:
            return False
        while (step := came[end]) is not None:
            d, p = step
            seats[d, end] += 1
            seats[d, p] -= 1
            end = p
    return True
