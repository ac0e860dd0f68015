"""The browser tests: a real `soviet serve` and Debian's Chromium driven by Playwright.

Chromium is launched from /usr/bin/chromium (never downloaded). Without it the tests
skip with that reason, except under CI (CI=true), where a missing browser is a failure.
Screenshots of every page are kept in tests/web/artifacts/ (or $SOVIET_TEST_ARTIFACTS).
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

CHROMIUM = Path("/usr/bin/chromium")
ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
ARTIFACTS = Path(
    os.environ.get("SOVIET_TEST_ARTIFACTS", Path(__file__).resolve().parent / "artifacts")
)


def require_chromium() -> None:
    if CHROMIUM.exists():
        return
    reason = f"browser tests need Debian's Chromium at {CHROMIUM} (apt-get install chromium)"
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail(f"CI must run the browser tests, but {reason}")
    pytest.skip(reason)


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    require_chromium()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        yield launched
        launched.close()
