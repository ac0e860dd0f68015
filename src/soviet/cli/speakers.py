"""`soviet speakers`: lists of speakers of a session (or of one of its motions or agenda
items): asking for the floor, points of order, replies; the chair's calls, stops and
moves; the list and the statistics of speaking time."""

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

if TYPE_CHECKING:
    from soviet.domain.views.speakers import SpeakersList, SpeakingTime

console = output_console()

speakers_app = typer.Typer(
    help="Lists of speakers: asking for the floor, points of order, replies, and the chair's "
    "calls, in the order the statute gives.",
    no_args_is_help=True,
)
app.add_typer(speakers_app, name="speakers")

SessionArgument = Annotated[
    int,
    typer.Argument(help="The session's id.", show_default=False, parser=id_parser("session")),
]
PersonArgument = Annotated[
    str, typer.Argument(help="The delegate (a person holding a seat).", show_default=False)
]
MotionOption = Annotated[
    str | None,
    typer.Option(
        "--motion",
        help="The motion whose list it is, as COUNCIL/MOTION (default: the session's own list).",
        show_default=False,
    ),
]
ItemOption = Annotated[
    int | None,
    typer.Option(
        "--item",
        help="The agenda item whose list it is, by number (not with --motion).",
        show_default=False,
        callback=bounded("item", minimum=1, maximum=ITEMS_MAX),
    ),
]
StanceOption = Annotated[
    str, typer.Option("--stance", help="pro, contra or neutral (on the question).")
]


AtOption = Annotated[str | None, at_option("it happened")]


def _said(what: str, session: int, receipt: str) -> None:
    from soviet.domain.ids import format_id

    console.print(f"{what} in session {format_id(session)}; receipt {receipt}")


@speakers_app.command("add")
def add_command(
    ctx: typer.Context,
    session: SessionArgument,
    person: PersonArgument,
    stance: StanceOption = "neutral",
    motion: MotionOption = None,
    item: ItemOption = None,
    at: AtOption = None,
    federation: FederationOption = None,
    actor: ActorOption = None,
    db_option: DbOption = None,
) -> None:
    """A delegate present puts herself on the list of speakers."""
    from soviet.services import speakers as service
    from soviet.services.bootstrap import open_database

    asked_at = moment(at, "--at")
    with open_database(db_url(ctx, db_option)) as db:
        entry = service.add_speaker(
            db,
            session,
            person,
            stance=stance,
            motion=motion,
            item=item,
            federation=federation,
            actor=acting(actor),
            at=asked_at,
        )
    place = f"at place {entry.place}"
    _said(f"'{person}' is on the list of speakers ({stance}) {place}", session, entry.entry.hash)


@speakers_app.command("remove")
def remove_command(
    ctx: typer.Context,
    session: SessionArgument,
    person: PersonArgument,
    motion: MotionOption = None,
    item: ItemOption = None,
    at: AtOption = None,
    federation: FederationOption = None,
    actor: ActorOption = None,
    db_option: DbOption = None,
) -> None:
    """A delegate withdraws from the list, or the chair takes her off."""
    from soviet.services import speakers as service
    from soviet.services.bootstrap import open_database

    removed_at = moment(at, "--at")
    with open_database(db_url(ctx, db_option)) as db:
        entry = service.remove_speaker(
            db,
            session,
            person,
            motion=motion,
            item=item,
            federation=federation,
            actor=acting(actor),
            at=removed_at,
        )
    _said(f"'{person}' is off the list of speakers", session, entry.hash)


@speakers_app.command("order")
def order_command(
    ctx: typer.Context,
    session: SessionArgument,
    person: PersonArgument,
    motion: MotionOption = None,
    item: ItemOption = None,
    at: AtOption = None,
    federation: FederationOption = None,
    actor: ActorOption = None,
    db_option: DbOption = None,
) -> None:
    """A delegate present raises a point of order: it goes to the head of the list."""
    from soviet.services import speakers as service
    from soviet.services.bootstrap import open_database

    asked_at = moment(at, "--at")
    with open_database(db_url(ctx, db_option)) as db:
        entry = service.point_of_order(
            db,
            session,
            person,
            motion=motion,
            item=item,
            federation=federation,
            actor=acting(actor),
            at=asked_at,
        )
    _said(f"'{person}' raises a point of order, at place {entry.place}", session, entry.entry.hash)


@speakers_app.command("reply")
def reply_command(
    ctx: typer.Context,
    session: SessionArgument,
    person: PersonArgument,
    stance: StanceOption = "neutral",
    motion: MotionOption = None,
    item: ItemOption = None,
    at: AtOption = None,
    federation: FederationOption = None,
    actor: ActorOption = None,
    db_option: DbOption = None,
) -> None:
    """A delegate present replies to the current speaker: next after the points of order."""
    from soviet.services import speakers as service
    from soviet.services.bootstrap import open_database

    asked_at = moment(at, "--at")
    with open_database(db_url(ctx, db_option)) as db:
        entry = service.reply(
            db,
            session,
            person,
            stance=stance,
            motion=motion,
            item=item,
            federation=federation,
            actor=acting(actor),
            at=asked_at,
        )
    said = f"'{person}' replies to the current speaker, at place {entry.place}"
    _said(said, session, entry.entry.hash)


