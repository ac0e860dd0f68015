"""Key ceremonies through the `soviet trustee` command, on SQLite and PostgreSQL: trustees
appointed, each taking her steps with `keygen` and a key file of her own (readable by her
alone), the ceremony shown as a table and as `--json`, help on every command, and
one-line refusals.

The federation is founded through the services, in process, for speed; every act and read
under test goes through the real entrypoint.
"""

from __future__ import annotations

import json
import stat
import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path

import pytest

from soviet.domain.identity import SYSTEM
from soviet.services.bootstrap import open_database
from soviet.services.members import MemberSpec, register_members
from soviet.services.registers import count_electorate
from soviet.services.statutes import apply_statute
from soviet.store.database import Database

from ..integration.sessions.plenary import statute
from .inprocess import run_soviet
from .test_cli_sessions import as_json, found, ok, refused

COMMANDS = ("appoint", "show", "keygen", "decrypt", "decrypt-election", "decrypt-recall")
SOVIET = ["b1", "b2", "b3", "b4", "m1", "s1"]


def test_a_key_ceremony_through_the_command_line(db_url: str, tmp_path: Path) -> None:
    found(db_url)
    appointed = ok(
        db_url, "trustee", "appoint", "petrograd-soviet", "t1", "t2", "t3", "--threshold", "2"
    )
    assert "3 trustees of 'petrograd-soviet', any 2 of whom decrypt" in appointed

    def keygen(name: str) -> str:
        file = str(tmp_path / f"{name}.json")
        return ok(db_url, "trustee", "keygen", "petrograd-soviet", "--key-file", file, "--as", name)

    first = keygen("t1")
    assert "trustee 1 of 3: enrol; your secrets are in" in first
    assert "waiting for t2, t3; run this again" in first
    assert stat.S_IMODE((tmp_path / "t1.json").stat().st_mode) == 0o600
    keygen("t2")
    assert "trustee 3 of 3: enrol, deal;" in keygen("t3")
    keygen("t1")
    assert "trustee 2 of 3: deal, confirm;" in keygen("t2")
    keygen("t3")
    table = ok(db_url, "trustee", "show", "petrograd-soviet")
    assert "the council's key: not yet made" in table
    last = keygen("t1")
    assert "trustee 1 of 3: confirm;" in last
    assert "the ceremony is complete; the council's key is " in last
    shown = as_json(db_url, "trustee", "show", "petrograd-soviet")
    assert shown["threshold"] == 2
    assert [(t["account"], t["next_step"]) for t in shown["trustees"]] == [
        ("t1", "done"),
        ("t2", "done"),
        ("t3", "done"),
    ]
    assert len(shown["public_key"]) == 64
    assert shown["public_key"] in last
    kept = json.loads((tmp_path / "t1.json").read_text())
    assert kept["format"] == "soviet-trustee/1"
    assert kept["share"] is not None
    assert kept["coefficients"] is None

    assert refused(
        db_url, 2, "trustee", "appoint", "petrograd-soviet", "t1", "--threshold", "2"
    ).startswith("threshold: ")
    assert refused(
        db_url, 6, "trustee", "keygen", "petrograd-soviet", "--key-file", "x.json", "--as", "t9"
    ).startswith("t9 is no trustee of ceremony ")
    assert refused(db_url, 3, "trustee", "show", "moscow-soviet").startswith("council ")
    # A refusal from a process of its own: one line, its exit code, nothing of the file.
    line = refused(
        db_url,
        2,
        "trustee",
        "keygen",
        "petrograd-soviet",
        "--key-file",
        str(tmp_path / "t1.json"),
        "--as",
        "t2",
        process=True,
    )
    assert line.startswith(f"key file: {tmp_path / 't1.json'} holds trustee 1's secrets")
    assert kept["share"] not in line


