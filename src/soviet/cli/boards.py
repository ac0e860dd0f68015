"""`soviet board`: the public board of a sealed vote, for anyone to recount."""

from __future__ import annotations

from typing import Annotated

import typer

from soviet.cli.app import ActorOption, DbOption, FederationOption, app, db_url, reading

board_app = typer.Typer(
    help="Public boards of sealed votes: every encrypted ballot by credential, the tally, "
    "the trustees' proven decryptions and the result, for anyone to recount.",
    no_args_is_help=True,
)
app.add_typer(board_app, name="board")


@board_app.command("export")
def export_command(
    ctx: typer.Context,
    motion: Annotated[
        str, typer.Argument(help="The motion, as COUNCIL/MOTION.", show_default=False)
    ],
    federation: FederationOption = None,
    actor: ActorOption = None,
    db_option: DbOption = None,
) -> None:
    """Print the board of the sealed vote on a motion as JSON (soviet-board/1): check it
    with `soviet recount board.json` or verifier/soviet_recount.py, which needs no soviet."""
    import json

    from soviet.services import boards
    from soviet.services.bootstrap import open_database

    with open_database(db_url(ctx, db_option)) as db:
        found = boards.board(db, motion, federation=federation, actor=reading(actor))
    typer.echo(json.dumps(found, indent=2, sort_keys=True))
