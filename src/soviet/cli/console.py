"""The console each command module prints on, made when the command first prints.

A command module makes its console when it is imported, and a command's module is imported
for its `--help` too; Rich's console module alone takes about a third as long to import as
Typer. So the console a module holds imports Rich and makes its `OutputConsole`
(soviet.cli.terminal) only when something is printed on it (issue 18).
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from rich.console import Console


class CommandConsole:
    """A Rich console made on first use by `make`: what a command module prints on."""

    def __init__(self, make: Callable[[], Console]) -> None:
        self._make = make

    @functools.cached_property
    def rich(self) -> Console:
        """The Rich console itself, made now if it was not yet: for Rich's own machinery
        (a live display) that takes a console."""
        return self._make()

    def print(self, *objects: Any, **options: Any) -> None:
        """Print as Rich's `Console.print` does."""
        self.rich.print(*objects, **options)

    def rule(self, title: str = "") -> None:
        """Draw a horizontal rule with a title, as Rich's `Console.rule` does."""
        self.rich.rule(title)


def _output() -> Console:
    from soviet.cli import terminal

    return terminal.output_console()


def output_console() -> CommandConsole:
    """The console a command prints its text and tables on (standard output): an
    OutputConsole, as wide as a terminal and unbounded when piped, made when first used."""
    return CommandConsole(_output)