@speakers_app.command("start")
def start_command(
    ctx: typer.Context,
    session: SessionArgument,
    motion: MotionOption = None,
    item: ItemOption = None,
    at: AtOption = None,
    federation: FederationOption = None,
    actor: ActorOption = None,
    db_option: DbOption = None,
) -> None:
    """The chair gives the floor to the head of the list."""
    from soviet.domain.ids import format_id
    from soviet.services import speakers as service
    from soviet.services.bootstrap import open_database

    started_at = moment(at, "--at")
    with open_database(db_url(ctx, db_option)) as db:
        called = service.start_speech(
            db,
            session,
            motion=motion,
            item=item,
            federation=federation,
            actor=acting(actor),
            at=started_at,
        )
    console.print(f"'{called.person}' has the floor in session {format_id(session)}")


@speakers_app.command("stop")
def stop_command(
    ctx: typer.Context,
    session: SessionArgument,
    motion: MotionOption = None,
    item: ItemOption = None,
    at: AtOption = None,
    federation: FederationOption = None,
    actor: ActorOption = None,
    db_option: DbOption = None,
) -> None:
    """The chair stops the current speaker."""
    from soviet.domain.ids import format_id
    from soviet.services import speakers as service
    from soviet.services.bootstrap import open_database

    stopped_at = moment(at, "--at")
    with open_database(db_url(ctx, db_option)) as db:
        stopped = service.stop_speech(
            db,
            session,
            motion=motion,
            item=item,
            federation=federation,
            actor=acting(actor),
            at=stopped_at,
        )
    console.print(f"'{stopped.person}' has ended in session {format_id(session)}")


@speakers_app.command("move")
def move_command(
    ctx: typer.Context,
    session: SessionArgument,
    person: PersonArgument,
    before: Annotated[
        str | None,
        typer.Option("--before", help="The speaker to put her in front of (default: the end)."),
    ] = None,
    motion: MotionOption = None,
    item: ItemOption = None,
    at: AtOption = None,
    federation: FederationOption = None,
    actor: ActorOption = None,
    db_option: DbOption = None,
) -> None:
    """The chair moves a waiting speaker in front of another, or to the end of the list."""
    from soviet.services import speakers as service
    from soviet.services.bootstrap import open_database

    moved_at = moment(at, "--at")
    with open_database(db_url(ctx, db_option)) as db:
        entry = service.move_speaker(
            db,
            session,
            person,
            before=before,
            motion=motion,
            item=item,
            federation=federation,
            actor=acting(actor),
            at=moved_at,
        )
    where = "to the end" if before is None else f"before '{before}'"
    _said(f"'{person}' moved {where}", session, entry.hash)


def render_list(shown: SpeakersList) -> Grid:
    """The list as a table: the current speaker, then those waiting in order."""
    of = f"motion {shown.motion}" if shown.motion else f"session {shown.session}"
    table = Grid(title=f"Speakers on {of} ({shown.order}); {shown.heard} heard")
    for column in ("place", "person", "fraction", "kind", "stance", "since", "note"):
        table.add_column(column)
    now = shown.current
    if now is not None:
        limit = "" if now.limit_seconds is None else f" of {now.limit_seconds}"
        note = f"{now.elapsed_seconds}s{limit}" + (" over the limit" if now.is_over_limit else "")
        table.add_row(
            "now", now.person, now.fraction or "-", now.kind, now.stance, now.started_at, note
        )
    for line in shown.waiting:
        notes = [
            n for n, flag in (("moved", line.is_moved), ("over time", line.is_over_time)) if flag
        ]
        table.add_row(
            str(line.place),
            line.person,
            line.fraction or "-",
            line.kind,
            line.stance,
            line.requested_at,
            ", ".join(notes),
        )
    return table


@speakers_app.command("show")
def show_command(
    ctx: typer.Context,
    session: SessionArgument,
    motion: MotionOption = None,
    item: ItemOption = None,
    as_json: JsonOption = False,
    federation: FederationOption = None,
    actor: ActorOption = None,
    db_option: DbOption = None,
) -> None:
    """The list of speakers in its current order, with the current speaker's time."""
    from soviet.services import speakers as service
    from soviet.services.bootstrap import open_database

    with open_database(db_url(ctx, db_option)) as db:
        shown = service.speakers_view(
            db, session, motion=motion, item=item, federation=federation, actor=reading(actor)
        )
    if as_json:
        echo_view(shown)
        return
    console.print(render_list(shown))


def _stats_table(title: str, lines: tuple[SpeakingTime, ...]) -> Grid:
    table = Grid(title=title)
    for column in ("name", "turns", "seconds", "remaining"):
        table.add_column(column)
    for line in lines:
        left = "" if line.remaining_seconds is None else str(line.remaining_seconds)
        table.add_row(line.name or "-", str(line.turns), str(line.seconds), left)
    return table


@speakers_app.command("stats")
def stats_command(
    ctx: typer.Context,
    session: SessionArgument,
    motion: MotionOption = None,
    item: ItemOption = None,
    as_json: JsonOption = False,
    federation: FederationOption = None,
    actor: ActorOption = None,
    db_option: DbOption = None,
) -> None:
    """Speaking time on the list per person, fraction and group."""
    from soviet.domain.views.speakers import SpeakingStats
    from soviet.services import speakers as service
    from soviet.services.bootstrap import open_database

    with open_database(db_url(ctx, db_option)) as db:
        shown: SpeakingStats = service.speaking_stats(
            db, session, motion=motion, item=item, federation=federation, actor=reading(actor)
        )
    if as_json:
        echo_view(shown)
        return
    for title, lines in (
        ("Persons", shown.persons),
        ("Fractions", shown.fractions),
        ("Groups", shown.groups),
    ):
        console.print(_stats_table(title, lines))
