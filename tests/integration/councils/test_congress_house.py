"""A congress of 30 seats apportioned among five regional councils by Huntington-Hill, at
least 1 each: convening it seats each region's share, filled by its fractions."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from datetime import UTC, datetime

import pytest

from soviet.domain.identity import SYSTEM, account_actor
from soviet.services import journal as journal_service
from soviet.services.bootstrap import open_database
from soviet.services.composition import composition
from soviet.services.elections import close_election, enter_counts, open_election
from soviet.services.formation import convene
from soviet.services.parties import register_party, register_persons, set_candidate_list
from soviet.services.registers import ConstituencySpec, admit_constituencies
from soviet.services.statutes import apply_statute
from soviet.store.database import Database

FOUNDED = datetime(2024, 1, 10, tzinfo=UTC)
ELECTED = datetime(2024, 2, 1, tzinfo=UTC)
CONVENED = datetime(2024, 3, 1, tzinfo=UTC)
#: Members per region; 1 delegate per 1,000 gives 61, 25, 9, 3 and 2 regional delegates.
REGIONS = {"north": 61_000, "south": 25_000, "east": 9_200, "west": 3_300, "isles": 1_500}
#: Huntington-Hill, 30 seats, at least 1 each (worked out by hand in the unit test).
SHARES = {"north": 18, "south": 7, "east": 3, "west": 1, "isles": 1}
VOTES = {"reds": 613, "greens": 387}


def statute(refresh: str) -> dict[str, object]:
    regions = {
        slug: {
            "name": f"{slug.title()} regional council",
            "delegates": {"branch": {"per_voters": 1000}},
            "election": {"method": "dhondt"},
        }
        for slug in REGIONS
    }
    congress = {
        "members": list(REGIONS),
        "house": {"size": 30, "method": "huntington-hill", "minimum": 1},
        "method": "dhondt",
    }
    return {
        "federation": {"slug": "union", "name": "The Union", "administrators": []},
        "constituency_kinds": {"branch": {"name": "Branch"}},
        "councils": {
            **regions,
            "congress": {"name": "Congress", "congress": congress, "refresh": refresh},
        },
    }


def found(db_url: str, refresh: str) -> Database:
    """The union with its five regional councils elected."""
    db = open_database(db_url)
    journal_service.initialise(db, actor=SYSTEM)
    apply_statute(db, statute(refresh), effective_at=FOUNDED, actor=SYSTEM)
    admit_constituencies(
        db,
        [
            ConstituencySpec(f"{slug}-branch", f"{slug.title()} branch", "branch", slug, voters)
            for slug, voters in REGIONS.items()
        ],
        admitted_at=FOUNDED,
        actor=SYSTEM,
    )
    lists = {
        (party, slug): [f"{party}-{slug}-{n}" for n in range(70)]
        for party in VOTES
        for slug in REGIONS
    }
    for party in VOTES:
        register_party(
            db, party, name=party.title(), programme="A programme.", committee=[party], actor=SYSTEM
        )
    register_persons(
        db,
        [(person, person.upper()) for people in lists.values() for person in people],
        parties={person: party for (party, _), people in lists.items() for person in people},
        actor=SYSTEM,
    )
    for (party, slug), people in lists.items():
        set_candidate_list(db, party, slug, people, actor=account_actor(party))
    for slug in REGIONS:
        election = open_election(db, slug, opened_at=ELECTED, actor=SYSTEM)
        counts = [(f"{slug}-branch", party, votes) for party, votes in VOTES.items()]
        enter_counts(db, election, counts, actor=SYSTEM)
        close_election(db, election, closed_at=ELECTED, actor=SYSTEM)
    return db


@pytest.fixture
def union(db_url: str) -> Iterator[Database]:
    db = found(db_url, "on-convocation")
    yield db
    db.dispose()


def assert_seated_by_shares(db: Database, at: datetime) -> None:
    shown = composition(db, "congress", actor=SYSTEM, as_of=at)
    assert (shown.seats, shown.filled) == (30, 30)
    assert Counter(m.delegation for m in shown.members) == SHARES
    # Each delegation is shared among the region's fractions by D'Hondt: 18 -> 11 + 7.
    north = Counter(m.party for m in shown.members if m.delegation == "north")
    assert north == {"reds": 11, "greens": 7}
    assert all(m.person.split("-")[1] == m.delegation for m in shown.members)


def test_convening_the_congress_seats_each_region_s_share_of_the_house(union: Database) -> None:
    assert composition(union, "congress", actor=SYSTEM, as_of=ELECTED).filled == 0
    assert convene(union, "congress", convened_at=CONVENED, actor=SYSTEM)
    assert_seated_by_shares(union, CONVENED)


def test_a_continuous_congress_follows_each_election_and_ends_with_the_same_shares(
    db_url: str,
) -> None:
    db = found(db_url, "continuous")
    try:
        assert_seated_by_shares(db, ELECTED)
        assert not convene(db, "congress", convened_at=CONVENED, actor=SYSTEM)
    finally:
        db.dispose()
