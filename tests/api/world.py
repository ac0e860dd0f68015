"""Federations for the API's tests of acts, founded through the services as the operator,
with an account and a bearer token for everyone who acts through HTTP."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

import yaml
from argon2 import PasswordHasher

from soviet.domain.identity import SYSTEM, account_actor
from soviet.services import accounts
from soviet.services import journal as journal_service
from soviet.services.bootstrap import Database
from soviet.services.composition import composition
from soviet.services.elections import close_election, enter_counts, open_election
from soviet.services.members import MemberSpec, register_members
from soviet.services.motions import MotionSpec, move_motion
from soviet.services.parties import join_party, register_party, register_persons, set_candidate_list
from soviet.services.registers import ConstituencySpec, admit_constituencies
from soviet.services.sessions import check_in, convene
from soviet.services.statutes import apply_statute
from soviet.services.votes import open_vote

PETROGRAD = """
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
MOSCOW = PETROGRAD.replace("slug: petrograd-1917, name: Petrograd 1917", "slug: moscow, name: M")
MOSCOW = MOSCOW.replace("administrators: [chkheidze]", "administrators: [nogin]")
FEB = datetime(1917, 2, 27, tzinfo=UTC)
MARCH = datetime(1917, 3, 1, tzinfo=UTC)
PARTIES = {
    "bolsheviks": ("lenin", ["b1", "b2", "b3", "b4", "b5", "b6"]),
    "mensheviks": ("martov", ["m1", "m2", "m3"]),
    "sr": ("chernov", ["s1", "s2", "s3"]),
}
# Putilov: 4 Bolsheviks and 1 Menshevik; Volynsky: 1 SR.
COUNTS = [
    ("putilov", "bolsheviks", 3100),
    ("putilov", "mensheviks", 1500),
    ("putilov", "sr", 500),
    ("volynsky", "sr", 2000),
    ("volynsky", "bolsheviks", 1500),
    ("volynsky", "mensheviks", 500),
]
PASSWORD = "a long enough password for tests"


#: These accounts act by their tokens and never log in: their passwords are hashed with
#: argon2id still, at the lowest cost (the default costs 0.6 s an account on this machine,
#: two minutes for a congress of 200).
CHEAP = PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1)


def tokens_for(db: Database, names: list[str]) -> dict[str, str]:
    """An account and an act-scoped bearer token for each name."""
    expires = datetime.now(UTC) + timedelta(days=1)

    def make(name: str) -> str:
        accounts.create_account(db, name, PASSWORD, actor=SYSTEM)
        return accounts.issue_token(db, name, "tests", ["read", "act"], expires, actor=SYSTEM)

    saved, accounts.hasher = accounts.hasher, CHEAP
    try:
        with ThreadPoolExecutor(max_workers=4) as pool:
            return dict(zip(names, pool.map(make, names), strict=True))
    finally:
        accounts.hasher = saved


@dataclass
class World:
    """Who may act in the founded federations: their bearer tokens by account."""

    tokens: dict[str, str] = field(default_factory=dict)

    def headers(self, account: str, key: str | None = None) -> dict[str, str]:
        found = {"Authorization": f"Bearer {self.tokens[account]}"}
        if key is not None:
            found["Idempotency-Key"] = key
        return found


