"""A recall put to a vote in the browser: a soldier of the Volynsky Regiment votes in an
open recall vote through a plain form, with or without JavaScript, and gets her receipt;
once the soviet's trustees have made its key, the next recall vote is sealed: her page
encrypts her ballot on her device (after an audit) and keeps its receipt, without
JavaScript nothing is sent, a trustee gives her share of the decryption from a page that
reads her key file on her device, and the vote's board finds the receipt and shows the
decrypted result. Every page accessible and reflowing at 320 px."""

from __future__ import annotations

import re
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import yaml

from soviet.domain.identity import SYSTEM, account_actor
from soviet.services import sealed_recalls, trustee_keys, trustees
from soviet.services.bootstrap import open_database
from soviet.services.mandates import sign_recall
from soviet.services.recall_votes import cast_recall_vote, close_recall_vote
from soviet.services.statutes import apply_statute

from ..api.world import PETROGRAD, tokens_for
from .test_pages import Web, check_page, sign_in, site

FED = "petrograd-1917"
VOLYNSKY = f"/federations/{FED}/constituencies/volynsky"
VOTE = f"{VOLYNSKY}/recall/s1/vote"


def put_to_a_vote(url: str) -> int:
    """Both soldiers sign the recall of s1, which the statute now puts to a vote."""
    with open_database(url) as db:
        for member in ("v1", "v2"):
            signed = sign_recall(db, "petrograd-soviet", "s1", member, federation=FED, actor=SYSTEM)
    assert signed.is_put_to_vote
    return signed.petition


def test_a_recall_vote_open_then_sealed_in_the_browser(
    web: Web, browser: Any, artifacts: Path, tmp_path: Path
) -> None:
    _, url, _ = web
    with open_database(url) as db:
        document = yaml.safe_load(PETROGRAD.replace("then: next-on-list", "then: recall-vote"))
        apply_statute(db, document, effective_at=datetime(1917, 3, 10, tzinfo=UTC), actor=SYSTEM)
    put_to_a_vote(url)

    # An open vote: a plain form, even without JavaScript, answered by its receipt.
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    sign_in(page, web, "soldier-1", VOLYNSKY)
    page.get_by_role("link", name="Vote on the recall of s1").click()
    page.wait_for_url(f"{site(web)}{VOTE}")
    assert "This vote is open" in page.inner_text("main")
    page.get_by_role("group", name="Your vote on the recall of s1").get_by_label("Keep s1").check()
    page.get_by_role("button", name="Cast my vote").click()
    assert page.get_by_role("status").inner_text().strip() == (
        "Your vote on the recall of s1 is cast."
    )
    assert re.fullmatch(r"[0-9a-f]{64}", page.locator("code.receipt").inner_text())
    page.goto(f"{site(web)}{VOTE}")
    assert "You have voted." in page.inner_text("main")
    assert page.get_by_role("button", name="Cast my vote").count() == 0
    context.close()
    with open_database(url) as db:
        cast_recall_vote(db, "petrograd-soviet", "s1", "v2", "keep", federation=FED, actor=SYSTEM)
        kept = close_recall_vote(db, "petrograd-soviet", "s1", federation=FED, actor=SYSTEM)
        assert (kept.recall, kept.keep, kept.is_recalled) == (0, 2, False)

        # The soviet's key: the next recall vote is sealed.
        names = ["t1", "t2", "t3"]
        trustees.appoint(db, "petrograd-soviet", names, 2, federation=FED, actor=SYSTEM)
        for _ in range(3):
            for name in names:
                trustee_keys.take_steps(
                    db, "petrograd-soviet", tmp_path / f"{name}.json", federation=FED,
                    actor=account_actor(name),
                )  # fmt: skip
        tokens_for(db, ["t1"])
    petition = put_to_a_vote(url)

    page = browser.new_page()
    sign_in(page, web, "soldier-1", VOTE)
    assert "This vote is sealed" in page.inner_text("main")
    check_page(page, artifacts, "sealed-recall")
    page.get_by_role("group", name="Your vote on the recall of s1").get_by_label(
        "Recall s1"
    ).check()
    page.get_by_role("button", name="Check this device instead").click()
    status = page.locator("[data-outcome]")
    status.filter(has_text="Audit passed").wait_for()
    page.get_by_role("button", name="Encrypt and cast my ballot").click()
    status.filter(has_text="Your ballot is cast").wait_for()
    receipt = page.locator("[data-receipt-shown]").inner_text()
    assert re.fullmatch(r"[0-9a-f]{64}", receipt)
    page.screenshot(path=str(artifacts / "sealed-recall-cast-390.png"), full_page=True)
    page.reload()
    assert "You have voted. How is secret" in page.inner_text("main")
    assert receipt in page.inner_text("main")  # her receipt, read back from my-status
    check_page(page, artifacts, "sealed-recall-voted")
    page.close()

    context = browser.new_context(java_script_enabled=False)
    plain = context.new_page()
    sign_in(plain, web, "soldier-2", VOTE)
    assert plain.get_by_role("button", name="Encrypt and cast my ballot").is_disabled()
    assert "turn JavaScript on to vote. Nothing has been sent." in plain.inner_text("main")
    context.close()

    with open_database(url) as db:
        terms = sealed_recalls.sealing(db, "petrograd-soviet", "s1", federation=FED, actor=SYSTEM)
        assert terms is not None
        made, _ = sealed_recalls.encrypt(terms, "recall")
        sealed_recalls.cast_sealed_recall_vote(
            db, "petrograd-soviet", "s1", "v2", made.to_json(), federation=FED, actor=SYSTEM
        )
        sealed_recalls.close_ballots(db, "petrograd-soviet", "s1", federation=FED, actor=SYSTEM)

    trustee = browser.new_page()
    sign_in(trustee, web, "t1", VOTE)
    assert "The ballot box closed" in trustee.inner_text("main")
    trustee.get_by_role("link", name="Trustees: give your share of the decryption").click()
    check_page(trustee, artifacts, "sealed-recall-decrypt")
    trustee.get_by_label("Your key file").set_input_files(str(tmp_path / "t1.json"))
    trustee.get_by_role("button", name="Give my share of the decryption").click()
    trustee.locator("[data-outcome]").filter(
        has_text="Your share of the decryption is given."
    ).wait_for()
    trustee.close()
    with open_database(url) as db:
        trustee_keys.decrypt_recall(
            db, "petrograd-soviet", "s1", tmp_path / "t2.json", federation=FED,
            actor=account_actor("t2"),
        )  # fmt: skip
        decided = close_recall_vote(db, "petrograd-soviet", "s1", federation=FED, actor=SYSTEM)
        assert (decided.recall, decided.keep, decided.is_recalled) == (2, 0, True)

    from soviet.domain.ids import format_id

    board = browser.new_page()
    board.goto(f"{site(web)}/federations/{FED}/petitions/{format_id(petition)}/board")
    check_page(board, artifacts, "sealed-recall-board")
    assert "Recall 2, Keep 0" in board.inner_text("main")
    board.get_by_label("Find your receipt").fill(receipt)
    board.get_by_role("button", name="Find").click()
    board.get_by_role("status").filter(has_text="Your ballot is on the board").wait_for()
    board.close()
