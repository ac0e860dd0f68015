"""`soviet vote`: motions put to the vote, votes cast (sealed ones encrypted here), and
votes closed to decide the motion."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated, Any

import typer

from soviet.cli.app import (
    ActorOption,
    DbOption,
    FederationOption,
    JsonOption,
    MotionArgument,
    acting,
    app,
    bounded,
    db_url,
    echo_json,
    reading,
)
from soviet.cli.console import output_console
from soviet.cli.rows import at_option, moment
from soviet.cli.views import echo_view
from soviet.domain import limits
from soviet.domain.vocabulary import CHOICES, VOTE_MODES
from soviet.errors import InvalidInput

if TYPE_CHECKING:
    from soviet.crypto.ballot import Ballot, Opening
    from soviet.services.poll_results import Result
    from soviet.services.sealed import Terms

console = output_console()

vote_app = typer.Typer(help="Votes on motions: roll-call, counted or secret.", no_args_is_help=True)
app.add_typer(vote_app, name="vote")


def _votes(name: str, help_text: str) -> Any:
    """An option counting delegates' votes: 0 to the seats a body may have."""
    return typer.Option(
        name, help=help_text, callback=bounded(name, minimum=0, maximum=limits.SEATS_MAX)
    )


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
