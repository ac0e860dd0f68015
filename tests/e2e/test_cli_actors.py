"""Who acts at the command line: every act names its account with --as, 'system' can never
be named, a read without one reads as the public, and a refusal under --json is JSON."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest

from .inprocess import run_soviet
from .test_cli_councils import STATUTE

ADMIT = ("constituency", "admit", "kronstadt", "--council", "petrograd-soviet")
ADMIT += ("--kind", "factory", "--name", "Kronstadt", "--electorate", "900")


def soviet(url: str, *args: str) -> subprocess.CompletedProcess[str]:
    """`soviet --db URL ARGS` through its real entrypoint, in this process (inprocess.py)."""
    return run_soviet(["--db", url, *args])


@pytest.fixture
def founded(tmp_path: Path) -> str:
    url = f"sqlite:///{tmp_path / 'soviet.db'}"
    statute = tmp_path / "statute.yaml"
    statute.write_text(STATUTE, encoding="utf-8")
    for args in (("init",), ("apply", str(statute), "--effective", "1917-02-27")):
        done = soviet(url, *args)
        assert done.returncode == 0, done.stderr
    return url


def test_an_act_without_an_account_is_refused_and_changes_nothing(founded: str) -> None:
    done = soviet(founded, *ADMIT)
    assert done.returncode == 2
    assert done.stderr.startswith("error: account: name the account acting with --as ACCOUNT")
    assert "kronstadt" not in soviet(founded, "council", "show", "petrograd-soviet").stdout


def test_system_cannot_be_named_from_outside(founded: str) -> None:
    for name in ("system", "public"):
        done = soviet(founded, *ADMIT, "--as", name)
        assert done.returncode == 4, done.stderr
        assert done.stderr == (f"error: --as: '{name}' is reserved: no door may act in its name\n")
    done = soviet(founded, "init", "--as", "system")
    assert done.returncode == 4


def test_only_the_administrator_acts_and_a_refusal_under_json_is_json(founded: str) -> None:
    done = soviet(founded, *ADMIT, "--as", "lenin")
    assert done.returncode == 4
    assert done.stderr == "error: lenin may not admit constituencies in 'petrograd-1917'\n"
    done = soviet(founded, "journal", "tail", "--json", "--as", "lenin")
    assert done.returncode == 4
    assert json.loads(done.stderr) == {
        "code": "forbidden",
        "message": "lenin may not read the journal's entries in full",
        "problems": [{"path": "actor", "message": "operator_only"}],
    }
    done = soviet(founded, *ADMIT, "--as", "chkheidze")
    assert done.returncode == 0, done.stderr


def test_the_operator_founds_but_only_administrators_amend(founded: str, tmp_path: Path) -> None:
    amended = tmp_path / "amended.yaml"
    amended.write_text(STATUTE.replace("Petrograd Soviet", "Petrograd Soviet of W&S"), "utf-8")
    done = soviet(founded, "apply", str(amended))
    assert done.returncode == 4
    assert "may only found a federation; 'petrograd-1917' exists" in done.stderr
    done = soviet(founded, "apply", str(amended), "--as", "chkheidze")
    assert done.returncode == 0, done.stderr


def test_reads_are_public_and_the_journal_is_the_operators(founded: str) -> None:
    shown = soviet(founded, "council", "show", "petrograd-soviet", "--json")
    assert shown.returncode == 0, shown.stderr
    assert json.loads(shown.stdout)["council"] == "petrograd-soviet"
    done = soviet(founded, "journal", "tail", "--as", "chkheidze")
    assert done.returncode == 4
    assert done.stderr == "error: chkheidze may not read the journal's entries in full\n"
    assert soviet(founded, "journal", "tail").returncode == 0


def test_a_register_is_read_by_its_administrator_and_by_each_member_alone(
    founded: str, tmp_path: Path
) -> None:
    assert soviet(founded, *ADMIT, "--as", "chkheidze").returncode == 0
    roll = tmp_path / "roll.csv"
    roll.write_text("key,name,account\nk1,Sailor One,sailor-1\nk2,Sailor Two,sailor-2\n", "utf-8")
    done = soviet(founded, "members", "import", "kronstadt", str(roll), "--as", "chkheidze")
    assert done.returncode == 0, done.stderr
    listed = soviet(founded, "members", "list", "kronstadt", "--json", "--as", "chkheidze")
    assert listed.returncode == 0, listed.stderr
    shown = json.loads(listed.stdout)
    assert shown["is_whole"] is True
    assert [m["key"] for m in shown["members"]["items"]] == ["k1", "k2"]
    own = json.loads(
        soviet(founded, "members", "list", "kronstadt", "--json", "--as", "sailor-2").stdout
    )
    assert [m["account"] for m in own["members"]["items"]] == ["sailor-2"]
    table = soviet(founded, "members", "list", "kronstadt", "--as", "sailor-1").stdout
    assert "Sailor One" in table
    assert "Sailor Two" not in table
    done = soviet(founded, "members", "list", "kronstadt")
    assert done.returncode == 4
    assert done.stderr == (
        "error: public may not read the member register (constituency 'kronstadt') "
        "in 'petrograd-1917'\n"
    )
