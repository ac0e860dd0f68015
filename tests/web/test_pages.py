"""The pages in a real browser: signing in and out, the federation tree and the council
page (accessible, reflowing at 320 px, in German by Accept-Language), the time slider with
and without JavaScript, and the hemicycle following a recall live."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from ..api.server import Server
from ..api.world import PASSWORD, World

FEDERATION = "petrograd-1917"
TREE = f"/federations/{FEDERATION}"
COUNCIL = f"{TREE}/councils/petrograd-soviet"
#: axe-core's rules of WCAG 2.0, 2.1 and 2.2 at levels A and AA.
WCAG_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
Web = tuple[Server, str, World]


def site(web: Web) -> str:
    return web[0].url.removesuffix("/api/v1")


def assert_accessible(page: Any) -> None:
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page, options={"runOnly": {"type": "tag", "values": WCAG_AA}})
    assert results.violations_count == 0, results.generate_report()


def assert_reflows(page: Any) -> None:
    """At 320 px wide, nothing scrolls sideways (WCAG 1.4.10)."""
    page.set_viewport_size({"width": 320, "height": 640})
    width = page.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")
    assert width[0] <= width[1], f"the page is {width[0]} px wide at 320 px"


def screenshots(page: Any, artifacts: Path, name: str) -> None:
    for width in (390, 1280):
        page.set_viewport_size({"width": width, "height": 900})
        page.screenshot(path=str(artifacts / f"{name}-{width}.png"), full_page=True)


def check_page(page: Any, artifacts: Path, name: str) -> None:
    assert_accessible(page)
    screenshots(page, artifacts, name)
    assert_reflows(page)


def test_signing_in_and_out(web: Web, browser: Any, artifacts: Path) -> None:
    context = browser.new_context()
    page = context.new_page()
    page.goto(f"{site(web)}/sign-in?next={COUNCIL}")
    check_page(page, artifacts, "sign-in")
    page.get_by_label("Account").fill("worker-1")
    page.get_by_label("Password").fill("not the password")
    page.get_by_role("button", name="Sign in").click()
    assert page.get_by_role("alert").inner_text() == "The account or the password is wrong."
    assert page.get_by_label("Account").input_value() == "worker-1"
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(f"{site(web)}{COUNCIL}")
    assert page.get_by_text("Signed in as worker-1").is_visible()
    cookie = next(c for c in context.cookies() if c["name"] == "soviet_session")
    assert cookie["httpOnly"]
    page.get_by_role("button", name="Sign out").click()
    page.wait_for_url(f"{site(web)}/")
    assert page.get_by_role("link", name="Sign in").is_visible()
    assert not [c for c in context.cookies() if c["name"] == "soviet_session"]
    context.close()


def test_the_tree_and_the_council_page(web: Web, browser: Any, artifacts: Path) -> None:
    context = browser.new_context()
    page = context.new_page()
    page.goto(f"{site(web)}/")
    check_page(page, artifacts, "federations")
    page.set_viewport_size({"width": 1280, "height": 900})
    page.get_by_role("link", name="Petrograd 1917").click()
    page.wait_for_url(f"{site(web)}{TREE}")
    node = page.locator(".node")
    assert "Seats\n6" in node.inner_text() or "Seats 6" in " ".join(node.inner_text().split())
    assert page.locator("meter").count() == 1
    check_page(page, artifacts, "tree")
    page.set_viewport_size({"width": 1280, "height": 900})
    page.get_by_role("link", name="Petrograd Soviet").click()
    page.wait_for_url(f"{site(web)}{COUNCIL}")
    assert page.title() == "Petrograd Soviet · soviet"
    assert page.get_by_role("heading", level=1).inner_text() == "Petrograd Soviet"
    figure = page.get_by_role("img", name="Seats of Petrograd Soviet: 6 of 6 filled")
    assert figure.get_attribute("viewBox") == "0 0 200.0 104.0"
    assert page.locator("svg [data-fraction=bolsheviks] circle").count() == 4
    table = page.get_by_role("table", name="Seats by fraction")
    rows = [" ".join(row.split()) for row in table.locator("tbody tr").all_inner_texts()]
    assert rows == ["bolsheviks 4", "mensheviks 1", "sr 1"]
    members = page.locator("table.members tbody tr").all_inner_texts()
    assert len(members) == 6
    assert any("s1" in row and "volynsky" in row and "1917-03-05" in row for row in members)
    assert page.get_by_text("This council has not met in session yet.").is_visible()
    check_page(page, artifacts, "council")
    context.close()


def test_a_page_in_german(web: Web, browser: Any) -> None:
    context = browser.new_context(locale="de-DE")
    page = context.new_page()
    page.goto(f"{site(web)}{COUNCIL}")
    assert page.locator("html").get_attribute("lang") == "de"
    assert page.get_by_role("table", name="Sitze nach Fraktion").is_visible()
    assert page.get_by_role("link", name="Zum Inhalt springen").count() == 1
    context.close()


def test_the_time_slider_with_and_without_javascript(web: Web, browser: Any) -> None:
    for scripts in (False, True):
        context = browser.new_context(java_script_enabled=scripts)
        page = context.new_page()
        page.goto(f"{site(web)}{COUNCIL}")
        page.get_by_label("Show the council as it was on").fill("1917-03-02")
        page.get_by_role("button", name="Show", exact=True).click()
        page.wait_for_url(f"{site(web)}{COUNCIL}?at=1917-03-02")
        assert page.get_by_text("As it was on 1917-03-02.").is_visible()
        assert page.get_by_role("img", name="Seats of Petrograd Soviet: 0 of 0 filled").count()
        assert page.get_by_text("No seat is filled.").is_visible()
        assert page.locator("[data-live-fragment]").count() == 0  # the past does not move
        context.close()
    # The slider, which only a script can move: each stop a day the council changed.
    context = browser.new_context()
    page = context.new_page()
    page.goto(f"{site(web)}{COUNCIL}")
    slider = page.get_by_label("Move through the council's changes")
    stops = slider.get_attribute("data-stops").split(",")
    assert stops[0] == "1917-03-05"
    assert slider.input_value() == str(len(stops) - 1)
    slider.fill("0")
    page.wait_for_function(
        "document.documentElement.getAttribute('data-slider-shows') === '1917-03-05'"
    )
    assert page.url == f"{site(web)}{COUNCIL}?at=1917-03-05"
    assert page.locator("#moment-line").inner_text().startswith("As it was on 1917-03-05.")
    assert page.get_by_label("Show the council as it was on").input_value() == "1917-03-05"
    assert page.locator("#hemicycle[data-live-paused]").count() == 1
    assert page.locator("[data-slider-day]").inner_text() == "1917-03-05"
    slider.fill(str(len(stops) - 1))
    page.wait_for_function("document.documentElement.getAttribute('data-slider-shows') === 'now'")
    assert page.url == f"{site(web)}{COUNCIL}"
    assert page.locator("#moment-line").inner_text() == "As it is now."
    assert page.locator("#hemicycle[data-live-paused]").count() == 0
    context.close()


def sign_in(page: Any, web: Web, account: str, then: str) -> None:
    page.goto(f"{site(web)}/sign-in?next={then}")
    page.get_by_label("Account").fill(account)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(f"{site(web)}{then}")


def test_a_member_signs_a_recall_and_withdraws_it_with_and_without_javascript(
    web: Web, browser: Any, artifacts: Path
) -> None:
    putilov = f"{TREE}/constituencies/putilov"
    plain = browser.new_context(java_script_enabled=False)
    plain.set_default_timeout(15000)
    page = plain.new_page()
    sign_in(page, web, "worker-1", putilov)
    assert page.get_by_role("heading", level=1).inner_text() == "Putilov Works"
    council = page.get_by_role("link", name="Petrograd Soviet", exact=True)
    assert council.get_attribute("href") == COUNCIL
    assert "You are on this constituency's register (as p1)" in page.locator("main").inner_text()
    page.get_by_role("link", name="Sign or withdraw the recall of b1").click()
    page.wait_for_url(f"{site(web)}{putilov}/recall/b1")
    assert page.get_by_text("No petition is open against this delegate").is_visible()
    page.get_by_role("button", name="Sign the recall of b1").click()
    status = page.get_by_role("status").filter(has_text="counted")
    assert " ".join(status.inner_text().split()) == (
        "Your signature on the recall of b1 is counted: 1 of 2500."
    )
    assert re.fullmatch(r"[0-9a-f]{64}", page.locator("code.receipt").inner_text())
    page.get_by_role("link", name="Back to Putilov Works").click()
    progress = page.get_by_role("progressbar", name="Recall of b1")
    assert progress.get_attribute("value") == "1"
    assert "1 of 2500 signatures, 2499 more needed" in page.locator("main").inner_text()
    plain.close()

    scripted = browser.new_context()
    page = scripted.new_page()
    sign_in(page, web, "worker-1", putilov)
    check_page(page, artifacts, "constituency")  # (axe needs the page's JavaScript)
    page.goto(f"{site(web)}{putilov}/recall/b1")
    check_page(page, artifacts, "recall-review")
    page.get_by_role("button", name="Withdraw my signature").click()
    status = page.get_by_role("status").filter(has_text="withdrawn")
    assert status.inner_text().strip() == "Your signature on the recall of b1 is withdrawn."
    check_page(page, artifacts, "recall-receipt")
    page.set_viewport_size({"width": 1280, "height": 900})
    page.get_by_role("link", name="Back to Putilov Works").click()
    assert "0 of 2500 signatures" in page.locator("main").inner_text()
    scripted.close()


def test_a_lost_connection_is_shown_and_the_page_reconnects(web: Web, browser: Any) -> None:
    context = browser.new_context()
    page = context.new_page()
    context.route("**/api/v1/events*", lambda route: route.abort())
    page.goto(f"{site(web)}{COUNCIL}")
    page.wait_for_selector("html[data-live=lost]")
    banner = page.get_by_role("status")
    assert banner.inner_text() == "Connection lost: reconnecting…"
    assert banner.is_visible()
    context.unroute("**/api/v1/events*")
    page.wait_for_selector("html[data-live=open]", timeout=15000)
    assert not banner.is_visible()
    context.close()


def test_the_hemicycle_follows_a_recall_without_reloading(
    web: Web, browser: Any, artifacts: Path
) -> None:
    context = browser.new_context()
    page = context.new_page()
    page.goto(f"{site(web)}{COUNCIL}")
    page.wait_for_selector("html[data-live=open]")
    field = page.get_by_label("Show the council as it was on")
    field.fill("1917-04-01")  # what a person is typing stays as it is
    page.evaluate("window.notReloaded = true")
    # The Volynsky Regiment's two soldiers sign the recall of its delegate, page by page,
    # each in a browser of her own: the second signature reaches the threshold.
    recall = f"{TREE}/constituencies/volynsky/recall/s1"
    for soldier, counted in (("soldier-1", "1 of 2"), ("soldier-2", "2 of 2")):
        own = browser.new_context()
        signing = own.new_page()
        sign_in(signing, web, soldier, recall)
        signing.get_by_role("button", name="Sign the recall of s1").click()
        status = " ".join(signing.get_by_role("status").inner_text().split())
        assert f"is counted: {counted}." in status
        if soldier == "soldier-2":
            assert "The petition carried: s1 is recalled." in status
        else:
            assert page.locator("svg [data-fraction=sr] circle").count() == 1  # not yet
        own.close()
    page.wait_for_selector("svg [data-fraction=empty] circle", timeout=15000)
    assert page.locator("svg [data-fraction=sr] circle").count() == 0
    assert page.get_by_role("img", name="Seats of Petrograd Soviet: 5 of 6 filled").count()
    assert page.evaluate("window.notReloaded") is True
    assert field.input_value() == "1917-04-01"
    # The recall moved the council from its base: its drift over time is charted, and
    # each measurement is a row of the chart's table.
    page.reload()
    chart = page.get_by_role("img", name=re.compile(r"^Drift of Petrograd Soviet from its base"))
    assert chart.count() == 1
    rows = page.get_by_role("table", name="Each measurement of the drift").locator("tbody tr")
    assert rows.count() == page.locator("#drift circle").count() >= 2
    assert rows.first.inner_text().startswith("1917-03-05")
    assert page.get_by_label("Move through the council's changes").get_attribute("data-stops")
    check_page(page, artifacts, "council-drift")
    context.close()
