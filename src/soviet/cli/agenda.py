"""`soviet agenda`: the agenda of a session: its items in order with the current one and
their motions; the chair calling the next item (or a named one) and attaching motions;
motions of order that add, remove or move an item, applied when the plenary adopts them."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

import typer

from soviet.cli.app import (
    ActorOption,
    DbOption,
    FederationOption,
    JsonOption,
    acting,
    app,
    bounded,
    db_url,
    reading,
)
from soviet.cli.console import output_console
from soviet.cli.grid import Grid
from soviet.cli.ids import id_parser
from soviet.cli.rows import at_option, moment
from soviet.cli.views import echo_view
from soviet.domain.vocabulary import ITEMS_MAX
from soviet.errors import InvalidInput

if TYPE_CHECKING:
    from soviet.domain.agenda import Change
    from soviet.domain.views.agenda import AgendaView

console = output_console()

agenda_app = typer.Typer(
    help="The agenda of a session: items in order, the current item, motions attached; "
    "amended by the plenary through motions of order.",
    no_args_is_help=True,
)
app.add_typer(agenda_app, name="agenda")

SessionArgument = Annotated[
    int,
    typer.Argument(help="The session's id.", show_default=False, parser=id_parser("session")),
]
ItemArgument = Annotated[
    int,
    typer.Argument(
        help="The item's number.",
        show_default=False,
        callback=bounded("item", minimum=1, maximum=ITEMS_MAX),
    ),
]
PositionOption = Annotated[
    int | None,
    typer.Option(
        "--position",
        help="Its place in the order, from 1.",
        show_default=False,
        callback=bounded("--position", minimum=1, maximum=ITEMS_MAX),
    ),
]
SlugOption = Annotated[str, typer.Option("--motion", help="The slug of the motion of order moved.")]
DelegateOption = Annotated[
    str | None, typer.Option("--by-delegate", help="A delegate moves it.", show_default=False)
]
FractionOption = Annotated[
    str | None,
    typer.Option("--by-fraction", help="A fraction (party) moves it.", show_default=False),
]
AtOption = Annotated[str | None, at_option("it happened")]


def _mover(delegate: str | None, fraction: str | None) -> tuple[str, str]:
    if (delegate is None) == (fraction is None):
        raise InvalidInput("--by-delegate, --by-fraction: give exactly one mover")
    return ("delegate", delegate) if delegate is not None else ("fraction", str(fraction))


def render(shown: AgendaView) -> Grid:
    """The agenda as a table, the current item marked."""
    table = Grid("", "item", "title", "motions", title=f"agenda of session {shown.session}")
    for item in shown.items:
        mark = "▶" if item.is_current else f"{item.position}."
        table.add_row(mark, str(item.number), item.title, ", ".join(item.motions))
    return table


@agenda_app.command("show")
def show_command(
    ctx: typer.Context,
    session: SessionArgument,
    as_json: JsonOption = False,
    federation: FederationOption = None,
    actor: ActorOption = None,
    db_option: DbOption = None,
) -> None:
    """The agenda: items in order, the current one marked, with their motions."""
    from soviet.services import agenda as service
    from soviet.services.bootstrap import open_database

    with open_database(db_url(ctx, db_option)) as db:
        shown = service.agenda_view(db, session, federation=federation, actor=reading(actor))
    if as_json:
        echo_view(shown)
        return
    console.print(render(shown))


@agenda_app.command("next")
def next_command(
    ctx: typer.Context,
    session: SessionArgument,
    item: Annotated[
        int | None,
        typer.Option(
            "--item",
            help="Call this item instead of the next one.",
            show_default=False,
            callback=bounded("item", minimum=1, maximum=ITEMS_MAX),
        ),
    ] = None,
    at: AtOption = None,
    federation: FederationOption = None,
    actor: ActorOption = None,
    db_option: DbOption = None,
) -> None:
    """The chair moves the session to the next item of its agenda (or to --item)."""
    from soviet.domain.ids import format_id
    from soviet.services import agenda as service
    from soviet.services.bootstrap import open_database

    called_at = moment(at, "--at")
    with open_database(db_url(ctx, db_option)) as db:
        called = service.call_item(
            db, session, item=item, federation=federation, actor=acting(actor), at=called_at
        )
    console.print(f"session {format_id(session)} is at item {called.number}: {called.title}")


@agenda_app.command("attach")
def attach_command(
    ctx: typer.Context,
    motion: Annotated[str, typer.Argument(help="The motion, as COUNCIL/MOTION.")],
    item: ItemArgument,
    at: AtOption = None,
    federation: FederationOption = None,
    actor: ActorOption = None,
    db_option: DbOption = None,
) -> None:
    """The chair attaches a motion to an item of its session's agenda."""
    from soviet.services import agenda as service
    from soviet.services.bootstrap import open_database

    attached_at = moment(at, "--at")
    with open_database(db_url(ctx, db_option)) as db:
        entry = service.attach_motion(
            db, motion, item, federation=federation, actor=acting(actor), at=attached_at
        )
    console.print(f"'{motion}' is attached to item {item}; receipt {entry.hash}")


