"""`soviet election open|count|close|close-many`: elections by counts of paper ballots or by
ballots."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
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
from soviet.cli.rows import (
    at_option,
    checked,
    moment,
    refuse,
)
from soviet.cli.views import DEFAULT, CursorOption, LimitOption, echo_view, print_page
from soviet.domain import limits

if TYPE_CHECKING:
    from rich.table import Table

    from soviet.domain.views.acts import ElectionClosed
    from soviet.services.elections import Closed


console = output_console()

election_app = typer.Typer(
    help="Elections: open one, enter its counts, close it to seat the lists.",
    no_args_is_help=True,
)
app.add_typer(election_app, name="election")


class Mode(StrEnum):
    """How an election is decided."""

    counts = "counts"
    ballots = "ballots"


ElectionArgument = Annotated[
    int,
    typer.Argument(
        help="The election's id, as `election open` printed it.",
        show_default=False,
        parser=id_parser("election"),
    ),
]


@election_app.command("open")
def open_command(
    ctx: typer.Context,
    council: Annotated[str, typer.Argument(help="The council to elect.", show_default=False)],
    constituency: Annotated[
        str | None,
        typer.Option(
            help="Elect only this constituency's seats (default: every constituency).",
            show_default=False,
        ),
    ] = None,
    mode: Annotated[
        Mode,
        typer.Option(help="counts (entered from paper ballots) or ballots (cast by members)."),
    ] = Mode.counts,
    at: Annotated[str | None, at_option("it opens")] = None,
    federation: FederationOption = None,
    actor: ActorOption = None,
    db_option: DbOption = None,
) -> None:
    """Open an election and print its id."""
    from soviet.domain.ids import format_id
    from soviet.services.bootstrap import open_database
    from soviet.services.elections import open_election

    opened_at = moment(at, "--at")
    with open_database(db_url(ctx, db_option)) as db:
        election = open_election(
            db,
            council,
            constituency=constituency,
            mode=mode.value,
            federation=federation,
            actor=acting(actor),
            opened_at=opened_at,
        )
    typer.echo(format_id(election))


@election_app.command("count")
def count_command(
    ctx: typer.Context,
    election: ElectionArgument,
    file: Annotated[
        Path,
        typer.Argument(
            help="CSV with columns constituency,party,votes (or party,votes with --constituency).",
            show_default=False,
        ),
    ],
    constituency: Annotated[
        str | None,
        typer.Option(
            help="The constituency of every row, when the file has no constituency column.",
            show_default=False,
        ),
    ] = None,
    federation: FederationOption = None,
    actor: ActorOption = None,
    db_option: DbOption = None,
) -> None:
    """Enter the counted votes of paper ballots; they replace counts entered before."""
    from soviet.domain.ids import format_id
    from soviet.services.bootstrap import open_database
    from soviet.services.count_files import read_counts
    from soviet.services.elections import count_problems, enter_counts

    read = read_counts(file, constituency)
    with open_database(db_url(ctx, db_option)) as db:
        problems = checked(
            read.problems,
            lambda: count_problems(
                db,
                election,
                read.counts,
                lines=read.lines,
                federation=federation,
                actor=acting(actor),
            ),
        )
        refuse(file, problems, "nothing counted")
        entry = enter_counts(db, election, read.counts, federation=federation, actor=acting(actor))
    total = sum(votes for _, _, votes in read.counts)
    console.print(
        f"election {format_id(election)}: {len(read.counts)} counts, {total} votes entered"
    )
    console.print(f"receipt {entry.hash}")


@election_app.command("ballot")
def ballot_command(
    ctx: typer.Context,
    election: ElectionArgument,
    party: Annotated[str, typer.Argument(help="The party voted for.", show_default=False)],
    constituency: Annotated[str, typer.Option(help="The voter's constituency.")],
    member: Annotated[str, typer.Option("--member", help="The key of the member who votes.")],
    at: Annotated[str | None, at_option("she votes")] = None,
    audit: Annotated[
        bool,
        typer.Option(
            "--audit",
            help="Sealed elections: encrypt the ballot, then open it instead of casting it, "
            "to check that this device encrypted the party it was given (Benaloh's audit). "
            "Prints the ballot and its opening; nothing is cast.",
        ),
    ] = False,
    federation: FederationOption = None,
    actor: ActorOption = None,
    db_option: DbOption = None,
) -> None:
    """Cast a registered member's secret ballot for a party: once per election. In a sealed
    election the ballot is encrypted here, in this process, and the server receives only the
    ballot and its proofs; its receipt is the ballot's hash, which the constituency's board
    shows."""
    from soviet.domain.ids import format_id
    from soviet.errors import InvalidInput
    from soviet.services import sealed_elections
    from soviet.services.bootstrap import open_database
    from soviet.services.elections import cast_ballot

    cast_at = moment(at, "--at")
    with open_database(db_url(ctx, db_option)) as db:
        terms = sealed_elections.sealing(
            db, election, constituency, federation=federation, actor=reading(actor)
        )
        if terms is None:
            if audit:
                raise InvalidInput(f"--audit: election {format_id(election)} is not sealed")
            entry = cast_ballot(
                db,
                election,
                constituency,
                member,
                party,
                federation=federation,
                actor=acting(actor),
                cast_at=cast_at,
            )
            receipt = entry.hash
        else:
            ballot, opening = sealed_elections.encrypt(terms, party)
            if audit:
                from soviet.cli.votes import print_audit

                print_audit(terms, ballot, opening)
                return
            entry, receipt = sealed_elections.cast_sealed_ballot(
                db,
                election,
                constituency,
                member,
                ballot.to_json(),
                federation=federation,
                actor=acting(actor),
                cast_at=cast_at,
            )
    console.print(
        f"member '{member}' of '{constituency}' has voted in election {format_id(election)}"
        + ("" if terms is None else " by sealed ballot")
    )
    if terms is None:
        console.print(f"receipt {receipt}")
    else:
        console.print(f"receipt {receipt} (on the constituency's board), entry {entry.hash}")


@election_app.command("close-ballots")
def close_ballots_command(
    ctx: typer.Context,
    election: ElectionArgument,
    at: Annotated[str | None, at_option("the ballot box closes")] = None,
    federation: FederationOption = None,
    actor: ActorOption = None,
    db_option: DbOption = None,
) -> None:
    """Close the ballot box of a sealed election: no ballot is taken after it. Its trustees
    then decrypt each constituency's tally (`soviet trustee decrypt-election`), and
    `election close` seats the lists by the decrypted votes."""
    from soviet.domain.ids import format_id
    from soviet.services import sealed_elections
    from soviet.services.bootstrap import open_database

    closed_at = moment(at, "--at")
    with open_database(db_url(ctx, db_option)) as db:
        entry = sealed_elections.close_ballots(
            db, election, federation=federation, actor=acting(actor), closed_at=closed_at
        )
    console.print(
        f"the ballot box of election {format_id(election)} is closed; its trustees now "
        f"decrypt its tallies; receipt {entry.hash}"
    )


def closed_view(closed: Closed) -> ElectionClosed:
    """What closing gave, as `election close --json` prints it."""
    from soviet.domain.ids import format_id
    from soviet.domain.views.acts import ElectionClosed, SeatsWon
    from soviet.domain.views.elections import DrawByLot, draw_key

    return ElectionClosed(
        election=format_id(closed.election),
        seats=tuple(
            SeatsWon(constituency, party, seats)
            for (constituency, party), seats in sorted(closed.seats.items())
        ),
        filled=closed.filled,
        ended=closed.ended,
        draws=tuple(
            DrawByLot(
                tied=tuple(draw_key(k) for k in draw.tied),
                seats=draw.seats,
                winners=tuple(draw_key(k) for k in draw.winners),
                seed=draw.seed,
            )
            for draw in closed.draws
        ),
        receipt=closed.receipt,
    )


def closed_table(closed: Closed) -> Table:
    """Seats per constituency and party."""
    from rich.table import Table

    from soviet.domain.ids import format_id

    table = Table(title=f"election {format_id(closed.election)}: seats")
    table.add_column("constituency")
    table.add_column("party")
    table.add_column("seats", justify="right")
    for (constituency, party), seats in sorted(closed.seats.items()):
        table.add_row(constituency, party, str(seats))
    table.add_section()
    table.add_row("total", "", str(sum(closed.seats.values())))
    return table


@election_app.command("close")
def close_command(
    ctx: typer.Context,
    election: ElectionArgument,
    at: Annotated[str | None, at_option("it closes")] = None,
    seed: Annotated[
        int | None,
        typer.Option(
            help="Seed of the draw by lot, when the statute breaks ties by lot "
            "(default: a fresh one, recorded).",
            show_default=False,
            callback=bounded("--seed", minimum=0, maximum=limits.ID_MAX),
        ),
    ] = None,
    as_json: JsonOption = False,
    federation: FederationOption = None,
    actor: ActorOption = None,
    db_option: DbOption = None,
) -> None:
    """Close an election: allocate its seats by the statute and seat the list candidates."""
    from soviet.services.bootstrap import open_database
    from soviet.services.elections import close_election

    closed_at = moment(at, "--at")
    with open_database(db_url(ctx, db_option)) as db:
        closed = close_election(
            db, election, federation=federation, actor=acting(actor), closed_at=closed_at, seed=seed
        )
    if as_json:
        echo_view(closed_view(closed))
        return
    print_closed(closed)


def print_closed(closed: Closed) -> None:
    """What closing an election gave, as `election close` prints it."""
    from soviet.domain.elections import draw_told

    console.print(closed_table(closed))
    for draw in closed.draws:
        console.print(draw_told(draw))
    console.print(f"{closed.filled} seats filled, {closed.ended} mandates ended")
    console.print(f"receipt {closed.receipt}")


@election_app.command("close-many")
def close_many_command(
    ctx: typer.Context,
    elections: Annotated[
        list[int],
        typer.Argument(
            help="The elections' ids, as `election open` printed them, in the order to close.",
            show_default=False,
            parser=id_parser("election"),
        ),
    ],
    at: Annotated[str | None, at_option("they close")] = None,
    seed: Annotated[
        int | None,
        typer.Option(
            help="Seed of the draws by lot, when the statute breaks ties by lot: the i-th "
            "election's draw uses SEED + i (default: fresh ones, recorded).",
            show_default=False,
            callback=bounded("--seed", minimum=0, maximum=limits.ID_MAX),
        ),
    ] = None,
    as_json: JsonOption = False,
    federation: FederationOption = None,
    actor: ActorOption = None,
    db_option: DbOption = None,
) -> None:
    """Close the elections of an election day in one act: each journaled as its own entry,
    the bodies above following once, after the last. All or nothing."""
    from soviet.services.bootstrap import open_database
    from soviet.services.elections import close_elections

    closed_at = moment(at, "--at")
    with open_database(db_url(ctx, db_option)) as db:
        closed = close_elections(
            db,
            elections,
            federation=federation,
            actor=acting(actor),
            closed_at=closed_at,
            seed=seed,
        )
    if as_json:
        echo_view([closed_view(each) for each in closed])
        return
    for each in closed:
        print_closed(each)
    console.print(f"{len(closed)} elections closed in one act")


@election_app.command("list")
def list_command(
    ctx: typer.Context,
    council: Annotated[
        str | None,
        typer.Option(
            help="Only this council's elections (default: every council's).", show_default=False
        ),
    ] = None,
    is_open: Annotated[
        bool, typer.Option("--open", help="Only the elections still open (not yet closed).")
    ] = False,
    cursor: CursorOption = None,
    limit: LimitOption = DEFAULT,
    as_json: JsonOption = False,
    federation: FederationOption = None,
    actor: ActorOption = None,
    db_option: DbOption = None,
) -> None:
    """A page of the federation's elections, in the order opened, with their ids."""
    from soviet.services.bootstrap import open_database
    from soviet.services.reads import election_list

    with open_database(db_url(ctx, db_option)) as db:
        found = election_list(
            db,
            council=council,
            is_open=is_open,
            federation=federation,
            cursor=cursor,
            limit=limit,
            actor=reading(actor),
        )
    if as_json:
        echo_view(found)
        return
    table = Grid("election", "council", "constituency", "mode", "opened", "closed")
    for line in found.items:
        table.add_row(
            line.election,
            line.council,
            line.constituency or "(all)",
            line.mode,
            line.opened_at,
            line.closed_at or "open",
        )
    print_page(console, table, found, "elections")
