"""The console the commands print on takes its width when it prints: the width of the
environment it prints in, not of the one its command's module was first imported in; and
a command module's console is made only when the command first prints."""

from __future__ import annotations

import pytest

from soviet.cli.console import CommandConsole
from soviet.cli.terminal import PIPED_WIDTH, OutputConsole, output_console


def test_the_width_is_the_columns_of_the_moment_it_prints(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COLUMNS", "80")
    console = output_console()  # as a module made it when it was imported
    monkeypatch.setenv("COLUMNS", "200")
    assert console.size.width == 200
    monkeypatch.delenv("COLUMNS")
    assert console.size.width == PIPED_WIDTH  # no terminal (pytest captures the output)


def test_a_table_is_not_cut_to_the_width_of_an_earlier_environment(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from rich.table import Table

    monkeypatch.setenv("COLUMNS", "40")
    console = output_console()
    monkeypatch.setenv("COLUMNS", "200")
    table = Table("place", "person", "kind", "since")
    table.add_row("1", "s1", "point-of-order", "2026-12-03T23:41:07.123456+00:00")
    console.print(table)
    shown = capsys.readouterr().out
    assert "point-of-order" in shown
    assert "2026-12-03T23:41:07.123456+00:00" in shown


def test_a_modules_console_is_made_when_it_first_prints(
    capsys: pytest.CaptureFixture[str],
) -> None:
    made: list[OutputConsole] = []

    def make() -> OutputConsole:
        made.append(output_console())
        return made[-1]

    console = CommandConsole(make)
    assert made == []
    console.print("first", style="bold")
    console.print("second")
    assert len(made) == 1
    assert console.rich is made[0]
    assert capsys.readouterr().out == "first\nsecond\n"
