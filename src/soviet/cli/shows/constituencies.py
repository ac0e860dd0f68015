"""`soviet constituency show`: a constituency, its delegates, petitions and elections."""

from __future__ import annotations

from typing import TYPE_CHECKING

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
from soviet.cli.constituencies import constituency_app
from soviet.cli.grid import Grid
from soviet.cli.rows import moment
from soviet.cli.shows import SlugArgument, petitions_table
from soviet.cli.views import DEFAULT, CursorOption, LimitOption, echo_view, print_page

if TYPE_CHECKING:
    from soviet.domain.views import registers as views

console = output_console()


def _render_constituency(shown: views.Constituency) -> None:
    console.print(
        f"{shown.name} ({shown.constituency}), {shown.kind} of '{shown.council}': "
        f"{shown.electorate} voters, as of {shown.as_of}",
        style="bold",
    )
    delegates = Grid("seat", "delegate", "party", "since", title="delegates")
    for d in shown.delegates:
        delegates.add_row(str(d.seat), d.person, d.party or "", d.since)
    console.print(delegates)
    if shown.petitions:
        console.print(petitions_table(shown.petitions))
    elections = Grid("election", "council", "mode", "opened", "closed", title="elections")
    for e in shown.elections.items:
        elections.add_row(str(e.election), e.council, e.mode, e.opened_at, e.closed_at or "open")
    print_page(console, elections, shown.elections, "elections")


@constituency_app.command("show")
def show_constituency(
    ctx: typer.Context,
    slug: SlugArgument,
    as_of: AsOfOption = None,
    cursor: CursorOption = None,
    limit: LimitOption = DEFAULT,
    as_json: JsonOption = False,
    federation: FederationOption = None,
    actor: ActorOption = None,
    db_option: DbOption = None,
) -> None:
    """A constituency: its delegates, petitions open against them with their progress to
    the threshold, and a page of its elections (--cursor, --limit)."""
    from soviet.services.bootstrap import open_database
    from soviet.services.reads import constituency_view

    when = moment(as_of, "--as-of", end_of_day=True)
    with open_database(db_url(ctx, db_option)) as db:
        shown = constituency_view(
            db,
            slug,
            as_of=when,
            federation=federation,
            cursor=cursor,
            limit=limit,
            actor=reading(actor),
        )
    if as_json:
        echo_view(shown)
        return
    _render_constituency(shown)
