"""A small federation of 1917 to act on: a statute, two constituencies, three parties."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime

import pytest
import yaml

from soviet.services import journal as journal_service
from soviet.services.bootstrap import open_database
from soviet.services.parties import join_party, register_party, register_persons, set_candidate_list
from soviet.services.registers import ConstituencySpec, admit_constituencies
from soviet.services.statutes import apply_statute
from soviet.store.database import Database

STATUTE = """
federation: {slug: petrograd-1917, name: Petrograd 1917, administrators: [chkheidze]}
constituency_kinds:
  factory: {name: Factory}
  regiment: {name: Regiment}
councils:
  petrograd-soviet:
    name: Petrograd Soviet
    delegates:
      factory: {per_voters: 1000, rounding: nearest, minimum: 1}
      regiment: {fixed: 1}
    election: {method: dhondt}
    recall: {basis: electorate, share: 1/2, then: next-on-list}
"""
FEB = datetime(1917, 2, 27, tzinfo=UTC)
MARCH = datetime(1917, 3, 1, tzinfo=UTC)

PARTIES = {
    "bolsheviks": ("lenin", ["b1", "b2", "b3", "b4", "b5", "b6"]),
    "mensheviks": ("martov", ["m1", "m2", "m3"]),
    "sr": ("chernov", ["s1", "s2", "s3"]),
}


def found_federation(db: Database) -> None:
    journal_service.initialise(db)
    apply_statute(db, yaml.safe_load(STATUTE), effective_at=FEB)
    admit_constituencies(
        db,
        [
            ConstituencySpec(
                "putilov", "Putilov Works", "factory", "petrograd-soviet", 5000, {"ward": "narva"}
            ),
            ConstituencySpec(
                "volynsky",
                "Volynsky Regiment",
                "regiment",
                "petrograd-soviet",
                4000,
                {"ward": "liteiny"},
            ),
        ],
        admitted_at=FEB,
    )
    everyone = [(p, p.upper()) for _, people in PARTIES.values() for p in people]
    register_persons(db, everyone)
    for party, (leader, people) in PARTIES.items():
        register_party(
            db, party, name=party.title(), programme=f"The {party} programme.", committee=[leader]
        )
        join_party(db, party, people, actor=leader, joined_at=FEB)
        set_candidate_list(db, party, "petrograd-soviet", people, actor=leader)


@pytest.fixture
def federation_db(db_url: str) -> Iterator[Database]:
    db = open_database(db_url)
    found_federation(db)
    yield db
    db.dispose()
