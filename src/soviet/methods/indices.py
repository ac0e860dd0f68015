"""Disproportionality indices over vote shares and seat shares.

Each takes two mappings with the same keys (votes and seats, or their shares) and
normalises both to shares first. They measure, they decide no seat: floats are fine.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import Any

from soviet.errors import InvalidInput
from soviet.methods._numbers import non_negative


def _shares(votes: Mapping[Any, object], seats: Mapping[Any, object]) -> list[tuple[float, float]]:
    if set(votes) != set(seats):
        missing = sorted(map(repr, set(votes) ^ set(seats)))
        raise InvalidInput(
            f"votes and seats must have the same keys; not in both: {', '.join(missing)}"
        )
    vote = {key: float(non_negative(value, f"votes of {key!r}")) for key, value in votes.items()}
    seat = {key: float(non_negative(value, f"seats of {key!r}")) for key, value in seats.items()}
    vote_total, seat_total = sum(vote.values()), sum(seat.values())
    if vote_total <= 0 or seat_total <= 0:
        raise InvalidInput("votes and seats must each have a positive total")
    return [(vote[key] / vote_total, seat[key] / seat_total) for key in vote]


def gallagher(votes: Mapping[Any, object], seats: Mapping[Any, object]) -> float:
    """Gallagher's least-squares index: sqrt(½ Σ (v_i - s_i)²), in percentage points.

    The standard measure of electoral disproportionality (Gallagher 1991, *Electoral
    Studies* 10), used in comparative reports of parliaments and electoral commissions.
    """
    pairs = _shares(votes, seats)
    return 100 * math.sqrt(sum((v - s) ** 2 for v, s in pairs) / 2)


def loosemore_hanby(votes: Mapping[Any, object], seats: Mapping[Any, object]) -> float:
    """Loosemore-Hanby index: ½ Σ |v_i - s_i|, in percentage points.

    The share of seats held by parties beyond their vote share (Loosemore and Hanby 1971,
    *British Journal of Political Science* 1).
    """
    pairs = _shares(votes, seats)
    return 100 * sum(abs(v - s) for v, s in pairs) / 2


def sainte_lague_index(votes: Mapping[Any, object], seats: Mapping[Any, object]) -> float:
    """Sainte-Laguë index: Σ (s_i - v_i)² / v_i, over parties with votes, in percent.

    The disproportionality that the Sainte-Laguë method minimises (Sainte-Laguë 1910).
    """
    pairs = _shares(votes, seats)
    return 100 * sum((s - v) ** 2 / v for v, s in pairs if v > 0)
