"""A sealed vote in the browser: the ballot page encrypts the choice on the device and casts
it (after an audit of the device, which casts nothing), shows the receipt, and says so when
the delegate has voted; without JavaScript it sends nothing and says why; a trustee gives her
share of the decryption from a page that reads her key file on her device; the board page
finds a receipt, shows the decrypted result and how to recount it. Every page accessible
and reflowing at 320 px."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest

from soviet.domain.identity import SYSTEM, account_actor
from soviet.services import sealed, trustee_keys, trustees
from soviet.services.bootstrap import open_database
from soviet.services.motions import MotionSpec, move_motion
from soviet.services.sessions import check_in, convene
from soviet.services.votes import close_vote, open_vote

from ..api.world import tokens_for
from .test_pages import COUNCIL, Web, check_page, sign_in, site

FED = "petrograd-1917"
MOTION = "petrograd-soviet/peace"
BALLOT = f"{COUNCIL}/motions/peace/ballot"
BOARD = f"{COUNCIL}/motions/peace/board"
DECRYPT = f"{COUNCIL}/motions/peace/decrypt"


@pytest.fixture(scope="module")
def sealed_vote(web: Web, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The soviet in session, its key made by three trustees (any two decrypt), and a
    sealed vote open on a motion; the trustees' key files are in the folder returned."""
    _, url, _ = web
    folder = tmp_path_factory.mktemp("trustees")
    with open_database(url) as db:
        session = convene(db, "petrograd-soviet", ["Peace"], actor=SYSTEM, federation=FED)
        check_in(db, session, ["b1", "b2", "b3", "b4", "m1", "s1"], actor=SYSTEM, federation=FED)
        trustees.appoint(
            db, "petrograd-soviet", ["t1", "t2", "t3"], 2, actor=SYSTEM, federation=FED
        )
        for _ in range(3):
            for name in ("t1", "t2", "t3"):
                trustee_keys.take_steps(
                    db,
                    "petrograd-soviet",
                    folder / f"{name}.json",
                    actor=account_actor(name),
                    federation=FED,
                )
        spec = MotionSpec("peace", "Peace", "A just peace.", mover_kind="delegate", mover="b1")
        move_motion(db, "petrograd-soviet", session, spec, actor=SYSTEM, federation=FED)
        open_vote(db, MOTION, "secret", actor=SYSTEM, federation=FED)
    return folder


def test_a_sealed_ballot_cast_from_the_browser_and_found_on_the_board(
    web: Web, browser: Any, artifacts: Path, sealed_vote: Path
) -> None:
    _, url, _ = web
    page = browser.new_page()
    sign_in(page, web, "b1", BALLOT)
    check_page(page, artifacts, "sealed-ballot")
    page.set_viewport_size({"width": 390, "height": 900})
    page.get_by_label("Yes").check()
    page.get_by_role("button", name="Check this device instead").click()
    status = page.locator("[data-outcome]")
    status.filter(has_text="Audit passed").wait_for()
    page.get_by_role("button", name="Encrypt and cast my ballot").click()
    status.filter(has_text="Your ballot is cast").wait_for()
    receipt = page.locator("[data-receipt-shown]").inner_text()
    assert re.fullmatch(r"[0-9a-f]{64}", receipt)
    page.screenshot(path=str(artifacts / "sealed-ballot-cast-390.png"), full_page=True)
    kept = page.evaluate("JSON.parse(localStorage.getItem('soviet-receipts'))")
    assert [(r["what"], r["receipt"]) for r in kept] == [("Sealed ballot on Peace", receipt)]
    page.reload()
    assert "You have voted" in page.inner_text("main")
    assert receipt in page.inner_text("main")  # her receipt, read back from my-status
    page.close()

    # Without JavaScript the ballot cannot be encrypted: nothing can be sent, and it says so.
    context = browser.new_context(java_script_enabled=False)
    plain = context.new_page()
    sign_in(plain, web, "b2", BALLOT)
    assert plain.get_by_role("button", name="Encrypt and cast my ballot").is_disabled()
    assert "turn JavaScript on to vote. Nothing has been sent." in plain.inner_text("main")
    context.close()

    with open_database(url) as db:
        terms = sealed.sealing(db, MOTION, actor=SYSTEM, federation=FED)
        assert terms is not None
        for person, choice in (("b2", "no"), ("b3", "yes")):
            made, _ = sealed.encrypt(terms, choice)
            sealed.cast_sealed(db, MOTION, person, made.to_json(), actor=SYSTEM, federation=FED)
        close_vote(db, MOTION, actor=SYSTEM, federation=FED)
        tokens_for(db, ["t1"])

    # Trustee 1 gives her share from the page: her key file is read in the browser only.
    trustee = browser.new_page()
    sign_in(trustee, web, "t1", DECRYPT)
    check_page(trustee, artifacts, "sealed-decrypt")
    trustee.get_by_label("Your key file").set_input_files(str(sealed_vote / "t1.json"))
    trustee.get_by_role("button", name="Give my share of the decryption").click()
    trustee.locator("[data-outcome]").filter(
        has_text="Your share of the decryption is given."
    ).wait_for()
    trustee.close()
    with open_database(url) as db:
        _, decided = trustee_keys.decrypt(
            db, MOTION, sealed_vote / "t2.json", actor=account_actor("t2"), federation=FED
        )
        assert decided is not None

    board = browser.new_page()
    board.goto(f"{site(web)}{BOARD}")
    check_page(board, artifacts, "sealed-board")
    board.set_viewport_size({"width": 1280, "height": 900})
    assert "Yes 2, No 1, Abstain 0" in board.inner_text("main")
    assert receipt in board.inner_text("main")
    board.get_by_label("Find your receipt").fill(receipt)
    board.get_by_role("button", name="Find").click()
    board.get_by_role("status").filter(has_text="Your ballot is on the board").wait_for()
    board.close()


