"""`soviet commission show` and `soviet resolution show`."""

from __future__ import annotations

from typing import Annotated

import typer

from soviet.cli.app import ActorOption, DbOption, FederationOption, JsonOption, db_url, reading
from soviet.cli.console import output_console
from soviet.cli.motions import commission_app, commissions_table, resolution_app
from soviet.cli.views import echo_view

console = output_console()


@commission_app.command("show")
def show_commission(
    ctx: typer.Context,
    commission: Annotated[str, typer.Argument(help="COUNCIL/COMMISSION.", show_default=False)],
    as_json: JsonOption = False,
    federation: FederationOption = None,
    actor: ActorOption = None,
    db_option: DbOption = None,
) -> None:
    """A commission: the resolution that created it, mandate, powers, deadline, members."""
    from soviet.services.bootstrap import open_database
    from soviet.services.resolutions import commission_view

    with open_database(db_url(ctx, db_option)) as db:
        shown = commission_view(db, commission, federation=federation, actor=reading(actor))
    if as_json:
        echo_view(shown)
        return
    console.print(f"{shown.name}, created by resolution {shown.resolution}", style="bold")
    console.print(commissions_table((shown,)))


@resolution_app.command("show")
def show_resolution(
    ctx: typer.Context,
    resolution: Annotated[str, typer.Argument(help="COUNCIL/NUMBER.", show_default=False)],
    as_json: JsonOption = False,
    federation: FederationOption = None,
    actor: ActorOption = None,
    db_option: DbOption = None,
) -> None:
    """A resolution: its text, the motion and session that adopted it, what amended or
    annulled it."""
    from soviet.services.bootstrap import open_database
    from soviet.services.resolutions import resolution_view

    with open_database(db_url(ctx, db_option)) as db:
        shown = resolution_view(db, resolution, federation=federation, actor=reading(actor))
    if as_json:
        echo_view(shown)
        return
    console.print(f"resolution {shown.council}/{shown.number}", style="bold")
    console.print(shown.text)
    console.print(f"adopted {shown.adopted_at} on motion {shown.motion} in session {shown.session}")
    for what, by in (("amended", shown.amended_by), ("annulled", shown.annulled_by)):
        if by is not None:
            console.print(f"{what} by {by}")
    if shown.not_carried_out is not None:
        console.print(f"not carried out: {shown.not_carried_out}")
