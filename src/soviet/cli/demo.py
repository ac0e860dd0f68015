"""`soviet demo`: the main job, the Petrograd 1917 reference scenario replayed.

It loads the scenario into the database (the default one unless `--db` names another),
replaying only the acts it does not hold yet, and shows each dated step: the composition
of the bodies it touched as bars of seats by fraction, and the drift of the Petrograd
Soviet, its executive, the Central Executive Committee and the Second Congress; the
chain of authority of each act the Military Revolutionary Committee does under the
Soviet's resolution; and each vote a step decides, by fraction.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time
from typing import TYPE_CHECKING, Annotated, Any

import typer

from soviet.cli.app import DbOption, app, bounded, db_url
from soviet.cli.console import CommandConsole
from soviet.domain import limits
from soviet.errors import InvalidInput

if TYPE_CHECKING:
    from rich.console import Console
    from rich.text import Text

    from soviet.domain.views.minutes import Minutes
    from soviet.services import scenario


def _plain_console() -> Console:
    from rich.console import Console

    return Console(highlight=False, soft_wrap=True)


#: A plain Rich console: as wide as the terminal, and 80 columns when piped.
console = CommandConsole(_plain_console)

COLOURS = {
    "bolsheviks": "red",
    "left-sr": "magenta",
    "sr": "green",
    "mensheviks": "yellow",
    "internationalists": "cyan",
    "anarchists": "bright_black",
}
BAR_WIDTH = 60
#: The body whose minutes end the replay: the Second Congress of Soviets of October 25.
CONGRESS = "second-congress"
#: How many names of a list (a fraction's roll call, a walk-out) the printed minutes show;
#: the file holds them all.
NAMES_SHOWN = 5


def bar(fractions: dict[str, int], seats: int) -> Text:
    """A bar of seats by fraction, one colour per party, empty seats left blank."""
    from rich.text import Text

    text = Text()
    total = max(seats, sum(fractions.values()), 1)
    for party, count in fractions.items():
        width = round(BAR_WIDTH * count / total)
        text.append("█" * width, style=COLOURS.get(party, "white"))
    legend = "  ".join(f"{party} {count}" for party, count in fractions.items())
    text.append(f"\n  {legend}", style="dim")
    return text


def render(state: scenario.State) -> None:
    from rich.table import Table

    step = state.step
    console.rule(f"[bold]{step.date.isoformat()}[/]  {step.title}")
    console.print(step.story, style="italic")
    for name, body in state.bodies.items():
        majority = body["majority"] or "no majority"
        console.print(f"\n[bold]{name}[/]: {body['filled']} of {body['seats']} seats, {majority}")
        fractions = body["fractions"]
        assert isinstance(fractions, dict)
        assert isinstance(body["seats"], int)
        console.print(bar(fractions, body["seats"]))
    table = Table(title="drift from the base", title_justify="left")
    for column in ("body", "seats off", "Gallagher"):
        table.add_column(column)
    for row in state.drift:
        table.add_row(str(row["council"]), str(row["seats_off"]), f"{row['gallagher']:.1f}")
    console.print(table)
    for chain in state.authority:
        render_authority(chain)
    for vote in state.votes:
        render_vote(vote)


def render_authority(chain: list[dict[str, Any]]) -> None:
    """An act's chain of authority, from the act back to the plenary that granted it."""
    console.print("\n[bold]authority[/]")
    for depth, link in enumerate(chain):
        pad = "  " * depth + ("└ " if depth else "")
        kind = link["step"]
        if kind == "act":
            done = f"{link['power']}, {link['at'][:10]}"
            line = f"act {link['act']} by {link['by']} ({done}): {link['text']}"
        elif kind == "commission":
            line = f"commission {link['commission']}, mandate: {link['mandate']}"
        elif kind == "resolution":
            line = f"resolution {link['resolution']}, adopted {link['adopted_at'][:10]}"
        elif kind == "motion":
            line = (
                f"motion {link['motion']}: {link['yes']} yes, {link['no']} no, "
                f"{link['abstain']} abstain"
            )
        else:
            line = (
                f"plenary session {link['session']} of {link['council']}, convened "
                f"{link['convened_at'][:10]}: {link['present']} of {link['seats']} present"
            )
        console.print(f"  {pad}{line}")


def render_vote(vote: dict[str, Any]) -> None:
    """A decided motion: its tally by fraction and the outcome."""
    outcome = "[bold green]adopted[/]" if vote["adopted"] else "[bold red]rejected[/]"
    held = vote["vote"]
    console.print(
        f"\n[bold]vote on {vote['motion']}[/] ({held['mode']}, {held['present']} of "
        f"{held['seats']} present): {vote['yes']} yes, {vote['no']} no, "
        f"{vote['abstain']} abstain: {outcome}"
    )
    for party, counts in vote.get("by_fraction", {}).items():
        style = COLOURS.get(party, "white")
        console.print(
            f"  [{style}]{party or 'no fraction'}[/]: {counts['yes']} yes, {counts['no']} no, "
            f"{counts['abstain']} abstain"
        )


def render_minutes(minutes: Minutes, url: str) -> None:
    """The Second Congress's minutes: written in full beside the database, and printed
    with each long list of names cut short."""
    from rich.console import Console
    from rich.markdown import Markdown

    from soviet.cli.minutes import write_output
    from soviet.domain import minutes_text
    from soviet.services.bootstrap import file_beside

    path = file_beside(url, f"{CONGRESS}-minutes.md")
    path.parent.mkdir(parents=True, exist_ok=True)  # the data folder, beside a PostgreSQL
    write_output(path, minutes_text.markdown(minutes), "the minutes' file")
    console.rule("[bold]Minutes of the Second Congress of Soviets[/]")
    # Wrapped to the terminal's width (the console above leaves long lines whole).
    Console(highlight=False).print(Markdown(minutes_text.markdown(minutes, names=NAMES_SHOWN)))
    console.print(
        f"\nThe minutes in full, every delegate by name, are in {path} "
        f"(`soviet session minutes {minutes.session}` prints them; `--format html` for a page)."
    )


