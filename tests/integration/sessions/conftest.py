"""The fixture of the 1917 federation with its plenary rules (see plenary.py), on each engine."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from soviet.services.bootstrap import open_database
from soviet.store.database import Database

from .plenary import found_plenary


@pytest.fixture
def plenary_db(db_url: str) -> Iterator[Database]:
    db = open_database(db_url)
    found_plenary(db)
    yield db
    db.dispose()
