"""`soviet person show` and `soviet party show`."""

from __future__ import annotations

import typer

from soviet.cli.app import (
    ActorOption,
    AsOfOption,
    DbOption,
    FederationOption,
    JsonOption,
    db_url,
    reading,
)
from soviet.cli.console import output_console
from soviet.cli.grid import Grid
from soviet.cli.parties import PartyArgument, party_app, person_app
from soviet.cli.rows import moment
from soviet.cli.shows import SlugArgument
from soviet.cli.views import DEFAULT, CursorOption, LimitOption, echo_view, print_page

console = output_console()


@person_app.command("show")
def show_person(
    ctx: typer.Context,
    slug: SlugArgument,
    as_of: AsOfOption = None,
    cursor: CursorOption = None,
    limit: LimitOption = DEFAULT,
    as_json: JsonOption = False,
    federation: FederationOption = None,
    actor: ActorOption = None,
    db_option: DbOption = None,
) -> None:
    """A person: her parties, the constituencies that elected her, and a page of her
    mandates, past and present (--cursor, --limit)."""
    from soviet.services.bootstrap import open_database
    from soviet.services.reads import person_view

    when = moment(as_of, "--as-of", end_of_day=True)
    with open_database(db_url(ctx, db_option)) as db:
        shown = person_view(
            db,
            slug,
            as_of=when,
            federation=federation,
            cursor=cursor,
            limit=limit,
            actor=reading(actor),
        )
    if as_json:
        echo_view(shown)
        return
    parties = ", ".join(f"{m.party} (since {m.since[:10]})" for m in shown.parties) or "none"
    console.print(f"{shown.name} ({shown.person})", style="bold")
    console.print(f"parties: {parties}")
    console.print(f"constituencies: {', '.join(shown.constituencies) or 'none'}")
    table = Grid("council", "constituency", "seat", "party", "since", "until", "ended by")
    for m in shown.mandates.items:
        table.add_row(
            m.council,
            m.constituency or "",
            str(m.seat),
            m.party or "",
            m.since,
            m.until or ("held" if m.is_held else ""),
            m.end_cause or "",
        )
    print_page(console, table, shown.mandates, "mandates")


@party_app.command("show")
def show_party(
    ctx: typer.Context,
    party: PartyArgument,
    as_of: AsOfOption = None,
    as_json: JsonOption = False,
    federation: FederationOption = None,
    actor: ActorOption = None,
    db_option: DbOption = None,
) -> None:
    """A party: its programme, members, seats per council, and candidate lists."""
    from soviet.services.bootstrap import open_database
    from soviet.services.reads import party_view

    when = moment(as_of, "--as-of", end_of_day=True)
    with open_database(db_url(ctx, db_option)) as db:
        shown = party_view(db, party, as_of=when, federation=federation, actor=reading(actor))
    if as_json:
        echo_view(shown)
        return
    console.print(f"{shown.name} ({shown.party}): {shown.members} members", style="bold")
    console.print(shown.programme)
    seats = Grid("council", "seats", title=f"seats as of {shown.as_of}")
    for council, count in shown.seats.items():
        seats.add_row(council, str(count))
    console.print(seats)
    lists = Grid("council", "constituency", "candidates", title="candidate lists")
    for listed in shown.lists:
        lists.add_row(listed.council, listed.constituency or "", str(len(listed.candidates)))
    console.print(lists)
