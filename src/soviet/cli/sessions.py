"""`soviet session`: plenary sessions, attendance and walk-outs, with a live view of a
session (`soviet session watch ID`); the votes are `soviet vote` (soviet.cli.votes)."""

from __future__ import annotations

import time
from typing import TYPE_CHECKING, Annotated, Any

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
from soviet.domain import limits

if TYPE_CHECKING:
    from rich.console import Group
    from rich.text import Text

    from soviet.domain.views.plenary import Motion, Session

console = output_console()

session_app = typer.Typer(
    help="Plenary sessions: convened with an agenda, attended, walked out of.",
    no_args_is_help=True,
)
app.add_typer(session_app, name="session")

SessionArgument = Annotated[
    int,
    typer.Argument(help="The session's id.", show_default=False, parser=id_parser("session")),
]


PersonsArgument = Annotated[
    list[str], typer.Argument(help="The delegates (persons holding a seat).", show_default=False)
]
PartyArgument = Annotated[str, typer.Argument(help="The party whose fraction acts.")]


@session_app.command("convene")
def convene_session(
    ctx: typer.Context,
    council: Annotated[str, typer.Argument(help="The council that meets.", show_default=False)],
    agenda: Annotated[
        list[str], typer.Option("--agenda", help="An item of the agenda (repeat for more).")
    ],
    section: Annotated[
        str | None, typer.Option("--section", help="A section of the council that meets alone.")
    ] = None,
    at: Annotated[str | None, at_option("the session was convened")] = None,
    federation: FederationOption = None,
    actor: ActorOption = None,
    db_option: DbOption = None,
) -> None:
    """Convene a plenary session of a council, or of one of its sections."""
    from soviet.domain.ids import format_id
    from soviet.services.bootstrap import open_database
    from soviet.services.sessions import convene

    convened_at = moment(at, "--at")
    with open_database(db_url(ctx, db_option)) as db:
        session = convene(
            db,
            council,
            agenda,
            section=section,
            federation=federation,
            actor=acting(actor),
            convened_at=convened_at,
        )
    console.print(f"session {format_id(session)} of '{council}' convened")


@session_app.command("check-in")
def check_in_command(
    ctx: typer.Context,
    session: SessionArgument,
    persons: PersonsArgument,
    at: Annotated[str | None, at_option("they checked in")] = None,
    federation: FederationOption = None,
    actor: ActorOption = None,
    db_option: DbOption = None,
) -> None:
    """Check delegates in: each must hold a mandate in the council (or section) now."""
    from soviet.domain.ids import format_id
    from soviet.services.bootstrap import open_database
    from soviet.services.sessions import check_in

    checked_at = moment(at, "--at")
    with open_database(db_url(ctx, db_option)) as db:
        entry = check_in(
            db, session, persons, federation=federation, actor=acting(actor), at=checked_at
        )
    console.print(
        f"{len(persons)} checked in to session {format_id(session)}; receipt {entry.hash}"
    )


@session_app.command("leave")
def leave_command(
    ctx: typer.Context,
    session: SessionArgument,
    persons: PersonsArgument,
    at: Annotated[str | None, at_option("they left")] = None,
    federation: FederationOption = None,
    actor: ActorOption = None,
    db_option: DbOption = None,
) -> None:
    """Delegates leave a session (they may check in again)."""
    from soviet.domain.ids import format_id
    from soviet.services.bootstrap import open_database
    from soviet.services.sessions import leave

    left_at = moment(at, "--at")
    with open_database(db_url(ctx, db_option)) as db:
        entry = leave(db, session, persons, federation=federation, actor=acting(actor), at=left_at)
    console.print(f"{len(persons)} left session {format_id(session)}; receipt {entry.hash}")


@session_app.command("walk-out")
def walk_out_command(
    ctx: typer.Context,
    session: SessionArgument,
    party: PartyArgument,
    at: Annotated[str | None, at_option("the fraction walked out")] = None,
    federation: FederationOption = None,
    actor: ActorOption = None,
    db_option: DbOption = None,
) -> None:
    """A fraction walks out: all its members attending are absent at once."""
    from soviet.domain.ids import format_id
    from soviet.services.bootstrap import open_database
    from soviet.services.sessions import walk_out

    walked_at = moment(at, "--at")
    with open_database(db_url(ctx, db_option)) as db:
        entry = walk_out(
            db, session, party, federation=federation, actor=acting(actor), at=walked_at
        )
    console.print(
        f"fraction '{party}' walked out of session {format_id(session)}; receipt {entry.hash}"
    )


@session_app.command("return")
def return_command(
    ctx: typer.Context,
    session: SessionArgument,
    party: PartyArgument,
    at: Annotated[str | None, at_option("the fraction returned")] = None,
    federation: FederationOption = None,
    actor: ActorOption = None,
    db_option: DbOption = None,
) -> None:
    """A fraction that walked out returns, with its members who still hold their seats."""
    from soviet.domain.ids import format_id
    from soviet.services.bootstrap import open_database
    from soviet.services.sessions import return_fraction

    returned_at = moment(at, "--at")
    with open_database(db_url(ctx, db_option)) as db:
        entry = return_fraction(
            db, session, party, federation=federation, actor=acting(actor), at=returned_at
        )
    console.print(
        f"fraction '{party}' returned to session {format_id(session)}; receipt {entry.hash}"
    )


@session_app.command("close")
def close_command(
    ctx: typer.Context,
    session: SessionArgument,
    at: Annotated[str | None, at_option("the session closed")] = None,
    federation: FederationOption = None,
    actor: ActorOption = None,
    db_option: DbOption = None,
) -> None:
    """Close a session (its open vote must be closed first)."""
    from soviet.domain.ids import format_id
    from soviet.services.bootstrap import open_database
    from soviet.services.sessions import close_session

    closed_at = moment(at, "--at")
    with open_database(db_url(ctx, db_option)) as db:
        entry = close_session(db, session, federation=federation, actor=acting(actor), at=closed_at)
    console.print(f"session {format_id(session)} closed; receipt {entry.hash}")


