"""`soviet account`: the operator's commands for the accounts that use the HTTP API.

A password is never an argument (it would stay in the shell's history and the process
list): it is asked for at a prompt, or read from the first line of a file.
"""

from __future__ import annotations

import dataclasses
import sys
from datetime import timedelta
from pathlib import Path
from typing import Annotated

import typer

from soviet.cli.app import (
    ActorOption,
    DbOption,
    FederationOption,
    JsonOption,
    app,
    bounded,
    db_url,
    echo_json,
    error_console,
    operating,
)
from soviet.cli.console import output_console
from soviet.cli.grid import Grid
from soviet.domain import limits
from soviet.errors import InvalidInput, Problem

console = output_console()
account_app = typer.Typer(
    help="Accounts of the HTTP API (the operator's): create, list, disable, reset, "
    "issue tokens, invite a constituency's members.",
    no_args_is_help=True,
)
app.add_typer(account_app, name="account")

NameArgument = Annotated[str, typer.Argument(help="The account's name.", show_default=False)]
PasswordFileOption = Annotated[
    Path | None,
    typer.Option(
        "--password-file",
        help="Read the password from the first line of this file (default: ask for it).",
        show_default=False,
    ),
]


def read_password(path: Path | None) -> str:
    """The password from the first line of `path`; else asked for twice at a terminal, or
    read from the first line of standard input when it is not one (a pipe)."""
    if path is None:
        if sys.stdin is not None and sys.stdin.isatty():
            answer: str = typer.prompt("Password", hide_input=True, confirmation_prompt=True)
            return answer
        try:
            line = sys.stdin.readline() if sys.stdin is not None else ""
        except (OSError, UnicodeDecodeError):
            line = ""
        if not line:
            reason = "none given: type it at a terminal, pipe it, or use --password-file"
            raise InvalidInput(f"password: {reason}", problems=[Problem("password", reason)])
        return line.rstrip("\r\n")
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as error:
        reason = f"cannot be read: {error.strerror}"
        raise InvalidInput(
            f"--password-file: {reason}", problems=[Problem("--password-file", reason)]
        ) from None
    except UnicodeDecodeError:
        reason = "not UTF-8 text"
        raise InvalidInput(
            f"--password-file: {reason}", problems=[Problem("--password-file", reason)]
        ) from None
    lines = text.splitlines()
    return lines[0] if lines else ""


@account_app.command("create")
def create(
    ctx: typer.Context,
    name: NameArgument,
    password_file: PasswordFileOption = None,
    actor: ActorOption = None,
    db_option: DbOption = None,
) -> None:
    """Create an account with a password (asked for, or read from --password-file)."""
    from soviet.services import accounts
    from soviet.services.bootstrap import open_database

    who = accounts.managing(operating(actor))
    accounts.check_account_name(name)
    password = read_password(password_file)
    with open_database(db_url(ctx, db_option)) as db:
        accounts.create_account(db, name, password, actor=who)
    console.print(f"account '{name.strip()}' created")


@account_app.command("token")
def token(
    ctx: typer.Context,
    name: NameArgument,
    token_name: Annotated[
        str, typer.Option("--name", help="What the token is for (a script's name).")
    ],
    scope: Annotated[
        list[str],
        typer.Option("--scope", help="read or act (repeat for both; act needs read to be useful)."),
    ],
    expires: Annotated[
        int,
        typer.Option(
            "--expires",
            help="Days until the token expires.",
            callback=bounded("--expires", minimum=1, maximum=limits.TOKEN_DAYS_MAX),
        ),
    ] = 90,
    actor: ActorOption = None,
    db_option: DbOption = None,
) -> None:
    """Issue a bearer token for an account and print it, this once: it is stored hashed."""
    from soviet.services import accounts
    from soviet.services.bootstrap import open_database
    from soviet.services.journal import utc_now

    expires_at = utc_now() + timedelta(days=expires)
    with open_database(db_url(ctx, db_option)) as db:
        issued = accounts.issue_token(
            db, name, token_name, scope, expires_at, actor=operating(actor)
        )
    typer.echo(issued)


