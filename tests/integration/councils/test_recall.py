"""Recall at any time, party replacement and resignation, on both engines."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
import yaml

from soviet.domain.identity import SYSTEM, account_actor
from soviet.errors import Conflict, Forbidden, NotFound, RuleViolation
from soviet.services import journal as journal_service
from soviet.services.composition import composition
from soviet.services.mandates import end_mandate, replace_delegate, sign_recall, withdraw_recall
from soviet.services.members import MemberSpec, register_members
from soviet.services.parties import decline_candidacy, leave_party, set_candidate_list
from soviet.services.recall_votes import cast_recall_vote, close_recall_vote
from soviet.services.registers import count_electorate
from soviet.services.statutes import apply_statute
from soviet.store.database import Database

from .federation import STATUTE, elect

SOLDIERS = [MemberSpec(f"v{i}", f"Soldier {i}") for i in range(1, 11)]


@pytest.fixture
def elected(federation_db: Database) -> Database:
    elect(federation_db)
    register_members(federation_db, "volynsky", SOLDIERS, actor=SYSTEM)
    count_electorate(federation_db, "volynsky", 10, actor=SYSTEM)
    return federation_db


def holder(db: Database, constituency: str) -> list[str]:
    return [
        m.person
        for m in composition(db, "petrograd-soviet", actor=SYSTEM).members
        if m.constituency == constituency
    ]


def test_half_the_electorate_recalls_and_the_next_on_the_list_sits(elected: Database) -> None:
    results = [
        sign_recall(elected, "petrograd-soviet", "s1", f"v{i}", actor=SYSTEM) for i in range(1, 5)
    ]
    assert [(r.signatures, r.threshold, r.is_recalled) for r in results] == [
        (1, 5, False),
        (2, 5, False),
        (3, 5, False),
        (4, 5, False),
    ]
    withdraw_recall(elected, "petrograd-soviet", "s1", "v2", actor=SYSTEM)
    again = sign_recall(elected, "petrograd-soviet", "s1", "v2", actor=SYSTEM)
    assert (again.signatures, again.is_recalled) == (4, False)
    final = sign_recall(elected, "petrograd-soviet", "s1", "v5", actor=SYSTEM)
    assert (final.signatures, final.is_recalled, final.successor) == (5, True, "s2")
    assert holder(elected, "volynsky") == ["s2"]
    with pytest.raises(NotFound, match="^s1 holds no seat in 'petrograd-soviet'$"):
        sign_recall(elected, "petrograd-soviet", "s1", "v6", actor=SYSTEM)
    assert journal_service.verify(elected, actor=SYSTEM).is_intact


def test_the_next_is_taken_from_the_constituency_s_own_list_where_the_party_has_one(
    elected: Database,
) -> None:
    """s1 won Volynsky's seat on the SRs' council-wide list (s1, s2, s3). The SRs then
    list s1 and s3 for Volynsky alone: the recalled s1's successor comes from that list."""
    chernov = account_actor("chernov")
    set_candidate_list(
        elected, "sr", "petrograd-soviet", ["s1", "s3"], constituency="volynsky", actor=chernov
    )
    for i in range(1, 6):
        final = sign_recall(elected, "petrograd-soviet", "s1", f"v{i}", actor=SYSTEM)
    assert (final.is_recalled, final.successor) == (True, "s3")
    assert holder(elected, "volynsky") == ["s3"]
    assert journal_service.verify(elected, actor=SYSTEM).is_intact


def test_signatures_are_one_per_member_of_the_constituency(elected: Database) -> None:
    sign_recall(elected, "petrograd-soviet", "s1", "v1", actor=SYSTEM)
    with pytest.raises(Conflict, match="^member 'v1' has already signed the recall of s1$"):
        sign_recall(elected, "petrograd-soviet", "s1", "v1", actor=SYSTEM)
    with pytest.raises(
        NotFound, match="^member 'x9' is not registered in constituency 'volynsky'$"
    ):
        sign_recall(elected, "petrograd-soviet", "s1", "x9", actor=SYSTEM)
    with pytest.raises(RuleViolation, match="^member 'v3' has no signature on a recall of s1$"):
        withdraw_recall(elected, "petrograd-soviet", "s1", "v3", actor=SYSTEM)
    with pytest.raises(
        Forbidden,
        match=r"^lenin may not sign a recall petition for this member \(constituency 'volynsky'\) "
        r"in 'petrograd-1917'$",
    ):
        sign_recall(elected, "petrograd-soviet", "s1", "v2", actor=account_actor("lenin"))


def test_the_central_committee_replaces_its_own_delegates_only(elected: Database) -> None:
    replace_delegate(elected, "petrograd-soviet", "s1", "s3", actor=account_actor("chernov"))
    assert holder(elected, "volynsky") == ["s3"]
    with pytest.raises(
        Forbidden, match=r"^lenin may not replace the party's delegates \(party 'sr'\)"
    ):
        replace_delegate(elected, "petrograd-soviet", "s3", "s2", actor=account_actor("lenin"))
    with pytest.raises(RuleViolation, match="^b6 is not a member of 'sr'$"):
        replace_delegate(elected, "petrograd-soviet", "s3", "b6", actor=account_actor("chernov"))
    with pytest.raises(Conflict, match="^b1 already holds a seat in this council$"):
        replace_delegate(elected, "petrograd-soviet", "b2", "b1", actor=account_actor("lenin"))
    assert journal_service.verify(elected, actor=SYSTEM).is_intact


