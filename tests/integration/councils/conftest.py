"""The fixture of a small federation of 1917 (see federation.py), on each engine."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from soviet.services.bootstrap import open_database
from soviet.store.database import Database

from .federation import found_federation


@pytest.fixture
def federation_db(db_url: str) -> Iterator[Database]:
    db = open_database(db_url)
    found_federation(db)
    yield db
    db.dispose()
