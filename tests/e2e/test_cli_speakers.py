"""Lists of speakers through the `soviet speakers` command, on SQLite and PostgreSQL: asking
for the floor, a point of order and a reply, the chair's calls, moves and removals, the
list and the statistics as `--json`, help on every command, and one-line refusals.

The federation is founded and elected through the services, in process, for speed; every
act and read under test goes through the real entrypoint.
"""

from __future__ import annotations

import subprocess
import sys

import pytest

from .test_cli_sessions import as_json, found, ok, refused

COMMANDS = ("add", "remove", "order", "reply", "start", "stop", "move", "show", "stats")


def test_a_debate_through_the_command_line(db_url: str) -> None:
    found(db_url)
    session = ok(db_url, "session", "convene", "petrograd-soviet", "--agenda", "Peace").split()[1]
    ok(db_url, "session", "check-in", session, "b1", "b2", "m1", "s1")
    assert "'b1' is on the list of speakers (pro) at place 1 in session" in ok(
        db_url, "speakers", "add", session, "b1", "--stance", "pro", "--as", "b1"
    )
    ok(db_url, "speakers", "add", session, "b2", "--stance", "pro", "--as", "b2")
    ok(db_url, "speakers", "add", session, "m1", "--stance", "contra", "--as", "m1")
    ok(db_url, "speakers", "move", session, "m1", "--before", "b1")
    assert "'m1' has the floor" in ok(db_url, "speakers", "start", session)
    ok(db_url, "speakers", "reply", session, "b1", "--stance", "pro", "--as", "b1")
    assert "'s1' raises a point of order, at place 1" in ok(
        db_url, "speakers", "order", session, "s1", "--as", "s1"
    )
    shown = as_json(db_url, "speakers", "show", session)
    assert shown["current"]["person"] == "m1"
    assert shown["current"]["limit_seconds"] is None
    assert [(w["place"], w["person"], w["kind"]) for w in shown["waiting"]] == [
        (1, "s1", "point-of-order"),
        (2, "b1", "reply"),
        (3, "b1", "speech"),
        (4, "b2", "speech"),
    ]
    assert "'m1' has ended" in ok(db_url, "speakers", "stop", session)
    ok(db_url, "speakers", "remove", session, "b2", "--as", "b2")
    ok(db_url, "speakers", "start", session)
    table = ok(db_url, "speakers", "show", session)
    assert "s1" in table
    assert "point-of-order" in table
    stats = as_json(db_url, "speakers", "stats", session)
    assert [line["name"] for line in stats["persons"]] == ["m1", "s1"]
    assert [line["name"] for line in stats["fractions"]] == ["mensheviks", "sr"]
    assert "Fractions" in ok(db_url, "speakers", "stats", session)
    ok(db_url, "verify")


def test_refusals_are_one_line_with_their_exit_codes(db_url: str) -> None:
    found(db_url)
    session = ok(db_url, "session", "convene", "petrograd-soviet", "--agenda", "Peace").split()[1]
    ok(db_url, "session", "check-in", session, "b1")
    assert refused(db_url, 6, "speakers", "add", session, "b2", "--as", "b2") == (
        f"'b2' is not present at session {session}: only delegates present ask for the floor"
    )
    assert refused(db_url, 4, "speakers", "add", session, "b1", "--as", "m1").startswith(
        "m1 may not ask for the floor in another's name"
    )
    assert refused(db_url, 4, "speakers", "start", session, "--as", "b1").startswith(
        "b1 may not call, stop and move speakers"
    )
    assert refused(db_url, 2, "speakers", "add", session, "b1", "--stance", "x", "--as", "b1") == (
        "stance: must be one of pro, contra, neutral, got 'x'"
    )
    assert refused(db_url, 6, "speakers", "start", session) == "the list of speakers is empty"
    refused(db_url, 3, "speakers", "show", "999999")


@pytest.mark.parametrize("command", COMMANDS)
def test_every_command_has_help(command: str) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "soviet", "speakers", command, "--help"],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    assert "Usage:" in done.stdout
    assert "--motion" in done.stdout
    if command in ("show", "stats"):
        assert "--json" in done.stdout
