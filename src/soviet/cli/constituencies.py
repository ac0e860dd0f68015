"""`soviet constituency ...` and `soviet members import / list`: the groups that send
delegates, and their registers."""

from __future__ import annotations

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
from soviet.cli.progress import progress_bar
from soviet.cli.rows import (
    at_option,
    checked,
    moment,
    pairs,
    read_csv,
    refuse,
    well_formed_lines,
    whole_number,
)
from soviet.cli.views import DEFAULT, CursorOption, LimitOption, echo_view, print_page
from soviet.domain import limits
from soviet.errors import InvalidInput

if TYPE_CHECKING:
    from soviet.services.csv_files import Row
    from soviet.services.registers import ConstituencySpec


console = output_console()

constituency_app = typer.Typer(
    help="Constituencies: the factories, regiments, villages and other groups that send delegates.",
    no_args_is_help=True,
)
members_app = typer.Typer(help="The registered members of constituencies.", no_args_is_help=True)
app.add_typer(constituency_app, name="constituency")
app.add_typer(members_app, name="members")

COLUMNS = ("slug", "name", "kind", "council", "electorate")
EffectiveOption = Annotated[
    str | None,
    typer.Option(
        "--effective",
        help="When the admission takes effect: an ISO date or date-time (default: now).",
        show_default=False,
    ),
]


def parse_tags(items: list[str], where: str) -> dict[str, str]:
    """Tags given as `key=value`; InvalidInput names the first that is not."""
    tags: dict[str, str] = {}
    for item in items:
        if not item.strip():
            raise InvalidInput(f"{where}: {item!r} is not key=value")
        for key, value in pairs(item, separator=";"):
            if not key or not value:
                raise InvalidInput(f"{where}: {item!r} is not key=value")
            tags[key] = value
    return tags


@constituency_app.command("admit")
def admit(
    ctx: typer.Context,
    slug: Annotated[str, typer.Argument(help="The constituency's slug.", show_default=False)],
    council: Annotated[str, typer.Option(help="The council it sends delegates to.")],
    kind: Annotated[str, typer.Option(help="Its kind, as the statute names it (factory...).")],
    name: Annotated[str, typer.Option(help="Its full name.")],
    electorate: Annotated[
        int,
        typer.Option(
            help="How many voters it has.",
            callback=bounded("--electorate", minimum=0, maximum=limits.ELECTORATE_MAX),
        ),
    ],
    tag: Annotated[
        list[str] | None,
        typer.Option("--tag", help="A tag key=value (e.g. ward=vyborg); repeat for more."),
    ] = None,
    effective: EffectiveOption = None,
    federation: FederationOption = None,
    actor: ActorOption = None,
    db_option: DbOption = None,
) -> None:
    """Admit a group that has organised and demands representation."""
    from soviet.services.bootstrap import open_database
    from soviet.services.registers import ConstituencySpec, admit_constituencies

    spec = ConstituencySpec(slug, name, kind, council, electorate, parse_tags(tag or [], "--tag"))
    admitted_at = moment(effective, "--effective")
    with open_database(db_url(ctx, db_option)) as db:
        entry = admit_constituencies(
            db, [spec], federation=federation, actor=acting(actor), admitted_at=admitted_at
        )
    console.print(f"admitted '{slug}' to '{council}' with {electorate} voters")
    console.print(f"receipt {entry.hash}")


def _spec(row: Row, problems: list[str]) -> ConstituencySpec:
    from soviet.services.registers import ConstituencySpec

    for column in ("slug", "name", "kind", "council"):
        if not row.get(column):
            problems.append(f"line {row.line}: {column} is empty")
    tags: dict[str, str] = {}
    for key, value in pairs(row.get("tags"), separator=";"):
        if not key or not value:
            problems.append(f"line {row.line}: tag {key!r} is not key=value")
        else:
            tags[key] = value
    electorate = whole_number(row, "electorate", problems)
    return ConstituencySpec(
        row.get("slug"),
        row.get("name"),
        row.get("kind"),
        row.get("council"),
        electorate,
        tags,
        line=row.line,
    )


def read_constituencies(path: Path) -> tuple[list[ConstituencySpec], list[str]]:
    """The constituencies of a CSV file, and the problems of its rows by line."""
    with progress_bar(f"reading {path.name}") as advance:
        _, rows, problems = read_csv(path, required=COLUMNS, optional=("tags",), progress=advance)
    specs = [_spec(row, problems) for row in rows]
    first: dict[str, int] = {}
    for row, spec in zip(rows, specs, strict=True):
        if spec.slug in first:
            problems.append(f"line {row.line}: slug {spec.slug!r} repeats line {first[spec.slug]}")
        first.setdefault(spec.slug, row.line)
    if not rows and not problems:
        raise InvalidInput(f"{path}: no constituencies in the file")
    good = well_formed_lines(rows, problems)
    return [spec for spec in specs if spec.line in good], problems


