"""`soviet poll`: the poll on a motion, its tally report, and the chair's publication of
results the statute withholds at the close (`sessions.results: on-publication`).

A poll is created when its motion is moved and opened by `soviet vote open` (with
`--practice` for a practice poll, kept out of the record); `soviet vote close` closes it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

import typer

from soviet.cli.app import (
    ActorOption,
    DbOption,
    FederationOption,
    JsonOption,
    MotionArgument,
    acting,
    app,
    db_url,
    reading,
)
from soviet.cli.console import output_console
from soviet.cli.rows import at_option, moment
from soviet.cli.views import echo_view

if TYPE_CHECKING:
    from soviet.domain.views.plenary import Poll

console = output_console()

poll_app = typer.Typer(
    help="Polls on motions: their tally reports, and results the chair publishes.",
    no_args_is_help=True,
)
app.add_typer(poll_app, name="poll")


def poll_lines(poll: Poll) -> list[str]:
    """The tally report as lines of text: state and register, then the tally once shown."""
    if poll.mode is None:
        return [f"poll {poll.state}: not yet put to the vote (results {poll.results})"]
    practice = ", practice poll kept out of the record" if poll.is_practice else ""
    entitled = "not kept" if poll.entitled is None else str(poll.entitled)
    lines = [
        f"poll {poll.state} ({poll.mode}{practice}; results {poll.results}): entitled "
        f"{entitled}, present {poll.present}, ballots {poll.ballots}"
    ]
    if poll.yes is None:
        if poll.state in ("open", "closed") and poll.results == "on-publication":
            lines.append("the results are withheld until the chair publishes them")
        return lines
    lines.append(
        f"cast {poll.cast}, valid {poll.valid}: yes {poll.yes}, no {poll.no}, "
        f"abstain {poll.abstain}"
    )
    if poll.base is not None:
        verdict = "adopted" if poll.is_adopted else "rejected"
        lines.append(f"{verdict}: {poll.needed} yes needed of {poll.base_size} {poll.base}")
    return lines


@poll_app.command("show")
def show_command(
    ctx: typer.Context,
    motion: MotionArgument,
    as_json: JsonOption = False,
    federation: FederationOption = None,
    actor: ActorOption = None,
    db_option: DbOption = None,
) -> None:
    """The tally report of the poll on a motion: state, register (entitled), present,
    ballots; once its results may be shown, cast, valid, yes, no, abstain and the base
    the decision rule used."""
    from soviet.services.bootstrap import open_database
    from soviet.services.poll_results import poll_view

    with open_database(db_url(ctx, db_option)) as db:
        shown = poll_view(db, motion, federation=federation, actor=reading(actor))
    if as_json:
        echo_view(shown)
        return
    console.print(f"{shown.motion}", style="bold")
    for line in poll_lines(shown):
        console.print(line)


@poll_app.command("publish")
def publish_command(
    ctx: typer.Context,
    motion: MotionArgument,
    at: Annotated[str | None, at_option("the results were published")] = None,
    as_json: JsonOption = False,
    federation: FederationOption = None,
    actor: ActorOption = None,
    db_option: DbOption = None,
) -> None:
    """Publish the results of a closed poll the statute withheld at its close (the
    chair's act): the motion is decided as the close would have, and its tally shown."""
    published_at = moment(at, "--at")
    from soviet.cli.votes import print_closed
    from soviet.services.bootstrap import open_database
    from soviet.services.poll_results import publish_poll

    with open_database(db_url(ctx, db_option)) as db:
        result = publish_poll(
            db, motion, federation=federation, actor=acting(actor), at=published_at
        )
    print_closed(motion, result, as_json=as_json)
