"""`soviet allocate` and `soviet biproportional`: seats from a CSV of votes, shown or exported."""

from __future__ import annotations

from collections.abc import Hashable, Mapping
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from soviet.cli.app import app, bounded
from soviet.cli.console import output_console
from soviet.cli.rows import refusal
from soviet.domain import limits
from soviet.errors import InvalidInput

if TYPE_CHECKING:
    from fractions import Fraction

    from soviet.methods.result import Allocation


class Format(StrEnum):
    """How results are printed."""

    table = "table"
    csv = "csv"
    json = "json"


class Upper(StrEnum):
    """What the parties' seats of the whole house are apportioned on."""

    votes = "votes"
    voter_numbers = "voter-numbers"


#: The names of the registry's methods (soviet.methods.METHODS), as `--method` lists them:
#: spelled here so that the help imports neither the registry nor, with it, the methods'
#: indices and results (issue 18); tests/unit/cli/test_allocate.py checks they are the same.
METHOD_NAMES = (
    "adams",
    "d'hondt",
    "dean",
    "dhondt",
    "droop",
    "equal-proportions",
    "hamilton",
    "hare",
    "huntington-hill",
    "jefferson",
    "modified-sainte-lague",
    "sainte-lague",
    "webster",
)
METHOD_HELP = "Apportionment method: " + ", ".join(METHOD_NAMES) + "."
SeatsOption = Annotated[
    int,
    typer.Option(
        "--seats",
        help="Number of seats to allocate.",
        callback=bounded("--seats", minimum=0, maximum=limits.SEATS_MAX),
    ),
]
MethodOption = Annotated[str, typer.Option("--method", help=METHOD_HELP)]
FormatOption = Annotated[Format, typer.Option("--format", help="Output: a table, CSV or JSON.")]
TiesOption = Annotated[
    str, typer.Option("--ties", help="On a true tie: 'raise' (an error) or 'lot' (a seeded draw).")
]
SeedOption = Annotated[
    int | None,
    typer.Option(
        "--seed",
        help="Seed of the draw by lot (--ties lot).",
        callback=bounded("--seed", minimum=0, maximum=limits.ID_MAX),
    ),
]


def read_rows(path: Path, columns: tuple[str, ...]) -> list[tuple[int, dict[str, str]]]:
    """The rows of a CSV file with the named columns, each with the line it starts on."""
    from soviet.services.csv_files import csv_records

    header, records = csv_records(path)
    missing = [c for c in columns if c not in header]
    if missing:
        found = ", ".join(header) or "none"
        raise InvalidInput(f"{path}: missing column {missing[0]!r} (columns found: {found})")
    return [
        (line, {name: fields[i] if i < len(fields) else "" for i, name in enumerate(header)})
        for line, fields in records
    ]


def number(path: Path, line: int, column: str, text: str | None) -> int | Fraction:
    """A non-negative number from a CSV cell, exactly; the error names file, line, column."""
    from decimal import Decimal, InvalidOperation
    from fractions import Fraction

    where = f"{path}, line {line}, column {column!r}"
    try:
        value = Decimal((text or "").strip().replace("_", ""))
    except InvalidOperation:
        raise InvalidInput(f"{where}: not a number: {text!r}") from None
    if not value.is_finite() or value < 0:
        raise InvalidInput(f"{where}: not a non-negative number: {text!r}")
    exact = Fraction(value)
    return exact.numerator if exact.denominator == 1 else exact


def share_option(text: str | None, option: str) -> Fraction | None:
    """A share given as '3%' or '0.03'."""
    from decimal import Decimal, InvalidOperation
    from fractions import Fraction

    if text is None:
        return None
    body, scale = (text[:-1], 100) if text.strip().endswith("%") else (text, 1)
    try:
        return Fraction(Decimal(body.strip())) / scale
    except (InvalidOperation, ValueError):
        raise InvalidInput(f"{option}: not a share: {text!r} (write 3% or 0.03)") from None


