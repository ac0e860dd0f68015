"""The plenary in real browsers: three delegates vote from three browsers while the chair
opens, closes and publishes the poll from her console; each delegate sees the poll open
and the result without reloading, and her receipt. A delegate asks to speak and the chair
gives her the floor, seen on the projector. The check-in desk checks a delegate in by
badge number. The same acts with JavaScript off, through the plain forms. Every page is
accessible and reflows at 320 px."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml

from soviet.domain.identity import SYSTEM, account_actor
from soviet.domain.ids import format_id, parse_id
from soviet.services.bootstrap import open_database
from soviet.services.desk import assign_badges
from soviet.services.motions import MotionSpec, move_motion
from soviet.services.sessions import check_in, convene
from soviet.services.statutes import apply_statute

from ..api.server import start, stop
from ..api.world import FEB, PETROGRAD, found_petrograd
from .conftest import _require_chromium
from .test_pages import TREE, Web, check_page, sign_in, site

FED = "petrograd-1917"
#: Petrograd's statute, amended so that a poll's results wait for the chair to publish them.
WITHHELD = PETROGRAD.replace(
    "sessions: {secret_ballots: sealed-if-keyed}",
    "sessions: {results: on-publication, secret_ballots: sealed-if-keyed}",
)


@pytest.fixture(scope="module")
def web(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Web]:
    """`soviet serve` on Petrograd 1917 in session: b1-b4 and m1 checked in (s1 is not),
    badges given, and two motions moved on an agenda of two items."""
    _require_chromium()
    folder = tmp_path_factory.mktemp("plenary")
    url = f"sqlite:///{folder / 'soviet.db'}"
    (folder / "soviet.db").touch()
    with open_database(url) as db:
        world = found_petrograd(db)
        apply_statute(db, yaml.safe_load(WITHHELD), effective_at=FEB, actor=SYSTEM)
        session = convene(db, "petrograd-soviet", ["Peace", "Land"], actor=SYSTEM, federation=FED)
        check_in(db, session, ["b1", "b2", "b3", "b4", "m1"], actor=SYSTEM, federation=FED)
        assign_badges(db, "petrograd-soviet", actor=SYSTEM, federation=FED)
        for slug, mover in (("peace", "b1"), ("land", "m1")):
            spec = MotionSpec(slug, slug.title(), f"On {slug}.", mover_kind="delegate", mover=mover)
            move_motion(
                db, "petrograd-soviet", session, spec, actor=account_actor(mover), federation=FED
            )
    server = start(url, folder, options=("--operator", "chkheidze"))
    try:
        yield server, url, world
    finally:
        stop(server)


def _session(web: Web) -> str:
    """The address of the one session (its id is the journal entry that convened it)."""
    with web[0].client() as client:
        found = client.get(f"/federations/{FED}/councils/petrograd-soviet/sessions").json()
    return f"{TREE}/sessions/{found['items'][0]['session']}"


def test_three_delegates_vote_and_the_chair_publishes(
    web: Web, browser: Any, artifacts: Path
) -> None:
    session = _session(web)
    delegates = {}
    for person in ("b1", "b2", "m1"):
        context = browser.new_context()
        context.set_default_timeout(15000)
        page = context.new_page()
        sign_in(page, web, person, session)
        page.wait_for_function("document.documentElement.getAttribute('data-live') === 'open'")
        assert "No vote is open." in page.inner_text("#ballot")
        delegates[person] = page
    check_page(delegates["b1"], artifacts, "session")

    chair_context = browser.new_context()
    chair_context.set_default_timeout(15000)
    chair = chair_context.new_page()
    sign_in(chair, web, "chkheidze", f"{session}/chair")
    check_page(chair, artifacts, "chair")
    chair.set_viewport_size({"width": 1280, "height": 900})
    chair.get_by_role("button", name="Open the vote on Peace").click()
    assert chair.get_by_role("status").inner_text() == "The vote is open."
    chair.wait_for_function("document.documentElement.getAttribute('data-live') === 'open'")

    receipts = {}
    for person, choice in (("b1", "Yes"), ("b2", "Yes"), ("m1", "No")):
        page = delegates[person]
        # The poll opened while her page was open: it shows without a reload, and so does
        # the banner every page shows while she can vote.
        page.get_by_role("group", name="Your vote on Peace").wait_for()
        page.locator(".banner").filter(has_text="You can vote now: Peace").wait_for()
        assert "cannot be changed or taken back" in page.inner_text("#ballot")
        page.get_by_label(choice, exact=True).check()
        page.get_by_role("button", name="Cast my vote").click()
        page.get_by_role("status").filter(has_text="Your vote on Peace is cast").wait_for()
        receipts[person] = page.locator("[data-receipt]").inner_text()
        assert re.fullmatch(r"[0-9a-f]{64}", receipts[person])
        assert page.locator(".banner").count() == 0  # she has voted
        if person == "b1":
            check_page(page, artifacts, "vote-receipt")
        page.get_by_role("link", name="Back to the session").click()
        assert f"You have voted: {choice}." in page.inner_text("#ballot")
    assert len(set(receipts.values())) == 3
    # Her device kept the receipt: her own page lists it.
    mine = delegates["b1"]
    mine.goto(f"{site(web)}/me")
    kept = mine.locator("[data-receipts] li").first
    assert kept.locator("code").inner_text() == receipts["b1"]
    assert kept.get_by_role("link").inner_text() == "Vote on Peace"
    mine.goto(f"{site(web)}{session}")

    # The chair sees the turnout without reloading, closes, and publishes.
    chair.locator("[data-turnout]").filter(
        has_text=re.compile(r"\b3 of [56] have voted")
    ).wait_for()
    chair.get_by_role("button", name="Close the vote on Peace").click()
    assert "its result is withheld until you publish it" in chair.inner_text("main")
    for page in delegates.values():
        page.locator("#results").filter(has_text="the result is not published yet").wait_for()
    chair.get_by_role("button", name="Publish the result of Peace").click()
    assert chair.get_by_role("status").inner_text() == "The result is published."
    for page in delegates.values():
        page.locator("#results").filter(
            has_text="Peace: adopted, Yes 2, No 1, Abstain 0."
        ).wait_for()
    projector = chair_context.new_page()
    projector.goto(f"{site(web)}{session}/projector")
    assert "Yes 2, No 1, Abstain 0" in projector.inner_text("main")
    check_page(projector, artifacts, "projector")
    # The adopted motion is the council's first resolution.
    projector.goto(f"{site(web)}{TREE}/councils/petrograd-soviet")
    listed = " ".join(projector.locator("ol.resolutions").inner_text().split())
    assert re.match(r"No\. 1, adopted \d{4}-\d\d-\d\d in session \d+: On peace\.", listed)
    for page in delegates.values():
        page.context.close()
    chair_context.close()


def test_a_delegate_asks_to_speak_and_the_chair_gives_her_the_floor(
    web: Web, browser: Any, artifacts: Path
) -> None:
    session = _session(web)
    # Another delegate has started to fill in her request when the list changes: the list
    # is read again, and what she chose stays.
    other = browser.new_context()
    other.set_default_timeout(15000)
    watching = other.new_page()
    sign_in(watching, web, "b1", session)
    watching.wait_for_function("document.documentElement.getAttribute('data-live') === 'open'")
    watching.get_by_label("pro", exact=True).check()

    context = browser.new_context()
    context.set_default_timeout(15000)
    delegate = context.new_page()
    sign_in(delegate, web, "b3", session)
    delegate.get_by_label("contra").check()
    delegate.get_by_role("button", name="Put me on the list").click()
    assert delegate.get_by_role("status").inner_text() == "You are on the list of speakers."
    assert "You are number 1 on the list." in delegate.inner_text("#speak")
    assert delegate.locator("#turn").inner_text().strip() == "You are next to speak."
    delegate.wait_for_function("document.documentElement.getAttribute('data-live') === 'open'")
    watching.locator("ol.speakers").filter(has_text="b3").wait_for()
    assert watching.get_by_label("pro", exact=True).is_checked()
    other.close()

    chair_context = browser.new_context()
    chair_context.set_default_timeout(15000)
    projector = chair_context.new_page()
    projector.goto(f"{site(web)}{session}/projector")
    projector.wait_for_function("document.documentElement.getAttribute('data-live') === 'open'")
    chair = chair_context.new_page()
    sign_in(chair, web, "chkheidze", f"{session}/chair")
    chair.get_by_role("button", name="Give the floor to b3").click()
    assert chair.get_by_role("status").inner_text() == "The next speaker has the floor."
    # The projector follows live, and her time counts on.
    projector.locator("#projector").filter(has_text="b3 has the floor").wait_for()
    projector.wait_for_function("document.querySelector('.timer').textContent !== '0:00'")
    delegate.locator("#state").filter(has_text="b3 has the floor").wait_for()
    delegate.locator("#turn").filter(has_text="You have the floor.").wait_for()  # announced
    chair.get_by_role("button", name="End the speech of b3").click()
    assert chair.get_by_role("status").inner_text() == "The speech is ended."
    chair.get_by_role("button", name="Call the next item").click()
    projector.locator("#projector").filter(has_text="Land").wait_for()
    context.close()
    chair_context.close()


def test_the_check_in_desk(web: Web, browser: Any, artifacts: Path) -> None:
    session = _session(web)
    context = browser.new_context()
    context.set_default_timeout(15000)
    desk = context.new_page()
    sign_in(desk, web, "chkheidze", f"{session}/desk")
    check_page(desk, artifacts, "desk")
    desk.set_viewport_size({"width": 1280, "height": 900})
    number = desk.get_by_label("Badge number")
    assert desk.evaluate("document.activeElement.id") == "number"
    assert "Present: 5 of 6" in desk.inner_text("#desk")
    with open_database(web[1]) as db:
        from soviet.services.desk_board import badges_view

        badges = badges_view(db, "petrograd-soviet", actor=SYSTEM, federation=FED)
        badge = next(b.number for b in badges.items if b.person == "s1")
    number.fill(str(badge))
    number.press("Enter")
    assert desk.get_by_role("status").inner_text() == f"Badge {badge}: s1 checked in."
    assert "Present: 6 of 6" in desk.inner_text("#desk")
    assert desk.evaluate("document.activeElement.id") == "number"
    number.fill("9999")
    number.press("Enter")
    assert "9999" in desk.inner_text("main")  # refused, saying which number
    context.close()


def test_the_plenary_without_javascript(web: Web, browser: Any) -> None:
    """A delegate asks to speak and takes herself off, the chair opens a vote, the delegate
    votes and gets her receipt: the plain forms alone."""
    session = _session(web)
    chair_context = browser.new_context(java_script_enabled=False)
    chair = chair_context.new_page()
    sign_in(chair, web, "chkheidze", f"{session}/chair")
    chair.get_by_role("group", name="How to vote on Land").get_by_label("secret").check()
    chair.get_by_role("button", name="Open the vote on Land").click()
    assert chair.get_by_role("status").inner_text() == "The vote is open."

    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    sign_in(page, web, "b2", session)
    page.get_by_role("button", name="Put me on the list").click()
    assert "You are number 1 on the list." in page.inner_text("main")
    page.get_by_role("button", name="Take me off the list").click()
    assert page.get_by_role("status").inner_text() == "You are off the list of speakers."
    page.get_by_label("Abstain").check()
    page.get_by_role("button", name="Cast my vote").click()
    assert "Your vote on Land is cast: Abstain." in page.inner_text("main")
    page.get_by_role("link", name="Back to the session").click()
    assert "You have voted." in page.inner_text("#ballot")  # secret: whether only
    chair.reload()
    assert re.search(r"\b1 of [56] have voted", chair.inner_text("main"))
    chair.get_by_role("button", name="Close the vote on Land").click()
    chair.get_by_role("button", name="Publish the result of Land").click()
    assert chair.get_by_role("status").inner_text() == "The result is published."
    assert "Land: rejected" in chair.inner_text("main")
    # The desk without JavaScript: a badge number and Enter.
    chair.goto(f"{site(web)}{session}/desk")
    with open_database(web[1]) as db:
        from soviet.services.desk_board import badges_view

        badges = badges_view(db, "petrograd-soviet", actor=SYSTEM, federation=FED)
        badge = next(b.number for b in badges.items if b.person == "b4")
    chair.get_by_label("Badge number").fill(str(badge))
    chair.get_by_role("button", name="Check out").click()
    assert chair.get_by_role("status").inner_text() == f"Badge {badge}: b4 checked out."
    chair.get_by_label("Badge number").fill(str(badge))
    chair.get_by_label("Badge number").press("Enter")
    assert chair.get_by_role("status").inner_text() == f"Badge {badge}: b4 checked in."
    context.close()
    chair_context.close()


def test_my_page(web: Web, browser: Any, artifacts: Path) -> None:
    """A member's page: her constituency and its delegates, her sessions and tokens, one
    of which she closes."""
    context = browser.new_context()
    context.set_default_timeout(15000)
    page = context.new_page()
    sign_in(page, web, "worker-1", "/me")
    main = page.inner_text("main")
    assert "Putilov Works (petrograd-1917): b1, b2, b3, b4, m1" in " ".join(main.split())
    assert "Nothing waits for you now." in main
    assert "(this one)" in main
    assert "This device has kept no receipt yet." in main
    check_page(page, artifacts, "me")
    page.set_viewport_size({"width": 1280, "height": 900})
    page.get_by_role("link", name="Signed in as worker-1").click()
    page.wait_for_url(f"{site(web)}/me")
    token = page.locator("li").filter(has_text="Token tests")
    token.get_by_role("button", name="Close").click()
    assert page.get_by_role("status").inner_text() == "Closed."
    assert "Token tests" not in page.inner_text("main")
    # Her choice of language wins over the browser's, until she leaves it to the browser.
    page.get_by_label("Deutsch").check()
    page.get_by_role("button", name="Save").click()
    assert page.get_by_role("heading", level=1).inner_text() == "Meine Seite"
    assert page.locator("html").get_attribute("lang") == "de"
    page.goto(f"{site(web)}{TREE}")
    assert page.get_by_role("link", name="Verwaltung").count() == 1
    page.goto(f"{site(web)}/me")
    page.get_by_label("die Sprache, die mein Browser verlangt").check()
    page.get_by_role("button", name="Speichern").click()
    assert page.get_by_role("heading", level=1).inner_text() == "My page"
    with web[0].client() as client:  # the token closed from the page no longer opens a door
        answer = client.get("/account", headers=web[2].headers("worker-1"))
        assert answer.status_code == 401
    context.close()


def test_the_party_page(web: Web, browser: Any, artifacts: Path) -> None:
    """From the council's members to a fraction's party: programme, delegates, the
    positions its fraction took, lists."""
    from soviet.services.motions import take_position

    session = parse_id(_session(web).rsplit("/", 1)[1], "session")
    with open_database(web[1]) as db:
        spec = MotionSpec("bread", "Bread", "On bread.", mover_kind="delegate", mover="b2")
        move_motion(
            db, "petrograd-soviet", session, spec, actor=account_actor("b2"), federation=FED
        )
        take_position(
            db, "petrograd-soviet/bread", "mensheviks", "no", actor=SYSTEM, federation=FED
        )
    context = browser.new_context()
    page = context.new_page()
    page.goto(f"{site(web)}{TREE}/councils/petrograd-soviet")
    page.locator("table.members").get_by_role("link", name="mensheviks").click()
    page.wait_for_url(f"{site(web)}{TREE}/parties/mensheviks")
    assert page.get_by_role("heading", level=1).inner_text() == "Mensheviks"
    main = " ".join(page.inner_text("main").split())
    assert "A programme." in main
    assert "Petrograd Soviet: 1 seat" in main
    assert "putilov: m1" in main
    assert "petrograd-soviet: m1, m2, m3" in main
    assert re.search(r"Bread \(petrograd-soviet/bread\): against, \d{4}-\d\d-\d\d", main)
    check_page(page, artifacts, "party")
    context.close()


def test_the_administration(web: Web, browser: Any, artifacts: Path, tmp_path: Path) -> None:
    """The statute amended with its differences shown first (without JavaScript); members
    registered from a CSV file (read from the device, every bad line listed, nothing
    registered then) and their invitation codes downloaded; an election's counts entered;
    the journal verified; a delegate may not amend the statute. It renames the council."""
    admin = f"{TREE}/admin"
    context = browser.new_context(accept_downloads=True)
    context.set_default_timeout(15000)
    page = context.new_page()
    sign_in(page, web, "chkheidze", TREE)
    page.get_by_role("link", name="Administration").click()
    page.wait_for_url(f"{site(web)}{admin}")
    check_page(page, artifacts, "admin")
    page.set_viewport_size({"width": 1280, "height": 900})

    # The statute, through the plain forms alone (JavaScript off).
    scripted, plain = page, browser.new_context(java_script_enabled=False)
    page = plain.new_page()
    sign_in(page, web, "chkheidze", admin)
    text = page.get_by_label("The statute (YAML)")
    written = text.input_value()
    assert "name: Petrograd Soviet\n" in written

    text.fill("councils: [unclosed")
    page.get_by_role("button", name="Show what would change").click()
    assert "statute: line 2, column 1: not valid YAML" in page.get_by_role("alert").inner_text()
    assert page.get_by_label("The statute (YAML)").input_value() == "councils: [unclosed"
    # A "billion laughs" is refused by the reader every statute goes through.
    laughs = "a: &a [x, x, x, x, x, x, x, x, x, x]\n" + "".join(
        f"{n}: &{n} [*{p}, *{p}, *{p}, *{p}, *{p}, *{p}, *{p}, *{p}, *{p}, *{p}]\n"
        for p, n in zip("abcdefgh", "bcdefghi", strict=True)
    )
    page.get_by_label("The statute (YAML)").fill(laughs)
    page.get_by_role("button", name="Show what would change").click()
    assert "aliases expand the document to more than" in page.get_by_role("alert").inner_text()

    renamed = written.replace("name: Petrograd Soviet\n", "name: Petrograd Soviet of Deputies\n")
    page.get_by_label("The statute (YAML)").fill(renamed)
    page.get_by_role("button", name="Show what would change").click()
    changes = page.locator("ul.changes").inner_text()
    assert "Petrograd Soviet of Deputies" in changes
    assert page.get_by_role("heading", name="Petrograd Soviet of Deputies").count() == 0
    page.get_by_role("button", name="Apply this statute").click()
    assert page.get_by_role("status").inner_text().startswith("The statute is applied: version")
    assert re.fullmatch(r"[0-9a-f]{64}", page.locator("#main code.receipt").first.inner_text())
    page.goto(f"{site(web)}{TREE}/councils/petrograd-soviet")
    assert page.get_by_role("heading", level=1).inner_text() == "Petrograd Soviet of Deputies"
    plain.close()

    # Members from a file: a bad line is named, and nobody is registered.
    page = scripted
    page.goto(f"{site(web)}{admin}")
    bad = tmp_path / "members.csv"
    bad.write_text("key,name,email\np7,Worker Seven,p7@example.org\np8,,p8@example.org\n")
    page.get_by_label("Constituency", exact=True).fill("putilov")
    page.get_by_label("Read a members file (CSV) into the field below").set_input_files(str(bad))
    page.wait_for_function("document.getElementById('register').value.includes('p8')")
    page.get_by_role("button", name="Register and download the codes").click()
    alert = page.get_by_role("alert").inner_text()
    assert "line 3" in alert
    assert "name" in alert
    assert "p7,Worker Seven" in page.get_by_label("The members (CSV)").input_value()
    page.get_by_label("The members (CSV)").fill(
        "key,name,email\np7,Worker Seven,p7@example.org\np8,Worker Eight,p8@example.org\n"
    )
    with page.expect_download() as download:
        page.get_by_role("button", name="Register and download the codes").click()
    saved = tmp_path / "codes.csv"
    download.value.save_as(saved)
    rows = saved.read_text().splitlines()
    assert rows[0] == "key,name,account,email,code,expires_at"
    assert [row.split(",")[0] for row in rows[1:]] == ["p7", "p8"]
    assert download.value.suggested_filename == "invitations-petrograd-1917-putilov.csv"

    # An election's counts from a file: a bad line is named and nothing is counted.
    from soviet.services.elections import open_election

    with open_database(web[1]) as db:
        election = open_election(
            db, "petrograd-soviet", constituency="putilov", actor=SYSTEM, federation=FED
        )
    page.goto(f"{site(web)}{admin}")
    page.get_by_label("Election", exact=True).fill(format_id(election))
    page.get_by_label("Constituency (when the file has no constituency column)").fill("putilov")
    counts = page.get_by_label("The counts (CSV)")
    counts.fill("party,votes\nbolsheviks,3000\nmensheviks,many\nnobody,5\n")
    page.get_by_role("button", name="Enter the counts").click()
    alert = page.get_by_role("alert").inner_text()
    assert "line 3: votes 'many' is not a whole number of at least 0" in alert
    assert "line 4" in alert  # a party that does not exist, named with the rest
    assert "mensheviks,many" in page.get_by_label("The counts (CSV)").input_value()
    page.get_by_label("The counts (CSV)").fill("party,votes\nbolsheviks,3000\nmensheviks,1000\n")
    page.get_by_role("button", name="Enter the counts").click()
    done = page.get_by_role("status").inner_text()
    assert done == f"Election {format_id(election)}: 2 counts, 4000 votes entered."

    # The server names chkheidze its operator: she verifies the whole journal from here.
    page.get_by_role("button", name="Verify the journal now").click()
    page.get_by_role("status").filter(has_text="the journal is intact").wait_for(timeout=60000)
    verified = page.locator("#journal").inner_text()
    assert re.search(r"intact, \d+ entries, head [0-9a-f]{64}; every table agrees", verified)
    context.close()

    # A delegate may look, but the statute is the administrators' to amend (here without
    # JavaScript: the plain form).
    delegate = browser.new_context(java_script_enabled=False)
    page = delegate.new_page()
    sign_in(page, web, "b1", admin)
    assert page.get_by_role("button", name="Verify the journal now").count() == 0
    page.get_by_role("button", name="Show what would change").click()
    assert "may not amend the statute" in page.get_by_role("alert").inner_text()
    delegate.close()


def test_a_member_votes_in_an_election_with_and_without_javascript(
    web: Web, browser: Any, artifacts: Path
) -> None:
    """Choose, review (what casting does), cast, receipt; then her vote is known to have
    been cast, never how; once closed the election shows its results."""
    from soviet.services.elections import close_election, open_election

    with open_database(web[1]) as db:
        election = open_election(
            db,
            "petrograd-soviet",
            constituency="volynsky",
            mode="ballots",
            actor=SYSTEM,
            federation=FED,
        )
    volynsky = f"{TREE}/constituencies/volynsky"
    address = f"{volynsky}/elections/{format_id(election)}"
    for account, party, scripts in (("soldier-1", "sr", True), ("soldier-2", "sr", False)):
        context = browser.new_context(java_script_enabled=scripts)
        context.set_default_timeout(15000)
        page = context.new_page()
        sign_in(page, web, account, volynsky)
        page.get_by_role("link", name=f"Election {format_id(election)}").click()
        page.wait_for_url(f"{site(web)}{address}")
        if scripts:
            check_page(page, artifacts, "election")
        page.get_by_role("group", name="Your ballot").get_by_label(
            re.compile(rf"^\s*{party}:")
        ).check()
        page.get_by_role("button", name="Review my ballot").click()
        assert f"You are voting for {party}." in page.inner_text("main")
        assert "cannot be changed or taken back" in page.inner_text("main")
        if scripts:
            check_page(page, artifacts, "election-review")
        page.get_by_role("button", name=f"Cast my ballot for {party}").click()
        assert page.get_by_role("status").inner_text() == "Your ballot is cast."
        assert re.fullmatch(r"[0-9a-f]{64}", page.locator("[data-receipt]").inner_text())
        page.get_by_role("link", name="Back to the election").click()
        assert "You have voted. How is secret" in page.inner_text("main")
        assert "You are voting for" not in page.inner_text("main")  # how is shown nowhere
        context.close()

    with open_database(web[1]) as db:
        close_election(db, election, actor=SYSTEM, federation=FED)
    context = browser.new_context()
    page = context.new_page()
    page.goto(f"{site(web)}{address}")
    table = page.get_by_role("table", name="Votes and seats by party")
    rows = sorted(" ".join(row.split()) for row in table.locator("tbody tr").all_inner_texts())
    assert rows == ["sr 2 1"]
    context.close()


def test_a_shared_live_part_holds_nothing_of_its_first_reader(web: Web) -> None:
    """The session's state is rendered once per journal entry for every page: what the
    first reader gets (a signed-in delegate) is what anyone gets, and holds nothing of hers;
    the next entry renders it anew."""
    import httpx

    part = f"{site(web)}{_session(web)}/fragments/state"
    delegate = httpx.get(part, headers=web[2].headers("b1"))
    anyone = httpx.get(part)
    assert delegate.status_code == anyone.status_code == 200
    assert delegate.text == anyone.text
    assert "csrf" not in delegate.text
    with open_database(web[1]) as db:
        from soviet.services.speakers import add_speaker

        add_speaker(
            db,
            parse_id(_session(web).rsplit("/", 1)[1], "session"),
            "m1",
            actor=account_actor("m1"),
            federation=FED,
        )
    assert "m1 (mensheviks)" in httpx.get(part).text
    # A reader who chose German gets it in German, and the next reader still in English.
    from soviet.services.accounts import set_language

    with open_database(web[1]) as db:
        set_language(db, "b2", "de", actor=account_actor("b2"))
    try:
        assert "Redeliste" in httpx.get(part, headers=web[2].headers("b2")).text
        assert "Speakers" in httpx.get(part).text
    finally:
        with open_database(web[1]) as db:
            set_language(db, "b2", None, actor=account_actor("b2"))
