"""A small federation of 1917 for tests: a statute, two constituencies, three parties, and
the March election; the same with bodies formed from the soviet."""

from __future__ import annotations

from datetime import UTC, datetime

import yaml

from soviet.domain.identity import SYSTEM, account_actor
from soviet.services import journal as journal_service
from soviet.services.elections import close_election, enter_counts, open_election
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
    sessions: {secret_ballots: sealed-if-keyed}
"""
FEB = datetime(1917, 2, 27, tzinfo=UTC)
MARCH = datetime(1917, 3, 1, tzinfo=UTC)

PARTIES = {
    "bolsheviks": ("lenin", ["b1", "b2", "b3", "b4", "b5", "b6"]),
    "mensheviks": ("martov", ["m1", "m2", "m3"]),
    "sr": ("chernov", ["s1", "s2", "s3"]),
}


def found_federation(db: Database, statute: str = STATUTE) -> None:
    journal_service.initialise(db, actor=SYSTEM)
    apply_statute(db, yaml.safe_load(statute), effective_at=FEB, actor=SYSTEM)
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
        actor=SYSTEM,
    )
    everyone = [(p, p.upper()) for _, people in PARTIES.values() for p in people]
    register_persons(db, everyone, actor=SYSTEM)
    for party, (leader, people) in PARTIES.items():
        register_party(
            db,
            party,
            name=party.title(),
            programme=f"The {party} programme.",
            committee=[leader],
            actor=SYSTEM,
        )
        join_party(db, party, people, actor=account_actor(leader), joined_at=FEB)
        set_candidate_list(db, party, "petrograd-soviet", people, actor=account_actor(leader))


# Putilov: 5 delegates (1 per 1000); D'Hondt gives 4 Bolsheviks, 1 Menshevik.
# Volynsky: 1 delegate regardless of its strength, to the SRs.
COUNTS = [
    ("putilov", "bolsheviks", 3100),
    ("putilov", "mensheviks", 1500),
    ("putilov", "sr", 500),
    ("volynsky", "sr", 2000),
    ("volynsky", "bolsheviks", 1500),
    ("volynsky", "mensheviks", 500),
]


def elect(db: Database) -> int:
    election = open_election(db, "petrograd-soviet", opened_at=MARCH, actor=SYSTEM)
    enter_counts(db, election, COUNTS, actor=SYSTEM)
    close_election(db, election, closed_at=datetime(1917, 3, 5, tzinfo=UTC), actor=SYSTEM)
    return election


BODIES = (
    STATUTE
    + """    sections:
      workers: {name: Workers' section, kinds: [factory]}
      soldiers: {name: Soldiers' section, kinds: [regiment]}
  narva-soviet:
    name: Narva ward soviet
    derived: {from: petrograd-soviet, tags: {ward: narva}}
  petrograd-executive:
    name: Executive Committee
    executive:
      of: petrograd-soviet
      seats: 3
      method: dhondt
      co_opted: [{organisation: unions, seats: 1, voting: false}]
  cec:
    name: Central Executive Committee
    congress:
      members: [petrograd-soviet]
      delegation: {per_voters: 1500, rounding: nearest, minimum: 1}
      method: dhondt
    refresh: on-convocation
"""
)
