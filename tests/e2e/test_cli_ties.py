"""Ties through the command line, on both engines: a refusal names the constituency, and
a lot drawn at `election close` is told in text and JSON, with the statute's seed."""

from __future__ import annotations

import json
from pathlib import Path

from .test_cli_councils import COUNCIL, STATUTE, files, found, ok, soviet

TIED = """constituency,party,votes
putilov,bolsheviks,3100
putilov,mensheviks,1500
volynsky,sr,2000
volynsky,bolsheviks,2000
"""
LOTS = STATUTE.replace(
    "election: {method: dhondt}", "election: {method: dhondt, ties: lot, seed: 1917}"
)


def counted(db: str, votes: str, at: str) -> str:
    election = ok("election", "open", COUNCIL, "--at", at, "--db", db).strip()
    ok("election", "count", election, votes, "--db", db)
    return election


def test_ties_refused_and_drawn_by_lot(db_url: str, tmp_path: Path) -> None:
    found(db_url, tmp_path)
    paths = files(tmp_path, tied_csv=TIED, lots_yaml=LOTS)
    election = counted(db_url, paths["tied_csv"], "1917-03-01")
    done = soviet("election", "close", election, "--at", "1917-03-05", "--db", db_url)
    assert (done.returncode, done.stdout) == (6, "")
    assert done.stderr == (
        f"error: election {election} cannot close: in 'volynsky', 'bolsheviks' and 'sr' tie "
        f"for the last seat; the statute of 'petrograd-1917' breaks no ties in '{COUNCIL}' "
        "(election.ties: raise)\n"
    )

    ok(
        "apply",
        paths["lots_yaml"],
        "--effective",
        "1917-03-02",
        "--as",
        "chkheidze",
        "--db",
        db_url,
    )
    closed = json.loads(
        ok("election", "close", election, "--at", "1917-03-05", "--json", "--db", db_url)
    )
    [draw] = closed["draws"]
    [winner] = draw["winners"]
    assert (draw["tied"], draw["seats"], draw["seed"]) == (
        ["volynsky/bolsheviks", "volynsky/sr"],
        1,
        1917,
    )
    assert winner in draw["tied"]
    assert {"constituency": "volynsky", "party": winner.split("/")[1], "seats": 1} in closed[
        "seats"
    ]

    again = counted(db_url, paths["tied_csv"], "1917-04-01")
    text = ok("election", "close", again, "--at", "1917-04-05", "--db", db_url).splitlines()
    party = winner.split("/")[1]
    assert (
        f"lots drawn in 'volynsky', between 'bolsheviks' and 'sr' for the last seat: "
        f"'{party}' won (seed 1917)"
    ) in text