def _until(text: str | None) -> date | None:
    if text is None:
        return None
    try:
        day = date.fromisoformat(text)
    except ValueError:
        raise InvalidInput(f"--until: must be an ISO date (1917-10-25), got {text!r}") from None
    limits.check_moment(datetime.combine(day, time.min, tzinfo=UTC), "--until")
    return day


@app.command()
def demo(
    ctx: typer.Context,
    db_option: DbOption = None,
    until: Annotated[
        str | None, typer.Option("--until", help="Stop after the last step of this date.")
    ] = None,
    step: Annotated[bool, typer.Option("--step", help="Wait for Enter between steps.")] = False,
    as_json: Annotated[
        bool, typer.Option("--json", help="Load, print the replayed states as JSON, exit.")
    ] = False,
    reset: Annotated[
        bool, typer.Option("--reset", help="Remove the SQLite database and replay from the start.")
    ] = False,
    serve: Annotated[
        bool,
        typer.Option(
            "--serve",
            help="Then serve the web application on the replayed database, printing the "
            "address and the demo's sign-ins, until stopped.",
        ),
    ] = False,
    host: Annotated[
        str, typer.Option("--host", help="With --serve: the address to listen on.")
    ] = "127.0.0.1",
    port: Annotated[
        int,
        typer.Option(
            "--port",
            help="With --serve: the TCP port.",
            callback=bounded("port", minimum=1, maximum=65535),
        ),
    ] = 8000,
) -> None:
    """Replay the Petrograd 1917 reference scenario: the Soviet, its September turn, the
    Central Executive Committee's drift and the Second Congress of Soviets (resumed where
    the database stopped); with --serve, then serve it in the browser."""
    import json

    from soviet.domain.identity import SYSTEM
    from soviet.domain.views import to_json
    from soviet.services import scenario
    from soviet.services.bootstrap import default_url, open_database
    from soviet.services.minutes import last_minutes

    url = db_url(ctx, db_option) or default_url()
    stop = _until(until)
    if not serve and (host, port) != ("127.0.0.1", 8000):
        option = "--host" if host != "127.0.0.1" else "--port"
        raise InvalidInput(f"{option}: only with --serve (where to serve the replay)")
    if serve:
        from soviet.cli.serve import check_address

        if as_json:
            raise InvalidInput("--serve: cannot be given with --json (the page is the output)")
        check_address(host, port)  # refused before the replay, not after it
    if reset:
        scenario.reset(url)
    loaded = scenario.load()
    states = []
    minutes = None
    # The replay's commits do not wait for the disk: a power cut may lose its last steps,
    # which the next `soviet demo` replays again from the journal.
    with open_database(url, create=True, durable=False) as db:
        if not as_json:
            console.print(f"[bold]soviet demo[/]: Petrograd 1917, in {db.target.display}")
        for replayed, _performed in scenario.replay(db, loaded, until=stop):
            state = scenario.state_after(db, replayed)
            states.append(state.as_json())
            if as_json:
                continue
            render(state)
            if step:
                typer.prompt("Enter for the next step", default="", show_default=False)
        if stop is None or stop >= loaded.scenario.steps[-1].date:  # the Congress was replayed
            minutes = last_minutes(db, CONGRESS, actor=SYSTEM)
    if as_json:
        shown: dict[str, object] = {"scenario": loaded.scenario.slug, "steps": states}
        if minutes is not None:
            shown["minutes"] = to_json(minutes)
        typer.echo(json.dumps(shown, indent=2))
    elif minutes is not None:
        render_minutes(minutes, url)
    if serve:
        serve_demo(url, host, port)


def serve_demo(url: str, host: str, port: int) -> None:
    """Print the address and the demo's sign-ins, then serve the web application."""
    import os

    import uvicorn

    from soviet.cli.serve import is_loopback
    from soviet.domain.identity import SYSTEM
    from soviet.services.bootstrap import file_beside, open_database
    from soviet.services.demo_accounts import ADMINISTRATOR, demo_accounts

    with open_database(url) as db:
        sign_ins = demo_accounts(db, file_beside(url, "demo-accounts.json"), actor=SYSTEM)
    shown = "127.0.0.1" if host in ("0.0.0.0", "::") else host
    console.rule("[bold]The web application[/]")
    console.print(f"Open [bold]http://{shown}:{port}/[/] in a browser. Sign in as:")
    for each in sign_ins:  # one line each, never cut: they are typed in as printed
        console.print(f"  [bold]{each.account}[/]  password [bold]{each.password}[/]  ({each.who})")
    console.print(
        f"  ([bold]{ADMINISTRATOR}[/] also acts as this server's operator: it may verify the "
        "journal from the administration page.)"
    )
    console.print("Stop the server with Ctrl+C.")
    os.environ["SOVIET_DB"] = url
    os.environ["SOVIET_OPERATORS"] = ADMINISTRATOR
    os.environ.setdefault("SOVIET_SECURE_COOKIES", "no" if is_loopback(host) else "yes")
    uvicorn.run(
        "soviet.api.app:from_environment",
        factory=True,
        host=host,
        port=port,
        log_level="warning",
        access_log=False,
        timeout_graceful_shutdown=3,
    )
