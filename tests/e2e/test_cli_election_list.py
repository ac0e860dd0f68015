"""`soviet election list`, the election a recall calls, and short ids, through the command
line on both engines."""

from __future__ import annotations

import json
from pathlib import Path

from soviet.cli.app import app as _app  # noqa: F401  (the commands, registered in order)
from soviet.cli.recalls import signed_view
from soviet.domain.views import to_json
from soviet.services.mandates import Signed

from .test_cli_councils import COUNCIL, STATUTE, VOTES, elect, files, found, ok, soviet

FRESH = STATUTE.replace("then: next-on-list", "then: fresh-election")
ID_REASON = (
    "is not an id: an id is the number of the journal entry that made it, such as 11, "
    "or 11.3 for another thing that entry made"
)


def test_elections_are_listed_and_a_recall_names_the_election_it_calls(
    db_url: str, tmp_path: Path
) -> None:
    found(db_url, tmp_path)
    elect(db_url, tmp_path)
    [march] = json.loads(ok("election", "list", "--json", "--db", db_url))["items"]
    assert march["election"].isdigit()
    assert int(march["election"]) < 1000
    assert (march["council"], march["constituency"], march["mode"]) == (COUNCIL, None, "counts")
    listed = ok("election", "list", "--council", COUNCIL, "--db", db_url)
    assert f"│ {march['election']} " in listed
    assert json.loads(ok("election", "list", "--open", "--json", "--db", db_url))["items"] == []

    fresh = files(tmp_path, fresh_yaml=FRESH)["fresh_yaml"]
    ok("apply", fresh, "--effective", "1917-03-06", "--as", "chkheidze", "--db", db_url)
    sign = ("recall", "sign", COUNCIL, "s1", "--db", db_url)
    text = ok(*sign, "--member", "v1", "--at", "1917-06-01", "--as", "soldier-1")
    assert "RECALLED" not in text
    recalled = ok(*sign, "--member", "v2", "--at", "1917-06-02", "--as", "soldier-2")
    recalled = recalled.splitlines()
    [opened] = json.loads(ok("election", "list", "--open", "--json", "--db", db_url))["items"]
    election = opened["election"]
    assert recalled[1] == f"RECALLED: s1; the seat is vacant until election {election} fills it"
    assert opened["constituency"] == "volynsky"
    assert opened["closed_at"] is None
    shown = json.loads(ok("election", "show", election, "--json", "--db", db_url))
    assert (shown["election"], shown["state"]) == (election, "open")
    assert f"│ {election} " in ok("election", "list", "--open", "--db", db_url)

    for bad in ("184549376x", "0", "9223372036854775808", "1.99999999"):
        done = soviet("election", "show", bad, "--db", db_url)
        assert (done.returncode, done.stdout) == (2, ""), done.stderr
        assert done.stderr == f"error: election: {bad!r} {ID_REASON}\n"
    done = soviet("session", "show", "abc", "--db", db_url)
    assert done.stderr == f"error: session: 'abc' {ID_REASON}\n"
    done = soviet("election", "show", "12345", "--db", db_url)
    assert (done.returncode, done.stderr) == (3, "error: election 12345 does not exist\n")


def test_a_recall_under_json_names_the_election_in_its_public_form() -> None:
    signed = Signed(7 << 24, 2, 2, True, None, "ab" * 32, election=9 << 24)
    assert to_json(signed_view(signed)) == {
        "petition": "7",
        "signatures": 2,
        "threshold": 2,
        "recalled": True,
        "put_to_vote": False,
        "successor": None,
        "election": "9",
        "receipt": "ab" * 32,
    }


def test_an_election_day_closes_in_one_command(db_url: str, tmp_path: Path) -> None:
    found(db_url, tmp_path)
    day = []
    for constituency in ("putilov", "volynsky"):
        rows = [line for line in VOTES.splitlines()[1:] if line.startswith(constituency)]
        votes = files(
            tmp_path, **{f"{constituency}_csv": "\n".join([VOTES.splitlines()[0], *rows])}
        )
        election = ok(
            *("election", "open", COUNCIL, "--constituency", constituency),
            *("--at", "1917-03-01", "--db", db_url),
        ).strip()
        ok("election", "count", election, votes[f"{constituency}_csv"], "--db", db_url)
        day.append(election)
    closed = json.loads(
        ok("election", "close-many", *day, "--at", "1917-03-05", "--json", "--db", db_url)
    )
    assert [c["election"] for c in closed] == day
    assert [c["filled"] for c in closed] == [5, 1]
    assert json.loads(ok("election", "list", "--open", "--json", "--db", db_url))["items"] == []
    again = soviet("election", "close-many", day[0], day[0], "--db", db_url)
    assert again.returncode == 2
    assert (
        again.stderr == f"error: elections: each election is closed once; named twice: {day[0]}\n"
    )
