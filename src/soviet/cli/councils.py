"""`soviet delegate` and `soviet council show`: mandates that end, and who sits; the recall
of a delegate is `soviet recall` (soviet.cli.recalls)."""

from __future__ import annotations

from enum import StrEnum
from typing import TYPE_CHECKING, Annotated

import typer

from soviet.cli.app import (
    ActorOption,
    AsOfOption,
    CouncilArgument,
    DbOption,
    DelegateArgument,
    FederationOption,
    JsonOption,
    acting,
    app,
    db_url,
    reading,
)
from soviet.cli.console import output_console
from soviet.cli.grid import Grid
from soviet.cli.rows import at_option, moment
from soviet.cli.views import echo_view

if TYPE_CHECKING:
    from rich.console import Group
    from rich.table import Table

    from soviet.services.composition import Composition


console = output_console()

delegate_app = typer.Typer(
    help="Delegates replaced by their party, resigned, or dead.", no_args_is_help=True
)
council_app = typer.Typer(help="Councils and who sits in them.", no_args_is_help=True)
app.add_typer(delegate_app, name="delegate")
app.add_typer(council_app, name="council")


class Cause(StrEnum):
    """Why a delegate leaves her seat of her own accord, or by fate."""

    resignation = "resignation"
    death = "death"


@delegate_app.command("replace")
def replace(
    ctx: typer.Context,
    council: CouncilArgument,
    person: DelegateArgument,
    by: Annotated[str, typer.Option("--by", help="The party member who takes the seat.")],
    at: Annotated[str | None, at_option("the party replaced her")] = None,
    federation: FederationOption = None,
    actor: ActorOption = None,
    db_option: DbOption = None,
) -> None:
    """The party's central committee replaces its delegate by another party member."""
    from soviet.services.bootstrap import open_database
    from soviet.services.mandates import replace_delegate

    replaced_at = moment(at, "--at")
    with open_database(db_url(ctx, db_option)) as db:
        entry = replace_delegate(
            db,
            council,
            person,
            by,
            federation=federation,
            actor=acting(actor),
            replaced_at=replaced_at,
        )
    console.print(f"{by} replaces {person} in '{council}'")
    console.print(f"receipt {entry.hash}")


@delegate_app.command("resign")
def resign(
    ctx: typer.Context,
    council: CouncilArgument,
    person: DelegateArgument,
    cause: Annotated[
        Cause, typer.Option(help="Why the mandate ends: resignation or death.")
    ] = Cause.resignation,
    at: Annotated[str | None, at_option("the mandate ended")] = None,
    federation: FederationOption = None,
    actor: ActorOption = None,
    db_option: DbOption = None,
) -> None:
    """End a delegate's mandate; the next candidate on her party's list takes the seat."""
    from soviet.services.bootstrap import open_database
    from soviet.services.mandates import end_mandate

    ended_at = moment(at, "--at")
    with open_database(db_url(ctx, db_option)) as db:
        entry = end_mandate(
            db,
            council,
            person,
            cause=cause.value,
            federation=federation,
            actor=acting(actor),
            ended_at=ended_at,
        )
    console.print(f"mandate of {person} in '{council}' ended by {cause.value}")
    console.print(f"receipt {entry.hash}")


#: The longest bar of the fractions: a council of more seats has its bars drawn to scale.
BAR_BLOCKS = 50


def fractions_bar(shown: Composition) -> Table:
    """Seats per party as a bar of one block per seat, or to scale when the largest
    fraction has more than BAR_BLOCKS seats (a fraction with a seat keeps a block)."""
    from rich.table import Table

    table = Table(show_header=False, box=None, pad_edge=False)
    table.add_column("party")
    table.add_column("seats", justify="right")
    table.add_column("bar")
    largest = max(shown.fractions.values(), default=0)
    for party, seats in shown.fractions.items():
        blocks = seats if largest <= BAR_BLOCKS else max(1, round(seats * BAR_BLOCKS / largest))
        table.add_row(party, str(seats), "█" * blocks)
    if largest > BAR_BLOCKS:
        table.caption = f"bars to scale: {BAR_BLOCKS} blocks for {largest} seats"
        table.caption_justify = "left"
    return table


def members_table(shown: Composition) -> Grid:
    table = Grid(title="members")
    for column in ("person", "party", "constituency", "seat", "since"):
        table.add_column(column, justify="right" if column == "seat" else "left")
    for m in shown.members:
        table.add_row(m.person, m.party, m.constituency, str(m.seat), m.since)
    return table


def render(shown: Composition) -> Group:
    """The composition as text: seats, filled, majority, fractions and members."""
    from rich.console import Group
    from rich.text import Text

    head = Text(f"{shown.council} as of {shown.as_of}", style="bold")
    summary = Text(
        f"seats {shown.seats}, filled {shown.filled}, majority {shown.majority or 'none'}"
        if shown.is_convened
        else f"seats {shown.seats}, not convened yet"
    )
    return Group(head, summary, fractions_bar(shown), members_table(shown))


@council_app.command("show")
def show(
    ctx: typer.Context,
    council: Annotated[str, typer.Argument(help="The council's slug.", show_default=False)],
    as_of: AsOfOption = None,
    section: Annotated[
        str | None,
        typer.Option(
            help="Show one section of the council (its delegates of some constituency kinds).",
            show_default=False,
        ),
    ] = None,
    as_json: JsonOption = False,
    federation: FederationOption = None,
    actor: ActorOption = None,
    db_option: DbOption = None,
) -> None:
    """Show who sits in a council at a moment: seats, fractions, majority, members."""
    from soviet.services.bootstrap import open_database
    from soviet.services.composition import composition

    moment_of = moment(as_of, "--as-of", end_of_day=True)
    with open_database(db_url(ctx, db_option)) as db:
        shown = composition(
            db,
            council,
            as_of=moment_of,
            section=section,
            federation=federation,
            actor=reading(actor),
        )
    if as_json:
        echo_view(shown)
        return
    console.print(render(shown))
