"""The contract every door relies on: no act without an actor, roles read from the database
at the moment of the act, refusals that reveal nothing, and one federation's
administrators powerless in another (on both engines)."""

from __future__ import annotations

import importlib
import inspect
import pkgutil

import pytest
import yaml

from soviet import services
from soviet.domain.identity import PUBLIC, SYSTEM, Actor, Grant, Role, account_actor
from soviet.domain.permissions import Target
from soviet.domain.statute import parse_statute
from soviet.errors import Forbidden, NotFound
from soviet.services import identity, journal
from soviet.services.bootstrap import open_database
from soviet.services.composition import composition
from soviet.services.mandates import end_mandate, sign_recall
from soviet.services.member_register import member_register, petition_signatures
from soviet.services.members import MemberSpec, register_members
from soviet.services.registers import ConstituencySpec, admit_constituencies, count_electorate
from soviet.services.statutes import apply_statute
from soviet.store import queries
from soviet.store.database import Database

from .federation import STATUTE, elect

#: Public functions of services that take a database and are not acts or reads of a door:
#: the replay of a scenario is the operator's own tool, and acts as the operator inside.
NOT_DOORS = {
    "bootstrap.open_database",
    "journal.default_witness",
    "journal.require_current",
    "group_commit.submit",
    "group_commit.submit_many",
    "group_commit.submit_async",
    "scenario.last_recorded",
    "scenario.open_election_of",
    "scenario.replay",
    "scenario.state_after",
    "unit_of_work.perform",
    "context.reading",
}
#: The door's own work before and around an act, which no actor can name because it is how
#: the door finds the actor (a token or a session presented, a password tried, a code
#: redeemed, a session closed by its own cookie), or is the door's bookkeeping of a request
#: already authenticated, keyed by that account (its rate limit, its retry key).
AUTHENTICATION = {
    "accounts.authenticate_token",
    "accounts.credential_of",
    "logins.authenticate_session",
    "logins.login",
    "logins.logout",
    "invitations.redeem",
    "rate_limits.count",
    "rate_limits.count_act",
    # A ballot whose caster is found by her token in the transaction that writes it.
    "votes.cast_presented_vote",
    "idempotency.claim",
    "idempotency.keeping",
    "idempotency.current_keeper",
    "idempotency.answer",
    "idempotency.release",
    "idempotency.purge",
}


def door_functions() -> list[tuple[str, inspect.Signature]]:
    found = []
    for module_info in pkgutil.iter_modules(services.__path__):
        module = importlib.import_module(f"soviet.services.{module_info.name}")
        for name, function in inspect.getmembers(module, inspect.isfunction):
            if name.startswith("_") or function.__module__ != module.__name__:
                continue
            signature = inspect.signature(function)
            first = next(iter(signature.parameters), None)
            qualified = f"{module_info.name}.{name}"
            if first == "db" and qualified not in NOT_DOORS | AUTHENTICATION:
                found.append((qualified, signature))
    return found


def test_no_act_or_read_of_a_service_runs_without_an_actor() -> None:
    doors = door_functions()
    assert len(doors) > 45
    for name, signature in doors:
        actor = signature.parameters.get("actor")
        assert actor is not None, f"{name} takes no actor"
        assert actor.kind is inspect.Parameter.KEYWORD_ONLY, name
        assert actor.default is inspect.Parameter.empty, f"{name} gives its actor a default"
        assert actor.annotation in ("Actor", Actor), name


def roles(db: Database, account: str, target: Target) -> set[tuple[Role, str]]:
    with db.read() as connection:
        federation = queries.federation(connection, None)
        current = queries.current_statute(connection, federation.id)
        assert current is not None
        statute = parse_statute(current.document)
        found = identity.resolve(connection, federation, statute, Actor(account), target)
    return {(grant.role, grant.scope) for grant in found.grants}


def test_roles_are_read_from_the_database_at_the_moment_of_the_act(
    federation_db: Database,
) -> None:
    elect(federation_db)
    register_members(
        federation_db,
        "volynsky",
        [MemberSpec("v1", "Soldier One", account="ivan")],
        actor=account_actor("chkheidze"),
    )
    council = Target(council="petrograd-soviet", party="bolsheviks", constituency="volynsky")
    assert roles(federation_db, "b1", council) == {
        (Role.PERSON, ""),
        (Role.DELEGATE, "petrograd-soviet"),
        (Role.FRACTION, "petrograd-soviet/bolsheviks"),
    }
    assert roles(federation_db, "ivan", council) == {(Role.CONSTITUENT, "volynsky")}
    assert roles(federation_db, "lenin", council) == {(Role.CENTRAL_COMMITTEE, "bolsheviks")}
    assert roles(federation_db, "chkheidze", council) == {(Role.ADMINISTRATOR, "")}
    assert roles(federation_db, "nobody", council) == set()
    # A delegate who resigned is no longer one, the moment she has.
    end_mandate(federation_db, "petrograd-soviet", "b1", cause="resignation", actor=Actor("b1"))
    assert roles(federation_db, "b1", council) == {(Role.PERSON, "")}


