"""The lazy command line (issue 18): a command's modules are imported only when it is named,
`--version` answers before any of them, and what `soviet --help` lists from the table of
commands is what the commands themselves say."""

from __future__ import annotations

import importlib
import inspect
import pkgutil
import subprocess
import sys
from pathlib import Path

import pytest
import typer
from typer.testing import CliRunner

import soviet.cli
from soviet import __version__
from soviet.cli.app import COMMANDS, app, command_tree

#: Runs the command line in a fresh interpreter, then prints the heavy modules it imported.
PROBE = """
import sys
sys.argv = ["soviet", *sys.argv[1:]]
from soviet.cli.entry import main
try:
    main()
except SystemExit:
    pass
HEAVY = (
    "typer", "rich", "pydantic", "sqlalchemy", "sqlalchemy.dialects.postgresql", "alembic",
    "numpy", "soviet.services",
    "soviet.store", "soviet.methods", "soviet.domain.views", "soviet.domain.rules",
    "soviet.domain.events", "soviet.store.acts", "soviet.store.projections",
)
print("IMPORTED", *sorted({h for h in HEAVY for m in sys.modules if (m + ".").startswith(h + ".")}))
"""


def imported(*args: str) -> tuple[str, set[str]]:
    done = subprocess.run(
        [sys.executable, "-c", PROBE, *args], capture_output=True, text=True, check=True
    )
    output, _, last = done.stdout.rpartition("IMPORTED")
    return output, set(last.split())


def test_version_answers_before_importing_the_command_line() -> None:
    output, modules = imported("--version")
    assert output == f"soviet {__version__}\n"
    assert modules == set()


@pytest.mark.parametrize(
    "words",
    [["--help"], ["council", "show", "--help"], ["allocate", "--help"], ["desk", "show", "--help"]],
)
def test_help_imports_no_database_library(words: list[str]) -> None:
    output, modules = imported(*words)
    assert "Usage: soviet" in output
    assert "typer" in modules
    assert not modules & {"pydantic", "sqlalchemy", "alembic", "soviet.services", "soviet.store"}


#: The help of every top-level command and group, and of one command of a group.
HELPS = [[name, "--help"] for name in COMMANDS] + [["council", "show", "--help"]]


@pytest.mark.parametrize("words", HELPS, ids=" ".join)
def test_a_help_imports_nothing_heavy_but_typer(words: list[str]) -> None:
    # A command's module imports at its top only what its options are declared with: Rich
    # when it prints, the domain's views, rules and events and the methods in the commands.
    output, modules = imported(*words)
    assert "Usage: soviet" in output
    assert modules == {"typer"}


def test_the_root_help_imports_neither_rich_nor_pydantic() -> None:
    output, modules = imported("--help")
    assert "Commands:" in output
    assert modules == {"typer"}


def test_a_read_on_sqlite_imports_no_numpy_pydantic_or_postgresql_dialect(
    tmp_path: Path,
) -> None:
    url = f"sqlite:///{tmp_path / 'read.db'}"
    imported("--db", url, "init")
    output, modules = imported("--db", url, "journal", "tail", "--json")
    assert '"seq": 1' in output
    assert "sqlalchemy" in modules
    # Nor, on SQLite, PostgreSQL's dialect (a read goes through the roles' queries).
    assert "soviet.services" in modules
    assert not modules & {"numpy", "pydantic", "sqlalchemy.dialects.postgresql"}


def test_a_composition_read_loads_none_of_the_machinery_of_acts(tmp_path: Path) -> None:
    # The events, the journal's appliers and the projections are loaded by the first act
    # that journals; reading who sits in a council needs none of them.
    url = f"sqlite:///{tmp_path / 'petrograd.db'}"
    imported("--db", url, "demo", "--until", "1917-03-15")
    output, modules = imported("--db", url, "council", "show", "petrograd-soviet")
    assert output.startswith("petrograd-soviet as of ")
    assert "soviet.services" in modules
    assert not modules & {
        "soviet.domain.events",
        "soviet.store.acts",
        "soviet.store.projections",
        "numpy",
        "pydantic",
    }


def test_a_help_lists_each_command_by_its_whole_first_paragraph() -> None:
    shown = CliRunner().invoke(app, ["council", "--help"], env={"COLUMNS": "60"})
    assert shown.exit_code == 0
    listed = " ".join(shown.output.partition("Commands:")[2].split())
    assert "Show who sits in a council at a moment: seats, fractions, majority, members." in listed
    assert "..." not in listed


def test_the_version_option_with_others_still_answers() -> None:
    shown = CliRunner().invoke(app, ["--db", "sqlite:///nowhere.db", "--version"])
    assert shown.exit_code == 0
    assert shown.output == f"soviet {__version__}\n"


def test_the_table_lists_every_command_the_modules_register() -> None:
    # Every module of the command line imported, so that none registers a command unlisted.
    for module in pkgutil.iter_modules(soviet.cli.__path__):
        importlib.import_module(f"soviet.cli.{module.name}")
    root = command_tree()
    assert list(root.commands) == list(COMMANDS)
    registered = {group.name for group in app.registered_groups} | {
        command.name or typer.main.get_command_name(command.callback.__name__)  # type: ignore[union-attr]
        for command in app.registered_commands
    }
    assert registered == set(COMMANDS)


@pytest.mark.parametrize("name", sorted(COMMANDS))
def test_the_table_help_is_the_commands_own(name: str) -> None:
    command = command_tree().commands[name]
    assert command.name == name
    first = inspect.cleandoc(command.help or "").split("\n\n")[0]
    assert COMMANDS[name].help == first


def test_the_root_help_lists_every_command_with_its_line() -> None:
    shown = CliRunner().invoke(app, ["--help"], env={"COLUMNS": "300"})
    assert shown.exit_code == 0
    # Click's test runner wraps help at 80 columns whatever COLUMNS says: lines are joined.
    listed = " ".join(shown.output.partition("Commands:")[2].split())
    for name, entry in COMMANDS.items():
        assert f" {name} " in shown.output
        assert f"{name} {' '.join(entry.help.split())}" in listed


def test_a_mistyped_command_is_refused_with_the_nearest_names() -> None:
    shown = CliRunner().invoke(app, ["councl"])
    assert shown.exit_code == 2
    assert "No such command 'councl'. Did you mean 'council'" in shown.output
