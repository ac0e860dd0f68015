"""`soviet proxy`: a delegate transfers her vote for a session to another delegate, where
the statute allows it, and takes it back; the proxies standing in a session."""

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
from soviet.errors import InvalidInput

console = output_console()

proxy_app = typer.Typer(
    help="Proxies: a delegate's vote carried by another delegate for a session.",
    no_args_is_help=True,
)
app.add_typer(proxy_app, name="proxy")

SessionArgument = Annotated[
    int,
    typer.Argument(help="The session's id.", show_default=False, parser=id_parser("session")),
]
FromOption = Annotated[
    str | None,
    typer.Option(
        "--from",
        help="The delegate giving her vote (default: the account acting, --as).",
        show_default=False,
    ),
]
AtOption = Annotated[str | None, at_option("it happened")]


def _giver(named: str | None, actor: str | None) -> str:
    giver = named or actor
    if giver is None:
        raise InvalidInput("--from: name the delegate giving her vote, or act as her with --as")
    return giver


@proxy_app.command("give")
def give_command(
    ctx: typer.Context,
    session: SessionArgument,
    holder: Annotated[
        str,
        typer.Option("--to", help="The delegate who will carry the vote.", show_default=False),
    ],
    giver: FromOption = None,
    at: AtOption = None,
    federation: FederationOption = None,
    actor: ActorOption = None,
    db_option: DbOption = None,
) -> None:
    """A delegate transfers her vote in the session to another delegate of the council."""
    from soviet.domain.ids import format_id
    from soviet.services import proxies as service
    from soviet.services.bootstrap import open_database

    given_at = moment(at, "--at")
    acting_as = acting(actor)
    person = _giver(giver, actor)
    with open_database(db_url(ctx, db_option)) as db:
        entry = service.give_proxy(
            db, session, person, holder, federation=federation, actor=acting_as, at=given_at
        )
    console.print(
        f"'{holder}' carries the vote of '{person}' in session {format_id(session)}; "
        f"receipt {entry.hash}"
    )


@proxy_app.command("revoke")
def revoke_command(
    ctx: typer.Context,
    session: SessionArgument,
    giver: FromOption = None,
    at: AtOption = None,
    federation: FederationOption = None,
    actor: ActorOption = None,
    db_option: DbOption = None,
) -> None:
    """A delegate takes back the vote she transferred for the session."""
    from soviet.domain.ids import format_id
    from soviet.services import proxies as service
    from soviet.services.bootstrap import open_database

    revoked_at = moment(at, "--at")
    acting_as = acting(actor)
    person = _giver(giver, actor)
    with open_database(db_url(ctx, db_option)) as db:
        entry = service.revoke_proxy(
            db, session, person, federation=federation, actor=acting_as, at=revoked_at
        )
    console.print(
        f"'{person}' votes for herself again in session {format_id(session)}; receipt {entry.hash}"
    )


@proxy_app.command("list")
def list_command(
    ctx: typer.Context,
    session: SessionArgument,
    as_json: JsonOption = False,
    federation: FederationOption = None,
    actor: ActorOption = None,
    db_option: DbOption = None,
) -> None:
    """The proxies standing in a session, and the statute's rule for them."""
    from soviet.services import proxies as service
    from soviet.services.bootstrap import open_database

    with open_database(db_url(ctx, db_option)) as db:
        found = service.session_proxies(db, session, federation=federation, actor=reading(actor))
    if as_json:
        echo_view(found)
        return
    if not found.is_allowed:
        console.print("the statute allows no proxies in this council")
    table = Grid("delegate", "carried by", "fraction", "given")
    for proxy in found.proxies:
        table.add_row(proxy.giver, proxy.holder, proxy.fraction or "", proxy.given_at)
    console.print(table)
