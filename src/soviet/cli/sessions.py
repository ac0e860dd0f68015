"""`soviet session` and `soviet vote`: plenary sessions, attendance, walk-outs, and votes,
with a live view of a session (`soviet session watch ID`)."""

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
    echo_json,
    reading,
)
from soviet.cli.console import output_console
from soviet.cli.grid import Grid
from soviet.cli.ids import id_parser
from soviet.cli.rows import at_option, moment
from soviet.cli.views import DEFAULT, CursorOption, LimitOption, echo_view, print_page
from soviet.domain import limits
from soviet.domain.vocabulary import CHOICES, VOTE_MODES
from soviet.errors import InvalidInput

if TYPE_CHECKING:
    from rich.console import Group
    from rich.text import Text

    from soviet.crypto.ballot import Ballot, Opening
    from soviet.domain.views.plenary import Motion, Session
    from soviet.services.poll_results import Result
    from soviet.services.sealed import Terms

console = output_console()

session_app = typer.Typer(
    help="Plenary sessions: convened with an agenda, attended, walked out of.",
    no_args_is_help=True,
)
vote_app = typer.Typer(help="Votes on motions: roll-call, counted or secret.", no_args_is_help=True)
app.add_typer(session_app, name="session")
app.add_typer(vote_app, name="vote")

SessionArgument = Annotated[
    int,
    typer.Argument(help="The session's id.", show_default=False, parser=id_parser("session")),
]


def _votes(name: str, help_text: str) -> Any:
    """An option counting delegates' votes: 0 to the seats a body may have."""
    return typer.Option(
        name, help=help_text, callback=bounded(name, minimum=0, maximum=limits.SEATS_MAX)
    )


PersonsArgument = Annotated[
    list[str], typer.Argument(help="The delegates (persons holding a seat).", show_default=False)
]
PartyArgument = Annotated[str, typer.Argument(help="The party whose fraction acts.")]
MotionArgument = Annotated[
    str, typer.Argument(help="The motion, as COUNCIL/MOTION.", show_default=False)
]


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


@vote_app.command("open")
def open_command(
    ctx: typer.Context,
    motion: MotionArgument,
    mode: Annotated[
        str, typer.Option("--mode", help=f"How the vote is taken: {', '.join(VOTE_MODES)}.")
    ] = "roll-call",
    practice: Annotated[
        bool,
        typer.Option(
            "--practice",
            help="A practice poll, kept out of the record: its motion is not decided by "
            "it, nor becomes a resolution.",
        ),
    ] = False,
    at: Annotated[str | None, at_option("the vote opened")] = None,
    federation: FederationOption = None,
    actor: ActorOption = None,
    db_option: DbOption = None,
) -> None:
    """Put a motion to the vote, freezing its register (who is present with a voting
    mandate now); refused without quorum or before its amendments."""
    from soviet.services.bootstrap import open_database
    from soviet.services.votes import open_vote

    opened_at = moment(at, "--at")
    with open_database(db_url(ctx, db_option)) as db:
        entry = open_vote(
            db,
            motion,
            mode,
            practice=practice,
            federation=federation,
            actor=acting(actor),
            at=opened_at,
        )
    kind = f"{mode}, practice" if practice else mode
    console.print(f"the vote on '{motion}' is open ({kind}); receipt {entry.hash}")


