"""`soviet account`: the operator's commands for the accounts that use the HTTP API.

A password is never an argument (it would stay in the shell's history and the process
list): it is asked for at a prompt, or read from the first line of a file.
"""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path
from typing import Annotated

import typer

from soviet.cli.app import DbOption, app, bounded, db_url
from soviet.cli.console import output_console
from soviet.domain.identity import SYSTEM
from soviet.errors import InvalidInput, Problem
from soviet.services import accounts
from soviet.services.bootstrap import open_database
from soviet.services.journal import utc_now

console = output_console()
account_app = typer.Typer(
    help="Accounts of the HTTP API (the operator's): create them and issue their tokens.",
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
    """The password from the first line of `path`, or asked for twice at a prompt."""
    if path is None:
        answer: str = typer.prompt("Password", hide_input=True, confirmation_prompt=True)
        return answer
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        reason = f"cannot be read ({type(error).__name__})"
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
    db_option: DbOption = None,
) -> None:
    """Create an account with a password (asked for, or read from --password-file)."""
    password = read_password(password_file)
    with open_database(db_url(ctx, db_option)) as db:
        accounts.create_account(db, name, password, actor=SYSTEM)
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
            callback=bounded("--expires", minimum=1, maximum=accounts.TOKEN_DAYS_MAX),
        ),
    ] = 90,
    db_option: DbOption = None,
) -> None:
    """Issue a bearer token for an account and print it, this once: it is stored hashed."""
    expires_at = utc_now() + timedelta(days=expires)
    with open_database(db_url(ctx, db_option)) as db:
        issued = accounts.issue_token(db, name, token_name, scope, expires_at, actor=SYSTEM)
    typer.echo(issued)
