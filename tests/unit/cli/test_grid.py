"""A `Grid` prints what Rich's `Table` prints for the same columns and rows, without its cost:
character for character when it fits, and as Rich's own table when it does not."""

from __future__ import annotations

import io

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from rich.table import Table
from rich.text import Text

from soviet.cli.grid import Grid
from soviet.cli.terminal import OutputConsole

#: Cells as the commands print them: slugs, names, numbers, moments, wide characters.
CELL = st.text(alphabet="abcxyz-019 .:[]/日жé", max_size=12).map(str.strip)


def printed(table: object, **console: object) -> str:
    out = io.StringIO()
    OutputConsole(highlight=False, soft_wrap=True, file=out, **console).print("before", table)
    return out.getvalue()


def both(
    title: str | None, columns: list[tuple[str, str]], rows: list[list[str]]
) -> tuple[Table, Grid]:
    table, grid = Table(title=title), Grid(title=title)
    for header, justify in columns:
        table.add_column(header, justify=justify)  # type: ignore[arg-type]
        grid.add_column(header, justify=justify)  # type: ignore[arg-type]
    for row in rows:
        table.add_row(*map(Text, row))  # text, as the grid's cells are: no markup, no emoji
        grid.add_row(*row)
    return table, grid


@st.composite
def tables(draw: st.DrawFn) -> tuple[str | None, list[tuple[str, str]], list[list[str]]]:
    columns = draw(
        st.lists(
            st.tuples(
                st.text(alphabet="abcdefgh", min_size=1, max_size=8),
                st.sampled_from(["left", "right"]),
            ),
            min_size=1,
            max_size=5,
        )
    )
    rows = draw(st.lists(st.lists(CELL, min_size=1, max_size=len(columns)), max_size=6))
    title = draw(st.none() | st.text(alphabet="abc d", min_size=1, max_size=10))
    return title, columns, rows


@settings(max_examples=150, deadline=None)
@given(tables())
def test_a_grid_prints_what_rich_prints_when_piped(shape: tuple) -> None:  # type: ignore[type-arg]
    table, grid = both(*shape)
    assert printed(grid) == printed(table)


@settings(max_examples=60, deadline=None)
@given(tables(), st.integers(min_value=10, max_value=120))
def test_a_grid_prints_what_rich_prints_on_a_terminal_of_any_width(
    shape: tuple,  # type: ignore[type-arg]
    width: int,
) -> None:
    """Narrower than the table, the grid is Rich's table, which wraps its cells; wide enough,
    the same characters (the header's bold may be one run where Rich writes three)."""
    table, grid = both(*shape)
    plain = {"width": width, "force_terminal": True, "color_system": None}
    assert printed(grid, **plain) == printed(table, **plain)


def test_a_cell_that_is_not_plain_text_is_drawn_by_rich() -> None:
    grid = Grid("name", "seats")
    grid.add_row(Text("bold one", style="bold"), "3")
    styled = printed(grid, width=80, force_terminal=True)
    assert "\x1b[1mbold one" in styled


def test_a_row_longer_than_the_columns_is_refused() -> None:
    grid = Grid("only")
    with pytest.raises(ValueError, match="a row of 2 cells in a table of 1 columns"):
        grid.add_row("a", "b")


def test_brackets_and_colons_are_printed_as_they_are() -> None:
    grid = Grid("person")
    grid.add_row("[bold]x[/] :smile:")
    assert "│ [bold]x[/] :smile: │" in printed(grid)
    narrow = printed(grid, width=16, force_terminal=True, color_system=None)
    assert "│ [bold]x[/]   │\n│ :smile:      │" in narrow  # Rich's table, wrapping the text
