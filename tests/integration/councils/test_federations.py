"""Two federations in one database see nothing of each other; a pooled council elects."""

from __future__ import annotations

import pytest
import yaml

from soviet.domain.identity import SYSTEM
from soviet.domain.ids import format_id
from soviet.errors import NotFound, RuleViolation
from soviet.services import journal as journal_service
from soviet.services.composition import composition
from soviet.services.elections import close_election, enter_counts, open_election
from soviet.services.parties import (
    join_party,
    register_party,
    register_persons,
    set_candidate_list,
)
from soviet.services.registers import ConstituencySpec, admit_constituencies
from soviet.services.statutes import apply_statute
from soviet.store.database import Database

from .federation import STATUTE

MOSCOW = STATUTE.replace("petrograd-1917", "moscow-1917").replace("Petrograd 1917", "Moscow")

POOLED = """
federation: {slug: tenants, name: Tenant union}
constituency_kinds: {house: {name: House}}
councils:
  assembly:
    name: Delegate assembly
    delegates: {house: {fixed: 3}}
    election: {method: sainte-lague, allocation: pooled}
"""


def test_federations_with_the_same_slugs_do_not_see_each_other(federation_db: Database) -> None:
    apply_statute(federation_db, yaml.safe_load(MOSCOW), actor=SYSTEM, is_another_federation=True)
    moscow = {"federation": "moscow-1917", "actor": SYSTEM}
    admit_constituencies(
        federation_db,
        [ConstituencySpec("putilov", "Another works", "factory", "petrograd-soviet", 1000)],
        **moscow,  # type: ignore[arg-type]
    )
    register_persons(federation_db, [("b1", "Moscow B1")], **moscow)  # type: ignore[arg-type]
    register_party(federation_db, "bolsheviks", name="B", programme="P", committee=["x"], **moscow)  # type: ignore[arg-type]
    join_party(federation_db, "bolsheviks", ["b1"], **moscow)  # type: ignore[arg-type]
    with pytest.raises(NotFound, match="^federation: the database holds several federations"):
        composition(federation_db, "petrograd-soviet", actor=SYSTEM)
    petrograd = composition(
        federation_db, "petrograd-soviet", federation="petrograd-1917", actor=SYSTEM
    )
    moscow_now = composition(
        federation_db, "petrograd-soviet", federation="moscow-1917", actor=SYSTEM
    )
    assert (petrograd.seats, moscow_now.seats) == (0, 0)
    election = open_election(federation_db, "petrograd-soviet", **moscow)  # type: ignore[arg-type]
    with pytest.raises(NotFound, match=f"^election {format_id(election)} does not exist$"):
        enter_counts(
            federation_db,
            election,
            [("putilov", "bolsheviks", 5)],
            federation="petrograd-1917",
            actor=SYSTEM,
        )
    enter_counts(federation_db, election, [("putilov", "bolsheviks", 5)], **moscow)  # type: ignore[arg-type]
    set_candidate_list(federation_db, "bolsheviks", "petrograd-soviet", ["b1"], **moscow)  # type: ignore[arg-type]
    close_election(federation_db, election, **moscow)  # type: ignore[arg-type]
    assert (
        composition(
            federation_db, "petrograd-soviet", federation="moscow-1917", actor=SYSTEM
        ).filled
        == 1
    )
    assert (
        composition(
            federation_db, "petrograd-soviet", federation="petrograd-1917", actor=SYSTEM
        ).filled
        == 0
    )
    assert journal_service.verify(federation_db, actor=SYSTEM).is_intact


def test_a_pooled_council_gives_seats_by_the_whole_vote(db_url: str) -> None:
    from soviet.services.bootstrap import open_database

    with open_database(db_url) as db:
        journal_service.initialise(db, actor=SYSTEM)
        apply_statute(db, yaml.safe_load(POOLED), actor=SYSTEM)
        admit_constituencies(
            db,
            [ConstituencySpec(h, h, "house", "assembly", 100) for h in ("north", "south")],
            actor=SYSTEM,
        )
        people = [(f"{p}{i}", p) for p in ("r", "g") for i in range(1, 5)]
        register_persons(db, people, actor=SYSTEM)
        for party in ("r", "g"):
            register_party(db, party, name=party, programme="P", committee=[party], actor=SYSTEM)
            join_party(db, party, [p for p, q in people if q == party], actor=SYSTEM)
            set_candidate_list(
                db, party, "assembly", [p for p, q in people if q == party], actor=SYSTEM
            )
        with pytest.raises(RuleViolation, match="elects as a whole"):
            open_election(db, "assembly", constituency="north", actor=SYSTEM)
        election = open_election(db, "assembly", actor=SYSTEM)
        enter_counts(
            db,
            election,
            [("north", "r", 90), ("north", "g", 30), ("south", "r", 30), ("south", "g", 90)],
            actor=SYSTEM,
        )
        closed = close_election(db, election, actor=SYSTEM)
        assert closed.seats == {
            ("north", "g"): 1,
            ("north", "r"): 2,
            ("south", "g"): 2,
            ("south", "r"): 1,
        }
        shown = composition(db, "assembly", actor=SYSTEM)
        assert (shown.seats, shown.filled, shown.fractions) == (6, 6, {"g": 3, "r": 3})
        assert shown.majority is None
        assert journal_service.verify(db, actor=SYSTEM).is_intact