@constituency_app.command("import")
def import_constituencies(
    ctx: typer.Context,
    file: Annotated[
        Path,
        typer.Argument(
            help="CSV with columns slug,name,kind,council,electorate[,tags]; tags as "
            "ward=vyborg;district=x.",
            show_default=False,
        ),
    ],
    effective: EffectiveOption = None,
    federation: FederationOption = None,
    actor: ActorOption = None,
    db_option: DbOption = None,
) -> None:
    """Admit every constituency of a CSV file at once, or none if any row is bad."""
    from soviet.services.bootstrap import open_database
    from soviet.services.registers import admit_constituencies, constituency_problems

    specs, problems = read_constituencies(file)
    at = moment(effective, "--effective")
    with open_database(db_url(ctx, db_option)) as db:
        found = checked(
            problems,
            lambda: constituency_problems(db, specs, federation=federation, actor=acting(actor)),
        )
        refuse(file, found, "nothing admitted")
        entry = admit_constituencies(
            db, specs, federation=federation, actor=acting(actor), admitted_at=at
        )
    voters = sum(spec.electorate for spec in specs)
    console.print(f"admitted {len(specs)} constituencies with {voters} voters")
    console.print(f"receipt {entry.hash}")


@constituency_app.command("count")
def count(
    ctx: typer.Context,
    slug: Annotated[str, typer.Argument(help="The constituency's slug.", show_default=False)],
    electorate: Annotated[
        int,
        typer.Argument(
            help="Its number of voters now.",
            show_default=False,
            callback=bounded("electorate", minimum=0, maximum=limits.ELECTORATE_MAX),
        ),
    ],
    at: Annotated[str | None, at_option("it was counted")] = None,
    federation: FederationOption = None,
    actor: ActorOption = None,
    db_option: DbOption = None,
) -> None:
    """Record a constituency's new count of voters (it decides seats at the next election)."""
    from soviet.services.bootstrap import open_database
    from soviet.services.registers import count_electorate

    counted_at = moment(at, "--at")
    with open_database(db_url(ctx, db_option)) as db:
        entry = count_electorate(
            db, slug, electorate, federation=federation, actor=acting(actor), counted_at=counted_at
        )
    console.print(f"'{slug}' counts {electorate} voters")
    console.print(f"receipt {entry.hash}")


@members_app.command("import")
def import_members(
    ctx: typer.Context,
    constituency: Annotated[
        str, typer.Argument(help="The constituency they belong to.", show_default=False)
    ],
    file: Annotated[
        Path,
        typer.Argument(
            help="CSV with columns key,name[,birth_date,categories,account]; categories "
            "separated by semicolons.",
            show_default=False,
        ),
    ],
    at: Annotated[str | None, at_option("they were registered")] = None,
    federation: FederationOption = None,
    actor: ActorOption = None,
    db_option: DbOption = None,
) -> None:
    """Register a constituency's members from a CSV file; a file with any bad row registers
    nobody."""
    from soviet.services.bootstrap import open_database
    from soviet.services.members import member_problems, read_members_file, register_members

    with progress_bar(f"reading {file.name}") as advance:
        specs, problems = read_members_file(file, progress=advance)
    registered_at = moment(at, "--at")
    with open_database(db_url(ctx, db_option)) as db:
        found = checked(
            problems,
            lambda: member_problems(
                db, constituency, specs, federation=federation, actor=acting(actor)
            ),
        )
        refuse(file, found, "nobody registered")
        entry = register_members(
            db,
            constituency,
            specs,
            federation=federation,
            actor=acting(actor),
            registered_at=registered_at,
        )
    console.print(f"registered {len(specs)} members of '{constituency}'")
    console.print(f"receipt {entry.hash}")


@members_app.command("list")
def list_members(
    ctx: typer.Context,
    constituency: Annotated[str, typer.Argument(help="The constituency.", show_default=False)],
    cursor: CursorOption = None,
    limit: LimitOption = DEFAULT,
    as_json: JsonOption = False,
    federation: FederationOption = None,
    actor: ActorOption = None,
    db_option: DbOption = None,
) -> None:
    """A page of a constituency's member register: the whole of it for the federation's
    administrators, her own record for a member (--as), nothing for anyone else."""
    from soviet.services.bootstrap import open_database
    from soviet.services.member_register import member_register

    with open_database(db_url(ctx, db_option)) as db:
        found = member_register(
            db,
            constituency,
            federation=federation,
            cursor=cursor,
            limit=limit,
            actor=reading(actor),
        )
    if as_json:
        echo_view(found)
        return
    table = Grid("key", "name", "born", "categories", "account", "since")
    for member in found.members.items:
        table.add_row(
            member.key,
            member.name,
            member.birth_date or "",
            ", ".join(member.categories),
            member.account or "",
            member.since,
        )
    print_page(console, table, found.members, "members")
