"""Bodies formed from councils through the `soviet` command: convene, drift, tree,
co-option and designation, and their one-line refusals.

The federation and its elections are set up through the services, in process, for speed;
every act and read under test goes through the real entrypoint. On SQLite and PostgreSQL.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from datetime import UTC, datetime
from typing import Any

from soviet.domain.identity import SYSTEM
from soviet.services.bootstrap import open_database
from soviet.services.elections import close_election, enter_counts, open_election
from soviet.services.parties import register_persons

from ..integration.councils.federation import BODIES, elect, found_federation
from .accounts import as_administrator

DRIFT_KEYS = {"council", "convened", "seats_off", "gallagher", "reference"}
NODE_KEYS = {
    *("council", "name", "kind", "refresh", "seats", "majority", "convened", "drift", "below"),
}


def found(url: str) -> None:
    """The Petrograd Soviet of 1917 with its bodies, elected in March."""
    db = open_database(url)
    try:
        found_federation(db, BODIES)
        register_persons(db, [("shlyapnikov", "Shlyapnikov")], actor=SYSTEM)
        elect(db)
    finally:
        db.dispose()


def september(url: str) -> None:
    """The regiment re-elects, and its SR delegate gives way to a Bolshevik."""
    db = open_database(url)
    try:
        election = open_election(db, "petrograd-soviet", constituency="volynsky", actor=SYSTEM)
        enter_counts(
            db, election, [("volynsky", "bolsheviks", 3000), ("volynsky", "sr", 900)], actor=SYSTEM
        )
        close_election(db, election, closed_at=datetime(1917, 9, 20, tzinfo=UTC), actor=SYSTEM)
    finally:
        db.dispose()


def environment() -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("SOVIET_")}
    env["COLUMNS"] = "200"
    return env


def soviet(url: str, *args: str) -> subprocess.CompletedProcess[str]:
    """Run `python -m soviet --db URL ARGS` as a user would."""
    return subprocess.run(
        [sys.executable, "-m", "soviet", "--db", url, *as_administrator(args)],
        capture_output=True,
        text=True,
        env=environment(),
        timeout=120,
    )


def together(url: str, *commands: tuple[str, ...]) -> list[tuple[int, str, str]]:
    """Run independent commands at once; return each one's exit code, stdout and stderr."""
    running = [
        subprocess.Popen(
            [sys.executable, "-m", "soviet", "--db", url, *as_administrator(args)],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env=environment(),
        )
        for args in commands
    ]
    done = []
    for process in running:
        out, err = process.communicate(timeout=120)
        done.append((process.returncode, out, err))
    return done


def ok(url: str, *args: str) -> str:
    """The output of a command that must succeed."""
    done = soviet(url, *args)
    assert done.returncode == 0, (args, done.stderr)
    return done.stdout


def summary(node: dict[str, Any]) -> tuple[Any, ...]:
    """A tree node as (council, kind, refresh, seats, majority, seats off, below)."""
    assert set(node) == NODE_KEYS
    assert set(node["drift"]) == DRIFT_KEYS - {"council", "convened"}
    assert node["convened"] is True
    below = tuple(summary(b) for b in node["below"])
    return (
        node["council"],
        node["kind"],
        node["refresh"],
        node["seats"],
        node["majority"],
        node["drift"]["seats_off"],
        below,
    )


def drifts(out: str) -> dict[str, tuple[int, str]]:
    """Seats off and reference of every body, from `drift --json`, keys checked."""
    listed = json.loads(out)
    assert all(set(d) == DRIFT_KEYS and d["convened"] for d in listed)
    return {d["council"]: (d["seats_off"], d["reference"]) for d in listed}


def seated(out: str) -> list[tuple[Any, ...]]:
    """(person, party, co-opted for, voting) of each member, from `council show --json`."""
    shown = json.loads(out)
    return [(m["person"], m["party"], m["co_opted_for"], m["voting"]) for m in shown["members"]]


def not_yet(url: str) -> None:
    """Before its first convocation the CEC has no composition: every read says it has
    not been convened yet, and gives no drift figures for it."""
    done = together(
        url,
        ("council", "show", "cec", "--json"),
        ("council", "show", "cec"),
        ("tree", "--json"),
        ("tree",),
        ("drift", "--json"),
        ("drift",),
    )
    assert all(code == 0 for code, _, _ in done), done
    shown, text, tree_json, tree_text, drift_json, drift_text = (out for _, out, _ in done)
    cec = json.loads(shown)
    assert (cec["convened"], cec["filled"], cec["majority"], cec["members"]) == (
        False,
        0,
        None,
        [],
    )
    assert text.splitlines()[1] == "seats 6, not convened yet"
    (root,) = json.loads(tree_json)
    [node] = [b for b in root["below"] if b["council"] == "cec"]
    assert (node["convened"], node["drift"], node["majority"]) == (False, None, None)
    assert root["convened"] is True
    assert (
        "Central Executive Committee (cec) — congress, 6 seats, not convened yet; "
        "refresh: on-convocation"
    ) in tree_text
    listed = json.loads(drift_json)
    assert listed[-1] == {
        "council": "cec",
        "convened": False,
        "seats_off": None,
        "gallagher": None,
        "reference": None,
    }
    assert all(d["convened"] for d in listed[:-1])
    row = next(line for line in drift_text.splitlines() if line.startswith("│ cec "))
    assert [cell.strip() for cell in row.split("│")[1:5]] == ["cec", "", "", "not convened yet"]


