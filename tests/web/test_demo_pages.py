"""The main pages on the README's first command's database: Petrograd 1917 replayed by
`soviet demo`, served by `soviet serve`, in Chromium. Each page is accessible and reflows
at 320 px with the real numbers (a soviet of a thousand deputies, a tree of dozens of
bodies), shows them with its script and without, and its screenshots are the README's
(`readme-*.png` in tests/web/artifacts, copied to docs/screenshots by
scripts/readme_screenshots.py)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from ..api.server import Server, start, stop
from ..conftest import demo_copy
from .conftest import _require_chromium, launched_chromium
from .test_pages import assert_accessible, assert_reflows

FEDERATION = "/federations/petrograd-1917"
#: The README's pages: name, address, and what each must show.
PAGES = (
    ("tree", FEDERATION, "Bodies of Petrograd 1917"),
    ("council", f"{FEDERATION}/councils/petrograd-soviet", "Petrograd Soviet of Workers'"),
    ("constituency", f"{FEDERATION}/constituencies/putilov", "putilov"),
    ("party", f"{FEDERATION}/parties/bolsheviks", "Programme"),
    ("session", "{session}", "Speakers"),
    ("projector", "{session}/projector", "Present:"),
)


def _last_session(demo: str) -> str:
    """The address of the Petrograd Soviet's last session in the replay."""
    import httpx

    found = httpx.get(f"{demo}/api/v1{FEDERATION}/councils/petrograd-soviet/sessions?limit=200")
    found.raise_for_status()
    return f"{FEDERATION}/sessions/{found.json()['items'][-1]['session']}"


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory, replayed_demo: Path) -> Iterator[str]:
    """`soviet demo` replayed into a fresh SQLite file (a copy of replayed_demo), then
    served: the site's address."""
    _require_chromium()
    folder = tmp_path_factory.mktemp("demo")
    url, _ = demo_copy(replayed_demo, folder)
    server: Server = start(url, folder)
    try:
        yield server.url.removesuffix("/api/v1")
    finally:
        stop(server)


@pytest.fixture(scope="module")
def chromium(demo: str) -> Iterator[Any]:
    with launched_chromium() as launched:
        yield launched


@pytest.mark.parametrize(("name", "path", "shown"), PAGES, ids=[page[0] for page in PAGES])
def test_the_readme_pages_of_the_replayed_soviet(
    demo: str, chromium: Any, artifacts: Path, name: str, path: str, shown: str
) -> None:
    path = path.format(session=_last_session(demo)) if "{session}" in path else path
    plain = chromium.new_context(java_script_enabled=False)
    page = plain.new_page()
    response = page.goto(demo + path)
    assert response is not None
    assert response.status == 200
    assert page.get_by_text(shown).first.is_visible()  # the page needs no script
    plain.close()
    page = chromium.new_page()
    response = page.goto(demo + path)
    assert response is not None
    assert response.status == 200
    assert page.get_by_text(shown).first.is_visible()
    assert_accessible(page)
    for width, height in ((1280, 800), (390, 844)):
        page.set_viewport_size({"width": width, "height": height})
        page.screenshot(path=str(artifacts / f"readme-{name}-{width}.png"))
    assert_reflows(page)
    page.close()


def test_a_section_of_the_soviet(demo: str, chromium: Any) -> None:
    """The Soviet's sections: each its own seats and members, reached from the council page."""
    page = chromium.new_page()
    page.goto(f"{demo}{FEDERATION}/councils/petrograd-soviet")
    everyone = page.locator("table.members tbody tr").count()
    sections = page.get_by_role("navigation", name="Sections")
    sections.get_by_role("link", name="Soldiers' section").click()
    page.wait_for_url(f"{demo}{FEDERATION}/councils/petrograd-soviet?section=soldiers")
    assert page.get_by_role("heading", level=1).inner_text().endswith(": Soldiers' section")
    link = page.get_by_role("link", name="Soldiers' section")
    assert link.get_attribute("aria-current") == "page"
    soldiers = page.locator("table.members tbody tr").count()
    assert 0 < soldiers < everyone
    figure = page.get_by_role("img", name=re.compile(r"^Seats of .*: \d+ of \d+ filled$"))
    assert figure.count() == 1
    assert page.locator("#hemicycle[data-live-fragment]").count() == 0  # the whole is live
    assert_accessible(page)
    page.close()