def _order(
    ctx: typer.Context,
    session: int,
    change: Change,
    *,
    slug: str,
    mover: tuple[str, str],
    options: tuple[str | None, str | None, str | None, str | None],
) -> None:
    from soviet.domain.ids import format_id
    from soviet.services import agenda as service
    from soviet.services.bootstrap import open_database

    at, federation, actor, db_option = options
    moved_at = moment(at, "--at")
    with open_database(db_url(ctx, db_option)) as db:
        motion = service.move_order(
            db,
            session,
            change,
            slug=slug,
            mover_kind=mover[0],
            mover=mover[1],
            federation=federation,
            actor=acting(actor),
            moved_at=moved_at,
        )
    console.print(
        f"motion of order '{slug}' ({format_id(motion)}) moved in session "
        f"{format_id(session)}: it applies when the plenary adopts it"
    )


@agenda_app.command("add")
def add_command(
    ctx: typer.Context,
    session: SessionArgument,
    title: Annotated[str, typer.Argument(help="The new item's title.")],
    slug: SlugOption,
    position: PositionOption = None,
    by_delegate: DelegateOption = None,
    by_fraction: FractionOption = None,
    at: AtOption = None,
    federation: FederationOption = None,
    actor: ActorOption = None,
    db_option: DbOption = None,
) -> None:
    """Move a motion of order adding an item (at --position, else at the end)."""
    from soviet.domain.agenda import Change

    _order(
        ctx,
        session,
        Change("add", title=title, position=position),
        slug=slug,
        mover=_mover(by_delegate, by_fraction),
        options=(at, federation, actor, db_option),
    )


@agenda_app.command("remove")
def remove_command(
    ctx: typer.Context,
    session: SessionArgument,
    item: ItemArgument,
    slug: SlugOption,
    by_delegate: DelegateOption = None,
    by_fraction: FractionOption = None,
    at: AtOption = None,
    federation: FederationOption = None,
    actor: ActorOption = None,
    db_option: DbOption = None,
) -> None:
    """Move a motion of order removing an item."""
    from soviet.domain.agenda import Change

    _order(
        ctx,
        session,
        Change("remove", item=item),
        slug=slug,
        mover=_mover(by_delegate, by_fraction),
        options=(at, federation, actor, db_option),
    )


@agenda_app.command("move")
def move_command(
    ctx: typer.Context,
    session: SessionArgument,
    item: ItemArgument,
    position: Annotated[
        int,
        typer.Option(
            "--position",
            help="Its new place in the order, from 1.",
            show_default=False,
            callback=bounded("--position", minimum=1, maximum=ITEMS_MAX),
        ),
    ],
    slug: SlugOption,
    by_delegate: DelegateOption = None,
    by_fraction: FractionOption = None,
    at: AtOption = None,
    federation: FederationOption = None,
    actor: ActorOption = None,
    db_option: DbOption = None,
) -> None:
    """Move a motion of order moving an item to another place in the order."""
    from soviet.domain.agenda import Change

    _order(
        ctx,
        session,
        Change("move", item=item, position=position),
        slug=slug,
        mover=_mover(by_delegate, by_fraction),
        options=(at, federation, actor, db_option),
    )