@account_app.command("list")
def list_accounts(
    ctx: typer.Context,
    as_json: JsonOption = False,
    actor: ActorOption = None,
    db_option: DbOption = None,
) -> None:
    """List every account: its name, when it was made, and whether it is disabled."""
    from soviet.services import accounts
    from soviet.services.bootstrap import open_database

    with open_database(db_url(ctx, db_option)) as db:
        found = accounts.list_accounts(db, actor=operating(actor))
    if as_json:
        echo_json([dataclasses.asdict(account) for account in found])
        return
    table = Grid("account", "created", "disabled")
    for account in found:
        table.add_row(account.name, account.created_at, account.disabled_at or "")
    console.print(table)


@account_app.command("disable")
def disable(
    ctx: typer.Context, name: NameArgument, actor: ActorOption = None, db_option: DbOption = None
) -> None:
    """Disable an account: every session and token of it is closed at once (its open
    event streams too), and it can sign in no more."""
    from soviet.services import accounts
    from soviet.services.bootstrap import open_database

    with open_database(db_url(ctx, db_option)) as db:
        accounts.disable_account(db, name, actor=operating(actor))
    console.print(f"account '{name.strip()}' disabled; its sessions and tokens are closed")


@account_app.command("reset")
def reset(
    ctx: typer.Context,
    name: NameArgument,
    password_file: PasswordFileOption = None,
    actor: ActorOption = None,
    db_option: DbOption = None,
) -> None:
    """Give an account a new password (asked for, or read from --password-file), closing
    every session and token it had."""
    from soviet.services import accounts
    from soviet.services.bootstrap import open_database

    who = accounts.managing(operating(actor))
    accounts.check_account_name(name)
    hashed = accounts.hash_password(read_password(password_file))
    with open_database(db_url(ctx, db_option)) as db:
        accounts.reset_password(db, name, hashed, actor=who)
    console.print(
        f"account '{name.strip()}' has a new password; its sessions and tokens are closed"
    )


@account_app.command("invite")
def invite(
    ctx: typer.Context,
    constituency: Annotated[
        str, typer.Argument(help="The constituency whose members are invited.", show_default=False)
    ],
    file: Annotated[
        Path,
        typer.Argument(
            help="CSV: key,name[,birth_date,categories,account] and any contact columns.",
            show_default=False,
        ),
    ],
    output: Annotated[
        Path | None,
        typer.Option(
            "--output",
            help="Write the mail-merge CSV here (default: print it).",
            show_default=False,
        ),
    ] = None,
    days: Annotated[
        int,
        typer.Option(
            "--days",
            help="Days until the codes expire.",
            callback=bounded("--days", minimum=1, maximum=limits.INVITATION_DAYS_MAX),
        ),
    ] = limits.INVITATION_DAYS_DEFAULT,
    federation: FederationOption = None,
    actor: ActorOption = None,
    db_option: DbOption = None,
) -> None:
    """Register a constituency's members from a CSV with contact fields and print, for
    mail-merge, one invitation code per member (shown this once; no mail is sent). A
    member redeems hers (POST /api/v1/invitations/redeem) to make her account."""
    from soviet.services import invitations
    from soviet.services.bootstrap import open_database
    from soviet.services.csv_files import csv_text

    text = csv_text(file)
    with open_database(db_url(ctx, db_option)) as db:
        made = invitations.invite(
            db, constituency, text, federation=federation, days=days, actor=operating(actor)
        )
    merged = invitations.mail_merge(made)
    if output is None:
        typer.echo(merged, nl=False)
        return
    output.write_text(merged, encoding="utf-8")
    error_console().print(f"{len(made)} invitations written to {output}")
