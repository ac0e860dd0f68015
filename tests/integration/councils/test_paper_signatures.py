"""Recall signatures are the member's own act; signatures on paper are entered by the
secretariat as such, where the statute allows them, on both engines."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
import yaml

from soviet.domain.identity import SYSTEM, account_actor
from soviet.domain.statute import parse_statute
from soviet.domain.statute_text import statute_document
from soviet.errors import Forbidden, InvalidInput, Problem, RuleViolation
from soviet.services import journal as journal_service
from soviet.services.mandates import sign_recall, withdraw_recall
from soviet.services.members import MemberSpec, register_members
from soviet.services.paper_signatures import enter_paper_signatures
from soviet.services.registers import count_electorate
from soviet.services.statutes import apply_statute
from soviet.store.database import Database

from .federation import STATUTE, elect

COUNCIL = "petrograd-soviet"
SOLDIERS = [MemberSpec(f"v{i}", f"Soldier {i}", account=f"soldier-{i}") for i in range(1, 11)]
JUNE = datetime(1917, 6, 1, tzinfo=UTC)


def paper_statute(allowed: bool = True) -> dict[str, object]:
    document = yaml.safe_load(STATUTE)
    council = document["councils"][COUNCIL]
    council["secretariat"] = ["skobelev"]
    council["recall"]["paper_signatures"] = allowed
    return dict(document)


@pytest.fixture
def registered(federation_db: Database) -> Database:
    elect(federation_db)
    register_members(federation_db, "volynsky", SOLDIERS, actor=SYSTEM)
    count_electorate(federation_db, "volynsky", 10, actor=SYSTEM)
    return federation_db


def test_the_statute_key_is_parsed_and_journaled_only_when_true() -> None:
    allowed = parse_statute(paper_statute())
    assert allowed.councils[COUNCIL].recall.has_paper_signatures is True
    assert statute_document(allowed)["councils"][COUNCIL]["recall"]["paper_signatures"] is True
    plain = parse_statute(yaml.safe_load(STATUTE))
    assert plain.councils[COUNCIL].recall.has_paper_signatures is False
    assert "paper_signatures" not in statute_document(plain)["councils"][COUNCIL]["recall"]
    document = paper_statute()
    document["councils"][COUNCIL]["recall"]["paper_signatures"] = "yes"  # type: ignore[index]
    with pytest.raises(InvalidInput) as refused:
        parse_statute(document)
    assert refused.value.problems == (
        Problem(
            f"councils.{COUNCIL}.recall.paper_signatures", "must be true or false, got str 'yes'"
        ),
    )


def test_signing_and_withdrawing_are_the_member_s_own_acts(registered: Database) -> None:
    for act in (sign_recall, withdraw_recall):
        with pytest.raises(Forbidden) as refused:
            act(registered, COUNCIL, "s1", "v1", actor=account_actor("chkheidze"))
        assert refused.value.message.startswith("chkheidze may not ")
        with pytest.raises(Forbidden):
            act(registered, COUNCIL, "s1", "v1", actor=account_actor("soldier-2"))
    signed = sign_recall(registered, COUNCIL, "s1", "v1", actor=account_actor("soldier-1"))
    assert signed.signatures == 1
    withdraw_recall(registered, COUNCIL, "s1", "v1", actor=account_actor("soldier-1"))


def test_paper_is_refused_where_the_statute_allows_none(registered: Database) -> None:
    head = journal_service.tail(registered, 1, actor=SYSTEM)
    with pytest.raises(RuleViolation) as refused:
        enter_paper_signatures(
            registered, COUNCIL, "s1", ["v1"], sheet="S-1", actor=account_actor("chkheidze")
        )
    assert refused.value.message == (
        "recall.paper_signatures: 'petrograd-soviet' takes no recall signatures on paper: "
        "its statute allows none"
    )
    assert journal_service.tail(registered, 1, actor=SYSTEM) == head


def test_the_secretariat_enters_a_sheet_as_its_own_act(registered: Database) -> None:
    apply_statute(registered, paper_statute(), actor=SYSTEM)
    for stranger in ("soldier-1", "lenin"):
        with pytest.raises(Forbidden, match="may not enter recall signatures collected on paper"):
            enter_paper_signatures(
                registered, COUNCIL, "s1", ["v1"], sheet="S-1", actor=account_actor(stranger)
            )
    sign_recall(registered, COUNCIL, "s1", "v1", actor=account_actor("soldier-1"))
    withdraw_recall(registered, COUNCIL, "s1", "v1", actor=account_actor("soldier-1"))
    sign_recall(registered, COUNCIL, "s1", "v4", actor=account_actor("soldier-4"))
    with pytest.raises(RuleViolation) as refused:
        enter_paper_signatures(
            registered,
            COUNCIL,
            "s1",
            ["v2", "v4", "x9"],
            sheet="S-1",
            actor=account_actor("skobelev"),
        )
    assert refused.value.problems == (
        Problem("members.v4", "has already signed the recall of s1"),
        Problem("members.x9", "member 'x9' is not registered in constituency 'volynsky'"),
    )
    with pytest.raises(InvalidInput) as invalid:
        enter_paper_signatures(
            registered, COUNCIL, "s1", ["v2", "v2"], sheet=" ", actor=account_actor("skobelev")
        )
    assert [p.path for p in invalid.value.problems] == ["sheet", "members.v2"]
    sheet = enter_paper_signatures(
        registered,
        COUNCIL,
        "s1",
        ["v1", "v2", "v3"],
        sheet="Volynsky sheet 1",
        actor=account_actor("skobelev"),
        signed_at=JUNE,
    )
    assert (sheet.signatures, sheet.threshold, sheet.is_recalled) == (4, 5, False)
    [entry] = journal_service.tail(registered, 1, actor=SYSTEM)
    assert (entry.kind, entry.actor) == ("PaperSignaturesEntered", "skobelev")
    payload = entry.data()
    assert isinstance(payload, dict)
    assert (payload["sheet"], payload["entered_by"]) == ("Volynsky sheet 1", "skobelev")
    assert len(payload["members"]) == 3  # type: ignore[arg-type]
    assert len(payload["again"]) == 1  # type: ignore[arg-type]  # v1 had withdrawn
    last = enter_paper_signatures(
        registered, COUNCIL, "s1", ["v5"], sheet="S-2", actor=account_actor("chkheidze")
    )
    assert (last.signatures, last.is_recalled, last.successor) == (5, True, "s2")
    assert journal_service.verify(registered, actor=SYSTEM).is_intact
