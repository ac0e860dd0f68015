"""The web application's pages in Debian's Chromium, against a real `soviet serve`: each
page has no WCAG 2.2 AA violation that axe-core finds and reflows at 320 px; the time
slider and signing in work with and without JavaScript; a council's page follows a recall
live, without a reload; the pages speak German to a German browser."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import httpx
import pytest

from soviet.services.bootstrap import open_database

from ..api.server import Server, start, stop
from ..api.world import PASSWORD, World, found_petrograd
from ..conftest import fresh_url
from .conftest import ARTIFACTS

COUNCIL = "/f/petrograd-1917/councils/petrograd-soviet"
PAGES = {
    "federations": "/",
    "tree": "/f/petrograd-1917",
    "council": COUNCIL,
    "council-in-february": f"{COUNCIL}?at=1917-02-28",
    "sign-in": "/sign-in",
}
#: The rules axe-core checks: WCAG 2.0, 2.1 and 2.2 at levels A and AA.
WCAG = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]


@dataclass
class Site:
    server: Server
    world: World

    @property
    def base(self) -> str:
        return self.server.url.removesuffix("/api/v1")


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Site]:
    folder = tmp_path_factory.mktemp("web")
    url = fresh_url("sqlite", folder)
    with open_database(url) as db:
        world = found_petrograd(db)
    server = start(url, folder)
    try:
        yield Site(server, world)
    finally:
        stop(server)


def violations(page: Any) -> list[str]:
    from axe_playwright_python.sync_playwright import Axe

    found = Axe().run(page, options={"runOnly": {"type": "tag", "values": WCAG}})
    return [
        f"{v['id']}: {v['help']} ({len(v['nodes'])} nodes)" for v in found.response["violations"]
    ]


def test_every_page_passes_axe_reflows_at_320_px_and_is_photographed(
    site: Site, browser: Any
) -> None:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    for width in (320, 390, 1280):
        context = browser.new_context(viewport={"width": width, "height": 900})
        page = context.new_page()
        for name, path in PAGES.items():
            answer = page.goto(site.base + path)
            assert answer is not None, (name, path)
            assert answer.status == 200, (name, path)
            page.wait_for_load_state("networkidle")
            if width == 320:
                scrolled = page.evaluate(
                    "document.documentElement.scrollWidth > document.documentElement.clientWidth"
                )
                assert not scrolled, f"{name} scrolls sideways at 320 px"
                assert violations(page) == [], name
            else:
                page.screenshot(path=str(ARTIFACTS / f"{name}-{width}.png"), full_page=True)
        context.close()


def test_the_council_page_draws_its_seats_with_a_table_beside(site: Site, browser: Any) -> None:
    page = browser.new_page()
    page.goto(site.base + COUNCIL)
    drawing = page.locator("svg.hemicycle")
    assert drawing.get_attribute("role") == "img"
    assert drawing.get_attribute("viewBox") == "0 0 200 110"
    assert page.locator("svg.hemicycle title").text_content() == ("Seats of Petrograd Soviet")
    seats = {
        row.locator("th").text_content(): int(row.locator("td.num").text_content() or 0)
        for row in page.locator("table.fractions tbody tr").all()
    }
    assert seats == {"bolsheviks": 4, "mensheviks": 1, "sr": 1}
    assert page.locator("svg.hemicycle g[data-party] circle").count() == 6
    page.close()


@pytest.mark.parametrize("javascript", [True, False])
def test_the_time_slider_shows_a_past_day(site: Site, browser: Any, javascript: bool) -> None:
    context = browser.new_context(java_script_enabled=javascript)
    page = context.new_page()
    page.goto(site.base + COUNCIL)
    assert "6 of 6 seats filled" in page.locator("#live").text_content()
    page.fill("#at", "1917-02-28")
    page.click("form.when button")
    page.wait_for_url("**?at=1917-02-28")
    assert "0 of 0 seats filled on 1917-02-28" in page.locator("#live").text_content()
    assert page.locator("table.members").count() == 0
    page.click("text=Now")
    assert "6 of 6 seats filled" in page.locator("#live").text_content()
    context.close()


@pytest.mark.parametrize("javascript", [True, False])
def test_signing_in_and_out_through_the_plain_forms(
    site: Site, browser: Any, javascript: bool
) -> None:
    context = browser.new_context(java_script_enabled=javascript)
    page = context.new_page()
    page.goto(site.base + "/sign-in")
    page.fill("#account", "b1")
    page.fill("#password", "not the password")
    page.click("main button[type=submit]")
    assert page.locator("[role=alert]").text_content() == "The account or the password is wrong."
    page.fill("#password", PASSWORD)
    page.click("main button[type=submit]")
    page.wait_for_url(site.base + "/")
    assert page.locator(".who").text_content() == "Signed in as b1"
    page.click("text=Sign out")
    page.wait_for_url(site.base + "/")
    assert page.locator("header a[href='/sign-in']").count() == 1
    context.close()


def test_a_sign_out_without_the_forms_token_is_refused(site: Site, browser: Any) -> None:
    context = browser.new_context()
    page = context.new_page()
    page.goto(site.base + "/sign-in")
    page.fill("#account", "b2")
    page.fill("#password", PASSWORD)
    page.click("main button[type=submit]")
    page.wait_for_url(site.base + "/")
    page.evaluate("document.querySelector('input[name=csrf_token]').value = 'forged'")
    page.click("text=Sign out")
    assert page.locator("[role=alert]").text_content() == (
        "the form's CSRF token is missing or not this session's"
    )
    page.goto(site.base + "/")
    assert page.locator(".who").text_content() == "Signed in as b2"
    context.close()


def test_a_council_page_follows_a_recall_without_reloading(site: Site, browser: Any) -> None:
    page = browser.new_page()
    page.goto(site.base + COUNCIL)
    page.evaluate("window.notReloaded = true")
    assert page.locator("table.members td", has_text="s1").count() == 1
    page.wait_for_timeout(500)  # the event stream is open
    recall = (
        f"{site.server.url}/federations/petrograd-1917/councils/petrograd-soviet"
        "/delegates/s1/recall/signatures"
    )
    for account, member in (("soldier-1", "v1"), ("soldier-2", "v2")):
        signed = httpx.post(
            recall, json={"member": member}, headers=site.world.headers(account, member)
        )
        assert signed.status_code == 201, signed.text
    page.locator("table.members td", has_text="s2").wait_for(timeout=10_000)
    assert page.locator("table.members td", has_text="s1").count() == 0
    assert page.evaluate("window.notReloaded") is True
    page.close()


def test_a_german_browser_reads_german(site: Site, browser: Any) -> None:
    context = browser.new_context(locale="de-DE", extra_http_headers={"Accept-Language": "de"})
    page = context.new_page()
    page.goto(site.base + "/")
    assert page.locator("h1").text_content() == "Föderationen"
    assert page.locator("html").get_attribute("lang") == "de"
    page.goto(site.base + COUNCIL)
    assert page.locator("#composition-heading").text_content() == "Zusammensetzung"
    context.close()


def test_an_unknown_council_is_a_page_that_says_so(site: Site) -> None:
    answer = httpx.get(site.base + "/f/petrograd-1917/councils/no-such-council")
    assert answer.status_code == 404
    assert "text/html" in answer.headers["content-type"]
    assert "no-such-council" in answer.text
    bad = httpx.get(site.base + COUNCIL + "?at=yesterday")
    assert bad.status_code == 422
    assert "at:" in bad.text


def test_static_files_are_named_by_their_content_and_kept_a_year(site: Site) -> None:
    page = httpx.get(site.base + "/").text
    start_at = page.index("/static/soviet.")
    address = page[start_at : page.index('"', start_at)]
    answer = httpx.get(site.base + address)
    assert answer.status_code == 200
    assert answer.headers["cache-control"] == "public, max-age=31536000, immutable"
    assert answer.headers["content-type"].startswith("text/css")
    assert httpx.get(site.base + "/static/soviet.000000000000.css").status_code == 404
