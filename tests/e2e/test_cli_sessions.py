"""Plenary sessions through the `soviet` command, on SQLite and PostgreSQL: a session with
a walk-out, a roll-call vote and `motion show --json` (the keys issue 7 relies on), a
commission and the chain of authority, a factory committee's register, the live view,
and one-line refusals.

The federation is founded and elected through the services, in process, for speed; every
act and read under test goes through the real entrypoint, in this process too
(inprocess.py), and a refusal through a `soviet` process of its own.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from typing import Any

from soviet.services.bootstrap import open_database

from ..integration.sessions.plenary import SOVIET, found_plenary
from .accounts import as_administrator
from .inprocess import run_soviet


def soviet(url: str, *args: str) -> subprocess.CompletedProcess[str]:
    """`soviet --db URL ARGS`, in this process (see inprocess.py: the acts and reads of
    these tests are about the commands, not the process)."""
    return run_soviet(["--db", url, *as_administrator(args)])


def soviet_process(url: str, *args: str) -> subprocess.CompletedProcess[str]:
    """`soviet --db URL ARGS` as a process of its own, for what is about the process."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("SOVIET_")}
    env["COLUMNS"] = "200"
    return subprocess.run(
        [sys.executable, "-m", "soviet", "--db", url, *as_administrator(args)],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )


def ok(url: str, *args: str) -> str:
    done = soviet(url, *args)
    assert done.returncode == 0, (args, done.stderr)
    return done.stdout


def refused(url: str, code: int, *args: str, process: bool = False) -> str:
    """The one line of a refusal with exit `code`; with `process`, by a process of its own."""
    done = (soviet_process if process else soviet)(url, *args)
    assert done.returncode == code, (args, done.stdout, done.stderr)
    assert done.stderr.startswith("error: "), done.stderr
    assert done.stderr.count("\n") == 1, done.stderr
    return done.stderr.removeprefix("error: ").strip()


def as_json(url: str, *args: str) -> Any:
    return json.loads(ok(url, *args, "--json"))


def found(url: str) -> None:
    db = open_database(url)
    try:
        found_plenary(db)
    finally:
        db.dispose()


def test_a_plenary_through_the_command_line(db_url: str) -> None:
    found(db_url)
    convened = ok(db_url, "session", "convene", "petrograd-soviet", "--agenda", "Peace")
    session = convened.split()[1]
    ok(db_url, "session", "check-in", session, *SOVIET)
    ok(
        db_url,
        "motion",
        "move",
        "petrograd-soviet/peace",
        "--session",
        session,
        "--title",
        "Peace",
        "--text",
        "A just peace.",
        "--by-fraction",
        "bolsheviks",
        "--as",
        "lenin",
    )
    ok(db_url, "motion", "position", "petrograd-soviet/peace", "bolsheviks", "yes", "--as", "lenin")
    ok(db_url, "vote", "open", "petrograd-soviet/peace")
    for person, choice in zip(SOVIET, ["yes", "yes", "yes", "no", "no", "abstain"], strict=True):
        ok(db_url, "vote", "cast", "petrograd-soviet/peace", person, choice, "--as", person)
    watched = ok(db_url, "session", "watch", session, "--count", "1")
    assert "current motion: petrograd-soviet/peace" in watched
    assert "yes 3" in watched
    closed = as_json(db_url, "vote", "close", "petrograd-soviet/peace")
    assert (closed["adopted"], closed["resolution"]) == (True, 1)
    shown = as_json(db_url, "motion", "show", "petrograd-soviet/peace")
    assert {"yes", "no", "abstain", "adopted"} <= set(shown)
    assert (shown["yes"], shown["no"], shown["abstain"], shown["adopted"]) == (3, 2, 1, True)
    assert shown["discipline"] == [
        {"fraction": "bolsheviks", "position": "yes", "with": ["b1", "b2", "b3"], "against": ["b4"]}
    ]
    assert "b4" in ok(db_url, "motion", "show", "petrograd-soviet/peace")
    ok(db_url, "session", "walk-out", session, "bolsheviks", "--as", "lenin")
    view = as_json(db_url, "session", "show", session)
    assert view["quorum"] == {"present": 2, "needed": 4, "seats": 6, "quorate": False}
    assert "NO QUORUM" in ok(db_url, "session", "show", session)
    ok(
        db_url,
        "motion",
        "move",
        "petrograd-soviet/land",
        "--session",
        session,
        "--title",
        "Land",
        "--text",
        "Land to the peasants.",
        "--by-delegate",
        "m1",
    )
    message = refused(db_url, 6, "vote", "open", "petrograd-soviet/land")
    assert message == (
        f"no quorum in session {session}: 2 voting members attend, 4 needed of 6 seats; "
        "'petrograd-soviet/land' cannot be put to the vote"
    )
    [listed] = as_json(db_url, "resolution", "list", "petrograd-soviet")["items"]
    assert listed["number"] == 1
    sessions = as_json(db_url, "session", "list", "petrograd-soviet")["items"]
    assert [s["session"] for s in sessions] == [session]
    assert refused(db_url, 2, "motion", "show", "peace", process=True) == (
        "motion: 'peace' is not an address COUNCIL/MOTION"
    )