def test_the_secretariat_and_the_desk_are_named_by_the_statute(db_url: str) -> None:
    db = open_database(db_url)
    statute = yaml.safe_load(STATUTE)
    statute["councils"]["petrograd-soviet"]["secretariat"] = ["skobelev"]
    statute["councils"]["petrograd-soviet"]["check_in_desk"] = ["desk-1"]
    journal.initialise(db, actor=SYSTEM)
    apply_statute(db, statute, actor=SYSTEM)
    target = Target(council="petrograd-soviet")
    assert roles(db, "skobelev", target) == {(Role.SECRETARIAT, "petrograd-soviet")}
    assert roles(db, "desk-1", target) == {(Role.CHECK_IN_DESK, "petrograd-soviet")}
    db.dispose()


def test_a_refusal_reveals_nothing_of_the_register(federation_db: Database) -> None:
    elect(federation_db)
    register_members(federation_db, "volynsky", [MemberSpec("v1", "Soldier One")], actor=SYSTEM)
    refusals = []
    for member in ("v1", "no-such-member"):
        with pytest.raises(Forbidden) as raised:
            sign_recall(federation_db, "petrograd-soviet", "s1", member, actor=Actor("eve"))
        refusals.append((raised.value.code, raised.value.message, raised.value.problems))
    assert refusals[0] == refusals[1]
    assert refusals[0][0] == "forbidden"
    assert refusals[0][1] == (
        "eve may not sign a recall petition for this member (constituency 'volynsky') "
        "in 'petrograd-1917'"
    )
    # Nor may the administrator sign in a member's name: she is refused alike.
    with pytest.raises(Forbidden) as raised:
        sign_recall(federation_db, "petrograd-soviet", "s1", "v1", actor=account_actor("chkheidze"))
    assert raised.value.message == (
        "chkheidze may not sign a recall petition for this member (constituency 'volynsky') "
        "in 'petrograd-1917'"
    )
    # The operator's own tools, which may, are told what is wrong.
    with pytest.raises(NotFound, match="^member 'no-such-member' is not registered"):
        sign_recall(federation_db, "petrograd-soviet", "s1", "no-such-member", actor=SYSTEM)


MOSCOW = STATUTE.replace("slug: petrograd-1917, name: Petrograd 1917", "slug: moscow, name: M")
MOSCOW = MOSCOW.replace("administrators: [chkheidze]", "administrators: [nogin]")


def test_an_administrator_of_one_federation_can_do_nothing_in_another(
    federation_db: Database,
) -> None:
    apply_statute(federation_db, yaml.safe_load(MOSCOW), actor=SYSTEM, is_another_federation=True)
    spec = ConstituencySpec("dynamo", "Dynamo Works", "factory", "petrograd-soviet", 1000)
    with pytest.raises(Forbidden, match="^chkheidze may not admit constituencies in 'moscow'$"):
        admit_constituencies(
            federation_db, [spec], federation="moscow", actor=account_actor("chkheidze")
        )
    admit_constituencies(federation_db, [spec], federation="moscow", actor=account_actor("nogin"))
    # Nor can she amend its statute, nor found a federation: that is the operator's.
    with pytest.raises(Forbidden, match="^chkheidze may not amend the statute of 'moscow'$"):
        apply_statute(federation_db, yaml.safe_load(MOSCOW), actor=account_actor("chkheidze"))
    kiev = MOSCOW.replace("slug: moscow", "slug: kiev")
    with pytest.raises(Forbidden, match="^nogin may not found the federation 'kiev'$"):
        apply_statute(federation_db, yaml.safe_load(kiev), actor=account_actor("nogin"))


def test_the_public_reads_compositions_but_not_the_journal(federation_db: Database) -> None:
    elect(federation_db)
    shown = composition(federation_db, "petrograd-soviet", actor=PUBLIC)
    assert shown.filled == 6
    for actor in (PUBLIC, account_actor("chkheidze")):
        with pytest.raises(Forbidden, match="may not read the journal's entries in full$"):
            journal.tail(federation_db, 5, actor=actor)
    assert len(journal.tail(federation_db, 5, actor=SYSTEM)) == 5


