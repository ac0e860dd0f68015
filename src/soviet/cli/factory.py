"""`soviet factory`: a factory committee's requests (goods-out, goods-in, hire, discharge,
inspect-books), decided by its votes, and the register of what it decided."""

from __future__ import annotations

from typing import Annotated

import typer

from soviet.cli.app import (
    ActorOption,
    DbOption,
    FederationOption,
    JsonOption,
    acting,
    app,
    db_url,
    reading,
)
from soviet.cli.console import output_console
from soviet.cli.grid import Grid
from soviet.cli.ids import id_parser
from soviet.cli.rows import at_option, moment
from soviet.cli.views import echo_view

console = output_console()
factory_app = typer.Typer(help="Factory committees: requests and register.", no_args_is_help=True)
app.add_typer(factory_app, name="factory")
SessionOption = Annotated[
    int,
    typer.Option(
        "--session", help="The session it is moved in (its id).", parser=id_parser("--session")
    ),
]


@factory_app.command("request")
def request(
    ctx: typer.Context,
    request_address: Annotated[
        str, typer.Argument(help="COMMITTEE/REQUEST: the request's address.", show_default=False)
    ],
    session: SessionOption,
    kind: Annotated[
        str, typer.Option("--kind", help="goods-out, goods-in, hire, discharge or inspect-books.")
    ],
    details: Annotated[str, typer.Option("--details", help="What is asked, in words.")],
    applicant: Annotated[str, typer.Option("--applicant", help="Who asks (management, a shop).")],
    at: Annotated[str | None, at_option("it was made")] = None,
    federation: FederationOption = None,
    actor: ActorOption = None,
    db_option: DbOption = None,
) -> None:
    """Put a request before a factory committee in session, to be decided by a vote."""
    from soviet.domain.ids import format_id
    from soviet.services.bootstrap import open_database
    from soviet.services.factory import submit_request
    from soviet.services.motions import parse_address

    committee, slug = parse_address(request_address, "request")
    moved_at = moment(at, "--at")
    with open_database(db_url(ctx, db_option)) as db:
        submit_request(
            db,
            committee,
            session,
            kind,
            slug,
            details,
            applicant=applicant,
            federation=federation,
            actor=acting(actor),
            moved_at=moved_at,
        )
    console.print(f"request '{request_address}' ({kind}) before session {format_id(session)}")


@factory_app.command("register")
def factory_register(
    ctx: typer.Context,
    committee: Annotated[str, typer.Argument(help="The factory committee.", show_default=False)],
    as_json: JsonOption = False,
    federation: FederationOption = None,
    actor: ActorOption = None,
    db_option: DbOption = None,
) -> None:
    """The register of a factory committee: every request and what was decided."""
    from soviet.services.bootstrap import open_database
    from soviet.services.factory import register

    with open_database(db_url(ctx, db_option)) as db:
        rows = register(db, committee, federation=federation, actor=reading(actor))
    if as_json:
        echo_view(rows)
        return
    table = Grid("request", "kind", "applicant", "details", "decided", "resolution")
    for r in rows:
        table.add_row(
            r.request,
            r.kind,
            r.applicant,
            r.details,
            r.status,
            "" if r.resolution is None else str(r.resolution),
        )
    console.print(table)
