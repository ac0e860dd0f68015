"""`soviet trustee`: the trustees of a council's secret ballots and their key ceremony:
appointed by the secretariat, each takes her steps with a key file of her own."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from soviet.cli.app import (
    ActorOption,
    CouncilArgument,
    DbOption,
    FederationOption,
    JsonOption,
    acting,
    app,
    db_url,
    echo_json,
    reading,
)
from soviet.cli.console import output_console
from soviet.cli.ids import id_parser

console = output_console()

trustee_app = typer.Typer(
    help="Trustees of a council's secret ballots: appointed by the secretariat, they make "
    "the council's key together in a ceremony, each keeping her share in a file of her own.",
    no_args_is_help=True,
)
app.add_typer(trustee_app, name="trustee")

KeyFileOption = Annotated[
    Path,
    typer.Option(
        "--key-file",
        help="The trustee's own file for her secrets (made on her first step, readable by "
        "her alone; never overwritten by another ceremony's). Keep it, and a copy, off the "
        "server: it is her share of the council's key.",
        show_default=False,
        dir_okay=False,
    ),
]


@trustee_app.command("appoint")
def appoint_command(
    ctx: typer.Context,
    council: CouncilArgument,
    accounts: Annotated[
        list[str],
        typer.Argument(help="The trustees' accounts, numbered in this order.", show_default=False),
    ],
    threshold: Annotated[
        int,
        typer.Option(
            "--threshold",
            help="How many trustees together decrypt a tally (fewer cannot); from 1 to "
            "the number of trustees.",
            show_default=False,
        ),
    ],
    federation: FederationOption = None,
    actor: ActorOption = None,
    db_option: DbOption = None,
) -> None:
    """Appoint the trustees of the council's secret ballots: a new key ceremony, whose key
    serves every secret ballot opened after it completes."""
    from soviet.domain.ids import format_id
    from soviet.services import trustees as service
    from soviet.services.bootstrap import open_database

    with open_database(db_url(ctx, db_option)) as db:
        found = service.appoint(
            db, council, accounts, threshold, federation=federation, actor=acting(actor)
        )
    console.print(
        f"ceremony {format_id(found.id)}: {len(found.trustees)} trustees of '{council}', "
        f"any {found.threshold} of whom decrypt; each now runs `soviet trustee keygen "
        f"{council} --key-file FILE --as ACCOUNT`"
    )


@trustee_app.command("show")
def show_command(
    ctx: typer.Context,
    council: CouncilArgument,
    as_json: JsonOption = False,
    federation: FederationOption = None,
    actor: ActorOption = None,
    db_option: DbOption = None,
) -> None:
    """The council's newest key ceremony: its trustees, where each stands, its public key."""
    from soviet.cli.grid import Grid
    from soviet.domain.ids import format_id
    from soviet.domain.trustees import ceremony_view
    from soviet.domain.views.encoding import to_json
    from soviet.services import trustees as service
    from soviet.services.bootstrap import open_database

    with open_database(db_url(ctx, db_option)) as db:
        found = service.ceremony(db, council, federation=federation, actor=reading(actor))
    if as_json:
        echo_json(to_json(ceremony_view(found)))
        return
    table = Grid(
        "number",
        "account",
        "next step",
        title=f"ceremony {format_id(found.id)} of {council}: any {found.threshold} of "
        f"{len(found.trustees)} decrypt",
    )
    for trustee in found.trustees:
        table.add_row(str(trustee.number), trustee.account, str(trustee.step))
    console.print(table)
    if found.public_key is None:
        console.print("the council's key: not yet made")
    else:
        console.print(f"the council's key: {found.public_key} (since {found.completed_at})")


@trustee_app.command("keygen")
def keygen_command(
    ctx: typer.Context,
    council: CouncilArgument,
    key_file: KeyFileOption,
    federation: FederationOption = None,
    actor: ActorOption = None,
    db_option: DbOption = None,
) -> None:
    """Take every step of the council's key ceremony you can take now: enrol, deal once
    every trustee has enrolled, confirm once every trustee has dealt. Run it again when the
    others have moved on; it goes on from where you stopped."""
    from soviet.services import trustee_keys
    from soviet.services.bootstrap import open_database

    with open_database(db_url(ctx, db_option)) as db:
        progress = trustee_keys.take_steps(
            db, council, key_file, federation=federation, actor=acting(actor)
        )
    found = progress.ceremony
    me = f"trustee {progress.trustee} of {len(found.trustees)}"
    took = ", ".join(str(step) for step in progress.taken) or "nothing new"
    console.print(f"{me}: {took}; your secrets are in {key_file}")
    if found.public_key is not None:
        console.print(f"the ceremony is complete; the council's key is {found.public_key}")
    elif progress.waiting:
        console.print(
            f"waiting for {', '.join(progress.waiting)}; run this again when they have "
            "taken their step"
        )


