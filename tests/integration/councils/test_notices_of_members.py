"""The notices of what members do (ballots, signatures, recall votes) and of a party's roll
name no member and no account, and every payload field has a policy, on both engines."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import sqlalchemy as sa

from soviet.domain.identity import SYSTEM, account_actor
from soviet.domain.notices import unnamed_fields
from soviet.services import journal as journal_service
from soviet.services.elections import cast_ballot, open_election
from soviet.services.mandates import end_mandate, replace_delegate, sign_recall, withdraw_recall
from soviet.services.members import MemberSpec, register_members
from soviet.services.notices import notices_after
from soviet.services.parties import decline_candidacy, join_party, leave_party, register_persons
from soviet.services.recall_votes import cast_recall_vote, close_recall_vote
from soviet.services.registers import count_electorate
from soviet.store.database import Database
from soviet.store.schema import members

from .federation import elect
from .test_recall import amend

SOLDIERS = [
    MemberSpec(f"v{i}", f"Soldier {i}", f"1890-05-0{i % 9 + 1}", ["soldier"], f"acct-{i}")
    for i in range(1, 11)
]


def leaves(value: Any) -> Iterator[Any]:
    if isinstance(value, dict):
        for key, item in value.items():
            yield key
            yield from leaves(item)
    elif isinstance(value, list):
        for item in value:
            yield from leaves(item)
    else:
        yield value


def test_notices_of_members_acts_name_no_member(federation_db: Database) -> None:
    db = federation_db
    elect(db)
    register_members(db, "volynsky", SOLDIERS, actor=SYSTEM)
    count_electorate(db, "volynsky", 10, actor=SYSTEM)
    amend(db, recall={"basis": "electorate", "share": "1/2", "then": "recall-vote"})
    sign_recall(db, "petrograd-soviet", "s1", "v1", actor=SYSTEM)
    withdraw_recall(db, "petrograd-soviet", "s1", "v1", actor=SYSTEM)
    for index in range(1, 6):
        sign_recall(db, "petrograd-soviet", "s1", f"v{index}", actor=account_actor(f"acct-{index}"))
    for index, choice in enumerate(["recall", "keep", "keep"], start=1):
        cast_recall_vote(db, "petrograd-soviet", "s1", f"v{index}", choice, actor=SYSTEM)
    close_recall_vote(db, "petrograd-soviet", "s1", actor=SYSTEM)
    election = open_election(
        db, "petrograd-soviet", constituency="volynsky", mode="ballots", actor=SYSTEM
    )
    for index in range(6, 9):
        cast_ballot(db, election, "volynsky", f"v{index}", "bolsheviks", actor=SYSTEM)
    replace_delegate(db, "petrograd-soviet", "s1", "s3", actor=account_actor("chernov"))
    end_mandate(db, "petrograd-soviet", "b1", cause="resignation", actor=account_actor("b1"))
    decline_candidacy(db, "bolsheviks", "petrograd-soviet", "b6", actor=account_actor("b6"))
    register_persons(db, [("k1", "Kollontai")], actor=SYSTEM)
    join_party(db, "bolsheviks", ["k1"], actor=account_actor("lenin"))
    leave_party(db, "bolsheviks", "k1", actor=account_actor("k1"))

    entries = journal_service.tail(db, 10_000, actor=SYSTEM)
    with db.read() as connection:
        rows = connection.execute(
            sa.select(members.c.id, members.c.key, members.c.name, members.c.birth_date)
        ).all()
    private = {value for row in rows for value in row} | {m.account for m in SOLDIERS}
    assert {e.kind for e in entries} >= {
        "RecallWithdrawn",
        "RecallVoteOpened",
        "RecallVoteCast",
        "RecallRejected",
        "BallotCast",
        "DelegateReplaced",
        "MandateEnded",
        "CandidateDeclined",
        "PartyMembersJoined",
        "PartyMemberLeft",
    }
    assert any(set(leaves(e.data())) & private for e in entries)  # the journal holds them
    for entry in entries:
        assert unnamed_fields(entry.kind, entry.data()) == [], entry.kind
    found = notices_after(db, 0, limit=10_000, actor=SYSTEM)
    assert [n.seq for n in found] == [e.seq for e in entries]
    for notice in found:
        assert not set(leaves(notice.as_json())) & private, notice.kind
    shown = {n.kind: n.fields for n in found}
    assert shown["RecallRejected"]["recall"] == 1
    assert set(shown["RecallVoteCast"]) == {"petition", "cast_at"}
    assert shown["PartyMembersJoined"]["persons"] == 1
    assert "person" not in shown["PartyMemberLeft"]
