"""The limits of domain.limits, applied by the services: the same refusal, with the same words,
on SQLite and PostgreSQL, before anything reaches the database (what the HTTP API gets too)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime

import pytest

from soviet.domain.identity import SYSTEM
from soviet.errors import InvalidInput, Problem
from soviet.services import journal as journal_service
from soviet.services.mandates import sign_recall
from soviet.services.members import MemberSpec, register_members
from soviet.services.parties import register_party, register_persons
from soviet.services.plenary import session_view
from soviet.services.registers import ConstituencySpec, admit_constituencies, count_electorate
from soviet.store.database import Database

from .federation import elect

#: Each bad act, and the refusal it gets on both engines.
REFUSALS: list[tuple[str, Callable[[Database], object], str]] = [
    (
        "a NUL in a person's name",
        lambda db: register_persons(db, [("ivanov", "Ivan\x00Ivanov")], actor=SYSTEM),
        "name of 'ivanov': contains a NUL character at position 5",
    ),
    (
        "a slug of 101 characters",
        lambda db: register_persons(db, [("a" * 101, "A Person")], actor=SYSTEM),
        "person: 'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa… (103 characters) is not a slug "
        "(lowercase letters, digits and hyphens; at most 100 characters)",
    ),
    (
        "a party named over 300 characters",
        lambda db: register_party(
            db, "new", name="N" * 301, programme="Bread.", committee=["lenin"], actor=SYSTEM
        ),
        "name: must be at most 300 characters, got 301",
    ),
    (
        "an empty account in a party's committee",
        lambda db: register_party(
            db, "new", name="New", programme="Bread.", committee=[""], actor=SYSTEM
        ),
        "committee: '' is not an account name: it is empty",
    ),
    (
        "a NUL in a programme",
        lambda db: register_party(
            db, "new", name="New", programme="Bread\x00", committee=["lenin"], actor=SYSTEM
        ),
        "programme: contains a NUL character at position 6",
    ),
    (
        "an electorate beyond 64 bits",
        lambda db: count_electorate(db, "putilov", 2**63, actor=SYSTEM),
        f"electorate: must be from 0 to 10000000000, got {2**63}",
    ),
    (
        "an electorate sending more delegates than a body may seat",
        lambda db: count_electorate(db, "putilov", 9_999_999_999, actor=SYSTEM),
        "electorate: 9999999999 would send 10000000 delegates, more than the 1000000 seats "
        "a body may have",
    ),
    (
        "a constituency of 2^63-1 voters",
        lambda db: admit_constituencies(
            db,
            [ConstituencySpec("new", "New", "factory", "petrograd-soviet", 2**63 - 1)],
            actor=SYSTEM,
        ),
        "cannot admit constituencies: 1 problem:\n  constituency 1 ('new'): electorate must "
        f"be at most 10000000000, got {2**63 - 1}",
    ),
    (
        "a bidirectional override in a member's name",
        lambda db: register_members(db, "putilov", [MemberSpec("k9", "Ivan \u202e")], actor=SYSTEM),
        "members of 'putilov': 1 bad rows, nobody registered:\n  member 1: name contains a "
        "bidirectional control character U+202E at position 6",
    ),
    (
        "a signature dated 2999",
        lambda db: sign_recall(
            db,
            "petrograd-soviet",
            "b1",
            "k1",
            signed_at=datetime(2999, 1, 1, tzinfo=UTC),
            now=lambda: datetime(2026, 12, 2, tzinfo=UTC),
            actor=SYSTEM,
        ),
        "signed_at: 2999-01-01T00:00:00.000000Z lies in the future: an act may be dated at "
        "most 5 minutes after the clock (2026-12-02T00:00:00Z)",
    ),
    (
        "a session id beyond 64 bits",
        lambda db: session_view(db, 2**63, actor=SYSTEM),
        f"session: must be from 1 to {2**63 - 1}, got {2**63}",
    ),
    (
        "a journal tail beyond the page limit",
        lambda db: journal_service.tail(db, 2**63, actor=SYSTEM),
        f"count: must be from 1 to 1000000, got {2**63}",
    ),
]


@pytest.fixture
def elected_db(federation_db: Database) -> Database:
    elect(federation_db)
    register_members(federation_db, "putilov", [MemberSpec("k1", "Member One")], actor=SYSTEM)
    return federation_db


def test_every_bad_value_is_refused_by_the_services_alike_on_both_engines(
    elected_db: Database,
) -> None:
    before = journal_service.tail(elected_db, 1, actor=SYSTEM)
    refused = []
    for what, act, message in REFUSALS:
        with pytest.raises(InvalidInput) as error:
            act(elected_db)
        refused.append((what, str(error.value)))
        assert str(error.value) == message, what
    assert journal_service.tail(elected_db, 1, actor=SYSTEM) == before
    assert len(refused) == len(REFUSALS)


def test_a_refusal_names_its_field_in_problems(elected_db: Database) -> None:
    with pytest.raises(InvalidInput) as error:
        count_electorate(elected_db, "putilov", -1, actor=SYSTEM)
    assert error.value.problems == (Problem("electorate", "must be from 0 to 10000000000, got -1"),)
