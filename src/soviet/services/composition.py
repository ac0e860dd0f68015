"""The composition of a council at any moment: seats, fractions, majority, members."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import datetime

from soviet.domain.journal import format_time
from soviet.services.journal import Clock, require_current, utc_now
from soviet.store import councils, queries
from soviet.store.database import Database


@dataclass(frozen=True)
class Member:
    person: str
    party: str
    constituency: str
    seat: int
    since: str


@dataclass(frozen=True)
class Composition:
    """Who sits in a council at a moment, as `soviet council show` prints it."""

    council: str
    as_of: str
    seats: int
    filled: int
    fractions: dict[str, int]
    majority: str | None
    members: list[Member]

    def as_json(self) -> dict[str, object]:
        return {
            "council": self.council,
            "as_of": self.as_of,
            "seats": self.seats,
            "filled": self.filled,
            "fractions": self.fractions,
            "majority": self.majority,
            "members": [
                {
                    "person": m.person,
                    "party": m.party,
                    "constituency": m.constituency,
                    "seat": m.seat,
                    "since": m.since,
                }
                for m in self.members
            ],
        }


def majority_of(fractions: dict[str, int]) -> str | None:
    """The party holding more than half of the filled seats, if one does."""
    filled = sum(fractions.values())
    for party, seats in fractions.items():
        if 2 * seats > filled:
            return party
    return None


def composition(
    db: Database,
    council: str,
    *,
    as_of: datetime | None = None,
    federation: str | None = None,
    now: Clock = utc_now,
) -> Composition:
    """The council's composition at `as_of` (default: now)."""
    moment = format_time(as_of or now())
    with db.read() as connection:
        require_current(connection, db)
        found = queries.federation(connection, federation)
        council_id = councils.council_id(connection, found.id, council)
        seats = councils.seats_at(connection, council_id, moment)
        held = councils.open_mandates(connection, council_id, moment)
    counts = Counter(m.party for m in held)
    fractions = dict(sorted(counts.items(), key=lambda item: (-item[1], item[0])))
    return Composition(
        council=council,
        as_of=moment,
        seats=sum(seats.values()),
        filled=len(held),
        fractions=fractions,
        majority=majority_of(fractions),
        members=[Member(m.person, m.party, m.constituency, m.seat, m.since) for m in held],
    )
