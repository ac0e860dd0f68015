"""`soviet session minutes ID`: the minutes of a plenary session, made from the journal
alone, as Markdown or as a printable HTML page, printed or written to a file."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from soviet.cli.app import (
    ActorOption,
    DbOption,
    FederationOption,
    JsonOption,
    db_url,
    error_console,
    reading,
)
from soviet.cli.sessions import SessionArgument, session_app
from soviet.cli.views import echo_view
from soviet.errors import InvalidInput

FORMATS = ("markdown", "html")


def write_output(path: Path, text: str, field: str = "--output") -> None:
    """Write `text` to `path`; a file that cannot be written is refused, naming `field`."""
    try:
        path.write_text(text, encoding="utf-8")
    except OSError as error:
        reason = error.strerror or type(error).__name__
        raise InvalidInput(f"{field}: cannot write {str(path)!r}: {reason}") from None


@session_app.command("minutes")
def minutes_command(
    ctx: typer.Context,
    session: SessionArgument,
    form: Annotated[
        str, typer.Option("--format", help="markdown, or html (a standalone printable page).")
    ] = "markdown",
    output: Annotated[
        Path | None,
        typer.Option(
            "--output",
            help="Write the minutes (with --json: their read model) here (default: print).",
            show_default=False,
        ),
    ] = None,
    as_json: JsonOption = False,
    federation: FederationOption = None,
    actor: ActorOption = None,
    db_option: DbOption = None,
) -> None:
    """The minutes of a session from its journal entries: attendance with walk-outs and
    returns, the agenda as convened and amended, speakers, motions and amendments with
    their texts, every vote (roll calls by name, secret ones by count), resolutions, close."""
    import json

    from soviet.domain import minutes_text
    from soviet.domain.views import to_json
    from soviet.services.bootstrap import open_database
    from soviet.services.minutes import minutes_of

    if form not in FORMATS:
        raise InvalidInput(f"--format: must be one of {', '.join(FORMATS)}, got {form!r}")
    with open_database(db_url(ctx, db_option)) as db:
        found = minutes_of(db, session, federation=federation, actor=reading(actor))
    if as_json and output is None:
        echo_view(found)
        return
    if as_json:
        text = json.dumps(to_json(found), ensure_ascii=False, indent=2) + "\n"
    elif form == "html":
        text = minutes_text.page(found)
    else:
        text = minutes_text.markdown(found)
    if output is None:
        typer.echo(text, nl=False)
        return
    write_output(output, text)
    error_console().print(f"minutes of session {found.session} written to {output}")
