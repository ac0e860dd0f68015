"""`soviet recall show|signatures`: a recall petition, and who signed it."""

from __future__ import annotations

from typing import Annotated

import typer

from soviet.cli.app import ActorOption, DbOption, FederationOption, JsonOption, db_url, reading
from soviet.cli.console import output_console
from soviet.cli.grid import Grid
from soviet.cli.ids import id_parser
from soviet.cli.recalls import recall_app
from soviet.cli.shows import petitions_table
from soviet.cli.views import DEFAULT, CursorOption, LimitOption, echo_view, print_page

console = output_console()

PetitionArgument = Annotated[
    int,
    typer.Argument(help="The petition's id.", show_default=False, parser=id_parser("petition")),
]


@recall_app.command("show")
def show_petition(
    ctx: typer.Context,
    petition: PetitionArgument,
    as_json: JsonOption = False,
    federation: FederationOption = None,
    actor: ActorOption = None,
    db_option: DbOption = None,
) -> None:
    """A recall petition: signatures against its threshold, its state, its recall vote."""
    from soviet.services.bootstrap import open_database
    from soviet.services.reads import petition_view

    with open_database(db_url(ctx, db_option)) as db:
        shown = petition_view(db, petition, federation=federation, actor=reading(actor))
    if as_json:
        echo_view(shown)
        return
    console.print(petitions_table((shown.progress,)))
    if shown.recall_vote is not None:
        vote = shown.recall_vote
        console.print(f"recall vote: recall {vote.recall}, keep {vote.keep}")


@recall_app.command("signatures")
def show_signatures(
    ctx: typer.Context,
    petition: PetitionArgument,
    cursor: CursorOption = None,
    limit: LimitOption = DEFAULT,
    as_json: JsonOption = False,
    federation: FederationOption = None,
    actor: ActorOption = None,
    db_option: DbOption = None,
) -> None:
    """Who signed a recall petition, and who withdrew (the administrators' read only)."""
    from soviet.services.bootstrap import open_database
    from soviet.services.member_register import petition_signatures

    with open_database(db_url(ctx, db_option)) as db:
        shown = petition_signatures(
            db, petition, federation=federation, cursor=cursor, limit=limit, actor=reading(actor)
        )
    if as_json:
        echo_view(shown)
        return
    table = Grid("member", "name", "signed", "withdrawn")
    for signature in shown.signatures.items:
        table.add_row(
            signature.member, signature.name, signature.signed_at, signature.withdrawn_at or ""
        )
    print_page(console, table, shown.signatures, "signatures")