def _keyed(
    path: Path, rows: list[tuple[int, dict[str, str]]], key: str, value: str
) -> dict[str, int | Fraction]:

    found: dict[str, int | Fraction] = {}
    problems: list[str] = []
    seen: set[str] = set()
    for line, row in rows:
        name = (row.get(key) or "").strip()
        if not name:
            problems.append(f"{path}, line {line}, column {key!r}: empty")
        elif name in seen:
            problems.append(f"{path}, line {line}, column {key!r}: {name!r} appears twice")
        seen.add(name)
        try:
            found[name] = number(path, line, value, row.get(value))
        except InvalidInput as error:
            problems.append(error.message)
    _refuse_all(problems)
    return found


def _refuse_all(problems: list[str]) -> None:
    """Every bad line of a file at once (one alone as it is), one problem a line."""
    if len(problems) == 1:
        raise InvalidInput(problems[0])
    if problems:
        raise refusal(f"{len(problems)} problems", problems)


def _percent(part: float, whole: float) -> str:
    return f"{100 * part / whole:.2f}%" if whole else "-"


def _index(votes: Mapping[Any, int | Fraction], seats: Mapping[Any, int]) -> float | None:
    from soviet.methods import gallagher

    if sum(votes.values()) == 0 or sum(seats.values()) == 0:
        return None
    return gallagher(votes, seats)


def show(votes: Mapping[str, int | Fraction], seats: Allocation, output: Format) -> None:
    """Print seats per name with vote and seat shares, and the Gallagher index."""
    import json

    from rich.table import Table

    index = _index(votes, seats)
    if output is Format.json:
        draws = [
            {"tied": d.tied, "seats": d.seats, "winners": d.winners, "seed": d.seed}
            for d in seats.draws
        ]
        typer.echo(
            json.dumps({"method": seats.method, "seats": seats, "gallagher": index, "draws": draws})
        )
        return
    if output is Format.csv:
        typer.echo("name,votes,seats")
        for name, won in seats.items():
            typer.echo(f"{_csv(name)},{votes[name]},{won}")
        return
    total_votes, total_seats = float(sum(votes.values())), sum(seats.values())
    caption = f"{seats.method}; Gallagher index {index:.2f}" if index is not None else seats.method
    table = Table("name", "votes", "vote share", "seats", "seat share", caption=caption)
    for name, won in seats.items():
        share_votes = _percent(float(votes[name]), total_votes)
        table.add_row(name, str(votes[name]), share_votes, str(won), _percent(won, total_seats))
    for draw in seats.draws:
        table.add_row(f"drawn by lot (seed {draw.seed}): {', '.join(map(str, draw.winners))}")
    output_console().print(table)


def _csv(text: object) -> str:
    value = str(text)
    return '"' + value.replace('"', '""') + '"' if any(c in value for c in ',"\n') else value


def allocate_command(
    file: Annotated[
        Path, typer.Argument(help="CSV file with columns name,votes.", show_default=False)
    ],
    seats: SeatsOption,
    method: MethodOption,
    threshold: Annotated[
        str | None,
        typer.Option("--threshold", help="Share of the votes a name needs, e.g. 3% or 0.03."),
    ] = None,
    total: Annotated[
        str | None,
        typer.Option("--total", help="Votes the threshold is a share of (default: their sum)."),
    ] = None,
    minimum: Annotated[
        int,
        typer.Option(
            "--min",
            help="Seats every name gets at least.",
            callback=bounded("--min", minimum=0, maximum=limits.SEATS_MAX),
        ),
    ] = 0,
    maximum: Annotated[
        int | None,
        typer.Option(
            "--max",
            help="Seats no name gets more than.",
            callback=bounded("--max", minimum=0, maximum=limits.SEATS_MAX),
        ),
    ] = None,
    first_divisor: Annotated[
        str | None,
        typer.Option("--first-divisor", help="First divisor of a divisor method (Norway: 1.4)."),
    ] = None,
    ties: TiesOption = "raise",
    seed: SeedOption = None,
    output: FormatOption = Format.table,
) -> None:
    """Allocate seats among names in proportion to their votes."""
    from soviet.methods import allocate

    votes = _keyed(file, read_rows(file, ("name", "votes")), "name", "votes")
    result = allocate(
        votes,
        seats,
        method,
        threshold=share_option(threshold, "--threshold") or 0,
        total=None if total is None else number(Path("--total"), 0, "value", total),
        min_seats=minimum,
        max_seats=maximum,
        first_divisor=share_option(first_divisor, "--first-divisor"),
        ties=ties,
        seed=seed,
    )
    show(votes, result, output)