def test_a_sealed_vote_through_the_command_line(db_url: str, tmp_path: Path) -> None:
    found(db_url)
    ok(db_url, "trustee", "appoint", "petrograd-soviet", "t1", "t2", "t3", "--threshold", "2")
    for _ in range(3):
        for name in ("t1", "t2", "t3"):
            ok(db_url, "trustee", "keygen", "petrograd-soviet", "--key-file",
               str(tmp_path / f"{name}.json"), "--as", name)  # fmt: skip
    session = ok(db_url, "session", "convene", "petrograd-soviet", "--agenda", "Peace").split()[1]
    ok(db_url, "session", "check-in", session, *SOVIET)
    ok(db_url, "motion", "move", "petrograd-soviet/peace", "--session", session, "--title",
       "Peace", "--text", "A just peace.", "--by-delegate", "b1")  # fmt: skip
    ok(db_url, "vote", "open", "petrograd-soviet/peace", "--mode", "secret")
    audited = json.loads(
        ok(db_url, "vote", "cast", "petrograd-soviet/peace", "b1", "no", "--audit")
    )
    assert audited["opening"]["choices"] == {"yes": 0, "no": 1, "abstain": 0}
    assert audited["audit"] == "the opening re-encrypts to the ballot"
    assert audited["cast"] is False
    receipts = []
    for person, choice in zip(SOVIET, ["yes", "yes", "yes", "no", "no", "abstain"], strict=True):
        cast = ok(db_url, "vote", "cast", "petrograd-soviet/peace", person, choice, "--as", person)
        assert f"{person} voted on 'petrograd-soviet/peace' by sealed ballot; receipt " in cast
        receipts.append(cast.split("receipt ")[1].split()[0])
    closed = as_json(db_url, "vote", "close", "petrograd-soviet/peace")
    assert closed["withheld"] is True
    decrypt = ("trustee", "decrypt", "petrograd-soviet/peace", "--key-file")
    first = ok(db_url, *decrypt, str(tmp_path / "t2.json"), "--as", "t2")
    assert "is given (1 of the 2 needed)" in first
    last = ok(db_url, *decrypt, str(tmp_path / "t3.json"), "--as", "t3")
    assert (
        "the tally is decrypted: 3 yes, 2 no, 1 abstain; 'petrograd-soviet/peace' is adopted"
        in (last)
    )
    board = ok(db_url, "board", "export", "petrograd-soviet/peace")
    (tmp_path / "board.json").write_text(board)
    assert sorted(b["receipt"] for b in json.loads(board)["ballots"]) == sorted(receipts)
    recounted = run_soviet(["recount", str(tmp_path / "board.json")])
    assert recounted.returncode == 0, recounted.stdout
    assert "OK: 6 ballots, 0 failures, result [3, 2, 1]" in recounted.stdout
    verifier = Path(__file__).resolve().parents[2] / "verifier" / "soviet_recount.py"
    standalone = subprocess.run(
        [sys.executable, str(verifier), str(tmp_path / "board.json")],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert standalone.returncode == 0, standalone.stdout
    assert refused(db_url, 5, *decrypt, str(tmp_path / "t1.json"), "--as", "t1").startswith(
        "the vote on 'petrograd-soviet/peace' is decided"
    )
    assert refused(db_url, 3, "board", "export", "petrograd-soviet/none") == (
        "motion 'petrograd-soviet/none' does not exist"
    )


def test_a_sealed_election_through_the_command_line(db_url: str, tmp_path: Path) -> None:
    found(db_url)
    db = open_database(db_url)
    try:
        soldiers = [MemberSpec(f"v{i}", f"Soldier {i}", account=f"v{i}") for i in range(1, 6)]
        register_members(db, "volynsky", soldiers, actor=SYSTEM)
    finally:
        db.dispose()
    ok(db_url, "trustee", "appoint", "petrograd-soviet", "t1", "t2", "t3", "--threshold", "2")
    for _ in range(3):
        for name in ("t1", "t2", "t3"):
            ok(db_url, "trustee", "keygen", "petrograd-soviet", "--key-file",
               str(tmp_path / f"{name}.json"), "--as", name)  # fmt: skip
    opened = ok(db_url, "election", "open", "petrograd-soviet", "--constituency", "volynsky",
                "--mode", "ballots")  # fmt: skip
    election = opened.strip()
    ballot = ("election", "ballot", election, "--constituency", "volynsky")
    audited = json.loads(ok(db_url, *ballot, "sr", "--member", "v1", "--audit"))
    assert audited["opening"]["choices"] == {"bolsheviks": 0, "mensheviks": 0, "sr": 1}
    assert audited["audit"] == "the opening re-encrypts to the ballot"
    receipts = []
    for member, party in zip(
        ["v1", "v2", "v3", "v4"], ["sr", "sr", "bolsheviks", "sr"], strict=True
    ):
        cast = ok(db_url, *ballot, party, "--member", member, "--as", member)
        assert f"member '{member}' of 'volynsky' has voted in election {election} by sealed" in cast
        receipts.append(cast.split("receipt ")[1].split()[0])
    assert refused(db_url, 5, *ballot, "sr", "--member", "v1", "--as", "v1").startswith(
        f"member 'v1' has already voted in election {election}"
    )
    assert refused(db_url, 6, "election", "close", election).startswith(
        f"election {election} is sealed and its ballot box is open"
    )
    shut = ok(db_url, "election", "close-ballots", election)
    assert f"the ballot box of election {election} is closed" in shut
    decrypt = ("trustee", "decrypt-election", election, "--key-file")
    first = ok(db_url, *decrypt, str(tmp_path / "t2.json"), "--as", "t2")
    assert "are given: 1 constituencies' tallies, each needing 2" in first
    assert "still waiting for other trustees in 1 constituencies" in first
    last = ok(db_url, *decrypt, str(tmp_path / "t1.json"), "--as", "t1")
    assert f"every tally can be counted: `soviet election close {election}`" in last
    closed = as_json(db_url, "election", "close", election)
    assert closed["seats"] == [{"constituency": "volynsky", "party": "sr", "seats": 1}]
    board = ok(db_url, "board", "export", "--election", election, "--constituency", "volynsky")
    (tmp_path / "board.json").write_text(board)
    assert sorted(b["receipt"] for b in json.loads(board)["ballots"]) == sorted(receipts)
    recounted = run_soviet(["recount", str(tmp_path / "board.json")])
    assert recounted.returncode == 0, recounted.stdout
    assert "OK: 4 ballots, 0 failures, result [1, 0, 3]" in recounted.stdout
    assert refused(db_url, 2, "board", "export", "--election", election).startswith(
        "--constituency: a sealed election's board is a constituency's"
    )
    assert refused(db_url, 2, "board", "export").startswith("motion: name one: a motion")


def test_a_sealed_recall_vote_through_the_command_line(db_url: str, tmp_path: Path) -> None:
    found(db_url)
    db = open_database(db_url)
    try:
        put_to_a_sealed_vote_later(db)
    finally:
        db.dispose()
    ok(db_url, "trustee", "appoint", "petrograd-soviet", "t1", "t2", "t3", "--threshold", "2")
    for _ in range(3):
        for name in ("t1", "t2", "t3"):
            ok(db_url, "trustee", "keygen", "petrograd-soviet", "--key-file",
               str(tmp_path / f"{name}.json"), "--as", name)  # fmt: skip
    sign = ("recall", "sign", "petrograd-soviet", "s1", "--member")
    for index in range(1, 6):
        signed = ok(db_url, *sign, f"v{index}", "--as", f"v{index}")
    petition = signed.split("(petition ")[1].split(")")[0]
    vote = ("recall", "vote", "petrograd-soviet", "s1", "--member")
    audited = json.loads(ok(db_url, *vote, "v1", "--choice", "keep", "--audit"))
    assert audited["opening"]["choices"] == {"recall": 0, "keep": 1}
    receipts = []
    for index, choice in enumerate(["recall", "recall", "keep"], start=1):
        cast = ok(db_url, *vote, f"v{index}", "--choice", choice, "--as", f"v{index}")
        assert f"member 'v{index}' has voted on the recall of s1 by sealed ballot" in cast
        receipts.append(cast.split("receipt ")[1].split()[0])
    assert refused(db_url, 6, "recall", "close", "petrograd-soviet", "s1").startswith(
        "the recall vote on s1 is sealed and its ballot box is open"
    )
    ok(db_url, "recall", "close-ballots", "petrograd-soviet", "s1")
    decrypt = ("trustee", "decrypt-recall", "petrograd-soviet", "s1", "--key-file")
    assert "(1 of the 2 needed)" in ok(db_url, *decrypt, str(tmp_path / "t3.json"), "--as", "t3")
    last = ok(db_url, *decrypt, str(tmp_path / "t1.json"), "--as", "t1")
    assert "the tally can be counted: `soviet recall close petrograd-soviet s1`" in last
    closed = ok(db_url, "recall", "close", "petrograd-soviet", "s1")
    assert "recall vote on s1: 2 to recall, 1 to keep" in closed
    board = ok(db_url, "board", "export", "--petition", petition)
    (tmp_path / "board.json").write_text(board)
    assert sorted(b["receipt"] for b in json.loads(board)["ballots"]) == sorted(receipts)
    recounted = run_soviet(["recount", str(tmp_path / "board.json")])
    assert recounted.returncode == 0, recounted.stdout
    assert "OK: 3 ballots, 0 failures, result [2, 1]" in recounted.stdout


def put_to_a_sealed_vote_later(db: Database) -> None:
    """The soviet's recalls put to a vote of the constituency, and ten soldiers of the
    Volynsky Regiment on its register (its electorate)."""
    document = statute()
    document["councils"]["petrograd-soviet"]["recall"]["then"] = "recall-vote"
    document["councils"]["petrograd-soviet"]["secretariat"] = ["chair"]
    apply_statute(db, document, effective_at=datetime(1917, 3, 9, tzinfo=UTC), actor=SYSTEM)
    soldiers = [MemberSpec(f"v{i}", f"Soldier {i}", account=f"v{i}") for i in range(1, 11)]
    register_members(db, "volynsky", soldiers, actor=SYSTEM)
    count_electorate(db, "volynsky", 10, actor=SYSTEM)


@pytest.mark.parametrize("command", COMMANDS)
def test_every_command_has_help(command: str) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "soviet", "trustee", command, "--help"],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    assert "Usage:" in done.stdout
