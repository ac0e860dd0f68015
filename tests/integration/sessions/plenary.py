"""The 1917 test federation with its plenary rules, its bodies and a factory committee
of the Putilov shops; helpers to convene a session of the soviet with everyone in."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import yaml

from soviet.domain.identity import SYSTEM, account_actor
from soviet.services.elections import close_election, enter_counts, open_election
from soviet.services.formation import co_opt
from soviet.services.parties import register_persons, set_candidate_list
from soviet.services.registers import ConstituencySpec, admit_constituencies
from soviet.services.sessions import check_in, convene
from soviet.services.statutes import apply_statute
from soviet.store.database import Database

from ..councils.federation import BODIES, elect, found_federation

MARCH = datetime(1917, 3, 6, tzinfo=UTC)
SOVIET = ["b1", "b2", "b3", "b4", "m1", "s1"]  # Putilov 4 Bolsheviks 1 Menshevik, Volynsky 1 SR


def statute(**sessions: Any) -> dict[str, Any]:
    document = yaml.safe_load(BODIES)
    document["constituency_kinds"]["shop"] = {"name": "Shop"}
    document["councils"]["petrograd-soviet"]["sessions"] = {
        # These tests hold secret ballots without trustees: counted in the clear, by choice.
        "secret_ballots": "sealed-if-keyed",
        **(
            sessions
            or {
                "quorum": "majority",
                "decision": "majority-of-votes-cast",
                "abstentions": "not-counted",
                "amendments": "moved",
            }
        ),
    }
    document["councils"]["putilov-committee"] = {
        "name": "Putilov factory committee",
        "delegates": {"shop": {"fixed": 1}},
        "election": {"method": "dhondt"},
        "factory_committee": {"plant": "Putilov Works"},
        "sessions": {"secret_ballots": "sealed-if-keyed"},
    }
    return document


def found_plenary(db: Database, **sessions: Any) -> None:
    """The federation, its March election, a consultative member of the executive, and
    the Putilov committee elected by three shops."""
    found_federation(db)
    apply_statute(db, statute(**sessions), effective_at=MARCH, actor=SYSTEM)
    elect(db)
    register_persons(db, [("shlyapnikov", "Shlyapnikov")], actor=SYSTEM)
    co_opt(db, "petrograd-executive", "unions", ["shlyapnikov"], actor=SYSTEM)
    shops = [
        ConstituencySpec(f"shop-{n}", f"Shop {n}", "shop", "putilov-committee", 300)
        for n in (1, 2, 3)
    ]
    admit_constituencies(db, shops, admitted_at=MARCH, actor=SYSTEM)
    set_candidate_list(
        db, "bolsheviks", "putilov-committee", ["b5", "b6"], actor=account_actor("lenin")
    )
    set_candidate_list(db, "mensheviks", "putilov-committee", ["m2"], actor=account_actor("martov"))
    election = open_election(db, "putilov-committee", opened_at=MARCH, actor=SYSTEM)
    counts = [("shop-1", "bolsheviks", 200), ("shop-2", "bolsheviks", 150)]
    counts += [("shop-2", "mensheviks", 100), ("shop-3", "mensheviks", 180)]
    enter_counts(db, election, counts, actor=SYSTEM)
    close_election(db, election, closed_at=datetime(1917, 3, 7, tzinfo=UTC), actor=SYSTEM)


def sitting(
    db: Database, council: str = "petrograd-soviet", persons: list[str] | None = None
) -> int:
    """A session of `council` convened, with `persons` (default: the whole soviet) in."""
    session = convene(db, council, ["Peace", "Land"], actor=SYSTEM)
    check_in(db, session, SOVIET if persons is None else persons, actor=SYSTEM)
    return session