def found_petrograd(db: Database, *, recall_then: str = "next-on-list") -> World:
    """Petrograd 1917 elected in March (delegates b1-b4 and m1 for Putilov, s1 for
    Volynsky), soldiers v1-v2 of Volynsky and worker p1 of Putilov on the registers with
    accounts, and Moscow, another federation with its own administrator. A recalled
    delegate's seat goes as `recall_then` says (the statute's `then`)."""
    journal_service.initialise(db, actor=SYSTEM)
    statute = PETROGRAD.replace("then: next-on-list", f"then: {recall_then}")
    apply_statute(db, yaml.safe_load(statute), effective_at=FEB, actor=SYSTEM)
    admit_constituencies(
        db,
        [
            ConstituencySpec("putilov", "Putilov Works", "factory", "petrograd-soviet", 5000),
            ConstituencySpec("volynsky", "Volynsky Regiment", "regiment", "petrograd-soviet", 4),
        ],
        admitted_at=FEB,
        actor=SYSTEM,
    )
    register_persons(db, [(p, p.upper()) for _, ps in PARTIES.values() for p in ps], actor=SYSTEM)
    for party, (leader, people) in PARTIES.items():
        register_party(
            db,
            party,
            name=party.title(),
            programme="A programme.",
            committee=[leader],
            actor=SYSTEM,
        )
        join_party(db, party, people, actor=account_actor(leader), joined_at=FEB)
        set_candidate_list(db, party, "petrograd-soviet", people, actor=account_actor(leader))
    election = open_election(db, "petrograd-soviet", opened_at=MARCH, actor=SYSTEM)
    enter_counts(db, election, COUNTS, actor=SYSTEM)
    close_election(db, election, closed_at=datetime(1917, 3, 5, tzinfo=UTC), actor=SYSTEM)
    soldiers = [MemberSpec(f"v{i}", f"Soldier {i}", account=f"soldier-{i}") for i in (1, 2)]
    register_members(db, "volynsky", soldiers, actor=SYSTEM)
    register_members(db, "putilov", [MemberSpec("p1", "Worker", account="worker-1")], actor=SYSTEM)
    apply_statute(
        db, yaml.safe_load(MOSCOW), effective_at=FEB, actor=SYSTEM, is_another_federation=True
    )
    names = ["chkheidze", "nogin", "lenin", "b1", "b2", "b3", "b5", "m1", "soldier-1", "soldier-2"]
    return World(tokens_for(db, [*names, "worker-1"]))


def congress_statute(delegates: int, results: str = "at-close") -> dict[str, object]:
    return {
        "federation": {"slug": "russia-1917", "name": "Russia 1917", "administrators": ["chair"]},
        "constituency_kinds": {"soviets": {"name": "Soviets of Russia"}},
        "councils": {
            "congress": {
                "name": "Second All-Russian Congress of Soviets",
                "delegates": {"soviets": {"fixed": delegates}},
                "election": {"method": "dhondt"},
                "sessions": {"results": results, "secret_ballots": "sealed-if-keyed"},
            }
        },
    }


#: Shares of the vote, as at the Second Congress: 390 Bolsheviks, 159 SRs of 650.
SHARES = {"bolsheviks": 60, "sr": 25, "mensheviks": 15}


def found_congress(
    db: Database, delegates: int, results: str = "at-close"
) -> tuple[int, list[str], World]:
    """A congress of `delegates` elected and in session, every delegate checked in, with
    an account and token for each and for its chair; returns the session, the
    delegates, and their tokens."""
    journal_service.initialise(db, actor=SYSTEM)
    apply_statute(db, congress_statute(delegates, results), effective_at=FEB, actor=SYSTEM)
    spec = ConstituencySpec("russia", "Russia", "soviets", "congress", 1_000_000)
    admit_constituencies(db, [spec], admitted_at=FEB, actor=SYSTEM)
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
        set_candidate_list(db, party, "congress", persons, actor=account_actor(party))
    election = open_election(db, "congress", opened_at=MARCH, actor=SYSTEM)
    enter_counts(
        db, election, [("russia", party, share) for party, share in SHARES.items()], actor=SYSTEM
    )
    close_election(db, election, closed_at=MARCH, actor=SYSTEM)
    seated = [m.person for m in composition(db, "congress", actor=SYSTEM).members]
    session = convene(db, "congress", ["Power to the Soviets"], actor=SYSTEM)
    check_in(db, session, seated, actor=SYSTEM)
    return session, seated, World(tokens_for(db, ["chair", *seated]))


def move(db: Database, session: int, slug: str, mode: str = "roll-call") -> str:
    """A motion moved by the Bolshevik fraction and put to the vote; its address."""
    spec = MotionSpec(slug, slug.title(), "All power.", "fraction", "bolsheviks")
    move_motion(db, "congress", session, spec, actor=account_actor("bolsheviks"))
    open_vote(db, f"congress/{slug}", mode, actor=SYSTEM)
    return f"/federations/russia-1917/councils/congress/motions/{slug}"
