"""`soviet board`: the public board of a sealed vote, of one constituency of a sealed
election or of a sealed recall vote, for anyone to recount."""

from __future__ import annotations

from typing import Annotated

import typer

from soviet.cli.app import ActorOption, DbOption, FederationOption, app, db_url, reading
from soviet.cli.ids import id_parser

board_app = typer.Typer(
    help="Public boards of sealed votes and elections: every encrypted ballot by credential, "
    "the tally, the trustees' proven decryptions and the result, for anyone to recount.",
    no_args_is_help=True,
)
app.add_typer(board_app, name="board")


@board_app.command("export")
def export_command(
    ctx: typer.Context,
    motion: Annotated[
        str | None,
        typer.Argument(
            help="The motion, as COUNCIL/MOTION (or name a sealed election with --election).",
            show_default=False,
        ),
    ] = None,
    election: Annotated[
        int | None,
        typer.Option(
            "--election",
            help="A sealed election's id, as `election open` printed it; with --constituency.",
            show_default=False,
            parser=id_parser("--election"),
        ),
    ] = None,
    petition: Annotated[
        int | None,
        typer.Option(
            "--petition",
            help="A recall petition whose vote is sealed, by its id (`recall show` names it).",
            show_default=False,
            parser=id_parser("--petition"),
        ),
    ] = None,
    constituency: Annotated[
        str | None,
        typer.Option(
            "--constituency",
            help="The constituency of the sealed election whose board is printed.",
            show_default=False,
        ),
    ] = None,
    federation: FederationOption = None,
    actor: ActorOption = None,
    db_option: DbOption = None,
) -> None:
    """Print the board of the sealed vote on a motion, of one constituency of a sealed
    election, or of a sealed recall vote, as JSON (soviet-board/1): check it with
    `soviet recount board.json` or verifier/soviet_recount.py, which needs no soviet."""
    import json

    from soviet.errors import InvalidInput, Problem

    if [motion, election, petition].count(None) != 2:
        reason = (
            "name one: a motion (COUNCIL/MOTION), a sealed election (--election) or a "
            "recall petition (--petition)"
        )
        raise InvalidInput(f"motion: {reason}", problems=[Problem("motion", reason)])
    if (election is None) != (constituency is None):
        reason = "a sealed election's board is a constituency's: give --election with it"
        raise InvalidInput(
            f"--constituency: {reason}", problems=[Problem("--constituency", reason)]
        )

    from soviet.services import boards, sealed_elections, sealed_recalls
    from soviet.services.bootstrap import open_database

    with open_database(db_url(ctx, db_option)) as db:
        if election is not None and constituency is not None:
            found = sealed_elections.board(
                db, election, constituency, federation=federation, actor=reading(actor)
            )
        elif petition is not None:
            found = sealed_recalls.board(db, petition, federation=federation, actor=reading(actor))
        else:
            assert motion is not None
            found = boards.board(db, motion, federation=federation, actor=reading(actor))
    typer.echo(json.dumps(found, indent=2, sort_keys=True))