def test_bodies_through_the_command_line(db_url: str) -> None:
    found(db_url)
    not_yet(db_url)
    convened = ok(db_url, "council", "convene", "cec", "--at", "1917-06-16")
    assert convened.splitlines()[:2] == [
        "'cec' convened: its seats changed",
        "seats 6, filled 6, majority bolsheviks",
    ]
    assert "bolsheviks  4  ████" in convened
    september(db_url)
    done = together(
        db_url,
        ("drift", "--json"),
        ("drift", "--as-of", "1917-09-01", "--json"),
        ("drift", "cec", "--json"),
        ("tree", "--json"),
        ("drift",),
        ("tree",),
        ("council", "show", "petrograd-executive", "--json"),
        ("council", "convene", "petrograd-soviet"),
        ("council", "co-opt", "petrograd-executive", "factory-committees", "shlyapnikov"),
        ("council", "designate", "cec", "bolsheviks", "b1", "--delegation", "narva-soviet"),
    )
    assert all(code == 0 for code, _, _ in done[:7]), done
    now, before, lagging, shown, table, text, executive = (out for _, out, _ in done[:7])

    assert drifts(now) == {
        "petrograd-soviet": (0, "the latest elections"),  # every seat filled as elected
        "cec": (1, "the body formed now"),
        "narva-soviet": (0, "the body formed now"),
        "petrograd-executive": (0, "the body formed now"),
    }
    assert drifts(before) == {  # drift over time: none before September
        "petrograd-soviet": (0, "the latest elections"),
        "cec": (0, "the body formed now"),
        "narva-soviet": (0, "the body formed now"),
        "petrograd-executive": (0, "the body formed now"),
    }
    (cec,) = json.loads(lagging)
    assert (cec["council"], cec["seats_off"], cec["reference"]) == (
        "cec",
        1,
        "the body formed now",
    )
    assert cec["gallagher"] > 0
    assert json.loads(now)[0] == cec  # the most drifted first

    (root,) = json.loads(shown)
    assert summary(root) == (
        "petrograd-soviet",
        "elected",
        "elections",
        6,
        "bolsheviks",
        root["drift"]["seats_off"],
        (
            ("cec", "congress", "on-convocation", 6, "bolsheviks", 1, ()),
            ("narva-soviet", "derived", "continuous", 5, "bolsheviks", 0, ()),
            ("petrograd-executive", "executive", "continuous", 4, "bolsheviks", 0, ()),
        ),
    )
    assert root["name"] == "Petrograd Soviet"
    row = next(line for line in table.splitlines() if line.startswith("│ cec "))
    assert [cell.strip() for cell in row.split("│")[1:5]] == [
        "cec",
        "1",
        f"{cec['gallagher']:.2f}",
        "the body formed now",
    ]
    assert (
        "Central Executive Committee (cec) — congress, 6 seats, majority bolsheviks, "
        f"drift: 1 seats off, Gallagher {cec['gallagher']:.2f}; refresh: on-convocation"
    ) in text

    assert seated(executive) == [
        ("b1", "bolsheviks", None, True),
        ("b2", "bolsheviks", None, True),
        ("b3", "bolsheviks", None, True),
    ]
    assert done[7:] == [
        (6, "", "error: council 'petrograd-soviet' is elected, not formed from other councils\n"),
        (
            3,
            "",
            "error: 'petrograd-executive' co-opts no delegates of 'factory-committees' "
            "(it co-opts: unions)\n",
        ),
        (3, "", "error: 'narva-soviet' sends no delegation to 'cec'\n"),
    ]

    co_opted = ok(db_url, "council", "co-opt", "petrograd-executive", "unions", "shlyapnikov")
    assert co_opted.startswith("'unions' co-opts shlyapnikov into 'petrograd-executive'\n")
    named = ok(
        db_url, "council", "designate", "petrograd-executive", "bolsheviks", "b4", "b2", "b1",
        "--as", "lenin",
    )  # fmt: skip
    assert named.startswith("bolsheviks designate b4, b2, b1 in 'petrograd-executive'\n")
    (_, executive, _), (_, reconvened, _) = together(
        db_url,
        ("council", "show", "petrograd-executive", "--json"),
        ("council", "convene", "cec"),
    )
    assert seated(executive) == [
        ("b4", "bolsheviks", None, True),
        ("b2", "bolsheviks", None, True),
        ("b1", "bolsheviks", None, True),
        ("shlyapnikov", None, "unions", False),
    ]
    assert reconvened.splitlines()[:2] == [  # convening the congress removes the lag
        "'cec' convened: its seats changed",
        "seats 6, filled 6, majority bolsheviks",
    ]
    assert "bolsheviks  5  █████" in reconvened

    # Drift over time, for charts: the lag grew in September, convening removed it.
    (_, history, _), (code, _, refused) = together(
        db_url, ("drift", "cec", "--history", "--json"), ("drift", "--history")
    )
    series = json.loads(history)
    assert all(set(row) == (DRIFT_KEYS - {"convened"}) | {"at"} for row in series)
    assert [row["at"] for row in series] == sorted(row["at"] for row in series)
    assert {row["council"] for row in series} == {"cec"}
    assert [(row["at"][:10], row["seats_off"]) for row in series][2:-1] == [
        ("1917-03-05", 6),  # elected councils, the congress not yet convened
        ("1917-06-16", 0),  # convened
        ("1917-09-20", 1),  # the September lag
    ]
    assert series[-1]["seats_off"] == 0  # convened again: the lag removed
    assert (code, refused) == (2, "error: COUNCIL: --history needs one council\n")