def test_a_sealed_election_in_the_browser_from_the_ballot_to_the_board(
    web: Web, browser: Any, artifacts: Path, sealed_vote: Path
) -> None:
    """Once the soviet has its key, a ballot election is sealed: a soldier's page encrypts
    her ballot on her device (after an audit) and shows its receipt; without JavaScript it
    sends nothing; a trustee gives her shares of every constituency's tally from a page
    that reads her key file on her device; the constituency's board finds the receipt and
    shows the decrypted result."""
    from soviet.domain.ids import format_id
    from soviet.services import sealed_elections
    from soviet.services.elections import close_election, open_election

    _, url, _ = web
    with open_database(url) as db:
        election = open_election(
            db, "petrograd-soviet", constituency="volynsky", mode="ballots", actor=SYSTEM,
            federation=FED,
        )  # fmt: skip
    address = f"/federations/{FED}/constituencies/volynsky/elections/{format_id(election)}"
    page = browser.new_page()
    sign_in(page, web, "soldier-1", address)
    assert "This election is sealed" in page.inner_text("main")
    check_page(page, artifacts, "sealed-election")
    ballot = page.get_by_role("group", name="Your ballot")
    ballot.get_by_label(re.compile(r"^\s*sr:")).check()
    page.get_by_role("button", name="Check this device instead").click()
    status = page.locator("[data-outcome]")
    status.filter(has_text="Audit passed").wait_for()
    page.get_by_role("button", name="Encrypt and cast my ballot").click()
    status.filter(has_text="Your ballot is cast").wait_for()
    receipt = page.locator("[data-receipt-shown]").inner_text()
    assert re.fullmatch(r"[0-9a-f]{64}", receipt)
    page.screenshot(path=str(artifacts / "sealed-election-cast-390.png"), full_page=True)
    kept = page.evaluate("JSON.parse(localStorage.getItem('soviet-receipts'))")
    assert (kept[-1]["what"], kept[-1]["receipt"]) == (
        f"Sealed ballot in election {format_id(election)}",
        receipt,
    )
    page.reload()
    assert "You have voted. How is secret" in page.inner_text("main")
    assert receipt in page.inner_text("main")  # her receipt, read back from my-status
    page.close()

    context = browser.new_context(java_script_enabled=False)
    plain = context.new_page()
    sign_in(plain, web, "soldier-2", address)
    assert plain.get_by_role("button", name="Encrypt and cast my ballot").is_disabled()
    assert "turn JavaScript on to vote. Nothing has been sent." in plain.inner_text("main")
    context.close()

    with open_database(url) as db:
        terms = sealed_elections.sealing(db, election, "volynsky", actor=SYSTEM, federation=FED)
        assert terms is not None
        made, _ = sealed_elections.encrypt(terms, "sr")
        sealed_elections.cast_sealed_ballot(
            db, election, "volynsky", "v2", made.to_json(), actor=SYSTEM, federation=FED
        )
        sealed_elections.close_ballots(db, election, actor=SYSTEM, federation=FED)
        tokens_for(db, ["t3"])

    trustee = browser.new_page()
    sign_in(trustee, web, "t3", address)
    assert "The ballot box closed" in trustee.inner_text("main")
    trustee.get_by_role("link", name="Trustees: give your share of the decryption").click()
    check_page(trustee, artifacts, "sealed-election-decrypt")
    trustee.get_by_label("Your key file").set_input_files(str(sealed_vote / "t3.json"))
    trustee.get_by_role("button", name="Give my share of the decryption").click()
    trustee.locator("[data-outcome]").filter(
        has_text="Your share of the decryption is given."
    ).wait_for()
    trustee.close()
    with open_database(url) as db:
        trustee_keys.decrypt_election(
            db, election, sealed_vote / "t2.json", actor=account_actor("t2"), federation=FED
        )
        close_election(db, election, actor=SYSTEM, federation=FED)

    board = browser.new_page()
    board.goto(f"{site(web)}{address}")
    board.get_by_role("link", name="This constituency's public board of encrypted ballots").click()
    check_page(board, artifacts, "sealed-election-board")
    assert "bolsheviks 0, mensheviks 0, sr 2" in board.inner_text("main")
    board.get_by_label("Find your receipt").fill(receipt)
    board.get_by_role("button", name="Find").click()
    board.get_by_role("status").filter(has_text="Your ballot is on the board").wait_for()
    board.close()
