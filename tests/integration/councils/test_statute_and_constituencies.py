"""Founding a federation by its statute and admitting constituencies, on both engines."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
import yaml

from soviet.domain.identity import SYSTEM, account_actor
from soviet.errors import Forbidden, InvalidInput, RuleViolation
from soviet.services import journal as journal_service
from soviet.services.bootstrap import open_database
from soviet.services.registers import ConstituencySpec, admit_constituencies, count_electorate
from soviet.services.statutes import apply_statute
from soviet.store.database import Database

STATUTE = """
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
"""
FEB = datetime(1917, 2, 27, tzinfo=UTC)


@pytest.fixture
def db(db_url: str) -> Database:
    database = open_database(db_url)
    journal_service.initialise(database, actor=SYSTEM)
    apply_statute(database, yaml.safe_load(STATUTE), effective_at=FEB, actor=SYSTEM)
    yield database  # type: ignore[misc]
    database.dispose()


def test_constituencies_are_admitted_and_the_projections_match_the_journal(db: Database) -> None:
    admit_constituencies(
        db,
        [
            ConstituencySpec(
                "putilov", "Putilov Works", "factory", "petrograd-soviet", 30000, {"ward": "narva"}
            ),
            ConstituencySpec("volynsky", "Volynsky Regiment", "regiment", "petrograd-soviet", 4000),
        ],
        actor=account_actor("chkheidze"),
        admitted_at=FEB,
    )
    count_electorate(db, "putilov", 31000, actor=SYSTEM)
    report = journal_service.verify(db, actor=SYSTEM)
    assert report.is_intact, report.differences
    assert report.count == 4


def test_all_problems_of_an_admission_are_named_and_nothing_changes(db: Database) -> None:
    admit_constituencies(
        db, [ConstituencySpec("putilov", "Putilov", "factory", "petrograd-soviet", 1)], actor=SYSTEM
    )
    with pytest.raises(InvalidInput) as raised:
        admit_constituencies(
            db,
            [
                ConstituencySpec("putilov", "Again", "factory", "petrograd-soviet", 10),
                ConstituencySpec("Bad Slug", "X", "village", "moscow-soviet", -1),
            ],
            actor=SYSTEM,
        )
    assert str(raised.value).split("\n  ") == [
        "cannot admit constituencies: 5 problems:",
        "constituency 1 ('putilov'): slug is already taken",
        "constituency 2 ('Bad Slug'): slug must be lowercase letters, digits and hyphens",
        "constituency 2 ('Bad Slug'): council 'moscow-soviet' is not in the statute",
        "constituency 2 ('Bad Slug'): kind 'village' is not in the statute",
        "constituency 2 ('Bad Slug'): electorate must be a whole number of at least 0",
    ]
    assert len(journal_service.tail(db, 100, actor=SYSTEM)) == 3


def test_only_administrators_admit_and_amend(db: Database) -> None:
    spec = ConstituencySpec("putilov", "Putilov", "factory", "petrograd-soviet", 1)
    with pytest.raises(Forbidden, match=r"^lenin may not admit constituencies in 'petrograd-1917'"):
        admit_constituencies(db, [spec], actor=account_actor("lenin"))
    with pytest.raises(RuleViolation, match="is before version 1"):
        apply_statute(
            db,
            yaml.safe_load(STATUTE.replace("1000", "500")),
            effective_at=datetime(1917, 1, 1, tzinfo=UTC),
            actor=SYSTEM,
        )
