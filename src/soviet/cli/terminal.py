"""The Rich console the commands print on: as wide as a terminal, and unbounded when piped.

Without a terminal Rich takes 80 columns and cuts a table's cells to fit them, with an
ellipsis, so that `soviet council show X | grep name` loses the names it looks for. Piped
or redirected, the output keeps each table's natural width instead (a table never
stretches to the console's width, so nothing is padded out). A COLUMNS in the environment
still decides, as it does in Rich.
"""

from __future__ import annotations

import os
from typing import Any

from rich.console import Console, ConsoleDimensions

#: The width of output that goes to no terminal: wider than any table the commands print.
PIPED_WIDTH = 1 << 20


class OutputConsole(Console):
    """A Rich console that does not cut its output to 80 columns when it is piped, and
    takes its width when it prints: Rich fixes it from COLUMNS when the console is made,
    which is when a command's module is first imported, in whatever environment that is."""

    def __init__(self, **options: Any) -> None:
        super().__init__(**options)
        if options.get("width") is None:
            self._width = None

    @property
    def size(self) -> ConsoleDimensions:
        """The terminal's size, or PIPED_WIDTH columns when the output goes to no terminal."""
        dimensions = super().size
        if self.is_terminal or "COLUMNS" in os.environ:
            return dimensions
        return ConsoleDimensions(PIPED_WIDTH, dimensions.height)

    @size.setter
    def size(self, new_size: tuple[int, int]) -> None:
        width, height = new_size
        self._width = width
        self._height = height


def output_console() -> OutputConsole:
    """The Rich console a command prints its text and tables on (standard output); the
    command modules make it through soviet.cli.console, when they first print."""
    return OutputConsole(highlight=False, soft_wrap=True)
