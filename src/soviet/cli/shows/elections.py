"""`soviet election show`: an election, its votes and seats, and its constituencies."""

from __future__ import annotations

from typing import TYPE_CHECKING

import typer

from soviet.cli.app import ActorOption, DbOption, FederationOption, JsonOption, db_url, reading
from soviet.cli.console import output_console
from soviet.cli.elections import ElectionArgument, election_app
from soviet.cli.grid import Grid
from soviet.cli.views import DEFAULT, CursorOption, LimitOption, echo_view, print_page

if TYPE_CHECKING:
    from soviet.domain.views import elections as election_views

console = output_console()


def _render_election(shown: election_views.Election) -> None:
    where = shown.constituency or "the whole council"
    console.print(
        f"election {shown.election} of '{shown.council}' in {where}: {shown.mode}, "
        f"{shown.state} (opened {shown.opened_at}, closed {shown.closed_at or '-'})",
        style="bold",
    )
    if shown.ballots_cast is not None:
        console.print(f"ballots cast: {shown.ballots_cast}")
    totals = Grid("party", "votes", "seats")
    for party in sorted(set(shown.votes) | set(shown.seats)):
        totals.add_row(party, str(shown.votes.get(party, "")), str(shown.seats.get(party, "")))
    console.print(totals)
    for draw in shown.draws:
        console.print(
            f"drawn by lot (seed {draw.seed}): {', '.join(draw.winners)} of "
            f"{', '.join(draw.tied)} for {draw.seats} seat(s)"
        )
    cells = Grid("constituency", "seats", "won")
    for r in shown.constituencies.items:
        won = ", ".join(f"{p} {n}" for p, n in r.won.items())
        cells.add_row(r.constituency, "" if r.seats is None else str(r.seats), won)
    print_page(console, cells, shown.constituencies, "constituencies")


@election_app.command("show")
def show_election(
    ctx: typer.Context,
    election: ElectionArgument,
    cursor: CursorOption = None,
    limit: LimitOption = DEFAULT,
    as_json: JsonOption = False,
    federation: FederationOption = None,
    actor: ActorOption = None,
    db_option: DbOption = None,
) -> None:
    """An election: state, votes and seats per party, ties drawn by lot, and a page of
    its constituencies' results (--cursor, --limit)."""
    from soviet.services.bootstrap import open_database
    from soviet.services.reads import election_view

    with open_database(db_url(ctx, db_option)) as db:
        shown = election_view(
            db, election, federation=federation, cursor=cursor, limit=limit, actor=reading(actor)
        )
    if as_json:
        echo_view(shown)
        return
    _render_election(shown)
