"""`soviet desk`: the check-in desk of a council: badges (participant numbers) given to its
delegates, checking them in to and out of a session by number, and the desk's board of a
session (present and entitled by delegation and fraction, quorum, the latest check-ins
with who recorded them)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

import typer

from soviet.cli.app import (
    ActorOption,
    AsOfOption,
    CouncilArgument,
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
from soviet.cli.views import DEFAULT, CursorOption, LimitOption, echo_view, print_page
from soviet.domain.vocabulary import NUMBER_MAX, RECENT_MAX

if TYPE_CHECKING:
    from soviet.domain.views.desk import Checked, DeskBoard, Presence

console = output_console()

desk_app = typer.Typer(
    help="The check-in desk: badges of a council's delegates, check-in and check-out by "
    "number, and the desk's board of a session.",
    no_args_is_help=True,
)
app.add_typer(desk_app, name="desk")

SessionArgument = Annotated[
    int,
    typer.Argument(help="The session's id.", show_default=False, parser=id_parser("session")),
]
NumbersArgument = Annotated[
    list[int], typer.Argument(help="Badge numbers (one act for all).", show_default=False)
]
AtOption = Annotated[str | None, at_option("it happened")]


@desk_app.command("badges")
def badges_command(
    ctx: typer.Context,
    council: CouncilArgument,
    cursor: CursorOption = None,
    limit: LimitOption = DEFAULT,
    as_json: JsonOption = False,
    federation: FederationOption = None,
    actor: ActorOption = None,
    db_option: DbOption = None,
) -> None:
    """A page of a council's badges by number, with each wearer's delegation and fraction
    while she holds a mandate there."""
    from soviet.services import desk_board
    from soviet.services.bootstrap import open_database

    with open_database(db_url(ctx, db_option)) as db:
        found = desk_board.badges_view(
            db, council, federation=federation, cursor=cursor, limit=limit, actor=reading(actor)
        )
    if as_json:
        echo_view(found)
        return
    table = Grid("number", "person", "delegation", "fraction", title=f"badges of {council}")
    for line in found.items:
        seated = line.delegation or "" if line.is_seated else "(no mandate)"
        table.add_row(str(line.number), line.person, seated, line.fraction or "")
    print_page(console, table, found, "badges")


@desk_app.command("assign")
def assign_command(
    ctx: typer.Context,
    council: CouncilArgument,
    first: Annotated[
        int,
        typer.Option(
            "--from",
            help="The first number to give.",
            callback=bounded("--from", minimum=1, maximum=NUMBER_MAX),
        ),
    ] = 1,
    at: AtOption = None,
    federation: FederationOption = None,
    actor: ActorOption = None,
    db_option: DbOption = None,
) -> None:
    """Give every delegate holding a mandate in the council and wearing no badge the next
    free number (from --from), by delegation, fraction and name."""
    from soviet.services import desk as service
    from soviet.services.bootstrap import open_database

    assigned_at = moment(at, "--at")
    with open_database(db_url(ctx, db_option)) as db:
        given = service.assign_badges(
            db, council, first=first, federation=federation, actor=acting(actor), at=assigned_at
        )
    console.print(
        f"{len(given)} badges given in '{council}': numbers {given[0][0]} to {given[-1][0]}"
    )


@desk_app.command("badge")
def badge_command(
    ctx: typer.Context,
    council: CouncilArgument,
    person: Annotated[str, typer.Argument(help="The person given the badge.", show_default=False)],
    number: Annotated[
        int,
        typer.Argument(
            help="Her number (a new one replaces her old).",
            show_default=False,
            callback=bounded("number", minimum=1, maximum=NUMBER_MAX),
        ),
    ],
    at: AtOption = None,
    federation: FederationOption = None,
    actor: ActorOption = None,
    db_option: DbOption = None,
) -> None:
    """Give one person a number in the council (nobody else may wear it)."""
    from soviet.services import desk as service
    from soviet.services.bootstrap import open_database

    assigned_at = moment(at, "--at")
    with open_database(db_url(ctx, db_option)) as db:
        service.assign_badge(
            db, council, person, number, federation=federation, actor=acting(actor), at=assigned_at
        )
    console.print(f"{person} wears number {number} in '{council}'")


def _print_checked(checked: Checked, as_json: bool) -> None:
    if as_json:
        echo_view(checked)
        return
    way = "in to" if checked.change == "in" else "out of"
    names = ", ".join(f"{number} {person}" for number, person in checked.delegates)
    console.print(
        f"checked {way} session {checked.session}: {names}; entry {checked.entry}, "
        f"receipt {checked.hash}"
    )


@desk_app.command("check-in")
def check_in_command(
    ctx: typer.Context,
    session: SessionArgument,
    numbers: NumbersArgument,
    at: AtOption = None,
    as_json: JsonOption = False,
    federation: FederationOption = None,
    actor: ActorOption = None,
    db_option: DbOption = None,
) -> None:
    """Check delegates in to a session by their badge numbers, all or none."""
    from soviet.services import desk as service
    from soviet.services.bootstrap import open_database

    checked_at = moment(at, "--at")
    with open_database(db_url(ctx, db_option)) as db:
        checked = service.check_in_badges(
            db, session, numbers, federation=federation, actor=acting(actor), at=checked_at
        )
    _print_checked(checked, as_json)


@desk_app.command("check-out")
def check_out_command(
    ctx: typer.Context,
    session: SessionArgument,
    numbers: NumbersArgument,
    at: AtOption = None,
    as_json: JsonOption = False,
    federation: FederationOption = None,
    actor: ActorOption = None,
    db_option: DbOption = None,
) -> None:
    """Check delegates out of a session by their badge numbers, all or none."""
    from soviet.services import desk as service
    from soviet.services.bootstrap import open_database

    checked_at = moment(at, "--at")
    with open_database(db_url(ctx, db_option)) as db:
        checked = service.check_out_badges(
            db, session, numbers, federation=federation, actor=acting(actor), at=checked_at
        )
    _print_checked(checked, as_json)


def _presence(title: str, lines: tuple[Presence, ...]) -> Grid:
    table = Grid(title, "present", "entitled")
    for line in lines:
        table.add_row(line.name or "(none)", str(line.present), str(line.entitled))
    return table


def render(board: DeskBoard) -> list[Grid | str]:
    """The board as a head line, two tables of presence and the latest changes."""
    quorum = board.quorum
    state = "quorate" if quorum.is_quorate else "not quorate"
    where = board.council + (f", section {board.section}" if board.section else "")
    closed = f", closed at {board.closed_at}" if board.closed_at else ""
    head = (
        f"session {board.session} ({where}) at {board.as_of}{closed}: {board.present} present "
        f"of {board.entitled} entitled, {board.consultative} consultative; quorum "
        f"{quorum.present} of {quorum.needed} needed ({quorum.seats} seats): {state}"
    )
    recent = Grid("entry", "number", "person", "fraction", "change", "at", "by", title="latest")
    for line in board.recent:
        number = "" if line.number is None else str(line.number)
        recent.add_row(
            str(line.entry), number, line.person, line.fraction or "", line.change, line.at, line.by
        )
    return [
        head,
        _presence("delegation", board.delegations),
        _presence("fraction", board.fractions),
        recent,
    ]


@desk_app.command("show")
def show_command(
    ctx: typer.Context,
    session: SessionArgument,
    as_of: AsOfOption = None,
    recent: Annotated[
        int,
        typer.Option(
            "--recent",
            help="How many of the latest changes of attendance to show.",
            callback=bounded("--recent", minimum=0, maximum=RECENT_MAX),
        ),
    ] = 20,
    as_json: JsonOption = False,
    federation: FederationOption = None,
    actor: ActorOption = None,
    db_option: DbOption = None,
) -> None:
    """The desk's board of a session: present and entitled by delegation and fraction,
    totals and quorum, and the latest check-ins with the account that recorded each."""
    when = moment(as_of, "--as-of", end_of_day=True)
    from soviet.services import desk_board
    from soviet.services.bootstrap import open_database

    with open_database(db_url(ctx, db_option)) as db:
        board = desk_board.desk_view(
            db, session, as_of=when, recent=recent, federation=federation, actor=reading(actor)
        )
    if as_json:
        echo_view(board)
        return
    for part in render(board):
        console.print(part)
