"""`soviet person ...` and `soviet party ...`: persons, parties, membership and lists."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Annotated

import typer

from soviet.cli.app import ActorOption, DbOption, FederationOption, acting, app, db_url
from soviet.cli.console import output_console
from soviet.cli.progress import progress_bar
from soviet.cli.rows import at_option, checked, moment, read_csv, refuse, well_formed_lines
from soviet.errors import InvalidInput

console = output_console()

person_app = typer.Typer(
    help="Persons: who may join parties and stand as candidates.", no_args_is_help=True
)
party_app = typer.Typer(
    help="Parties: programmes, central committees, members and ordered candidate lists.",
    no_args_is_help=True,
)
app.add_typer(person_app, name="person")
app.add_typer(party_app, name="party")

AtOption = Annotated[str | None, at_option("they joined")]
PartyArgument = Annotated[str, typer.Argument(help="The party.", show_default=False)]


@person_app.command("add")
def add_person(
    ctx: typer.Context,
    slug: Annotated[str, typer.Argument(help="The person's slug.", show_default=False)],
    name: Annotated[str, typer.Argument(help="The person's name.", show_default=False)],
    federation: FederationOption = None,
    actor: ActorOption = None,
    db_option: DbOption = None,
) -> None:
    """Register one person."""
    from soviet.services.bootstrap import open_database
    from soviet.services.parties import register_persons

    with open_database(db_url(ctx, db_option)) as db:
        entry = register_persons(db, [(slug, name)], federation=federation, actor=acting(actor))
    console.print(f"registered {slug}")
    console.print(f"receipt {entry.hash}")


@dataclass(frozen=True)
class PersonRows:
    """The well-formed persons of a CSV file, each with its line and party, and the
    problems of the other lines."""

    persons: list[tuple[str, str]]
    lines: list[int]
    parties: dict[str, str]  # person to the party she joins
    problems: list[str]

    def joining(self) -> dict[str, list[str]]:
        """The persons who join each party."""
        grouped: dict[str, list[str]] = {}
        for person, party in self.parties.items():
            grouped.setdefault(party, []).append(person)
        return grouped


def read_persons(path: Path) -> PersonRows:
    """The persons (slug, name) of a CSV file, the party each joins, and every bad line."""
    with progress_bar(f"reading {path.name}") as advance:
        _, rows, problems = read_csv(
            path, required=("slug", "name"), optional=("party",), progress=advance
        )
    first: dict[str, int] = {}
    for row in rows:
        slug = row.get("slug")
        for column in ("slug", "name"):
            if not row.get(column):
                problems.append(f"line {row.line}: {column} is empty")
        if slug and slug in first:
            problems.append(f"line {row.line}: slug {slug!r} repeats line {first[slug]}")
        first.setdefault(slug, row.line)
    if not rows and not problems:
        raise InvalidInput(f"{path}: no persons in the file")
    lines = well_formed_lines(rows, problems)
    good = [row for row in rows if row.line in lines]
    return PersonRows(
        persons=[(row.get("slug"), row.get("name")) for row in good],
        lines=[row.line for row in good],
        parties={row.get("slug"): row.get("party") for row in good if row.get("party")},
        problems=problems,
    )


@person_app.command("import")
def import_persons(
    ctx: typer.Context,
    file: Annotated[
        Path,
        typer.Argument(
            help="CSV with columns slug,name[,party]; a person with a party joins it.",
            show_default=False,
        ),
    ],
    at: AtOption = None,
    federation: FederationOption = None,
    actor: ActorOption = None,
    db_option: DbOption = None,
) -> None:
    """Register the persons of a CSV file, and admit those with a party to it."""
    from soviet.services.bootstrap import open_database
    from soviet.services.parties import person_problems, register_persons

    rows = read_persons(file)
    joined_at = moment(at, "--at")
    with open_database(db_url(ctx, db_option)) as db:
        problems = checked(
            rows.problems,
            lambda: person_problems(
                db,
                rows.persons,
                parties=rows.parties,
                lines=rows.lines,
                federation=federation,
                actor=acting(actor),
            ),
        )
        refuse(file, problems, "nobody registered")
        entry = register_persons(
            db,
            rows.persons,
            parties=rows.parties,
            federation=federation,
            actor=acting(actor),
            joined_at=joined_at,
        )
    console.print(f"registered {len(rows.persons)} persons")
    for party, members in rows.joining().items():
        console.print(f"{len(members)} joined '{party}'")
    console.print(f"receipt {entry.hash}")


@party_app.command("register")
def register(
    ctx: typer.Context,
    slug: Annotated[str, typer.Argument(help="The party's slug.", show_default=False)],
    name: Annotated[str, typer.Option(help="The party's full name.")],
    programme: Annotated[str, typer.Option(help="The party's programme, as text.")],
    committee: Annotated[
        list[str],
        typer.Option(
            help="An account of its central committee, who designate and replace its "
            "delegates; repeat for more."
        ),
    ],
    federation: FederationOption = None,
    actor: ActorOption = None,
    db_option: DbOption = None,
) -> None:
    """Register a party with its programme and central committee."""
    from soviet.services.bootstrap import open_database
    from soviet.services.parties import register_party

    with open_database(db_url(ctx, db_option)) as db:
        entry = register_party(
            db,
            slug,
            name=name,
            programme=programme,
            committee=committee,
            federation=federation,
            actor=acting(actor),
        )
    console.print(f"registered party '{slug}'")
    console.print(f"receipt {entry.hash}")


@party_app.command("join")
def join(
    ctx: typer.Context,
    party: PartyArgument,
    persons: Annotated[
        list[str], typer.Argument(help="The persons who join it.", show_default=False)
    ],
    at: AtOption = None,
    federation: FederationOption = None,
    actor: ActorOption = None,
    db_option: DbOption = None,
) -> None:
    """Admit registered persons to a party (its central committee decides)."""
    from soviet.services.bootstrap import open_database
    from soviet.services.parties import join_party

    joined_at = moment(at, "--at")
    with open_database(db_url(ctx, db_option)) as db:
        entry = join_party(
            db, party, persons, federation=federation, actor=acting(actor), joined_at=joined_at
        )
    console.print(f"{len(set(persons))} joined '{party}'")
    console.print(f"receipt {entry.hash}")


@party_app.command("list")
def candidate_list(
    ctx: typer.Context,
    party: PartyArgument,
    persons: Annotated[
        list[str],
        typer.Argument(help="The candidates, in the order they take seats.", show_default=False),
    ],
    council: Annotated[str, typer.Option(help="The council the list stands for.")],
    constituency: Annotated[
        str | None,
        typer.Option(
            help="The constituency the list stands in (default: council-wide).",
            show_default=False,
        ),
    ] = None,
    federation: FederationOption = None,
    actor: ActorOption = None,
    db_option: DbOption = None,
) -> None:
    """Set a party's ordered candidate list for a council, replacing the one before."""
    from soviet.services.bootstrap import open_database
    from soviet.services.parties import set_candidate_list

    with open_database(db_url(ctx, db_option)) as db:
        entry = set_candidate_list(
            db,
            party,
            council,
            persons,
            constituency=constituency,
            federation=federation,
            actor=acting(actor),
        )
    where = f"'{constituency}'" if constituency else "the whole council"
    console.print(f"list of '{party}' for '{council}' in {where}: {', '.join(persons)}")
    console.print(f"receipt {entry.hash}")


