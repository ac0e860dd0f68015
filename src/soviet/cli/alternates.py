"""`soviet alternate`: a party's alternates in a constituency, and the fraction seating one
on an absent delegate's mandate for a session, or unseating her."""

from __future__ import annotations

import re
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

alternate_app = typer.Typer(
    help="Alternates: a party's candidates not seated, who sit for its absent delegates.",
    no_args_is_help=True,
)
app.add_typer(alternate_app, name="alternate")

SessionArgument = Annotated[
    int,
    typer.Argument(help="The session's id.", show_default=False, parser=id_parser("session")),
]
ForOption = Annotated[
    str,
    typer.Option("--for", help="The absent delegate whose mandate it is.", show_default=False),
]
AtOption = Annotated[str | None, at_option("it happened")]
_SESSION_ID = re.compile(r"\d+(\.\d+)?")


@alternate_app.command("list")
def list_command(
    ctx: typer.Context,
    where: Annotated[
        str,
        typer.Argument(
            metavar="CONSTITUENCY|SESSION",
            help="A constituency (its alternates per party, in list order) or a session's id "
            "(who sat for whom in it).",
            show_default=False,
        ),
    ],
    as_json: JsonOption = False,
    federation: FederationOption = None,
    actor: ActorOption = None,
    db_option: DbOption = None,
) -> None:
    """A constituency's alternates in list order, or the alternates seated in a session."""
    from soviet.domain.ids import parse_id
    from soviet.services import alternates as service
    from soviet.services.bootstrap import open_database

    with open_database(db_url(ctx, db_option)) as db:
        if _SESSION_ID.fullmatch(where.strip()):
            seated = service.session_alternates(
                db, parse_id(where, "session"), federation=federation, actor=reading(actor)
            )
            if as_json:
                echo_view(seated)
                return
            table = Grid("delegate", "alternate", "fraction", "seated", "unseated", "why")
            for s in seated.seatings:
                table.add_row(
                    s.delegate, s.alternate, s.fraction or "", s.seated_at,
                    s.unseated_at or "", s.reason or "",
                )  # fmt: skip
            console.print(table)
            return
        found = service.constituency_alternates(
            db, where, federation=federation, actor=reading(actor)
        )
    if as_json:
        echo_view(found)
        return
    table = Grid("party", "delegates", "alternates (in list order)")
    for party in found.parties:
        table.add_row(party.party, ", ".join(party.delegates), ", ".join(party.alternates))
    console.print(table)


@alternate_app.command("seat")
def seat_command(
    ctx: typer.Context,
    session: SessionArgument,
    delegate: ForOption,
    alternate: Annotated[
        str | None,
        typer.Option(
            "--alternate",
            help="The alternate to seat (default: the first free on the party's list).",
            show_default=False,
        ),
    ] = None,
    at: AtOption = None,
    federation: FederationOption = None,
    actor: ActorOption = None,
    db_option: DbOption = None,
) -> None:
    """The fraction seats an alternate on an absent delegate's mandate for the session."""
    from soviet.domain.ids import format_id
    from soviet.services import alternates as service
    from soviet.services.bootstrap import open_database

    seated_at = moment(at, "--at")
    with open_database(db_url(ctx, db_option)) as db:
        seated = service.seat_alternate(
            db,
            session,
            delegate,
            alternate=alternate,
            federation=federation,
            actor=acting(actor),
            at=seated_at,
        )
    console.print(
        f"'{seated.alternate}' sits for '{delegate}' in session {format_id(session)}; "
        f"receipt {seated.entry.hash}"
    )


@alternate_app.command("unseat")
def unseat_command(
    ctx: typer.Context,
    session: SessionArgument,
    delegate: ForOption,
    at: AtOption = None,
    federation: FederationOption = None,
    actor: ActorOption = None,
    db_option: DbOption = None,
) -> None:
    """The fraction unseats the alternate sitting for a delegate in the session."""
    from soviet.domain.ids import format_id
    from soviet.services import alternates as service
    from soviet.services.bootstrap import open_database

    unseated_at = moment(at, "--at")
    with open_database(db_url(ctx, db_option)) as db:
        done = service.unseat_alternate(
            db, session, delegate, federation=federation, actor=acting(actor), at=unseated_at
        )
    console.print(
        f"'{done.alternate}' no longer sits for '{delegate}' in session {format_id(session)}; "
        f"receipt {done.entry.hash}"
    )
