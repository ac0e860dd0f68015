"""A table of plain text cells, drawn as Rich draws its tables but without Rich's per-cell work.

Rich measures, pads and renders every cell of a table as its own text: `council show` of
a council of 1,201 delegates spent 0.6 s of its 0.8 s drawing the members. `Grid` takes
the same columns and rows, and when every cell is a plain string and the table fits the
console, it writes each row as one line, character for character what Rich's `Table`
(heavy head, a cell's padding of one space) prints for the same cells as `Text`. Otherwise
it hands its rows to a Rich `Table`, which wraps cells to fit a narrow terminal and renders
what is not plain text. A cell is text either way: a name in brackets or between colons is
printed as it is, never read as Rich's markup or an emoji's code.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING, Any, Literal

if TYPE_CHECKING:
    from rich.console import Console, ConsoleOptions
    from rich.measure import Measurement
    from rich.segment import Segment
    from rich.table import Table

Justify = Literal["left", "right"]


class Grid:
    """Columns and rows of text, printed as a Rich table (`Table`'s arguments that it takes)."""

    def __init__(self, *headers: str, title: str | None = None) -> None:
        self.title = title
        self.headers: list[str] = []
        self.justify: list[Justify] = []
        self.rows: list[tuple[Any, ...]] = []
        for header in headers:
            self.add_column(header)

    def add_column(self, header: str, *, justify: Justify = "left") -> None:
        self.headers.append(header)
        self.justify.append(justify)

    def add_row(self, *cells: Any) -> None:
        if len(cells) > len(self.headers):
            columns = len(self.headers)
            raise ValueError(f"a row of {len(cells)} cells in a table of {columns} columns")
        self.rows.append(cells + ("",) * (len(self.headers) - len(cells)))

    def _plain(self) -> bool:
        return all(type(cell) is str and "\n" not in cell for row in self.rows for cell in row)

    def _widths(self) -> list[int]:
        from rich.cells import cell_len

        widths = [_width(header, cell_len) for header in self.headers]
        for row in self.rows:
            for index, cell in enumerate(row):
                width = _width(cell, cell_len)
                if width > widths[index]:
                    widths[index] = width
        return widths

    def table(self) -> Table:
        """The same columns and rows as a Rich table."""
        from rich.table import Table
        from rich.text import Text

        table = Table(title=self.title)
        for header, justify in zip(self.headers, self.justify, strict=True):
            table.add_column(header, justify=justify)
        for row in self.rows:
            table.add_row(*(Text(cell) if type(cell) is str else cell for cell in row))
        return table

    def __rich_measure__(self, console: Console, options: ConsoleOptions) -> Measurement:
        from rich.measure import Measurement

        if not self._plain():
            return Measurement.get(console, options, self.table())
        width = sum(self._widths()) + 3 * len(self.headers) + 1
        return Measurement(width, width)

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> Iterator[Any]:
        if not self._plain():
            yield self.table()
            return
        widths = self._widths()
        if sum(widths) + 3 * len(widths) + 1 > options.max_width:
            yield self.table()
            return
        yield from self._segments(console, widths)

    def _segments(self, console: Console, widths: list[int]) -> Iterator[Segment]:
        from rich.segment import Segment

        newline = Segment.line()
        if self.title is not None:
            yield Segment(self.title, console.get_style("table.title"))
            yield newline
        from rich.cells import cell_len

        yield Segment(_rule("┏", "━", "┳", "┓", widths))
        yield newline
        header = console.get_style("table.header")
        yield Segment("┃")
        for text, width, justify in zip(self.headers, widths, self.justify, strict=True):
            yield Segment(f" {_pad(text, width, justify, len)} ", header)
            yield Segment("┃")
        yield newline
        yield Segment(_rule("┡", "━", "╇", "┩", widths))
        yield newline
        justified = self.justify
        # The rows are one segment: a segment each took Rich's console longer than the text.
        lines = []
        for row in self.rows:
            cells = (_pad(cell, widths[i], justified[i], cell_len) for i, cell in enumerate(row))
            lines.append(f"│ {' │ '.join(cells)} │\n")
        yield Segment("".join(lines))
        yield Segment(_rule("└", "─", "┴", "┘", widths))
        yield newline


def _rule(left: str, line: str, cross: str, right: str, widths: list[int]) -> str:
    return left + cross.join(line * (width + 2) for width in widths) + right


def _width(text: str, length: Callable[[str], int]) -> int:
    # Printable ASCII takes a cell a character; anything else is measured as Rich does.
    return len(text) if text.isascii() and text.isprintable() else length(text)


def _pad(text: str, width: int, justify: Justify, length: Callable[[str], int]) -> str:
    gap = " " * (width - _width(text, length))
    return gap + text if justify == "right" else text + gap
