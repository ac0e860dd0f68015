"""`soviet demo`: the main job."""

from __future__ import annotations

import typer
from rich.console import Console

from soviet.cli.app import DbOption, app, db_url
from soviet.cli.journal import render_entries
from soviet.services import journal as journal_service
from soviet.services.bootstrap import open_database

console = Console(highlight=False, soft_wrap=True)


@app.command()
def demo(ctx: typer.Context, db_option: DbOption = None) -> None:
    """Initialise the database if needed and show its journal.

    The replay of the Petrograd 1917 reference scenario will be loaded here once the
    council system exists; today the command prepares the database and shows its head.
    """
    with open_database(db_url(ctx, db_option)) as db:
        result = journal_service.initialise(db)
        state = "initialised" if result.changed else "already initialised"
        console.print(f"[bold]soviet[/] database {db.target.display} ({state})")
        entries = render_entries(journal_service.tail(db, 10), "journal (last 10 entries)")
        console.print(entries, soft_wrap=False)
        report = journal_service.verify(db, witness=None)
        console.print(
            f"verify: {'OK' if report.is_intact else report.problem}, head {report.head.hash}"
        )
