"""Public notices: each kind's policy publishes its public fields and nothing else."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from soviet.domain.ids import ORDINAL_BITS
from soviet.domain.journal import EMPTY_HEAD, seal
from soviet.domain.notices import POLICIES, Notice, notice_of, policy_table, unnamed_fields

AT = datetime(1917, 8, 31, 11, tzinfo=UTC)
DOC = Path(__file__).resolve().parents[3] / "docs" / "notices.md"


def notice(kind: str, payload: dict[str, Any]) -> Notice:
    return notice_of(seal(EMPTY_HEAD, at=AT, actor="ivanova", kind=kind, payload=payload))


def test_a_signature_is_published_without_its_signer() -> None:
    payload = {
        "federation": "petrograd-1917",
        "petition": None,
        "opens": True,
        "again": False,
        "mandate": 520093720,
        "threshold": 500,
        "member": 9747562496,
        "signed_at": "1917-08-31T11:00:01.000000Z",
    }
    found = notice("RecallSigned", payload)
    assert found.fields == {
        "petition": None,
        "opens": True,
        "mandate": "31.24",  # 520093720, the 24th thing entry 31 made, in its public form
        "threshold": 500,
        "signed_at": "1917-08-31T11:00:01.000000Z",
    }
    entry = seal(EMPTY_HEAD, at=AT, actor="ivanova", kind="RecallSigned", payload=payload)
    assert found.as_json() == {
        "kind": "RecallSigned",
        "seq": 1,
        "hash": entry.hash,
        "recorded_at": "1917-08-31T11:00:00.000000Z",
        "federation": "petrograd-1917",
        "fields": found.fields,
    }
    assert "ivanova" not in str(found.as_json())  # the acting account is never published


def test_a_register_is_published_as_how_many_it_holds() -> None:
    member = {"key": "k1", "name": "Anna", "birth_date": "1890-01-01", "categories": ["soldier"]}
    found = notice(
        "MembersRegistered",
        {
            "federation": "f",
            "constituency": "volynsky",
            "registered_at": "1917-03-01T00:00:00.000000Z",
            "members": [{**member, "account": "anna"}, {**member, "key": "k2", "account": None}],
        },
    )
    assert found.fields == {
        "constituency": "volynsky",
        "registered_at": "1917-03-01T00:00:00.000000Z",
        "members": 2,
    }


def stored(seq: int) -> int:
    """The stored id of the thing entry `seq` made (its public form is `seq`)."""
    return seq << ORDINAL_BITS


def test_secret_ballots_say_only_that_one_was_cast() -> None:
    secret = notice(
        "SecretBallotCast", {"federation": "f", "motion": stored(7), "person": stored(9)}
    )
    assert secret.fields == {"motion": "7"}
    ballot = notice("BallotCast", {"federation": "f", "election": stored(3), "member": 11})
    assert ballot.fields == {"election": "3"}
    recall = notice(
        "RecallVoteCast",
        {
            "federation": "f",
            "petition": stored(5),
            "member": 11,
            "choice": "recall",
            "cast_at": "t",
        },
    )
    assert recall.fields == {"petition": "5", "cast_at": "t"}
    roll_call = {"choice": "yes", "cast_at": "t"}
    ids = {"motion": stored(7), "person": stored(9), "party": stored(2)}
    assert notice("VoteCast", {"federation": "f", **ids, **roll_call}).fields == {
        "motion": "7",
        "person": "9",
        "party": "2",
        **roll_call,
    }


def test_a_statute_is_published_without_its_administrators() -> None:
    document = {
        "federation": {"slug": "f", "name": "F", "administrators": ["chkheidze"]},
        "constituency_kinds": {"factory": {"name": "Factory"}},
        "councils": {"soviet": {"name": "Soviet"}},
    }
    payload = {
        "federation": "f",
        "version": 1,
        "effective_at": "t",
        "document": document,
        "new_federation": True,
        "new_councils": ["soviet"],
    }
    found = notice("StatuteApplied", payload)
    assert found.fields["document"] == {
        "federation": {"slug": "f", "name": "F"},
        "constituency_kinds": {"factory": {"name": "Factory"}},
        "councils": {"soviet": {"name": "Soviet"}},
    }
    assert "chkheidze" not in str(found.as_json())
    party = notice(
        "PartyRegistered",
        {
            "federation": "f",
            "party": "sr",
            "name": "SR",
            "programme": "Land",
            "committee": ["chernov"],
            "committee_body": None,
        },
    )
    assert party.fields == {
        "party": "sr",
        "name": "SR",
        "programme": "Land",
        "committee_body": None,
    }


def test_fields_no_policy_names_are_not_published_and_are_reported() -> None:
    payload = {"federation": "f", "session": stored(4), "at": "t", "contact": "anna@example.org"}
    assert notice("SessionClosed", payload).fields == {"session": "4", "at": "t"}
    assert unnamed_fields("SessionClosed", payload) == ["contact"]
    nested = {"federation": "f", "document": {"federation": {"slug": "f", "phone": "1"}}}
    assert unnamed_fields("StatuteApplied", nested) == ["document.federation.phone"]
    assert unnamed_fields("NoteRecorded", {"anything": 1}) == []
    assert unnamed_fields("SomethingElse", {}) == ["(no policy)"]


def test_notes_and_kinds_without_a_policy_publish_only_that_they_happened() -> None:
    note = notice("NoteRecorded", {"federation": "f", "text": "the password is x"})
    assert (note.kind, note.federation, note.fields) == ("NoteRecorded", "f", {})
    unknown = notice("SomethingElse", {"secret": 1})
    assert (unknown.federation, unknown.fields) == (None, {})


def test_every_policy_says_why_and_no_field_is_both_public_and_private() -> None:
    for kind, policy in POLICIES.items():
        part = policy.part
        assert policy.why, kind
        assert not (part.shown | part.counted | frozenset(part.parts)) & part.private, kind
        assert not part.shown & part.counted, kind


def test_docs_notices_is_the_policy_table() -> None:
    # Regenerate with: python scripts/docs.py
    assert DOC.read_text(encoding="utf-8") == policy_table()
    for kind in POLICIES:
        assert f"| `{kind}` |" in policy_table()
