"""What applying journal entries changed that the bodies formed above must follow.

Recording an act returns its effects; the unit of work collects those of every entry the
act journals and hands them to propagation (services.bodies.propagate), which refreshes
the bodies formed from the councils they name and measures their drift.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Effects:
    """Councils (by id) whose mandates changed, with the latest time of change; councils
    whose electorate changed (the congresses above size their delegations again); voting
    seats each council gained (+) or lost (-) per party (by id); councils whose election
    closed (their votes changed); councils whose lists of candidates or co-options changed
    (who a body's fractions name)."""

    changed: Mapping[int, str] = field(default_factory=dict)
    counted: frozenset[int] = frozenset()
    seats: Mapping[int, Mapping[int | None, int]] = field(default_factory=dict)
    voted: frozenset[int] = frozenset()
    designated: frozenset[int] = frozenset()

    @property
    def is_empty(self) -> bool:
        return not (self.changed or self.counted or self.seats or self.voted or self.designated)

    def __or__(self, other: Effects) -> Effects:
        """The effects of both, one after the other."""
        if other.is_empty:
            return self
        if self.is_empty:
            return other
        changed = dict(self.changed)
        for council, at in other.changed.items():
            changed[council] = max(at, changed.get(council, at))
        seats = {council: dict(parties) for council, parties in self.seats.items()}
        for council, parties in other.seats.items():
            balance = seats.setdefault(council, {})
            for party, change in parties.items():
                balance[party] = balance.get(party, 0) + change
        return Effects(
            changed,
            self.counted | other.counted,
            seats,
            self.voted | other.voted,
            self.designated | other.designated,
        )

    def seat_balance(self) -> dict[int, dict[int | None, int]]:
        """Voting seats per party each council gained or lost, only where some did."""
        return {
            council: {party: n for party, n in parties.items() if n}
            for council, parties in self.seats.items()
            if any(parties.values())
        }


NO_EFFECTS = Effects()


def mandates_changed(council: int, at: str) -> Effects:
    """A council's mandates changed at `at`."""
    return Effects(changed={council: at})


def designations_changed(councils: Iterable[int]) -> Effects:
    """The lists of candidates or the co-options of `councils` changed."""
    return Effects(designated=frozenset(councils))


def electorate_changed(council: int, at: str) -> Effects:
    """A council's electorate changed at `at`: the congresses above it, at any depth, size
    their delegations again."""
    return Effects(changed={council: at}, counted=frozenset({council}))