def test_commissions_authority_and_a_factory_register(db_url: str) -> None:
    found(db_url)
    session = ok(db_url, "session", "convene", "petrograd-soviet", "--agenda", "Defence").split()[1]
    ok(db_url, "session", "check-in", session, *SOVIET)
    ok(
        db_url,
        "motion",
        "move",
        "petrograd-soviet/mrc",
        "--session",
        session,
        "--title",
        "MRC",
        "--text",
        "Create the Military Revolutionary Committee.",
        "--by-delegate",
        "b1",
        "--commission",
        "mrc",
        "--mandate",
        "Defend the capital.",
        "--power",
        "appoint-commissar",
        "--deadline",
        "2100-01-01",
        "--member",
        "b1",
        "--member",
        "s1",
    )
    ok(db_url, "vote", "open", "petrograd-soviet/mrc", "--mode", "secret")
    for person in SOVIET:
        ok(db_url, "vote", "cast", "petrograd-soviet/mrc", person, "yes", "--as", person)
    assert as_json(db_url, "vote", "close", "petrograd-soviet/mrc")["yes"] == 6
    [mrc] = as_json(db_url, "commission", "list")["items"]
    assert [m["person"] for m in mrc["members"]] == ["b1", "s1"]
    acted = ok(
        db_url,
        "commission",
        "act",
        "petrograd-soviet/mrc",
        "--by",
        "s1",
        "--power",
        "appoint-commissar",
        "--text",
        "A commissar to the fortress.",
    )
    chain = as_json(db_url, "authority", acted.split()[1])
    assert [step["step"] for step in chain] == [
        "act",
        "commission",
        "resolution",
        "motion",
        "plenary",
    ]
    assert refused(
        db_url,
        6,
        "commission",
        "act",
        "petrograd-soviet/mrc",
        "--by",
        "s1",
        "--power",
        "arrest",
        "--text",
        "X",
    ) == (
        "commission 'petrograd-soviet/mrc' cannot 'arrest': it is outside its mandate "
        "(resolution petrograd-soviet/1 grants appoint-commissar)"
    )
    committee = ok(db_url, "session", "convene", "putilov-committee", "--agenda", "Requests")
    sitting = committee.split()[1]
    ok(db_url, "session", "check-in", sitting, "b5", "b6", "m2")
    ok(
        db_url,
        "factory",
        "request",
        "putilov-committee/rails",
        "--session",
        sitting,
        "--kind",
        "goods-out",
        "--details",
        "Rails to the Obukhov works",
        "--applicant",
        "management",
    )
    ok(db_url, "vote", "open", "putilov-committee/rails", "--mode", "counted")
    ok(
        db_url,
        "vote",
        "close",
        "putilov-committee/rails",
        "--yes",
        "3",
        "--no",
        "0",
        "--abstain",
        "0",
    )
    [row] = as_json(db_url, "factory", "register", "putilov-committee")
    assert (row["request"], row["status"], row["yes"], row["resolution"]) == (
        "putilov-committee/rails",
        "adopted",
        3,
        1,
    )
    assert ok(db_url, "verify").startswith("OK: ")


def test_every_plenary_command_is_there_with_help() -> None:
    from typer.testing import CliRunner

    from soviet.cli.app import app, command_tree

    root = command_tree()
    groups = {
        "session": {
            "convene",
            "check-in",
            "leave",
            "walk-out",
            "return",
            "close",
            "list",
            "show",
            "watch",
        },
        "vote": {"open", "cast", "close"},
        "motion": {"move", "position", "show", "list"},
        "resolution": {"list"},
        "commission": {"list", "act"},
        "executive": {"act"},
        "factory": {"request", "register"},
    }
    for group, names in groups.items():
        assert names <= set(root.commands[group].commands), group  # type: ignore[attr-defined]
    runner = CliRunner()
    for args in (["authority", "--help"], ["session", "watch", "--help"]):
        shown = runner.invoke(app, args)
        assert shown.exit_code == 0
        assert "Usage:" in shown.output
