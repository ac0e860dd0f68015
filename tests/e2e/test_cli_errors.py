"""How the command line reports what goes wrong: usage errors on one unframed line, refusals
one problem a line, and a bug as one line naming its type, never a traceback (exit 70)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import typer

from soviet.cli import app as cli

from .test_cli_fuzz import run


def test_a_usage_error_is_printed_without_a_frame(tmp_path: Path) -> None:
    ran = run(f"sqlite:///{tmp_path / 'soviet.db'}", ["journal", "tail", "--bogus"])
    assert ran.code == 2
    usage, hint, blank, error = ran.err.splitlines()
    # Click names the program as it was started (soviet, or python -m soviet).
    assert usage.startswith("Usage: ")
    assert usage.endswith("soviet journal tail [OPTIONS]")
    assert hint.startswith("Try '")
    assert hint.endswith("soviet journal tail --help' for help.")
    assert (blank, error) == ("", "Error: No such option: --bogus")


def test_an_integer_beyond_its_bound_is_refused_in_one_line(tmp_path: Path) -> None:
    ran = run(f"sqlite:///{tmp_path / 'soviet.db'}", ["journal", "tail", "-n", str(2**63)])
    assert (ran.code, ran.err) == (2, f"error: --count: must be from 1 to 1000000, got {2**63}\n")
    ran = run(f"sqlite:///{tmp_path / 'soviet.db'}", ["session", "show", str(2**64)])
    assert ran.err == (
        f"error: session: '{2**64}' is not an id: an id is the number of the journal entry "
        "that made it, such as 11, or 11.3 for another thing that entry made\n"
    )


def test_a_refusal_of_a_statute_prints_one_problem_a_line(tmp_path: Path) -> None:
    statute = tmp_path / "statute.yaml"
    councils = "".join(
        f"  c{n}:\n    name: C{n}\n    delegates: {{factory: {{fixed: 10000000}}}}\n"
        for n in range(300)
    )
    statute.write_text(
        "federation: {slug: union, name: Union, administrators: [ada]}\n"
        "constituency_kinds: {factory: {name: Factory}}\ncouncils:\n" + councils,
        encoding="utf-8",
    )
    ran = run(f"sqlite:///{tmp_path / 'soviet.db'}", ["apply", "--dry-run", str(statute)])
    lines = ran.err.splitlines()
    assert ran.code == 2
    assert lines[0] == f"error: {statute}: statute has 300 problems:"
    assert lines[1] == (
        "  councils.c0.delegates.factory.fixed: must be an integer of at most 1000000, "
        "got 10000000 (line 6)"
    )
    assert len(lines) == 301
    assert max(map(len, lines[1:])) < 120


def test_a_refusal_with_json_is_unchanged(tmp_path: Path) -> None:
    args = ["person", "show", "x", "--as", "", "--json"]
    (tmp_path / "soviet.db").touch()  # a database, empty: the account is refused first
    ran = run(f"sqlite:///{tmp_path / 'soviet.db'}", args)
    assert ran.code == 2
    assert json.loads(ran.err) == {
        "code": "invalid_input",
        "message": "--as: '' is not an account name: it is empty",
        "problems": [{"path": "--as", "message": "'' is not an account name: it is empty"}],
    }


def test_a_bug_is_one_line_with_its_type_only_and_exit_70(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    broken = typer.Typer()

    @broken.callback()
    def root(db: str = typer.Option("", "--db")) -> None:
        """The root, taking --db as soviet's does."""

    @broken.command()
    def show(token: str) -> None:
        """A command with a bug."""
        raise KeyError(f"secret {token}")

    @broken.command()
    def other() -> None:
        """Another command."""

    monkeypatch.setattr(cli, "app", broken)
    ran = run(f"sqlite:///{tmp_path / 'soviet.db'}", ["show", "hunter2"])
    assert ran.code == cli.BUG_EXIT == 70
    assert (
        ran.err == "error: internal error (KeyError): this is a bug in soviet, please report it\n"
    )
    assert "hunter2" not in ran.err + ran.out