def test_a_resignation_passes_the_seat_down_the_list(elected: Database) -> None:
    end_mandate(elected, "petrograd-soviet", "b1", cause="resignation", actor=account_actor("b1"))
    assert holder(elected, "putilov") == ["b5", "b2", "b3", "b4", "m1"]
    shown = composition(elected, "petrograd-soviet", actor=SYSTEM)
    assert shown.fractions == {"bolsheviks": 4, "mensheviks": 1, "sr": 1}
    with pytest.raises(
        Forbidden,
        match=r"^b3 may not end this mandate by resignation \(council 'petrograd-soviet'\) "
        r"in 'petrograd-1917'$",
    ):
        end_mandate(
            elected, "petrograd-soviet", "b2", cause="resignation", actor=account_actor("b3")
        )
    assert journal_service.verify(elected, actor=SYSTEM).is_intact


def amend(db: Database, **council: object) -> None:
    document = yaml.safe_load(STATUTE)
    document["councils"]["petrograd-soviet"].update(council)
    apply_statute(db, document, effective_at=datetime(1917, 3, 6, tzinfo=UTC), actor=SYSTEM)


def test_a_recall_put_to_a_vote_is_decided_by_the_majority(elected: Database) -> None:
    amend(elected, recall={"basis": "electorate", "share": "1/2", "then": "recall-vote"})
    for index in range(1, 6):
        signed = sign_recall(elected, "petrograd-soviet", "s1", f"v{index}", actor=SYSTEM)
    assert (signed.signatures, signed.is_recalled) == (5, False)
    with pytest.raises(RuleViolation, match="^the recall of s1 is being put to a vote"):
        sign_recall(elected, "petrograd-soviet", "s1", "v6", actor=SYSTEM)
    for index, choice in enumerate(["recall", "keep", "keep", "recall", "keep"], start=1):
        cast_recall_vote(elected, "petrograd-soviet", "s1", f"v{index}", choice, actor=SYSTEM)
    with pytest.raises(Conflict, match="^member 'v1' has already voted on the recall of s1$"):
        cast_recall_vote(elected, "petrograd-soviet", "s1", "v1", "keep", actor=SYSTEM)
    kept = close_recall_vote(elected, "petrograd-soviet", "s1", actor=SYSTEM)
    assert (kept.recall, kept.keep, kept.is_recalled) == (2, 3, False)
    assert holder(elected, "volynsky") == ["s1"]
    for index in range(1, 6):  # a new petition, a new vote, another majority
        sign_recall(elected, "petrograd-soviet", "s1", f"v{index}", actor=SYSTEM)
    for index in range(1, 4):
        cast_recall_vote(elected, "petrograd-soviet", "s1", f"v{index}", "recall", actor=SYSTEM)
    decided = close_recall_vote(elected, "petrograd-soviet", "s1", actor=SYSTEM)
    assert (decided.recall, decided.keep, decided.is_recalled, decided.successor) == (
        3,
        0,
        True,
        "s2",
    )
    assert journal_service.verify(elected, actor=SYSTEM).is_intact


def test_a_recall_can_call_a_fresh_election(elected: Database) -> None:
    amend(elected, recall={"basis": "electorate", "share": "1/2", "then": "fresh-election"})
    for index in range(1, 6):
        signed = sign_recall(elected, "petrograd-soviet", "s1", f"v{index}", actor=SYSTEM)
    assert (signed.is_recalled, signed.successor) == (True, None)
    assert holder(elected, "volynsky") == []
    opened = [
        e for e in journal_service.tail(elected, 5, actor=SYSTEM) if e.kind == "ElectionOpened"
    ]
    assert opened[-1].data()["constituency"] == "volynsky"


def test_a_fixed_term_ends_mandates_and_lists_pass_over_who_declined_or_left(
    federation_db: Database,
) -> None:
    amend(federation_db, term_days=90)
    elect(federation_db)  # closed on 1917-03-05
    june = composition(
        federation_db, "petrograd-soviet", as_of=datetime(1917, 6, 2, tzinfo=UTC), actor=SYSTEM
    )
    july = composition(
        federation_db, "petrograd-soviet", as_of=datetime(1917, 6, 4, tzinfo=UTC), actor=SYSTEM
    )
    assert (june.filled, july.filled, july.seats) == (6, 0, 6)
    decline_candidacy(
        federation_db, "bolsheviks", "petrograd-soviet", "b5", actor=account_actor("b5")
    )
    leave_party(federation_db, "bolsheviks", "b6", actor=account_actor("b6"))
    end_mandate(
        federation_db,
        "petrograd-soviet",
        "b1",
        cause="death",
        ended_at=datetime(1917, 4, 1, tzinfo=UTC),
        actor=SYSTEM,
    )
    april = composition(
        federation_db, "petrograd-soviet", as_of=datetime(1917, 4, 2, tzinfo=UTC), actor=SYSTEM
    )
    assert april.fractions == {"bolsheviks": 3, "mensheviks": 1, "sr": 1}  # b5, b6 passed over
    with pytest.raises(NotFound, match="^m1 is not on the list of 'bolsheviks'"):
        decline_candidacy(
            federation_db, "bolsheviks", "petrograd-soviet", "m1", actor=account_actor("lenin")
        )
    assert journal_service.verify(federation_db, actor=SYSTEM).is_intact


def test_the_list_passes_over_a_candidate_who_died(elected: Database) -> None:
    for person, day in (("s1", 1), ("s2", 2)):
        end_mandate(
            elected,
            "petrograd-soviet",
            person,
            cause="death",
            ended_at=datetime(1917, 4, day, tzinfo=UTC),
            actor=SYSTEM,
        )
    # s1 holds no seat once s2 has died too, but the dead do not come back.
    assert holder(elected, "volynsky") == ["s3"]
