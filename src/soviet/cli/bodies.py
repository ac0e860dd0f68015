"""`soviet council convene|designate|co-opt`, `soviet drift` and `soviet tree`: bodies
formed from councils, how far they lag their base, and the federation as a tree."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

import typer

from soviet.cli.app import (
    ActorOption,
    AsOfOption,
    DbOption,
    FederationOption,
    FractionArgument,
    JsonOption,
    acting,
    app,
    db_url,
    reading,
)
from soviet.cli.console import output_console
from soviet.cli.councils import council_app, fractions_bar
from soviet.cli.grid import Grid
from soviet.cli.rows import at_option, moment
from soviet.cli.views import echo_view
from soviet.errors import InvalidInput

if TYPE_CHECKING:
    from rich.tree import Tree

    from soviet.domain.views.councils import Node

console = output_console()

BodyArgument = Annotated[
    str,
    typer.Argument(help="The formed body (derived, executive or congress).", show_default=False),
]
PersonsArgument = Annotated[
    list[str], typer.Argument(help="The persons who take the seats, in order.", show_default=False)
]


@council_app.command("convene")
def convene_body(
    ctx: typer.Context,
    council: BodyArgument,
    at: Annotated[str | None, at_option("the body is convened")] = None,
    federation: FederationOption = None,
    actor: ActorOption = None,
    db_option: DbOption = None,
) -> None:
    """Convene a formed body: form it anew from the councils below it.

    Whatever its refresh rule, convening recomputes it; the output says whether its seats
    changed and shows its fractions.
    """
    from soviet.services.bootstrap import open_database
    from soviet.services.composition import composition
    from soviet.services.formation import convene

    convened_at = moment(at, "--at")
    with open_database(db_url(ctx, db_option)) as db:
        is_changed = convene(
            db, council, federation=federation, actor=acting(actor), convened_at=convened_at
        )
        shown = composition(
            db, council, as_of=convened_at, federation=federation, actor=reading(actor)
        )
    outcome = "its seats changed" if is_changed else "its seats are unchanged"
    console.print(f"'{council}' convened: {outcome}")
    console.print(
        f"seats {shown.seats}, filled {shown.filled}, majority {shown.majority or 'none'}"
    )
    console.print(fractions_bar(shown))


@council_app.command("designate")
def designate_members(
    ctx: typer.Context,
    council: BodyArgument,
    party: FractionArgument,
    persons: PersonsArgument,
    delegation: Annotated[
        str | None,
        typer.Option(
            "--delegation",
            help="For a congress: the member council whose delegation the fraction fills.",
            show_default=False,
        ),
    ] = None,
    federation: FederationOption = None,
    actor: ActorOption = None,
    db_option: DbOption = None,
) -> None:
    """A fraction names, in order, who fills its seats in an executive or a delegation.

    For a congress, --delegation names the member council whose delegation is filled.
    """
    from soviet.services.bootstrap import open_database
    from soviet.services.formation import designate

    with open_database(db_url(ctx, db_option)) as db:
        entry = designate(
            db,
            council,
            party,
            persons,
            delegation=delegation,
            federation=federation,
            actor=acting(actor),
        )
    where = f"the delegation of '{delegation}' to '{council}'" if delegation else f"'{council}'"
    console.print(f"{party} designate {', '.join(persons)} in {where}")
    console.print(f"receipt {entry.hash}")


@council_app.command("co-opt")
def co_opt_members(
    ctx: typer.Context,
    council: BodyArgument,
    organisation: Annotated[
        str,
        typer.Argument(
            help="The organisation the statute gives co-opted seats (a party, a union...).",
            show_default=False,
        ),
    ],
    persons: PersonsArgument,
    federation: FederationOption = None,
    actor: ActorOption = None,
    db_option: DbOption = None,
) -> None:
    """An organisation the statute names fills its co-opted seats in a body, in order."""
    from soviet.services.bootstrap import open_database
    from soviet.services.formation import co_opt

    with open_database(db_url(ctx, db_option)) as db:
        entry = co_opt(
            db, council, organisation, persons, federation=federation, actor=acting(actor)
        )
    console.print(f"'{organisation}' co-opts {', '.join(persons)} into '{council}'")
    console.print(f"receipt {entry.hash}")


@app.command("drift")
def drift_of_bodies(
    ctx: typer.Context,
    council: Annotated[
        str | None,
        typer.Argument(help="One council (default: every council).", show_default=False),
    ] = None,
    as_of: AsOfOption = None,
    history: Annotated[
        bool,
        typer.Option(
            "--history",
            help="Every measurement of one council's drift up to --as-of, oldest first "
            "(for charts); JSON rows add 'at'.",
        ),
    ] = False,
    as_json: JsonOption = False,
    federation: FederationOption = None,
    actor: ActorOption = None,
    db_option: DbOption = None,
) -> None:
    """How far each council is from what its base would give now, most drifted first."""
    from soviet.domain.views.councils import CouncilDrift, DriftMeasurement
    from soviet.services.bootstrap import open_database
    from soviet.services.formation import drift_history, drift_view

    if history and council is None:
        raise InvalidInput("COUNCIL: --history needs one council")
    moment_of = moment(as_of, "--as-of", end_of_day=True)
    with open_database(db_url(ctx, db_option)) as db:
        if history:
            assert council is not None
            series: list[DriftMeasurement] | list[CouncilDrift] = drift_history(
                db, council, as_of=moment_of, federation=federation, actor=reading(actor)
            )
        else:
            series = drift_view(
                db, council, as_of=moment_of, federation=federation, actor=reading(actor)
            )
    if as_json:
        echo_view(series)
        return
    table = Grid(title=f"mandate drift of '{council}' over time" if history else "mandate drift")
    table.add_column("measured at" if history else "council")
    table.add_column("seats off", justify="right")
    table.add_column("Gallagher", justify="right")
    table.add_column("reference")
    for d in series:
        first = d.at if isinstance(d, DriftMeasurement) else d.council
        if d.seats_off is None or d.gallagher is None:
            table.add_row(first, "", "", "not convened yet")
            continue
        table.add_row(first, str(d.seats_off), f"{d.gallagher:.2f}", d.reference)
    console.print(table)


def label(node: Node) -> str:
    """One line of the tree: the body, its size, majority, drift and refresh rule."""
    from rich.markup import escape

    body = (
        f"[bold]{escape(node.name)}[/] ({escape(node.council)}) — {node.kind}, {node.seats} seats"
    )
    if node.drift is None:
        return f"{body}, not convened yet; refresh: {node.refresh}"
    return (
        f"{body}, majority {node.majority or 'none'}, drift: {node.drift.seats_off} seats off, "
        f"Gallagher {node.drift.gallagher:.2f}; refresh: {node.refresh}"
    )


def grow(branch: Tree, node: Node) -> None:
    for below in node.below:
        grow(branch.add(label(below)), below)


@app.command("tree")
def tree_of_bodies(
    ctx: typer.Context,
    as_of: AsOfOption = None,
    as_json: JsonOption = False,
    federation: FederationOption = None,
    actor: ActorOption = None,
    db_option: DbOption = None,
) -> None:
    """The federation as a tree of bodies, with size, majority and drift.

    Each elected council is a root; each body stands under the councils it is formed from.
    """
    from rich.tree import Tree

    from soviet.services.bootstrap import open_database
    from soviet.services.formation import tree

    moment_of = moment(as_of, "--as-of", end_of_day=True)
    with open_database(db_url(ctx, db_option)) as db:
        roots = tree(db, as_of=moment_of, federation=federation, actor=reading(actor))
    if as_json:
        echo_view(roots)
        return
    for root in roots:
        shown = Tree(label(root))
        grow(shown, root)
        console.print(shown)
