"""Alternates and proxies through the `soviet alternate` and `soviet proxy` commands, on
SQLite and PostgreSQL: a constituency's alternates, one seated for an absent delegate and
unseated by her return, a proxy given, voted with and listed as `--json`, refusals in one
line with their exit codes.

The federation is founded and elected through the services, in process, for speed; every
act and read under test goes through the real entrypoint.
"""

from __future__ import annotations

import subprocess
import sys

import pytest

from soviet.services.bootstrap import open_database

from ..integration.sessions.plenary import found_plenary
from .test_cli_sessions import as_json, ok, refused

WITHOUT_B1 = ("b2", "b3", "b4", "m1", "s1")


def test_an_alternate_through_the_command_line(db_url: str) -> None:
    db = open_database(db_url)
    try:
        found_plenary(db)
    finally:
        db.dispose()
    listed = as_json(db_url, "alternate", "list", "putilov")
    assert listed["parties"][0] == {
        "party": "bolsheviks",
        "delegates": ["b1", "b2", "b3", "b4"],
        "alternates": ["b5", "b6"],
    }
    assert "b5, b6" in ok(db_url, "alternate", "list", "putilov")
    session = ok(db_url, "session", "convene", "petrograd-soviet", "--agenda", "Peace").split()[1]
    ok(db_url, "session", "check-in", session, *WITHOUT_B1)
    assert f"'b5' sits for 'b1' in session {session}; receipt " in ok(
        db_url, "alternate", "seat", session, "--for", "b1", "--as", "lenin"
    )
    assert refused(db_url, 6, "alternate", "seat", session, "--for", "b1", "--as", "lenin") == (
        f"b1's mandate is covered already in session {session} by b5"
    )
    ok(db_url, "session", "check-in", session, "b5", "--as", "b5")
    assert as_json(db_url, "session", "show", session)["quorum"]["present"] == 6
    ok(db_url, "session", "check-in", session, "b1", "--as", "b1")
    seatings = as_json(db_url, "alternate", "list", session)["seatings"]
    assert [(s["alternate"], s["reason"]) for s in seatings] == [("b5", "return")]
    assert refused(db_url, 6, "alternate", "unseat", session, "--for", "b1", "--as", "lenin") == (
        f"no alternate sits for b1 in session {session}"
    )
    ok(db_url, "verify")


def test_a_proxy_through_the_command_line(db_url: str) -> None:
    db = open_database(db_url)
    try:
        found_plenary(db, quorum="majority", proxies={"max_held": 1, "same_fraction": True})
    finally:
        db.dispose()
    session = ok(db_url, "session", "convene", "petrograd-soviet", "--agenda", "Peace").split()[1]
    ok(db_url, "session", "check-in", session, *WITHOUT_B1)
    ok(db_url, "proxy", "give", session, "--to", "b2", "--as", "b1")
    assert refused(db_url, 6, "proxy", "give", session, "--to", "b2", "--as", "b3") == (
        "b3 cannot give her proxy to b2: b2 holds 1 proxy already (b1): the statute allows at "
        "most 1"
    )
    shown = as_json(db_url, "proxy", "list", session)
    assert shown["proxies"][0]["giver"] == "b1"
    assert shown["proxies"][0]["holder"] == "b2"
    ok(db_url, "motion", "move", "petrograd-soviet/peace", "--session", session, "--title",
       "Peace", "--text", "Peace now.", "--by-delegate", "b2")  # fmt: skip
    ok(db_url, "vote", "open", "petrograd-soviet/peace")
    ok(db_url, "vote", "cast", "petrograd-soviet/peace", "b2", "yes", "--as", "b2")
    assert "yes: cast for b1 by b2" in ok(db_url, "motion", "show", "petrograd-soviet/peace")
    assert refused(db_url, 6, "proxy", "revoke", session, "--as", "b1") == (
        "a proxy cannot be revoked while the vote on 'petrograd-soviet/peace' is open in "
        f"session {session}"
    )
    ok(db_url, "verify")


@pytest.mark.parametrize(
    "command",
    [("alternate", "list"), ("alternate", "seat"), ("alternate", "unseat"),
     ("proxy", "give"), ("proxy", "revoke"), ("proxy", "list")],
)  # fmt: skip
def test_every_command_has_help(command: tuple[str, str]) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "soviet", *command, "--help"],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    assert "Usage:" in done.stdout
    if command[1] == "list":
        assert "--json" in done.stdout
