"""The API's tests run against a real `soviet serve` over HTTP, on each engine."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from soviet.domain.identity import SYSTEM
from soviet.services import journal as journal_service
from soviet.services.bootstrap import open_database

from .server import Server, serving


@pytest.fixture
def initialised_url(db_url: str) -> str:
    """An initialised, empty database on each engine."""
    with open_database(db_url) as db:
        journal_service.initialise(db, actor=SYSTEM)
    return db_url


@pytest.fixture
def server(initialised_url: str, tmp_path: Path) -> Iterator[Server]:
    """`soviet serve` on an initialised database."""
    with serving(initialised_url, tmp_path) as running:
        yield running
