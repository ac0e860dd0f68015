"""The check-in desk through the `soviet desk` command, on SQLite and PostgreSQL: badges
given to the council's delegates and to one person, check-in and check-out by number, the
desk's board as a table and as `--json` with who checked each delegate in, help on every
command, and one-line refusals.

The federation is founded and elected through the services, in process, for speed; every
act and read under test goes through the real entrypoint.
"""

from __future__ import annotations

import subprocess
import sys

import pytest

from .test_cli_sessions import as_json, found, ok, refused

COMMANDS = ("badges", "assign", "badge", "check-in", "check-out", "show")


def test_a_desk_through_the_command_line(db_url: str) -> None:
    found(db_url)
    session = ok(db_url, "session", "convene", "petrograd-soviet", "--agenda", "Peace").split()[1]
    assigned = ok(db_url, "desk", "assign", "petrograd-soviet", "--from", "101")
    assert "6 badges given in 'petrograd-soviet': numbers 101 to 106" in assigned
    ok(db_url, "desk", "badge", "petrograd-soviet", "b5", "7")
    badges = as_json(db_url, "desk", "badges", "petrograd-soviet")
    assert [(b["number"], b["person"], b["seated"]) for b in badges["items"]] == [
        (7, "b5", False),
        (101, "b1", True),
        (102, "b2", True),
        (103, "b3", True),
        (104, "b4", True),
        (105, "m1", True),
        (106, "s1", True),
    ]
    checked = as_json(db_url, "desk", "check-in", session, "101", "102", "105")
    assert checked["delegates"] == [[101, "b1"], [102, "b2"], [105, "m1"]]
    assert "checked out of session" in ok(db_url, "desk", "check-out", session, "102")
    board = as_json(db_url, "desk", "show", session)
    assert (board["present"], board["entitled"]) == (2, 6)
    assert board["quorum"] == {"present": 2, "needed": 4, "seats": 6, "quorate": False}
    assert board["fractions"][0] == {"name": "bolsheviks", "present": 1, "entitled": 4}
    assert [(r["number"], r["change"], r["by"]) for r in board["recent"]] == [
        (102, "out", "chkheidze"),
        (101, "in", "chkheidze"),
        (102, "in", "chkheidze"),
        (105, "in", "chkheidze"),
    ]
    table = ok(db_url, "desk", "show", session)
    assert "2 present of 6 entitled" in table
    assert "putilov" in table
    assert refused(db_url, 3, "desk", "check-in", session, "77") == (
        "number 77: no delegate of 'petrograd-soviet' wears it"
    )
    assert refused(db_url, 6, "desk", "check-in", session, "106", "101") == (
        f"number 101 (b1): already present in session {session}"
    )
    assert refused(db_url, 2, "desk", "check-in", session, "0").startswith("numbers[0]: ")
    assert refused(db_url, 5, "desk", "badge", "petrograd-soviet", "b6", "101") == (
        "number 101 is worn by b1 in 'petrograd-soviet'"
    )
    assert refused(db_url, 4, "desk", "show", session, "--as", "b1").startswith(
        "b1 may not read the check-in desk's board"
    )
    assert as_json(db_url, "desk", "show", session)["present"] == 2


@pytest.mark.parametrize("command", COMMANDS)
def test_every_command_has_help(command: str) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "soviet", "desk", command, "--help"],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    assert "Usage:" in done.stdout
    if command in ("badges", "show", "check-in", "check-out"):
        assert "--json" in done.stdout