@vote_app.command("cast")
def cast_command(
    ctx: typer.Context,
    motion: MotionArgument,
    person: Annotated[str, typer.Argument(help="The delegate who votes.", show_default=False)],
    choice: Annotated[str, typer.Argument(help=f"{', '.join(CHOICES)}.", show_default=False)],
    audit: Annotated[
        bool,
        typer.Option(
            "--audit",
            help="Sealed votes: encrypt the ballot, then open it instead of casting it, to "
            "check that this device encrypted the choice it was given (Benaloh's audit). "
            "Prints the ballot and its opening; nothing is cast.",
        ),
    ] = False,
    federation: FederationOption = None,
    actor: ActorOption = None,
    db_option: DbOption = None,
) -> None:
    """Cast a delegate's vote; it is acknowledged once committed. In a sealed vote the
    ballot is encrypted here, in this process, and the server receives only the ballot and
    its proofs; its receipt is the ballot's hash, which the poll's board shows."""
    from soviet.services import sealed
    from soviet.services.bootstrap import open_database
    from soviet.services.votes import cast_vote

    with open_database(db_url(ctx, db_option)) as db:
        terms = sealed.sealing(db, motion, federation=federation, actor=reading(actor))
        if terms is None:
            if audit:
                raise InvalidInput(f"--audit: the vote on '{motion}' is not sealed")
            entry = cast_vote(
                db, motion, person, choice, federation=federation, actor=acting(actor)
            )
            console.print(f"{person} voted on '{motion}'; receipt {entry.hash}")
            return
        ballot, opening = sealed.encrypt(terms, choice)
        if audit:
            print_audit(terms, ballot, opening)
            return
        entry = sealed.cast_sealed(
            db, motion, person, ballot.to_json(), federation=federation, actor=acting(actor)
        )
    console.print(
        f"{person} voted on '{motion}' by sealed ballot; receipt {ballot.receipt} "
        f"(on the poll's board), entry {entry.hash}"
    )


def print_audit(terms: Terms, ballot: Ballot, opening: Opening) -> None:
    """A Benaloh audit of a ballot this process encrypted: the ballot, what opens it, and
    whether it re-encrypts to the same ciphertexts; then it is thrown away."""
    from soviet.crypto import ballot as crypto_ballot
    from soviet.crypto import group

    opened = crypto_ballot.audit(bytes.fromhex(terms.public_key), ballot, opening)
    echo_json(
        {
            "ballot": ballot.to_json(),
            "receipt": ballot.receipt,
            "opening": {
                "choices": dict(zip(terms.choices, opening.choices, strict=True)),
                "randomness": [group.scalar(r).hex() for r in opening.randomness],
            },
            "audit": "the opening re-encrypts to the ballot" if opened else "FAILED",
            "cast": False,
        }
    )


@vote_app.command("close")
def close_vote_command(
    ctx: typer.Context,
    motion: MotionArgument,
    yes: Annotated[int | None, _votes("--yes", "Counted vote: votes for.")] = None,
    no: Annotated[int | None, _votes("--no", "Counted vote: votes against.")] = None,
    abstain: Annotated[int | None, _votes("--abstain", "Counted vote: abstentions.")] = None,
    at: Annotated[str | None, at_option("the vote closed")] = None,
    as_json: JsonOption = False,
    federation: FederationOption = None,
    actor: ActorOption = None,
    db_option: DbOption = None,
) -> None:
    """Close a vote and decide the motion; an adopted motion becomes a numbered resolution."""
    from soviet.domain.sessions import Tally
    from soviet.services.bootstrap import open_database
    from soviet.services.votes import close_vote

    given = [n for n in (yes, no, abstain) if n is not None]
    if given and len(given) < 3:
        raise InvalidInput("--yes, --no, --abstain: a counted vote gives all three numbers")
    counts = (
        Tally(yes, no, abstain)
        if yes is not None and no is not None and abstain is not None
        else None
    )
    closed_at = moment(at, "--at")
    with open_database(db_url(ctx, db_option)) as db:
        result = close_vote(
            db, motion, counts=counts, federation=federation, actor=acting(actor), at=closed_at
        )
    print_closed(motion, result, as_json=as_json)


def print_closed(motion: str, result: Result, *, as_json: bool) -> None:
    """What closing (or publishing) a poll gave: the decision, or that it is withheld."""
    from soviet.services.poll_results import closed_view

    if as_json:
        echo_view(closed_view(result))
        return
    console.print(f"'{motion}': {result.reason}")
    if result.resolution is not None:
        console.print(f"resolution {motion.split('/')[0]}/{result.resolution}")
    if result.not_carried_out is not None:
        console.print(f"not carried out: {result.not_carried_out}")