def test_a_grant_is_held_only_where_it_was_given() -> None:
    actor = Actor("a", {}, frozenset({Grant(Role.DELEGATE, "f", "k")}))
    assert actor.holds(Role.DELEGATE, "f", "k")
    assert not actor.holds(Role.DELEGATE, "f", "other")
    assert not actor.holds(Role.DELEGATE, "g", "k")
    assert actor.roles_in("f") == {Role.DELEGATE}


def test_a_member_register_is_read_by_right(federation_db: Database) -> None:
    soldiers = [MemberSpec(f"v{i}", f"Soldier {i}", account=f"soldier-{i}") for i in range(1, 6)]
    register_members(federation_db, "volynsky", soldiers, actor=account_actor("chkheidze"))
    # The administrator reads the whole register, a page at a time.
    first = member_register(federation_db, "volynsky", limit=3, actor=account_actor("chkheidze"))
    assert first.is_whole
    assert [m.key for m in first.members.items] == ["v1", "v2", "v3"]
    assert first.members.next_cursor is not None
    rest = member_register(
        federation_db,
        "volynsky",
        cursor=first.members.next_cursor,
        limit=3,
        actor=account_actor("chkheidze"),
    )
    assert [m.key for m in rest.members.items] == ["v4", "v5"]
    assert rest.members.next_cursor is None
    # A member reads her own record, and nobody else's.
    own = member_register(federation_db, "volynsky", actor=account_actor("soldier-2"))
    assert not own.is_whole
    assert [(m.key, m.account) for m in own.members.items] == [("v2", "soldier-2")]
    # A member of another constituency, a stranger and the public read nothing of it.
    for stranger in (account_actor("soldier-2"), account_actor("lenin"), PUBLIC):
        target = "putilov" if stranger.account == "soldier-2" else "volynsky"
        with pytest.raises(Forbidden, match="may not read the member register") as raised:
            member_register(federation_db, target, actor=stranger)
        assert "v1" not in raised.value.message


def test_an_administrator_reads_no_register_of_another_federation(
    federation_db: Database,
) -> None:
    apply_statute(federation_db, yaml.safe_load(MOSCOW), actor=SYSTEM, is_another_federation=True)
    spec = ConstituencySpec("dynamo", "Dynamo Works", "factory", "petrograd-soviet", 1000)
    admit_constituencies(federation_db, [spec], federation="moscow", actor=account_actor("nogin"))
    register_members(
        federation_db, "dynamo", [MemberSpec("d1", "Worker")], federation="moscow", actor=SYSTEM
    )
    with pytest.raises(Forbidden, match="^chkheidze may not read the member register"):
        member_register(
            federation_db, "dynamo", federation="moscow", actor=account_actor("chkheidze")
        )
    shown = member_register(
        federation_db, "dynamo", federation="moscow", actor=account_actor("nogin")
    )
    assert [m.key for m in shown.members.items] == ["d1"]


def test_who_signed_a_petition_is_the_administrators_alone(federation_db: Database) -> None:
    elect(federation_db)
    soldiers = [MemberSpec(f"v{i}", f"Soldier {i}", account=f"soldier-{i}") for i in (1, 2)]
    register_members(federation_db, "volynsky", soldiers, actor=SYSTEM)
    count_electorate(federation_db, "volynsky", 10, actor=SYSTEM)
    signed = sign_recall(
        federation_db, "petrograd-soviet", "s1", "v2", actor=account_actor("soldier-2")
    )
    shown = petition_signatures(federation_db, signed.petition, actor=account_actor("chkheidze"))
    assert shown.constituency == "volynsky"
    assert [(s.member, s.name, s.withdrawn_at) for s in shown.signatures.items] == [
        ("v2", "Soldier 2", None)
    ]
    # The signer herself, another member, a delegate and the public are refused.
    for reader in ("soldier-2", "soldier-1", "s1"):
        with pytest.raises(Forbidden, match="may not read who signed recall petitions"):
            petition_signatures(federation_db, signed.petition, actor=account_actor(reader))
    with pytest.raises(Forbidden, match="^public may not read who signed"):
        petition_signatures(federation_db, signed.petition, actor=PUBLIC)


def test_the_doors_own_functions_exist_and_take_no_actor() -> None:
    for qualified in sorted(AUTHENTICATION):
        module, _, name = qualified.partition(".")
        function = getattr(importlib.import_module(f"soviet.services.{module}"), name)
        assert "actor" not in inspect.signature(function).parameters, qualified
