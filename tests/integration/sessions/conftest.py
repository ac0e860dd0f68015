"""The fixtures of the 1917 federation with its plenary rules (see plenary.py), on each
engine: as it is, and with the key of its soviet made by three trustees (any two decrypt)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest

from soviet.domain.identity import SYSTEM, account_actor
from soviet.services import trustee_keys, trustees
from soviet.services.bootstrap import open_database
from soviet.services.statutes import apply_statute
from soviet.store.database import Database

from .plenary import found_plenary, statute

TRUSTEES = ["t1", "t2", "t3"]


@pytest.fixture
def plenary_db(db_url: str) -> Iterator[Database]:
    db = open_database(db_url)
    found_plenary(db)
    yield db
    db.dispose()


def seal_the_soviet(db: Database, folder: Path) -> None:
    """The soviet's key made by its three trustees, whose key files are folder/t1.json…"""
    document = statute()
    document["councils"]["petrograd-soviet"]["secretariat"] = ["chair"]
    apply_statute(db, document, effective_at=datetime(1917, 3, 8, tzinfo=UTC), actor=SYSTEM)
    trustees.appoint(db, "petrograd-soviet", TRUSTEES, 2, actor=account_actor("chair"))
    for _ in range(3):  # enrol, deal, confirm: each once all have taken the step before
        for name in TRUSTEES:
            trustee_keys.take_steps(
                db, "petrograd-soviet", folder / f"{name}.json", actor=account_actor(name)
            )


@pytest.fixture
def sealed_db(db_url: str, tmp_path: Path) -> Iterator[Database]:
    """The federation whose soviet has its key: its secret votes are sealed. The trustees'
    key files are tmp_path/t1.json, t2.json, t3.json."""
    db = open_database(db_url)
    found_plenary(db)
    seal_the_soviet(db, tmp_path)
    yield db
    db.dispose()