@party_app.command("leave")
def leave(
    ctx: typer.Context,
    party: PartyArgument,
    person: Annotated[str, typer.Argument(help="The member who leaves.", show_default=False)],
    at: Annotated[str | None, at_option("she left")] = None,
    federation: FederationOption = None,
    actor: ActorOption = None,
    db_option: DbOption = None,
) -> None:
    """A member leaves the party (or its central committee expels her): she is passed over
    on its lists."""
    from soviet.services.bootstrap import open_database
    from soviet.services.parties import leave_party

    left_at = moment(at, "--at")
    with open_database(db_url(ctx, db_option)) as db:
        entry = leave_party(
            db, party, person, federation=federation, actor=acting(actor), left_at=left_at
        )
    console.print(f"{person} left '{party}'")
    console.print(f"receipt {entry.hash}")


@party_app.command("decline")
def decline(
    ctx: typer.Context,
    party: PartyArgument,
    person: Annotated[str, typer.Argument(help="The candidate who declines.", show_default=False)],
    council: Annotated[str, typer.Option(help="The council of the list.")],
    constituency: Annotated[
        str | None,
        typer.Option(
            help="The constituency of the list (default: the council-wide list).",
            show_default=False,
        ),
    ] = None,
    at: Annotated[str | None, at_option("she declined")] = None,
    federation: FederationOption = None,
    actor: ActorOption = None,
    db_option: DbOption = None,
) -> None:
    """A candidate declines her place on a party's list: she is passed over from now on."""
    from soviet.services.bootstrap import open_database
    from soviet.services.parties import decline_candidacy

    declined_at = moment(at, "--at")
    with open_database(db_url(ctx, db_option)) as db:
        entry = decline_candidacy(
            db,
            party,
            council,
            person,
            constituency=constituency,
            federation=federation,
            actor=acting(actor),
            declined_at=declined_at,
        )
    console.print(f"{person} declines her place on the list of '{party}' for '{council}'")
    console.print(f"receipt {entry.hash}")
