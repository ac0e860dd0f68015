"""`soviet motion`, `resolution`, `commission`, `executive`, `authority` and `factory`:
what a plenary is asked to decide, what it decided, and what is done on its authority."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Annotated, Any

import typer

from soviet.cli.app import (
    ActorOption,
    CouncilArgument,
    DbOption,
    FederationOption,
    FractionArgument,
    JsonOption,
    MotionArgument,
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
from soviet.errors import InvalidInput

if TYPE_CHECKING:
    from soviet.domain.views.plenary import Motion
    from soviet.domain.views.resolutions import Commission
    from soviet.services.resolutions import CommissionSpec


console = output_console()

motion_app = typer.Typer(help="Motions and amendments moved in a session.", no_args_is_help=True)
resolution_app = typer.Typer(help="Resolutions: adopted motions, numbered.", no_args_is_help=True)
commission_app = typer.Typer(help="Commissions created by resolution.", no_args_is_help=True)
executive_app = typer.Typer(help="Acts of an executive on its instructions.", no_args_is_help=True)
for sub, name in (
    (motion_app, "motion"),
    (resolution_app, "resolution"),
    (commission_app, "commission"),
    (executive_app, "executive"),
):
    app.add_typer(sub, name=name)

SessionOption = Annotated[
    int,
    typer.Option(
        "--session", help="The session it is moved in (its id).", parser=id_parser("--session")
    ),
]
ByOption = Annotated[str, typer.Option("--by", help="The member who acts.")]
PowerOption = Annotated[str, typer.Option("--power", help="The kind of act (a slug).")]
TextOption = Annotated[str, typer.Option("--text", help="What is done, in words.")]


def _mover(delegate: str | None, fraction: str | None, executive: str | None) -> tuple[str, str]:
    given = [(k, v) for k, v in (("delegate", delegate), ("fraction", fraction)) if v]
    if executive:
        given.append(("executive", executive))
    if len(given) != 1:
        raise InvalidInput("--by-delegate, --by-fraction, --by-executive: give exactly one mover")
    return given[0]


def _commission(
    slug: str | None, terms: dict[str, Any], members: list[str]
) -> CommissionSpec | None:
    from soviet.services.resolutions import CommissionSpec

    if slug is None:
        return None
    deadline = moment(terms["deadline"], "--deadline", end_of_day=True)
    if deadline is None:
        raise InvalidInput("--deadline: a commission needs a deadline")
    return CommissionSpec(
        slug=slug,
        name=terms["name"] or slug,
        mandate=terms["mandate"] or "",
        powers=tuple(terms["powers"] or ()),
        deadline=deadline,
        seats=terms["seats"],
        members=tuple(members),
    )


@motion_app.command("move")
def move(
    ctx: typer.Context,
    motion: MotionArgument,
    session: SessionOption,
    title: Annotated[str, typer.Option("--title", help="The motion's title.")],
    text: Annotated[str, typer.Option("--text", help="The motion's text.")],
    by_delegate: Annotated[str | None, typer.Option(help="A delegate moves it.")] = None,
    by_fraction: Annotated[str | None, typer.Option(help="A fraction (party) moves it.")] = None,
    by_executive: Annotated[str | None, typer.Option(help="The executive moves it.")] = None,
    amends: Annotated[str | None, typer.Option(help="The motion (slug) this amends.")] = None,
    decision: Annotated[str | None, typer.Option(help="A decision rule of its own.")] = None,
    instructs_executive: Annotated[
        bool, typer.Option(help="Its text instructs the council's executive.")
    ] = False,
    annuls: Annotated[str | None, typer.Option(help="Resolution COUNCIL/NUMBER annulled.")] = None,
    amends_resolution: Annotated[
        str | None, typer.Option(help="Resolution COUNCIL/NUMBER given this text.")
    ] = None,
    commission: Annotated[str | None, typer.Option(help="Slug of a commission created.")] = None,
    commission_name: Annotated[str | None, typer.Option(help="The commission's name.")] = None,
    mandate: Annotated[str | None, typer.Option(help="The commission's written mandate.")] = None,
    power: Annotated[list[str] | None, typer.Option(help="A power its mandate grants.")] = None,
    deadline: Annotated[str | None, typer.Option(help="The commission's deadline.")] = None,
    seats: Annotated[
        int | None,
        typer.Option(
            help="Seats shared among fractions.",
            callback=bounded("--seats", minimum=1, maximum=limits.SEATS_MAX),
        ),
    ] = None,
    member: Annotated[list[str] | None, typer.Option(help="A member named to it.")] = None,
    at: Annotated[str | None, at_option("it was moved")] = None,
    federation: FederationOption = None,
    actor: ActorOption = None,
    db_option: DbOption = None,
) -> None:
    """Move a motion, addressed COUNCIL/MOTION, in a session of its council."""
    from soviet.domain.ids import format_id
    from soviet.services.bootstrap import open_database
    from soviet.services.motions import MotionSpec, move_motion, parse_address

    council, slug = parse_address(motion)
    mover_kind, mover = _mover(by_delegate, by_fraction, by_executive)
    terms = {"name": commission_name, "mandate": mandate, "powers": power}
    spec = MotionSpec(
        slug=slug,
        title=title,
        text=text,
        mover_kind=mover_kind,
        mover=mover,
        amends=amends,
        decision=decision,
        commission=_commission(
            commission, {**terms, "deadline": deadline, "seats": seats}, member or []
        ),
        instructs_executive=instructs_executive,
        amends_resolution=amends_resolution,
        annuls=annuls,
    )
    moved_at = moment(at, "--at")
    with open_database(db_url(ctx, db_option)) as db:
        move_motion(
            db,
            council,
            session,
            spec,
            federation=federation,
            actor=acting(actor),
            moved_at=moved_at,
        )
    console.print(f"motion '{motion}' moved in session {format_id(session)}")


@motion_app.command("position")
def position(
    ctx: typer.Context,
    motion: MotionArgument,
    party: FractionArgument,
    choice: Annotated[str, typer.Argument(help="yes, no or abstain.", show_default=False)],
    at: Annotated[str | None, at_option("the position was taken")] = None,
    federation: FederationOption = None,
    actor: ActorOption = None,
    db_option: DbOption = None,
) -> None:
    """A fraction binds its members to a position on a motion, before the vote."""
    from soviet.services.bootstrap import open_database
    from soviet.services.motions import take_position

    taken_at = moment(at, "--at")
    with open_database(db_url(ctx, db_option)) as db:
        entry = take_position(
            db, motion, party, choice, federation=federation, actor=acting(actor), at=taken_at
        )
    console.print(f"'{party}' votes {choice} on '{motion}'; receipt {entry.hash}")


def _print_motion(shown: Motion) -> None:
    from soviet.cli.polls import poll_lines

    console.print(f"{shown.motion}: {shown.title} ({shown.status})", style="bold")
    console.print(shown.text)
    console.print(f"moved by {shown.mover.kind} {shown.mover.name}")
    if shown.poll is not None:
        for line in poll_lines(shown.poll):
            console.print(line)
        console.print(f"decided by {shown.decision}")
    if shown.resolution is not None:
        console.print(f"resolution {shown.council}/{shown.resolution}")
    if shown.by_fraction is not None:
        table = Grid("fraction", "yes", "no", "abstain", "position", "against it")
        against = {d.fraction: d for d in shown.discipline or ()}
        for fraction, counts in shown.by_fraction.items():
            kept = against.get(fraction)
            table.add_row(
                fraction or "(no party)",
                *(str(n) for n in (counts.yes, counts.no, counts.abstain)),
                kept.position if kept else "",
                ", ".join(kept.against) if kept else "",
            )
        console.print(table)
    for cast in shown.roll_call or ():
        if cast.cast_by is not None:
            console.print(f"{cast.choice}: cast for {cast.person} by {cast.cast_by}")


@motion_app.command("show")
def show(
    ctx: typer.Context,
    motion: MotionArgument,
    as_json: JsonOption = False,
    federation: FederationOption = None,
    actor: ActorOption = None,
    db_option: DbOption = None,
) -> None:
    """A motion: text, mover, status, tally (yes, no, abstain, adopted), roll call."""
    from soviet.services.bootstrap import open_database
    from soviet.services.plenary import motion_view

    with open_database(db_url(ctx, db_option)) as db:
        shown = motion_view(db, motion, federation=federation, actor=reading(actor))
    if as_json:
        echo_view(shown)
        return
    _print_motion(shown)


def _cells(*values: int | None) -> list[str]:
    return ["" if value is None else str(value) for value in values]


@motion_app.command("list")
def list_motions(
    ctx: typer.Context,
    council: CouncilArgument,
    cursor: CursorOption = None,
    limit: LimitOption = DEFAULT,
    as_json: JsonOption = False,
    federation: FederationOption = None,
    actor: ActorOption = None,
    db_option: DbOption = None,
) -> None:
    """A page of a council's motions, in the order moved."""
    from soviet.services.bootstrap import open_database
    from soviet.services.plenary import motions_view

    with open_database(db_url(ctx, db_option)) as db:
        found = motions_view(
            db, council, federation=federation, cursor=cursor, limit=limit, actor=reading(actor)
        )
    if as_json:
        echo_view(found)
        return
    table = Grid("motion", "kind", "status", "yes", "no", "abstain", "resolution")
    for m in found.items:
        table.add_row(m.motion, m.kind, m.status, *_cells(m.yes, m.no, m.abstain, m.resolution))
    print_page(console, table, found, "motions")


