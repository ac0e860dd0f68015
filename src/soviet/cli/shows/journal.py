"""`soviet journal page`: a page of the journal, oldest first."""

from __future__ import annotations

import typer

from soviet.cli.app import ActorOption, DbOption, JsonOption, db_url, operating
from soviet.cli.console import output_console
from soviet.cli.journal import journal_app, render_entries
from soviet.cli.views import DEFAULT, CursorOption, LimitOption, echo_view, more_line

console = output_console()


@journal_app.command("page")
def show_journal_page(
    ctx: typer.Context,
    cursor: CursorOption = None,
    limit: LimitOption = DEFAULT,
    as_json: JsonOption = False,
    actor: ActorOption = None,
    db_option: DbOption = None,
) -> None:
    """A page of the journal, oldest first: from the first entry, or after --cursor."""
    from soviet.domain.journal import Entry, canonical_json
    from soviet.services.bootstrap import open_database
    from soviet.services.reads import journal_page

    with open_database(db_url(ctx, db_option)) as db:
        shown = journal_page(db, cursor=cursor, limit=limit, actor=operating(actor))
        title = f"journal of {db.target.display}"
    if as_json:
        echo_view(shown)
        return
    entries = [
        Entry(e.seq, e.recorded_at, e.actor, e.kind, canonical_json(e.payload), e.prev_hash, e.hash)
        for e in shown.items
    ]
    console.print(render_entries(entries, title), soft_wrap=False)
    more = more_line(shown, "entries")
    if more is not None:
        console.print(more)
