"""An open vote's public board in the browser: the roll call by name, fraction and choice,
the result, and the download that the verifier adds up; accessible and reflowing."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from soviet.domain.identity import SYSTEM
from soviet.services.bootstrap import open_database
from soviet.services.motions import MotionSpec, move_motion
from soviet.services.sessions import check_in, convene
from soviet.services.votes import cast_vote, close_vote, open_vote

from .test_pages import COUNCIL, Web, check_page, site

FED = "petrograd-1917"
CHOICES = {"b1": "yes", "b2": "no", "m1": "yes", "s1": "abstain"}


def test_a_roll_call_board_in_the_browser(web: Web, browser: Any, artifacts: Path) -> None:
    import httpx

    from soviet.crypto.recount import check

    _, url, _ = web
    with open_database(url) as db:
        session = convene(db, "petrograd-soviet", ["Bread"], actor=SYSTEM, federation=FED)
        check_in(db, session, ["b1", "b2", "b3", "b4", "m1", "s1"], actor=SYSTEM, federation=FED)
        spec = MotionSpec("bread", "Bread", "Bread for all.", mover_kind="delegate", mover="b1")
        move_motion(db, "petrograd-soviet", session, spec, actor=SYSTEM, federation=FED)
        address = "petrograd-soviet/bread"
        open_vote(db, address, "roll-call", actor=SYSTEM, federation=FED)
        for person, choice in CHOICES.items():
            cast_vote(db, address, person, choice, actor=SYSTEM, federation=FED)
        close_vote(db, address, actor=SYSTEM, federation=FED)
    page = browser.new_page()
    page.goto(f"{site(web)}{COUNCIL}/motions/bread/board")
    check_page(page, artifacts, "open-board")
    assert "Yes 2, No 1, Abstain 1" in page.inner_text("main")
    rows = page.get_by_role("table", name="Roll call").locator("tbody tr").all_inner_texts()
    assert [" ".join(row.split()) for row in rows] == [
        "b1 bolsheviks Yes 1",
        "b2 bolsheviks No 1",
        "m1 mensheviks Yes 1",
        "s1 sr Abstain 1",
    ]
    link = page.get_by_role("link", name="Download the board (JSON)").get_attribute("href")
    page.close()
    board = httpx.get(f"{site(web)}{link}").json()
    assert board["format"] == "soviet-open-board/1"
    assert check(board) == []