@resolution_app.command("list")
def list_resolutions(
    ctx: typer.Context,
    council: CouncilArgument,
    cursor: CursorOption = None,
    limit: LimitOption = DEFAULT,
    as_json: JsonOption = False,
    federation: FederationOption = None,
    actor: ActorOption = None,
    db_option: DbOption = None,
) -> None:
    """A page of a council's resolutions, by number, with what amended or annulled it."""
    from soviet.services.bootstrap import open_database
    from soviet.services.resolutions import resolutions

    with open_database(db_url(ctx, db_option)) as db:
        found = resolutions(
            db, council, federation=federation, cursor=cursor, limit=limit, actor=reading(actor)
        )
    if as_json:
        echo_view(found)
        return
    table = Grid("resolution", "motion", "adopted", "text", "amended by", "annulled by")
    for r in found.items:
        table.add_row(
            f"{r.council}/{r.number}",
            r.motion,
            r.adopted_at,
            r.text,
            r.amended_by or "",
            r.annulled_by or "",
        )
    print_page(console, table, found, "resolutions")


def commissions_table(found: Sequence[Commission]) -> Grid:
    """Commissions as rows: mandate, powers, deadline, members."""
    table = Grid("commission", "mandate", "powers", "deadline", "members")
    for c in found:
        members = ", ".join(f"{m.person} ({m.fraction or '-'})" for m in c.members)
        table.add_row(c.commission, c.mandate, ", ".join(c.powers), c.deadline, members)
    return table


