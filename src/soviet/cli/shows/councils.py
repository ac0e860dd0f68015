"""`soviet council members`: a page of who sits in a council."""

from __future__ import annotations

from typing import Annotated

import typer

from soviet.cli.app import (
    ActorOption,
    AsOfOption,
    DbOption,
    FederationOption,
    JsonOption,
    db_url,
    reading,
)
from soviet.cli.console import output_console
from soviet.cli.councils import council_app
from soviet.cli.grid import Grid
from soviet.cli.rows import moment
from soviet.cli.views import DEFAULT, CursorOption, LimitOption, echo_view, print_page

console = output_console()


@council_app.command("members")
def show_members(
    ctx: typer.Context,
    council: Annotated[str, typer.Argument(help="The council's slug.", show_default=False)],
    as_of: AsOfOption = None,
    section: Annotated[
        str | None,
        typer.Option(help="The members of one section of the council.", show_default=False),
    ] = None,
    cursor: CursorOption = None,
    limit: LimitOption = DEFAULT,
    as_json: JsonOption = False,
    federation: FederationOption = None,
    actor: ActorOption = None,
    db_option: DbOption = None,
) -> None:
    """A page of who sits in a council at a moment, by constituency and seat."""
    from soviet.services.bootstrap import open_database
    from soviet.services.composition import council_members

    when = moment(as_of, "--as-of", end_of_day=True)
    with open_database(db_url(ctx, db_option)) as db:
        shown = council_members(
            db,
            council,
            as_of=when,
            section=section,
            federation=federation,
            cursor=cursor,
            limit=limit,
            actor=reading(actor),
        )
    if as_json:
        echo_view(shown)
        return
    table = Grid("constituency", "seat", "person", "party", "since")
    for m in shown.items:
        table.add_row(m.constituency or "", str(m.seat), m.person, m.party or "", m.since)
    print_page(console, table, shown, "members")