@trustee_app.command("decrypt")
def decrypt_command(
    ctx: typer.Context,
    motion: Annotated[
        str, typer.Argument(help="The motion, as COUNCIL/MOTION.", show_default=False)
    ],
    key_file: KeyFileOption,
    federation: FederationOption = None,
    actor: ActorOption = None,
    db_option: DbOption = None,
) -> None:
    """Give your share of the decryption of a closed sealed vote's tally, made here with
    the share of the key in your key file (which is never sent), with its proof. The last
    share the threshold needs decides the vote when the statute shows results at the close."""
    from soviet.services import trustee_keys
    from soviet.services.bootstrap import open_database

    with open_database(db_url(ctx, db_option)) as db:
        wanted, result = trustee_keys.decrypt(
            db, motion, key_file, federation=federation, actor=acting(actor)
        )
    given = len(wanted.given) + 1
    console.print(
        f"your share of the decryption of '{motion}' is given ({given} of the "
        f"{wanted.threshold} needed)"
    )
    if result is not None:
        tally = result.tally
        outcome = "adopted" if result.is_adopted else "rejected"
        console.print(
            f"the tally is decrypted: {tally.yes} yes, {tally.no} no, {tally.abstain} "
            f"abstain; '{motion}' is {outcome}"
        )
    elif given >= wanted.threshold:
        console.print("the tally can be counted: the chair publishes it")


@trustee_app.command("decrypt-election")
def decrypt_election_command(
    ctx: typer.Context,
    election: Annotated[
        int,
        typer.Argument(
            help="The sealed election's id, as `election open` printed it.",
            show_default=False,
            parser=id_parser("election"),
        ),
    ],
    key_file: KeyFileOption,
    federation: FederationOption = None,
    actor: ActorOption = None,
    db_option: DbOption = None,
) -> None:
    """Give your shares of the decryption of every constituency's tally of a sealed
    election whose ballot box has closed, made here with the share of the key in your key
    file (which is never sent), with their proofs. Once the threshold have given theirs,
    `soviet election close` seats the lists by the decrypted votes."""
    from soviet.domain.ids import format_id
    from soviet.services import trustee_keys
    from soviet.services.bootstrap import open_database

    with open_database(db_url(ctx, db_option)) as db:
        wanted, given = trustee_keys.decrypt_election(
            db, election, key_file, federation=federation, actor=acting(actor)
        )
    name = format_id(election)
    console.print(
        f"your shares of the decryption of election {name} are given: {len(given)} "
        f"constituencies' tallies, each needing {wanted.threshold} trustees' shares"
    )
    waiting = [t.constituency for t in wanted.tallies if len(t.given) + 1 < wanted.threshold]
    if waiting:
        console.print(f"still waiting for other trustees in {len(waiting)} constituencies")
    else:
        console.print(f"every tally can be counted: `soviet election close {name}` seats them")


@trustee_app.command("decrypt-recall")
def decrypt_recall_command(
    ctx: typer.Context,
    council: CouncilArgument,
    person: Annotated[
        str, typer.Argument(help="The delegate whose recall is put to a vote.", show_default=False)
    ],
    key_file: KeyFileOption,
    federation: FederationOption = None,
    actor: ActorOption = None,
    db_option: DbOption = None,
) -> None:
    """Give your share of the decryption of the tally of a sealed recall vote whose ballot
    box has closed, made here with the share of the key in your key file (which is never
    sent), with its proof. Once the threshold have given theirs, `soviet recall close`
    decides the vote by the decrypted counts."""
    from soviet.services import trustee_keys
    from soviet.services.bootstrap import open_database

    with open_database(db_url(ctx, db_option)) as db:
        wanted, _ = trustee_keys.decrypt_recall(
            db, council, person, key_file, federation=federation, actor=acting(actor)
        )
    given = len(wanted.given) + 1
    console.print(
        f"your share of the decryption of the recall vote on {person} is given ({given} of "
        f"the {wanted.threshold} needed)"
    )
    if given >= wanted.threshold:
        console.print(f"the tally can be counted: `soviet recall close {council} {person}`")
