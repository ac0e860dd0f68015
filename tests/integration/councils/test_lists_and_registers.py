"""A party lists only its own members; two members of one register never share an
account; on both engines."""

from __future__ import annotations

import pytest

from soviet.domain.identity import SYSTEM, account_actor
from soviet.errors import InvalidInput, Problem, RuleViolation
from soviet.services import journal as journal_service
from soviet.services.members import MemberSpec, register_members
from soviet.services.parties import set_candidate_list
from soviet.store.database import Database


def test_a_party_lists_only_its_members(federation_db: Database) -> None:
    head = journal_service.tail(federation_db, 1, actor=SYSTEM)
    with pytest.raises(RuleViolation) as refused:
        set_candidate_list(
            federation_db,
            "bolsheviks",
            "petrograd-soviet",
            ["b1", "m1", "b2", "s3"],
            actor=account_actor("lenin"),
        )
    assert refused.value.problems == (
        Problem("list 1 ('bolsheviks').persons[1]", "m1 is not a member of 'bolsheviks'"),
        Problem("list 1 ('bolsheviks').persons[3]", "s3 is not a member of 'bolsheviks'"),
    )
    assert refused.value.message == (
        "list 1 ('bolsheviks').persons[1]: m1 is not a member of 'bolsheviks'; "
        "list 1 ('bolsheviks').persons[3]: s3 is not a member of 'bolsheviks': "
        "a party lists only its members"
    )
    assert journal_service.tail(federation_db, 1, actor=SYSTEM) == head
    set_candidate_list(
        federation_db, "bolsheviks", "petrograd-soviet", ["b2", "b1"], actor=account_actor("lenin")
    )


def test_two_members_of_a_register_never_share_an_account(federation_db: Database) -> None:
    register_members(
        federation_db, "volynsky", [MemberSpec("v1", "One", account="acct-1")], actor=SYSTEM
    )
    head = journal_service.tail(federation_db, 1, actor=SYSTEM)
    specs = [
        MemberSpec("v2", "Two", account="acct-2", line=2),
        MemberSpec("v3", "Three", account="acct-2", line=3),
        MemberSpec("v4", "Four", account="acct-1", line=4),
        MemberSpec("v5", "Five", line=5),
    ]
    with pytest.raises(InvalidInput) as refused:
        register_members(federation_db, "volynsky", specs, actor=SYSTEM)
    assert [str(p) for p in refused.value.problems] == [
        "line 3 (member 'v3'): account 'acct-2' is already given to line 2 (member 'v2'); "
        "one account per member",
        "line 4 (member 'v4'): account 'acct-1' already belongs to member 'v1' of "
        "'volynsky'; one account per member",
    ]
    assert journal_service.tail(federation_db, 1, actor=SYSTEM) == head
    # One account may be a member in two constituencies (she moved, or belongs to both).
    register_members(
        federation_db, "putilov", [MemberSpec("p1", "One", account="acct-1")], actor=SYSTEM
    )
    register_members(federation_db, "volynsky", [specs[0], specs[3]], actor=SYSTEM)
