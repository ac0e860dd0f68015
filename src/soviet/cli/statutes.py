"""`soviet apply`: found a federation by its statute, or amend it."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from soviet.cli.app import ActorOption, DbOption, app, db_url, operating
from soviet.cli.console import output_console
from soviet.cli.rows import moment

console = output_console()


@app.command("apply")
def apply_command(
    ctx: typer.Context,
    file: Annotated[Path, typer.Argument(help="The statute, a YAML file.", show_default=False)],
    dry_run: Annotated[
        bool, typer.Option("--dry-run", help="Show what would change, and change nothing.")
    ] = False,
    effective: Annotated[
        str | None,
        typer.Option(
            help="When the statute takes effect: an ISO date or date-time (default: now).",
            show_default=False,
        ),
    ] = None,
    new_federation: Annotated[
        bool,
        typer.Option(
            "--new-federation",
            help="Found another federation in a database that already holds one.",
        ),
    ] = False,
    actor: ActorOption = None,
    db_option: DbOption = None,
) -> None:
    """Apply a statute: found its federation, or amend its rules from a date on."""
    from rich.markup import escape

    from soviet.services.bootstrap import open_database
    from soviet.services.statutes import apply_statute, read_statute_file

    document = read_statute_file(file)
    at = moment(effective, "--effective")
    with open_database(db_url(ctx, db_option)) as db:
        change = apply_statute(
            db,
            document,
            actor=operating(actor),
            only_found=actor is None,
            is_another_federation=new_federation,
            effective_at=at,
            dry_run=dry_run,
        )
    if not change.changes:
        console.print(f"statute of '{change.federation}' is unchanged; nothing applied")
        return
    verb = "would become" if dry_run else "is now"
    console.print(
        f"statute of '{change.federation}' {verb} version {change.version}, "
        f"in force from {change.effective_at}:"
    )
    for line in change.changes:
        console.print(f"  {escape(line)}")
    if change.receipt is not None:
        console.print(f"receipt {change.receipt}")
