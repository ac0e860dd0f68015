"""`soviet init`, `soviet verify`, and `soviet journal tail / follow / keygen / sign`."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from soviet.cli.app import (
    ActorOption,
    DbOption,
    JsonOption,
    app,
    bounded,
    db_url,
    operating,
    reading,
)
from soviet.cli.console import output_console
from soviet.cli.progress import progress_bar
from soviet.cli.views import echo_view
from soviet.domain import limits
from soviet.errors import IntegrityError, InvalidInput, Problem

if TYPE_CHECKING:
    from rich.console import Group

    from soviet.domain.journal import Entry
    from soviet.domain.notices import Notice

console = output_console()

#: How much of a payload the table view shows (an election's can run to megabytes).
PAYLOAD_SHOWN = 300

journal_app = typer.Typer(
    help="Read the journal, the hash-chained record of every act, and sign its head."
)
app.add_typer(journal_app, name="journal")


@app.command()
def init(ctx: typer.Context, actor: ActorOption = None, db_option: DbOption = None) -> None:
    """Create the database, or bring it to the newest schema (safe to run again)."""
    from soviet.services import journal as journal_service
    from soviet.services.bootstrap import open_database

    with open_database(db_url(ctx, db_option), create=True) as db:
        result = journal_service.initialise(db, actor=operating(actor))
        if result.changed:
            done = "Initialised" if result.before is None else f"Upgraded from {result.before}"
            console.print(
                f"{done} {db.target.display} to schema revision {result.after}; "
                f"journal head {result.head.seq} {result.head.hash}"
            )
        else:
            console.print(
                f"{db.target.display} is already at schema revision {result.after}; nothing changed"
            )


@app.command()
def verify(
    ctx: typer.Context,
    actor: ActorOption = None,
    db_option: DbOption = None,
    witness: Annotated[
        Path | None,
        typer.Option(
            help="File remembering the head of the last successful verify, so that entries "
            "cut off the end are noticed. Default: one per database in the user's state folder.",
            show_default=False,
        ),
    ] = None,
    use_witness: Annotated[
        bool,
        typer.Option(
            "--use-witness/--no-witness",
            help="Check against and update the remembered head.",
        ),
    ] = True,
    heads: Annotated[
        list[Path] | None,
        typer.Option(
            "--head",
            help="A head signed by `journal sign` (published on a board or elsewhere): the "
            "entry it names must still have its hash. Repeat for several; needs --public-key.",
            show_default=False,
        ),
    ] = None,
    public_key: Annotated[
        str | None,
        typer.Option(
            "--public-key",
            help="The signing key's public key (hex, as `journal keygen` printed it) that "
            "every --head must be signed by.",
            show_default=False,
        ),
    ] = None,
) -> None:
    """Walk the whole journal and check every hash and link; name the first bad entry."""
    from soviet.services import heads as heads_service
    from soviet.services import journal as journal_service
    from soviet.services.bootstrap import open_database

    if heads and public_key is None:
        raise InvalidInput(
            "--public-key: needed to check a signed --head (whose key signed it?)",
            problems=[Problem("--public-key", "needed to check a signed --head")],
        )
    if public_key is not None and not heads:
        raise InvalidInput(
            "--public-key: given without a --head to check with it",
            problems=[Problem("--public-key", "given without a --head to check with it")],
        )
    signed = [
        (f"head signed at {h.signed_at}", h.head)
        for h in (heads_service.read_signed_head(path, public_key or "") for path in heads or [])
    ]
    with open_database(db_url(ctx, db_option)) as db:
        path = (witness or journal_service.default_witness(db)) if use_witness else None
        with progress_bar("rebuilding projections from the journal") as advance:
            report = journal_service.verify(
                db, witness=path, signed=signed, progress=advance, actor=operating(actor)
            )
        if report.problem is not None:
            raise IntegrityError(
                f"journal of {db.target.display} is broken at {report.problem} "
                f"({report.count} entries before it are intact)"
            )
        if report.differences:
            more = len(report.differences) - 1
            raise IntegrityError(
                f"projections of {db.target.display} differ from the journal: "
                f"{report.differences[0]}" + (f" (and {more} more tables)" if more else "")
            )
        checked = f"; {len(signed)} signed heads match" if signed else ""
        console.print(f"OK: {report.count} entries, head {report.head.hash}{checked}")


KeyOption = Annotated[
    Path,
    typer.Option(
        "--key",
        envvar="SOVIET_SIGNING_KEY",
        help="The file of the server's signing key, kept outside the database "
        "(default: $SOVIET_SIGNING_KEY).",
        show_default=False,
    ),
]


@journal_app.command("keygen")
def journal_keygen(key: KeyOption) -> None:
    """Make a new Ed25519 key to sign the journal's heads with, in a file of its own (never
    overwritten, readable by its owner alone), and print its public key to publish."""
    from soviet.services import heads as heads_service

    public = heads_service.generate_key(key)
    console.print(f"Wrote a signing key to {key}; its public key (publish it): {public}")


@journal_app.command("sign")
def journal_sign(
    ctx: typer.Context,
    key: KeyOption,
    actor: ActorOption = None,
    db_option: DbOption = None,
) -> None:
    """Sign the journal's current head with the key: print it as JSON, to publish and to
    check later with `soviet verify --head FILE --public-key KEY`."""
    from soviet.services import heads as heads_service
    from soviet.services.bootstrap import open_database

    with open_database(db_url(ctx, db_option)) as db:
        signed = heads_service.sign_head(db, key, actor=operating(actor))
    echo_view(signed.as_json())


def render_entries(entries: list[Entry], title: str) -> Group:
    """The entries, a line each with the payload indented below (`--json` has them whole)."""
    from rich.console import Group
    from rich.text import Text

    lines: list[Text] = [Text(title, style="bold")]
    width = len(str(entries[-1].seq)) if entries else 1
    for entry in entries:
        line = Text(f"{entry.seq:>{width}}  ", style="bold")
        line.append(entry.recorded_at[:19].replace("T", " ") + "  ")
        line.append(entry.kind, style="cyan")
        line.append(f"  by {entry.actor}  ")
        line.append(entry.hash[:16], style="dim")
        lines.append(line)
        payload = entry.payload
        if len(payload) > PAYLOAD_SHOWN:
            payload = (
                f"{payload[:PAYLOAD_SHOWN]}… ({len(entry.payload):,} characters; --json has all)"
            )
        lines.append(Text(" " * (width + 2) + payload, style="dim", overflow="fold"))
    return Group(*lines)


@journal_app.command("tail")
def journal_tail(
    ctx: typer.Context,
    actor: ActorOption = None,
    db_option: DbOption = None,
    count: Annotated[
        int,
        typer.Option(
            "-n",
            "--count",
            help="How many entries to show.",
            callback=bounded("--count", minimum=1, maximum=limits.PAGE_MAX),
        ),
    ] = 10,
    as_json: JsonOption = False,
) -> None:
    """Show the last entries of the journal in full, oldest first (the operator's read)."""
    from soviet.domain.views.journal import journal_entry
    from soviet.services import journal as journal_service
    from soviet.services.bootstrap import open_database

    with open_database(db_url(ctx, db_option)) as db:
        entries = journal_service.tail(db, count, actor=operating(actor))
        if as_json:
            echo_view([journal_entry(e) for e in entries])
            return
        console.print(render_entries(entries, f"journal of {db.target.display}"), soft_wrap=False)


def notice_line(notice: Notice) -> str:
    """A notice on one line, for a person: number, time, federation, kind, hash, fields."""
    import json

    fields = json.dumps(dict(notice.fields), ensure_ascii=False, separators=(",", ":"))
    if len(fields) > PAYLOAD_SHOWN:
        fields = f"{fields[:PAYLOAD_SHOWN]}… (--json has all)"
    where = notice.federation or "-"
    return (
        f"{notice.seq}  {notice.recorded_at}  {where}  {notice.kind}  {notice.hash[:16]}  {fields}"
    )


@journal_app.command("follow")
def journal_follow(
    ctx: typer.Context,
    actor: ActorOption = None,
    db_option: DbOption = None,
    after: Annotated[
        int,
        typer.Option(
            "--after",
            help="Start after this entry (0: from the first).",
            callback=bounded("--after", minimum=0, maximum=limits.ID_MAX),
        ),
    ] = 0,
    until: Annotated[
        int | None,
        typer.Option(
            "--until",
            help="Stop after the entry of this number.",
            show_default=False,
            callback=bounded("--until", minimum=1, maximum=limits.ID_MAX),
        ),
    ] = None,
    count: Annotated[
        int | None,
        typer.Option(
            "--count",
            help="Stop after this many notices.",
            show_default=False,
            callback=bounded("--count", minimum=1, maximum=limits.PAGE_MAX),
        ),
    ] = None,
    as_json: Annotated[
        bool, typer.Option("--json", help="Print each notice as one JSON object a line.")
    ] = False,
) -> None:
    """Print the public notice of every entry after --after, then each new one as it is
    committed, one a line, until interrupted (or --until, --count)."""
    import json

    from soviet.services import notices as notices_service
    from soviet.services.bootstrap import open_database

    if count is not None and count < 1:
        raise InvalidInput(f"count: must be at least 1, got {count}")
    if until is not None and until <= after:
        raise InvalidInput(f"until: must be after {after}, got {until}")
    printed = 0
    with open_database(db_url(ctx, db_option)) as db:
        try:
            for notice in notices_service.follow(db, after, actor=reading(actor)):
                line = notice_line(notice)
                if as_json:
                    line = json.dumps(notice.as_json(), ensure_ascii=False, sort_keys=True)
                typer.echo(line)
                printed += 1
                if (count is not None and printed >= count) or (
                    until is not None and notice.seq >= until
                ):
                    return
        except KeyboardInterrupt:
            return