@commission_app.command("list")
def list_commissions(
    ctx: typer.Context,
    cursor: CursorOption = None,
    limit: LimitOption = DEFAULT,
    as_json: JsonOption = False,
    federation: FederationOption = None,
    actor: ActorOption = None,
    db_option: DbOption = None,
) -> None:
    """A page of the commissions: mandate, powers, deadline, members."""
    from soviet.services.bootstrap import open_database
    from soviet.services.resolutions import commissions

    with open_database(db_url(ctx, db_option)) as db:
        found = commissions(
            db, federation=federation, cursor=cursor, limit=limit, actor=reading(actor)
        )
    if as_json:
        echo_view(found)
        return
    print_page(console, commissions_table(found.items), found, "commissions")


@commission_app.command("act")
def commission_act(
    ctx: typer.Context,
    commission: Annotated[str, typer.Argument(help="COUNCIL/COMMISSION.", show_default=False)],
    by: ByOption,
    power: PowerOption,
    text: TextOption,
    at: Annotated[str | None, at_option("it acted")] = None,
    federation: FederationOption = None,
    actor: ActorOption = None,
    db_option: DbOption = None,
) -> None:
    """A commission acts under its mandate, before its deadline."""
    from soviet.domain.ids import format_id
    from soviet.services.authority import act_for_commission
    from soviet.services.bootstrap import open_database

    acted_at = moment(at, "--at")
    with open_database(db_url(ctx, db_option)) as db:
        act = act_for_commission(
            db, commission, by, power, text, federation=federation, actor=acting(actor), at=acted_at
        )
    console.print(f"act {format_id(act)} of '{commission}' ({power})")


@executive_app.command("act")
def executive_act(
    ctx: typer.Context,
    executive: Annotated[str, typer.Argument(help="The executive body.", show_default=False)],
    resolution: Annotated[
        str, typer.Option("--resolution", help="COUNCIL/NUMBER of the instruction.")
    ],
    by: ByOption,
    power: PowerOption,
    text: TextOption,
    at: Annotated[str | None, at_option("it acted")] = None,
    federation: FederationOption = None,
    actor: ActorOption = None,
    db_option: DbOption = None,
) -> None:
    """The executive acts on a resolution that instructs it."""
    from soviet.domain.ids import format_id
    from soviet.services.authority import act_for_executive
    from soviet.services.bootstrap import open_database

    acted_at = moment(at, "--at")
    with open_database(db_url(ctx, db_option)) as db:
        act = act_for_executive(
            db,
            executive,
            resolution,
            by,
            power,
            text,
            federation=federation,
            actor=acting(actor),
            at=acted_at,
        )
    console.print(f"act {format_id(act)} of '{executive}' on resolution {resolution}")


@app.command("authority")
def authority_command(
    ctx: typer.Context,
    act: Annotated[
        int, typer.Argument(help="The act's id.", show_default=False, parser=id_parser("act"))
    ],
    as_json: JsonOption = False,
    federation: FederationOption = None,
    actor: ActorOption = None,
    db_option: DbOption = None,
) -> None:
    """The chain of authority of an act, back to the plenary that granted the power."""
    from soviet.domain.views import to_json
    from soviet.services.authority import authority
    from soviet.services.bootstrap import open_database

    with open_database(db_url(ctx, db_option)) as db:
        chain = authority(db, act, federation=federation, actor=reading(actor))
    if as_json:
        echo_view(chain)
        return
    for depth, step in enumerate(chain):
        shown = to_json(step)
        assert isinstance(shown, dict)
        del shown["step"]
        console.print(f"{'  ' * depth}{'└ ' if depth else ''}{step.step}: {shown}")