@session_app.command("list")
def list_command(
    ctx: typer.Context,
    council: CouncilArgument,
    cursor: CursorOption = None,
    limit: LimitOption = DEFAULT,
    as_json: JsonOption = False,
    federation: FederationOption = None,
    actor: ActorOption = None,
    db_option: DbOption = None,
) -> None:
    """A page of a council's sessions, in the order convened."""
    from soviet.services.bootstrap import open_database
    from soviet.services.plenary import sessions_view

    with open_database(db_url(ctx, db_option)) as db:
        found = sessions_view(
            db, council, federation=federation, cursor=cursor, limit=limit, actor=reading(actor)
        )
    if as_json:
        echo_view(found)
        return
    table = Grid("session", "section", "convened", "closed", "agenda")
    for row in found.items:
        table.add_row(
            str(row.session),
            row.section or "",
            row.convened_at,
            row.closed_at or "open",
            "; ".join(row.agenda),
        )
    print_page(console, table, found, "sessions")


def _tally_line(motion: Motion) -> Text:
    from rich.text import Text

    vote = motion.vote
    if vote is None:
        return Text("not yet put to the vote")
    if motion.yes is None:
        withheld = motion.poll is not None and motion.poll.results == "on-publication"
        when = "shown once the chair publishes them" if withheld else "counted at the close"
        return Text(f"{vote.mode}: {motion.ballots} ballots cast ({when})")
    line = Text(f"{vote.mode}: ")
    line.append(f"yes {motion.yes}", style="green")
    line.append(f"  no {motion.no}", style="red")
    line.append(f"  abstain {motion.abstain}")
    if motion.is_adopted is not None:
        line.append("  ADOPTED" if motion.is_adopted else "  REJECTED", style="bold")
    return line


def render_session(shown: Session) -> Group:
    """A session as the live view shows it: quorum, attendance, current motion, tally."""
    from rich.console import Group
    from rich.text import Text

    quorum = shown.quorum
    where = shown.council + (f"/{shown.section}" if shown.section else "")
    state = "closed" if shown.closed_at else "in session"
    head = Text(f"session {shown.session} of {where} ({state}) at {shown.as_of}", "bold")
    verdict = "QUORATE" if quorum.is_quorate else "NO QUORUM"
    quorum_line = Text(
        f"quorum: {quorum.present} of {quorum.seats} seats attend, "
        f"{quorum.needed} needed: {verdict}",
        style="green" if quorum.is_quorate else "bold red",
    )
    table = Grid("fraction", "attending", title="attendance")
    for fraction, count in shown.attending.items():
        table.add_row(fraction or "(no party)", str(count))
    if shown.consultative:
        table.add_row("consultative", str(shown.consultative))
    parts: list[Any] = [head, Text("agenda: " + "; ".join(shown.agenda)), quorum_line, table]
    for fraction, since in shown.walked_out.items():
        parts.append(Text(f"walked out: {fraction} (since {since})", style="yellow"))
    current = shown.current
    if current is None:
        parts.append(Text("no vote open"))
    else:
        parts.append(Text(f"current motion: {current.motion}: {current.title}", "bold"))
        parts.append(_tally_line(current))
    return Group(*parts)


@session_app.command("show")
def show_command(
    ctx: typer.Context,
    session: SessionArgument,
    as_of: AsOfOption = None,
    cursor: CursorOption = None,
    limit: LimitOption = DEFAULT,
    as_json: JsonOption = False,
    federation: FederationOption = None,
    actor: ActorOption = None,
    db_option: DbOption = None,
) -> None:
    """A session: agenda, attendance by fraction, quorum, walk-outs, current motion; the
    JSON lists a page of the delegates attending (--cursor, --limit)."""
    from soviet.services.bootstrap import open_database
    from soviet.services.plenary import session_view

    when = moment(as_of, "--as-of", end_of_day=True)
    with open_database(db_url(ctx, db_option)) as db:
        shown = session_view(
            db,
            session,
            as_of=when,
            federation=federation,
            cursor=cursor,
            limit=limit,
            actor=reading(actor),
        )
    if as_json:
        echo_view(shown)
        return
    console.print(render_session(shown))


@session_app.command("watch")
def watch_command(
    ctx: typer.Context,
    session: SessionArgument,
    interval: Annotated[
        float,
        typer.Option("--interval", help="Seconds between refreshes.", min=0.1, max=3600),
    ] = 1.0,
    count: Annotated[
        int | None,
        typer.Option(
            "--count",
            help="Stop after this many refreshes (default: until Ctrl-C).",
            callback=bounded("--count", minimum=1, maximum=limits.PAGE_MAX),
        ),
    ] = None,
    federation: FederationOption = None,
    actor: ActorOption = None,
    db_option: DbOption = None,
) -> None:
    """Watch a session live: attendance, quorum, the current motion and its running tally."""
    from rich.live import Live

    from soviet.services.bootstrap import open_database
    from soviet.services.plenary import session_view

    with open_database(db_url(ctx, db_option)) as db:
        shown = session_view(db, session, federation=federation, actor=reading(actor))
        refreshes = 1
        with Live(render_session(shown), console=console.rich, auto_refresh=False) as live:
            try:
                while count is None or refreshes < count:
                    time.sleep(interval)
                    shown = session_view(db, session, federation=federation, actor=reading(actor))
                    live.update(render_session(shown), refresh=True)
                    refreshes += 1
            except KeyboardInterrupt:
                pass
