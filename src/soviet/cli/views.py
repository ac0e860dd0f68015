"""What the reading commands share: the page options, and printing a read model as JSON."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated, Any

import typer

from soviet.cli.app import bounded, echo_json
from soviet.domain.vocabulary import DEFAULT_LIMIT, MAX_LIMIT

if TYPE_CHECKING:
    from soviet.cli.console import CommandConsole
    from soviet.cli.grid import Grid
    from soviet.domain.views import Page

CursorOption = Annotated[
    str | None,
    typer.Option(
        "--cursor",
        help="Start after the last item of a page: the next_cursor it gave.",
        show_default=False,
    ),
]
LimitOption = Annotated[
    int,
    typer.Option(
        "--limit",
        help=f"How many items a page holds, at most {MAX_LIMIT}.",
        callback=bounded("--limit", minimum=1, maximum=MAX_LIMIT),
    ),
]
DEFAULT = DEFAULT_LIMIT


def echo_view(view: object) -> None:
    """Print a read model as `--json` prints it: exactly its `to_json`."""
    from soviet.domain.views import to_json

    echo_json(to_json(view))


def more_line(page: Page[Any], what: str) -> str | None:
    """The line that says more items follow, and how to ask for them."""
    if page.next_cursor is None:
        return None
    return f"more {what}: --cursor {page.next_cursor}"


def print_page(console: CommandConsole, table: Grid, page: Page[Any], what: str) -> None:
    """A page as a table, and the line that says how to ask for the next, if any."""
    console.print(table)
    more = more_line(page, what)
    if more is not None:
        console.print(more)
