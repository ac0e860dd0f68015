"""`soviet GROUP show` and the other reads of one read model each, printed as a table by
default and exactly as its JSON with `--json`: a module for each group they belong to, so
that a group's help imports that group's reads alone (issue 18). Here is what they share."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

import typer

from soviet.cli.grid import Grid

if TYPE_CHECKING:
    from soviet.domain.views import registers as views

SlugArgument = Annotated[str, typer.Argument(help="Its slug.", show_default=False)]


def petitions_table(petitions: tuple[views.PetitionProgress, ...]) -> Grid:
    """Recall petitions with their signatures against the threshold, one a row."""
    table = Grid("petition", "delegate", "state", "signatures", "threshold", "missing")
    for p in petitions:
        table.add_row(
            str(p.petition),
            p.delegate,
            p.state,
            str(p.signatures),
            str(p.threshold),
            str(p.missing),
        )
    return table
