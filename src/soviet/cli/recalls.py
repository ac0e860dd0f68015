"""`soviet recall`: members of a constituency petition against their delegate, sign on
paper or withdraw, and vote on her recall, openly or by sealed ballot."""

from __future__ import annotations

from enum import StrEnum
from typing import TYPE_CHECKING, Annotated

import typer

from soviet.cli.app import (
    ActorOption,
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
from soviet.cli.rows import at_option, moment
from soviet.cli.views import echo_view

if TYPE_CHECKING:
    from soviet.domain.views.acts import RecallSigned
    from soviet.services.mandates import Signed

console = output_console()

recall_app = typer.Typer(
    help="Recall at any time: members of a constituency petition against their delegate.",
    no_args_is_help=True,
)
app.add_typer(recall_app, name="recall")

MemberOption = Annotated[
    str, typer.Option("--member", help="The key of the constituency's member who signs.")
]


def signed_view(signed: Signed) -> RecallSigned:
    """A signature's result as `recall sign --json` prints it."""
    from soviet.domain.ids import format_id, format_optional_id
    from soviet.domain.views.acts import RecallSigned

    return RecallSigned(
        petition=format_id(signed.petition),
        signatures=signed.signatures,
        threshold=signed.threshold,
        is_recalled=signed.is_recalled,
        is_put_to_vote=signed.is_put_to_vote,
        successor=signed.successor,
        election=format_optional_id(signed.election),
        receipt=signed.receipt,
    )


def recalled(person: str, successor: str | None, election: int | None) -> str:
    """The line that says a delegate is recalled, and who, if anyone, takes her seat, or
    which election will fill it."""
    from soviet.domain.ids import format_id

    if successor:
        taker = f"{successor} takes the seat"
    elif election is not None:
        taker = f"the seat is vacant until election {format_id(election)} fills it"
    else:
        taker = "the seat is vacant"
    return f"RECALLED: {person}; {taker}"


@recall_app.command("sign")
def sign(
    ctx: typer.Context,
    council: CouncilArgument,
    person: DelegateArgument,
    member: MemberOption,
    at: Annotated[str | None, at_option("the member signed")] = None,
    as_json: JsonOption = False,
    federation: FederationOption = None,
    actor: ActorOption = None,
    db_option: DbOption = None,
) -> None:
    """Sign the petition to recall a delegate; the signature that reaches the threshold
    recalls her at once."""
    from soviet.services.bootstrap import open_database
    from soviet.services.mandates import sign_recall

    signed_at = moment(at, "--at")
    with open_database(db_url(ctx, db_option)) as db:
        signed = sign_recall(
            db,
            council,
            person,
            member,
            federation=federation,
            actor=acting(actor),
            signed_at=signed_at,
        )
    if as_json:
        echo_view(signed_view(signed))
        return
    print_signed(person, signed)


def print_signed(person: str, signed: Signed) -> None:
    """What signatures did, for a person: the count, and the recall or vote they carried."""
    from soviet.domain.ids import format_id

    console.print(
        f"recall of {person}: {signed.signatures}/{signed.threshold} signatures "
        f"(petition {format_id(signed.petition)})"
    )
    if signed.is_recalled:
        console.print(recalled(person, signed.successor, signed.election))
    if signed.is_put_to_vote:
        console.print(f"the recall of {person} now goes to a vote of the constituency")
    console.print(f"receipt {signed.receipt}")


@recall_app.command("enter-paper")
def enter_paper(
    ctx: typer.Context,
    council: CouncilArgument,
    person: DelegateArgument,
    members: Annotated[
        list[str],
        typer.Argument(help="The keys of the members who signed the sheet.", show_default=False),
    ],
    sheet: Annotated[str, typer.Option("--sheet", help="The paper sheet's reference.")],
    at: Annotated[str | None, at_option("the sheet was signed")] = None,
    as_json: JsonOption = False,
    federation: FederationOption = None,
    actor: ActorOption = None,
    db_option: DbOption = None,
) -> None:
    """Enter the signatures of a paper sheet against a delegate (the secretariat's act,
    where the statute allows signatures on paper); the sheet that reaches the threshold
    recalls her at once."""
    from soviet.services.bootstrap import open_database
    from soviet.services.paper_signatures import enter_paper_signatures

    signed_at = moment(at, "--at")
    with open_database(db_url(ctx, db_option)) as db:
        signed = enter_paper_signatures(
            db,
            council,
            person,
            members,
            sheet=sheet,
            federation=federation,
            actor=acting(actor),
            signed_at=signed_at,
        )
    if as_json:
        echo_view(signed_view(signed))
        return
    entered = f"{len(members)} signature{'s' if len(members) > 1 else ''}"
    console.print(f"sheet {sheet.strip()}: {entered} entered")
    print_signed(person, signed)


@recall_app.command("withdraw")
def withdraw(
    ctx: typer.Context,
    council: CouncilArgument,
    person: DelegateArgument,
    member: Annotated[
        str, typer.Option("--member", help="The key of the member who withdraws her signature.")
    ],
    at: Annotated[str | None, at_option("the signature was withdrawn")] = None,
    federation: FederationOption = None,
    actor: ActorOption = None,
    db_option: DbOption = None,
) -> None:
    """Withdraw a signature from a recall petition that has not yet succeeded."""
    from soviet.services.bootstrap import open_database
    from soviet.services.mandates import withdraw_recall as withdraw_signature

    withdrawn_at = moment(at, "--at")
    with open_database(db_url(ctx, db_option)) as db:
        entry = withdraw_signature(
            db,
            council,
            person,
            member,
            federation=federation,
            actor=acting(actor),
            withdrawn_at=withdrawn_at,
        )
    console.print(f"member '{member}' withdrew her signature from the recall of {person}")
    console.print(f"receipt {entry.hash}")


class Choice(StrEnum):
    """A member's vote on a recall."""

    recall = "recall"
    keep = "keep"


@recall_app.command("vote")
def vote(
    ctx: typer.Context,
    council: CouncilArgument,
    person: DelegateArgument,
    member: Annotated[str, typer.Option("--member", help="The key of the member who votes.")],
    choice: Annotated[Choice, typer.Option(help="recall the delegate, or keep her.")],
    at: Annotated[str | None, at_option("the member voted")] = None,
    audit: Annotated[
        bool,
        typer.Option(
            "--audit",
            help="Sealed recall votes: encrypt the ballot, then open it instead of casting "
            "it, to check that this device encrypted the choice it was given (Benaloh's "
            "audit). Prints the ballot and its opening; nothing is cast.",
        ),
    ] = False,
    federation: FederationOption = None,
    actor: ActorOption = None,
    db_option: DbOption = None,
) -> None:
    """Vote in a recall vote, where the statute puts a successful petition to a vote. In a
    sealed recall vote the ballot is encrypted here, in this process, and the server
    receives only the ballot and its proofs; its receipt is the ballot's hash, which the
    vote's board shows."""
    from soviet.errors import InvalidInput
    from soviet.services import sealed_recalls
    from soviet.services.bootstrap import open_database
    from soviet.services.recall_votes import cast_recall_vote

    cast_at = moment(at, "--at")
    with open_database(db_url(ctx, db_option)) as db:
        terms = sealed_recalls.sealing(
            db, council, person, federation=federation, actor=reading(actor)
        )
        if terms is None:
            if audit:
                raise InvalidInput(f"--audit: the recall vote on {person} is not sealed")
            entry = cast_recall_vote(
                db,
                council,
                person,
                member,
                choice.value,
                federation=federation,
                actor=acting(actor),
                cast_at=cast_at,
            )
            console.print(f"member '{member}' votes to {choice.value} {person}")
            console.print(f"receipt {entry.hash}")
            return
        ballot, opening = sealed_recalls.encrypt(terms, choice.value)
        if audit:
            from soviet.cli.votes import print_audit

            print_audit(terms, ballot, opening)
            return
        entry, receipt = sealed_recalls.cast_sealed_recall_vote(
            db,
            council,
            person,
            member,
            ballot.to_json(),
            federation=federation,
            actor=acting(actor),
            cast_at=cast_at,
        )
    console.print(f"member '{member}' has voted on the recall of {person} by sealed ballot")
    console.print(f"receipt {receipt} (on the vote's board), entry {entry.hash}")


@recall_app.command("close-ballots")
def close_ballots(
    ctx: typer.Context,
    council: CouncilArgument,
    person: DelegateArgument,
    at: Annotated[str | None, at_option("the ballot box closes")] = None,
    federation: FederationOption = None,
    actor: ActorOption = None,
    db_option: DbOption = None,
) -> None:
    """Close the ballot box of a sealed recall vote: no ballot is taken after it. Its
    trustees then decrypt the tally (`soviet trustee decrypt-recall`), and `recall close`
    decides the vote by the decrypted counts."""
    from soviet.services import sealed_recalls
    from soviet.services.bootstrap import open_database

    closed_at = moment(at, "--at")
    with open_database(db_url(ctx, db_option)) as db:
        entry = sealed_recalls.close_ballots(
            db, council, person, federation=federation, actor=acting(actor), closed_at=closed_at
        )
    console.print(
        f"the ballot box of the recall vote on {person} is closed; its trustees now decrypt "
        f"its tally; receipt {entry.hash}"
    )


@recall_app.command("close")
def close_vote(
    ctx: typer.Context,
    council: CouncilArgument,
    person: DelegateArgument,
    at: Annotated[str | None, at_option("the vote closed")] = None,
    federation: FederationOption = None,
    actor: ActorOption = None,
    db_option: DbOption = None,
) -> None:
    """Count a recall vote: more votes to recall than to keep recall the delegate. A sealed
    vote is counted by its trustees' decryption, once its ballot box has closed."""
    from soviet.services.bootstrap import open_database
    from soviet.services.recall_votes import close_recall_vote

    closed_at = moment(at, "--at")
    with open_database(db_url(ctx, db_option)) as db:
        decided = close_recall_vote(
            db, council, person, federation=federation, actor=acting(actor), closed_at=closed_at
        )
    console.print(f"recall vote on {person}: {decided.recall} to recall, {decided.keep} to keep")
    if decided.is_recalled:
        console.print(recalled(person, decided.successor, decided.election))
    else:
        console.print(f"KEPT: {person}")
    console.print(f"receipt {decided.receipt}")
