"""The board of an open vote, on both engines: a roll-call vote's names, fractions, choices
and weights, its result and the journal's head at its close, added up by the same verifier
that recounts sealed boards (which names a changed choice); while the results are withheld
the board names who voted and no choice; a counted vote's board is its numbers; a secret
vote counted in the clear has no board."""

from __future__ import annotations

import copy

import pytest

from soviet.crypto.recount import check
from soviet.domain.identity import SYSTEM
from soviet.domain.sessions import Tally
from soviet.errors import RuleViolation
from soviet.services import boards
from soviet.services import journal as journal_service
from soviet.services.motions import MotionSpec, move_motion
from soviet.services.poll_results import publish_poll
from soviet.services.votes import cast_vote, close_vote, open_vote
from soviet.store.database import Database

from .plenary import found_plenary, sitting

CHOICES = {"b1": "yes", "b2": "yes", "b3": "no", "b4": "yes", "m1": "no", "s1": "abstain"}


def motion(db: Database, slug: str, mode: str) -> str:
    session = sitting(db)
    spec = MotionSpec(slug, slug.title(), "Text.", mover_kind="delegate", mover="b1")
    move_motion(db, "petrograd-soviet", session, spec, actor=SYSTEM)
    open_vote(db, f"petrograd-soviet/{slug}", mode, actor=SYSTEM)
    return f"petrograd-soviet/{slug}"


def test_a_roll_call_board_adds_up_and_names_a_changed_choice(plenary_db: Database) -> None:
    address = motion(plenary_db, "peace", "roll-call")
    for person, choice in CHOICES.items():
        cast_vote(plenary_db, address, person, choice, actor=SYSTEM)
    close_vote(plenary_db, address, actor=SYSTEM)
    board = boards.board(plenary_db, address, actor=SYSTEM)
    assert board["format"] == "soviet-open-board/1"
    assert {v["person"]: v["choice"] for v in board["votes"]} == CHOICES
    assert board["result"] == [3, 2, 1]
    closing = journal_service.tail(plenary_db, 5, actor=SYSTEM)
    head = next(e.hash for e in closing if e.kind in ("PollClosed", "VoteClosed"))
    assert check(board, head) == []
    changed = copy.deepcopy(board)
    changed["votes"][0]["choice"] = "no"
    found = check(changed)
    assert "result: the roll call adds up to [2, 3, 1], the board says [3, 2, 1]" in found
    assert "board_hash: not the hash of the board's canonical encoding" in found
    assert boards.board_view(board).board_hash == board["board_hash"]


def test_a_withheld_roll_call_board_names_who_voted_and_no_choice(db_url: str) -> None:
    from soviet.services.bootstrap import open_database

    with open_database(db_url) as db:
        found_plenary(
            db,
            quorum="majority",
            decision="majority-of-votes-cast",
            abstentions="not-counted",
            amendments="moved",
            results="on-publication",
        )
        address = motion(db, "land", "roll-call")
        for person, choice in CHOICES.items():
            cast_vote(db, address, person, choice, actor=SYSTEM)
        close_vote(db, address, actor=SYSTEM)
        withheld = boards.board(db, address, actor=SYSTEM)
        assert [v["choice"] for v in withheld["votes"]] == [None] * len(CHOICES)
        assert withheld["result"] == []
        assert check(withheld) == []
        publish_poll(db, address, actor=SYSTEM)
        assert boards.board(db, address, actor=SYSTEM)["result"] == [3, 2, 1]


def test_a_counted_vote_has_its_numbers_and_a_clear_secret_vote_no_board(
    plenary_db: Database,
) -> None:
    counted = motion(plenary_db, "bread", "counted")
    close_vote(plenary_db, counted, counts=Tally(3, 1, 1), actor=SYSTEM)
    board = boards.board(plenary_db, counted, actor=SYSTEM)
    assert (board["votes"], board["result"]) == ([], [3, 1, 1])
    assert check(board) == []
    secret = motion(plenary_db, "land", "secret")
    with pytest.raises(RuleViolation, match=r"counted in the clear .* no board can prove"):
        boards.board(plenary_db, secret, actor=SYSTEM)
