"""The agenda through the `soviet agenda` command, on SQLite and PostgreSQL: the items a
session is convened with, the chair calling the next or a named item, a motion attached,
a motion of order adopted and one rejected, a list of speakers per item, the agenda as
`--json`, help on every command, and one-line refusals.

The federation is founded and elected through the services, in process, for speed; every
act and read under test goes through the real entrypoint.
"""

from __future__ import annotations

import subprocess
import sys

import pytest

from .test_cli_sessions import SOVIET, as_json, found, ok, refused

COMMANDS = ("show", "next", "attach", "add", "remove", "move")


def _convene(db_url: str) -> str:
    found(db_url)
    convened = ok(
        db_url, "session", "convene", "petrograd-soviet", "--agenda", "Peace", "--agenda", "Land"
    )
    session = convened.split()[1]
    ok(db_url, "session", "check-in", session, *SOVIET)
    return session


def _decide(db_url: str, address: str, choices: list[str]) -> None:
    ok(db_url, "vote", "open", address)
    for person, choice in zip(SOVIET, choices, strict=True):
        ok(db_url, "vote", "cast", address, person, choice, "--as", person)
    ok(db_url, "vote", "close", address)


def test_an_agenda_through_the_command_line(db_url: str) -> None:
    session = _convene(db_url)
    shown = as_json(db_url, "agenda", "show", session)
    assert [(i["number"], i["title"], i["current"]) for i in shown["items"]] == [
        (1, "Peace", True),
        (2, "Land", False),
    ]
    moved = ok(
        db_url, "agenda", "add", session, "Bread", "--motion", "add-bread",
        "--position", "1", "--by-delegate", "b1", "--as", "b1",
    )  # fmt: skip
    assert "motion of order 'add-bread'" in moved
    assert "applies when the plenary adopts it" in moved
    assert len(as_json(db_url, "agenda", "show", session)["items"]) == 2
    _decide(db_url, "petrograd-soviet/add-bread", ["yes"] * 6)
    ok(
        db_url, "agenda", "remove", session, "2", "--motion", "drop-land",
        "--by-fraction", "mensheviks", "--as", "martov",
    )  # fmt: skip
    _decide(db_url, "petrograd-soviet/drop-land", ["no"] * 6)
    ok(
        db_url, "agenda", "move", session, "3", "--position", "3", "--motion", "bread-last",
        "--by-delegate", "b2", "--as", "b2",
    )  # fmt: skip
    _decide(db_url, "petrograd-soviet/bread-last", ["yes"] * 4 + ["no"] * 2)
    assert "is at item 2: Land" in ok(db_url, "agenda", "next", session)
    assert "is at item 1: Peace" in ok(db_url, "agenda", "next", session, "--item", "1")
    ok(db_url, "agenda", "attach", "petrograd-soviet/add-bread", "3")
    ok(db_url, "speakers", "add", session, "b1", "--item", "2", "--as", "b1")
    assert [w["person"] for w in as_json(db_url, "speakers", "show", session, "--item", "2")[
        "waiting"
    ]] == ["b1"]  # fmt: skip
    assert as_json(db_url, "speakers", "show", session)["waiting"] == []
    shown = as_json(db_url, "agenda", "show", session)
    assert [(i["position"], i["number"], i["title"], i["current"]) for i in shown["items"]] == [
        (1, 1, "Peace", True),
        (2, 2, "Land", False),
        (3, 3, "Bread", False),
    ]
    assert shown["items"][2]["motions"] == ["petrograd-soviet/add-bread"]
    table = ok(db_url, "agenda", "show", session)
    assert "Bread" in table
    assert "▶" in table
    ok(db_url, "verify")


def test_refusals_are_one_line_with_their_exit_codes(db_url: str) -> None:
    session = _convene(db_url)
    assert refused(db_url, 4, "agenda", "next", session, "--as", "b1").startswith(
        "b1 may not call agenda items and attach motions to them"
    )
    assert refused(db_url, 6, "agenda", "next", session, "--item", "9") == (
        "item: the agenda has no item 9"
    )
    assert refused(db_url, 2, "agenda", "next", session, "--item", "0").startswith("item: ")
    assert refused(
        db_url, 2, "agenda", "move", session, "1", "--position", "5", "--motion", "m",
        "--by-delegate", "b1", "--as", "b1",
    ) == "position: must be from 1 to 2, got 5"  # fmt: skip
    assert (
        refused(db_url, 2, "agenda", "add", session, "X", "--motion", "m", "--as", "b1")
        == "--by-delegate, --by-fraction: give exactly one mover"
    )
    refused(db_url, 3, "agenda", "show", "999999")


@pytest.mark.parametrize("command", COMMANDS)
def test_every_command_has_help(command: str) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "soviet", "agenda", command, "--help"],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    assert "Usage:" in done.stdout
    if command == "show":
        assert "--json" in done.stdout
