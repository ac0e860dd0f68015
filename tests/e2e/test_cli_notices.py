"""`soviet journal follow` through the real entrypoint: lines for a person, refusals,
an uninitialised database, and an interrupt that ends it quietly."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time

from .test_cli import assert_one_line_error, soviet


def test_follow_prints_a_line_a_notice_for_a_person(db_url: str) -> None:
    assert soviet("--db", db_url, "init").returncode == 0
    done = soviet("--db", db_url, "journal", "follow", "--count", "1")
    assert done.returncode == 0, done.stderr
    seq, recorded_at, federation, kind, digest, fields = done.stdout.rstrip("\n").split("  ")
    assert (seq, federation, kind) == ("1", "-", "DatabaseInitialised")
    assert recorded_at.endswith("Z")
    assert len(digest) == 16
    assert json.loads(fields)["from_revision"] is None
    as_json = soviet("--db", db_url, "journal", "follow", "--until", "1", "--json")
    notice = json.loads(as_json.stdout)
    assert sorted(notice) == ["federation", "fields", "hash", "kind", "recorded_at", "seq"]
    assert notice["hash"].startswith(digest)


def test_follow_refuses_what_cannot_end_or_begin(db_url: str) -> None:
    assert soviet("--db", db_url, "init").returncode == 0
    follow = ("--db", db_url, "journal", "follow")
    assert_one_line_error(
        soviet(*follow, "--count", "0"), 2, "--count: must be from 1 to 1000000, got 0"
    )
    assert_one_line_error(
        soviet(*follow, "--after", "5", "--until", "5"), 2, "until: must be after 5, got 5"
    )
    assert_one_line_error(
        soviet(*follow, "--after", "-1"),
        2,
        f"--after: must be from 0 to {2**63 - 1}, got -1",
    )


def test_follow_of_an_uninitialised_database_says_so(db_url: str) -> None:
    done = soviet("--db", db_url, "journal", "follow")
    assert done.returncode == 7
    assert done.stderr.endswith(" is not initialised\n")


def test_an_interrupt_ends_follow_quietly(db_url: str) -> None:
    assert soviet("--db", db_url, "init").returncode == 0
    environment = {k: v for k, v in os.environ.items() if k != "SOVIET_DB"}
    command = [sys.executable, "-m", "soviet", "--db", db_url, "journal", "follow", "--json"]
    with subprocess.Popen(
        command,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=environment,
        # A shell's background job ignores SIGINT, and its children inherit that: the command
        # gets the interrupt a terminal gives, however the suite was started.
        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL),
    ) as process:
        try:
            assert process.stdout is not None
            first = process.stdout.readline()  # it has started, printed entry 1 and waits
            assert json.loads(first)["seq"] == 1
            time.sleep(0.3)
            process.send_signal(signal.SIGINT)
            rest, err = process.communicate(timeout=60)
        finally:
            process.kill()  # never left behind, whatever failed (its pipes close on exit)
    assert (process.returncode, rest, err) == (0, "", "")
