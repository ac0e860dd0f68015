"""The web application's browser tests: one real `soviet serve` and one Chromium (Debian's,
at /usr/bin/chromium, never a downloaded one) for each module, on SQLite.

Without Chromium the tests skip saying so, and fail under CI=true. Screenshots of every
page go to tests/web/artifacts/ (git-ignored)."""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from soviet.services.bootstrap import open_database

from ..api.server import Server, start, stop
from ..api.world import World, found_petrograd

CHROMIUM = Path("/usr/bin/chromium")
ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
ARTIFACTS = Path(__file__).parent / "artifacts"


def _require_chromium() -> None:
    if CHROMIUM.exists():
        return
    reason = f"Chromium is not installed at {CHROMIUM} (apt-get install chromium)"
    if os.environ.get("CI") == "true":
        pytest.fail(f"CI needs the browser tests: {reason}")
    pytest.skip(reason)


@pytest.fixture(scope="module")
def web(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Server, str, World]]:
    """`soviet serve` on Petrograd 1917 (a recalled delegate's seat left for a fresh
    election): the server, its database's URL, and who may act in it."""
    _require_chromium()
    folder = tmp_path_factory.mktemp("web")
    url = f"sqlite:///{folder / 'soviet.db'}"
    (folder / "soviet.db").touch()
    with open_database(url) as db:
        world = found_petrograd(db, recall_then="fresh-election")
    server = start(url, folder)
    try:
        yield server, url, world
    finally:
        stop(server)


@contextlib.contextmanager
def launched_chromium() -> Iterator[Any]:
    """A headless Debian Chromium through Playwright, closed when the block ends."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        try:
            yield launched
        finally:
            launched.close()


@pytest.fixture(scope="module")
def browser(web: tuple[Server, str, World]) -> Iterator[object]:
    """One headless Chromium for the module."""
    with launched_chromium() as launched:
        yield launched


@pytest.fixture(scope="session")
def artifacts() -> Path:
    ARTIFACTS.mkdir(exist_ok=True)
    return ARTIFACTS
