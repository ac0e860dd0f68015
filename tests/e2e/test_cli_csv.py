"""CSV imports through the command line, on both engines: every bad line of every kind in
one run, each by its line in the file (a quoted field with a newline spans lines), a file
that is not UTF-8 refused in one clean line, and nothing written when any line is bad."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from soviet.domain.identity import SYSTEM
from soviet.services import journal as journal_service
from soviet.services.bootstrap import open_database
from soviet.services.elections import open_election

from ..integration.councils.federation import found_federation
from .accounts import as_administrator


def soviet(db: str, *args: str) -> subprocess.CompletedProcess[str]:
    environment = {k: v for k, v in os.environ.items() if not k.startswith("SOVIET_")}
    return subprocess.run(
        [sys.executable, "-m", "soviet", *as_administrator(args), "--db", db],
        capture_output=True,
        text=True,
        env=environment,
        timeout=120,
    )


def head(db: str) -> str:
    with open_database(db) as database:
        return journal_service.tail(database, 1, actor=SYSTEM)[0].hash


def refused(db: str, *args: str) -> str:
    """The refusal of a command that must change nothing: one line, or with several
    problems a summary line and one problem a line."""
    before = head(db)
    done = soviet(db, *args)
    assert (done.returncode, done.stdout) == (2, ""), done.stderr
    assert "Traceback" not in done.stderr
    assert head(db) == before
    return done.stderr.removeprefix("error: ").rstrip("\n")


def test_every_bad_line_of_every_kind_in_one_run(db_url: str, tmp_path: Path) -> None:
    with open_database(db_url) as database:
        found_federation(database)
        election = open_election(database, "petrograd-soviet", actor=SYSTEM) >> 24
    persons = tmp_path / "persons.csv"
    persons.write_text(
        "slug,name,party\n"
        'p1,"Anna\nof Two Lines",bolsheviks\n'  # lines 2-3
        "b1,Taken Already,\n"  # 4: registered by the federation's founding
        "Bad Slug,Someone,\n"  # 5
        "p2,,\n"  # 6: a format problem, found before the database is asked
        "p3,Nobody's Member,kadets\n"  # 7
        "p4,Four,sr,extra\n",  # 8
        encoding="utf-8",
    )
    assert refused(db_url, "person", "import", str(persons)) == (
        f"{persons}: 5 problems, nobody registered:\n"
        "  line 4: person 'b1' is already registered\n"
        "  line 5: slug: 'Bad Slug' is not a slug (lowercase letters, digits and hyphens; "
        "at most 100 characters)\n"
        "  line 6: name is empty\n"
        "  line 7: party 'kadets' is not registered\n"
        "  line 8: more fields than columns"
    )
    votes = tmp_path / "votes.csv"
    votes.write_text(
        "constituency,party,votes\n"
        "putilov,bolsheviks,3100\n"
        "\n"  # a blank line 3: the file's lines, not its data rows, are counted
        "putilov,kadets,10\n"  # 4
        "smolny,sr,5\n"  # 5
        "putilov,mensheviks,-1\n",  # 6
        encoding="utf-8",
    )
    assert refused(db_url, "election", "count", str(election), str(votes)) == (
        f"{votes}: 3 problems, nothing counted:\n"
        "  line 4 (putilov, kadets): party is not registered\n"
        f"  line 5 (smolny, sr): constituency is not in election {election}\n"
        "  line 6: votes '-1' is not a whole number of at least 0"
    )
    roll = tmp_path / "roll.csv"
    roll.write_text("key,name\nv1,One\nv1,Again\nv2,\n", encoding="utf-8")
    assert refused(db_url, "members", "import", "volynsky", str(roll)) == (
        f"{roll}: 2 problems, nobody registered:\n  line 3: key 'v1' repeats line 2\n"
        "  line 4: name is empty"
    )
    constituencies = tmp_path / "constituencies.csv"
    constituencies.write_text(
        "slug,name,kind,council,electorate\n"
        "kronstadt,Kronstadt,fortress,petrograd-soviet,3000\n"
        "obukhov,Obukhov,factory,petrograd-soviet,many\n",
        encoding="utf-8",
    )
    assert refused(db_url, "constituency", "import", str(constituencies)) == (
        f"{constituencies}: 3 problems, nothing admitted:\n"
        "  line 2 ('kronstadt'): council 'petrograd-soviet' takes no constituency of kind "
        "'fortress' (its kinds: factory, regiment)\n"
        "  line 2 ('kronstadt'): kind 'fortress' is not in the statute\n"
        "  line 3: electorate 'many' is not a whole number of at least 0"
    )


def test_a_file_that_is_not_utf8_is_one_clean_refusal(db_url: str, tmp_path: Path) -> None:
    with open_database(db_url) as database:
        found_federation(database)
    latin = tmp_path / "latin1.csv"
    latin.write_bytes("key,name\nv1,Anna\nv2,Čapek\n".encode("cp1250"))
    reason = "not UTF-8 text; save the file as UTF-8 (CSV UTF-8) and try again"
    assert refused(db_url, "members", "import", "volynsky", str(latin)) == (
        f"{latin}: line 3: {reason}"
    )
    assert refused(db_url, "person", "import", str(latin)) == f"{latin}: line 3: {reason}"
    binary = tmp_path / "photo.csv"
    binary.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\xff\xd8")
    assert refused(db_url, "constituency", "import", str(binary)) == (f"{binary}: line 1: {reason}")
    nul = tmp_path / "nul.csv"
    nul.write_bytes(b"key,name\nv1,An\x00na\n")
    assert refused(db_url, "members", "import", "volynsky", str(nul)) == (
        f"{nul}: line 2: holds a NUL character: this is not a CSV text file"
    )


def test_allocate_names_every_bad_line_at_once(tmp_path: Path) -> None:
    votes = tmp_path / "votes.csv"
    votes.write_text("name,votes\nA,x\n,2\nA,-1\nB\n", encoding="utf-8")
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "soviet",
            "allocate",
            str(votes),
            "--seats",
            "2",
            "--method",
            "dhondt",
        ],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert (done.returncode, done.stdout) == (2, "")
    where = f"{votes}, line"
    assert done.stderr == (
        f"error: 5 problems:\n  {where} 2, column 'votes': not a number: 'x'\n"
        f"  {where} 3, column 'name': empty\n  {where} 4, column 'name': 'A' appears twice\n"
        f"  {where} 4, column 'votes': not a non-negative number: '-1'\n"
        f"  {where} 5, column 'votes': not a number: ''\n"
    )
    latin = tmp_path / "latin.csv"
    latin.write_bytes("name,votes\nÅland,3\n".encode("latin-1"))
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "soviet",
            "allocate",
            str(latin),
            "--seats",
            "2",
            "--method",
            "dhondt",
        ],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 2
    assert done.stderr == (
        f"error: {latin}: line 2: not UTF-8 text; save the file as UTF-8 (CSV UTF-8) and try "
        "again\n"
    )
