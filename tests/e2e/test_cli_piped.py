"""Output piped to another program keeps each table whole: no 80-column cut, no ellipsis."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

LONG = "the-united-federation-of-cooks-waiters-and-hotel-workers-of-the-city-of-petrograd"


def piped(*args: str) -> subprocess.CompletedProcess[str]:
    """Run `python -m soviet ARGS` with its output to a pipe and no COLUMNS, as `| less` does."""
    environment = {
        k: v for k, v in os.environ.items() if k != "COLUMNS" and not k.startswith("SOVIET_")
    }
    return subprocess.run(
        [sys.executable, "-m", "soviet", *args],
        capture_output=True,
        text=True,
        env=environment,
        timeout=120,
        stdin=subprocess.DEVNULL,
    )


def test_a_piped_table_keeps_its_full_width(tmp_path: Path) -> None:
    votes = tmp_path / "votes.csv"
    votes.write_text(f"name,votes\n{LONG},100\n{LONG}-2,80\nC,30\n", encoding="utf-8")
    done = piped("allocate", str(votes), "--seats", "8", "--method", "dhondt")
    assert done.returncode == 0, done.stderr
    assert "…" not in done.stdout
    rows = [line for line in done.stdout.splitlines() if LONG in line]
    assert len(rows) == 2, done.stdout
    assert max(len(line) for line in done.stdout.splitlines()) > 80
    assert all(line.startswith(f"│ {LONG}") for line in rows), rows
    # The table is as wide as its content: no line is padded out to a fixed width.
    assert len(rows[0]) == len(rows[1]) < len(LONG) + 80


def test_a_terminal_width_from_columns_still_decides(tmp_path: Path) -> None:
    votes = tmp_path / "votes.csv"
    votes.write_text(f"name,votes\n{LONG},100\nC,30\n", encoding="utf-8")
    environment = {**os.environ, "COLUMNS": "60"}
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "soviet",
            "allocate",
            str(votes),
            "--seats",
            "3",
            "--method",
            "dhondt",
        ],
        capture_output=True,
        text=True,
        env=environment,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    assert max(len(line) for line in done.stdout.splitlines()) <= 60
