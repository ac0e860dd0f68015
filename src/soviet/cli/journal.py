"""`soviet init`, `soviet verify` and `soviet journal tail`."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console, Group
from rich.text import Text

from soviet.cli.app import DbOption, JsonOption, app, db_url
from soviet.cli.progress import progress_bar
from soviet.cli.views import echo_view
from soviet.domain.journal import Entry
from soviet.domain.views.journal import journal_entry
from soviet.errors import IntegrityError
from soviet.services import journal as journal_service
from soviet.services.bootstrap import open_database

console = Console(highlight=False, soft_wrap=True)

#: How much of a payload the table view shows (an election's can run to megabytes).
PAYLOAD_SHOWN = 300

journal_app = typer.Typer(help="Read the journal: the hash-chained record of every act.")
app.add_typer(journal_app, name="journal")


@app.command()
def init(ctx: typer.Context, db_option: DbOption = None) -> None:
    """Create the database, or bring it to the newest schema (safe to run again)."""
    with open_database(db_url(ctx, db_option)) as db:
        result = journal_service.initialise(db)
        if result.changed:
            done = "Initialised" if result.before is None else f"Upgraded from {result.before}"
            console.print(
                f"{done} {db.target.display} to schema revision {result.after}; "
                f"journal head {result.head.seq} {result.head.hash}"
            )
        else:
            console.print(
                f"{db.target.display} is already at schema revision {result.after}; nothing changed"
            )


@app.command()
def verify(
    ctx: typer.Context,
    db_option: DbOption = None,
    witness: Annotated[
        Path | None,
        typer.Option(
            help="File remembering the head of the last successful verify, so that entries "
            "cut off the end are noticed. Default: one per database in the user's state folder.",
            show_default=False,
        ),
    ] = None,
    use_witness: Annotated[
        bool,
        typer.Option(
            "--use-witness/--no-witness",
            help="Check against and update the remembered head.",
        ),
    ] = True,
) -> None:
    """Walk the whole journal and check every hash and link; name the first bad entry."""
    with open_database(db_url(ctx, db_option)) as db:
        path = (witness or journal_service.default_witness(db)) if use_witness else None
        with progress_bar("rebuilding projections from the journal") as advance:
            report = journal_service.verify(db, witness=path, progress=advance)
        if report.problem is not None:
            raise IntegrityError(
                f"journal of {db.target.display} is broken at {report.problem} "
                f"({report.count} entries before it are intact)"
            )
        if report.differences:
            more = len(report.differences) - 1
            raise IntegrityError(
                f"projections of {db.target.display} differ from the journal: "
                f"{report.differences[0]}" + (f" (and {more} more tables)" if more else "")
            )
        console.print(f"OK: {report.count} entries, head {report.head.hash}")


def render_entries(entries: list[Entry], title: str) -> Group:
    """The entries, a line each with the payload indented below (`--json` has them whole)."""
    lines: list[Text] = [Text(title, style="bold")]
    width = len(str(entries[-1].seq)) if entries else 1
    for entry in entries:
        line = Text(f"{entry.seq:>{width}}  ", style="bold")
        line.append(entry.recorded_at[:19].replace("T", " ") + "  ")
        line.append(entry.kind, style="cyan")
        line.append(f"  by {entry.actor}  ")
        line.append(entry.hash[:16], style="dim")
        lines.append(line)
        payload = entry.payload
        if len(payload) > PAYLOAD_SHOWN:
            payload = (
                f"{payload[:PAYLOAD_SHOWN]}… ({len(entry.payload):,} characters; --json has all)"
            )
        lines.append(Text(" " * (width + 2) + payload, style="dim", overflow="fold"))
    return Group(*lines)


@journal_app.command("tail")
def journal_tail(
    ctx: typer.Context,
    db_option: DbOption = None,
    count: Annotated[int, typer.Option("-n", "--count", help="How many entries to show.")] = 10,
    as_json: JsonOption = False,
) -> None:
    """Show the last entries of the journal, oldest first."""
    with open_database(db_url(ctx, db_option)) as db:
        entries = journal_service.tail(db, count)
        if as_json:
            echo_view([journal_entry(e) for e in entries])
            return
        console.print(render_entries(entries, f"journal of {db.target.display}"), soft_wrap=False)