def biproportional_command(
    file: Annotated[
        Path, typer.Argument(help="CSV file with columns district,party,votes.", show_default=False)
    ],
    district_seats: Annotated[
        Path,
        typer.Option(
            "--district-seats", help="CSV file with columns district,seats.", show_default=False
        ),
    ],
    method: Annotated[
        str, typer.Option("--method", help="Divisor method of both apportionments.")
    ] = "sainte-lague",
    upper: Annotated[
        Upper,
        typer.Option(
            "--upper", help="Parties' seats on their votes, or on voter numbers (Zurich)."
        ),
    ] = Upper.votes,
    district_quorum: Annotated[
        str | None,
        typer.Option("--district-quorum", help="Share a party needs in at least one district."),
    ] = None,
    total_quorum: Annotated[
        str | None, typer.Option("--total-quorum", help="Share of the whole a party needs.")
    ] = None,
    winner_take_one: Annotated[
        bool,
        typer.Option(
            "--winner-take-one", help="The strongest party of each district gets a seat there."
        ),
    ] = False,
    ties: TiesOption = "raise",
    seed: SeedOption = None,
    output: FormatOption = Format.table,
) -> None:
    """Allocate seats to parties in districts, proportional both ways (Zurich's method)."""
    from soviet.methods import biproportional

    votes: dict[tuple[str, str], int | Fraction] = {}
    problems: list[str] = []
    for line, row in read_rows(file, ("district", "party", "votes")):
        cell = ((row["district"] or "").strip(), (row["party"] or "").strip())
        if cell in votes:
            problems.append(
                f"{file}, line {line}: district {cell[0]!r}, party {cell[1]!r} appears twice"
            )
        try:
            votes[cell] = number(file, line, "votes", row["votes"])
        except InvalidInput as error:
            problems.append(error.message)
    _refuse_all(problems)
    seats_rows = read_rows(district_seats, ("district", "seats"))
    seats = {
        name: int(value)
        for name, value in _keyed(district_seats, seats_rows, "district", "seats").items()
    }
    result = biproportional(
        votes,
        seats,
        upper=upper.value,
        method=method,
        district_quorum=share_option(district_quorum, "--district-quorum"),
        total_quorum=share_option(total_quorum, "--total-quorum"),
        winner_take_one=winner_take_one,
        ties=ties,
        seed=seed,
    )
    show_cells(votes, result, output)


def show_cells(
    votes: Mapping[tuple[str, str], int | Fraction], seats: Allocation, output: Format
) -> None:
    """Print seats per district and party, and each party's totals with the Gallagher index."""
    import json

    from rich.table import Table

    party_votes: dict[Hashable, int | Fraction] = {}
    party_seats: dict[Hashable, int] = {}
    for (district, party), won in seats.items():
        party_votes[party] = party_votes.get(party, 0) + votes[(district, party)]
        party_seats[party] = party_seats.get(party, 0) + won
    index = _index(party_votes, party_seats)
    if output is Format.json:
        cells = [{"district": d, "party": p, "seats": s} for (d, p), s in seats.items()]
        typer.echo(
            json.dumps(
                {
                    "method": seats.method,
                    "seats": cells,
                    "party_seats": party_seats,
                    "gallagher": index,
                }
            )
        )
        return
    if output is Format.csv:
        typer.echo("district,party,votes,seats")
        for (district, party), won in seats.items():
            typer.echo(f"{_csv(district)},{_csv(party)},{votes[(district, party)]},{won}")
        return
    parties = list(party_seats)
    districts = list(dict.fromkeys(d for d, _ in seats))
    caption = f"{seats.method}; Gallagher index {index:.2f}" if index is not None else seats.method
    table = Table("district", *map(str, parties), caption=caption)
    for district in districts:
        table.add_row(str(district), *(str(seats.get((district, p), 0)) for p in parties))
    table.add_row("seats", *(str(party_seats[p]) for p in parties), style="bold")
    total = float(sum(party_votes.values())) or 1.0
    table.add_row("vote share", *(_percent(float(party_votes[p]), total) for p in parties))
    table.add_row(
        "seat share", *(_percent(party_seats[p], sum(party_seats.values())) for p in parties)
    )
    output_console().print(table)


app.command("allocate")(allocate_command)
app.command("biproportional")(biproportional_command)
