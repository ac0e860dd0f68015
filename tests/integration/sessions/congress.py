"""A large plenary for tests of concurrency: the Second Congress of Soviets with any
number of delegates, elected in one constituency by three parties, all checked in."""

from __future__ import annotations

from datetime import UTC, datetime

from soviet.domain.identity import SYSTEM, account_actor
from soviet.services import journal as journal_service
from soviet.services.composition import composition
from soviet.services.elections import close_election, enter_counts, open_election
from soviet.services.motions import MotionSpec, move_motion
from soviet.services.parties import register_party, register_persons, set_candidate_list
from soviet.services.registers import ConstituencySpec, admit_constituencies
from soviet.services.sessions import check_in, convene
from soviet.services.statutes import apply_statute
from soviet.store.database import Database

OCTOBER = datetime(1917, 10, 24, tzinfo=UTC)
#: Shares of the vote, as at the Second Congress: 390 Bolsheviks, 159 SRs of 650.
SHARES = {"bolsheviks": 60, "sr": 25, "mensheviks": 15}
MOTION = "second-congress/proclamation"


def statute(delegates: int) -> dict[str, object]:
    return {
        "federation": {"slug": "russia-1917", "name": "Russia 1917", "administrators": []},
        "constituency_kinds": {"soviets": {"name": "Soviets of Russia"}},
        "councils": {
            "second-congress": {
                "name": "Second All-Russian Congress of Soviets",
                "delegates": {"soviets": {"fixed": delegates}},
                "election": {"method": "dhondt"},
                # Secret votes here are counted in the clear: no trustees, by choice.
                "sessions": {"secret_ballots": "sealed-if-keyed"},
            }
        },
    }


def found_congress(db: Database, delegates: int) -> tuple[int, list[str]]:
    """The congress elected and in session with every delegate checked in, and a motion
    moved; returns the session and the delegates."""
    journal_service.initialise(db, actor=SYSTEM)
    apply_statute(db, statute(delegates), effective_at=OCTOBER, actor=SYSTEM)
    admit_constituencies(
        db,
        [ConstituencySpec("russia", "Russia", "soviets", "second-congress", 1_000_000)],
        actor=SYSTEM,
    )
    people = {party: [f"{party[0]}{n}" for n in range(delegates)] for party in SHARES}
    for party in SHARES:
        register_party(
            db, party, name=party.title(), programme="A programme.", committee=[party], actor=SYSTEM
        )
    register_persons(
        db,
        [(p, p.upper()) for persons in people.values() for p in persons],
        parties={p: party for party, persons in people.items() for p in persons},
        actor=SYSTEM,
    )
    for party, persons in people.items():
        set_candidate_list(db, party, "second-congress", persons, actor=account_actor(party))
    election = open_election(db, "second-congress", opened_at=OCTOBER, actor=SYSTEM)
    enter_counts(
        db, election, [("russia", party, share) for party, share in SHARES.items()], actor=SYSTEM
    )
    close_election(db, election, closed_at=OCTOBER, actor=SYSTEM)
    seated = [m.person for m in composition(db, "second-congress", actor=SYSTEM).members]
    session = convene(db, "second-congress", ["Power to the Soviets"], actor=SYSTEM)
    check_in(db, session, seated, actor=SYSTEM)
    spec = MotionSpec(
        "proclamation", "To workers, soldiers and peasants", "All power.", "fraction", "bolsheviks"
    )
    move_motion(db, "second-congress", session, spec, actor=account_actor("bolsheviks"))
    return session, seated
