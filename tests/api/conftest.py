"""The API's tests run against a real `soviet serve` over HTTP, on each engine."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from ..conftest import InitialisedTemplates
from .server import Server, serving


@pytest.fixture
def initialised_url(db_url: str, initialised_templates: InitialisedTemplates) -> str:
    """An initialised, empty database on each engine (a copy of one initialised once)."""
    initialised_templates.initialise(db_url)
    return db_url


@pytest.fixture
def server(initialised_url: str, tmp_path: Path) -> Iterator[Server]:
    """`soviet serve` on an initialised database."""
    with serving(initialised_url, tmp_path) as running:
        yield running
