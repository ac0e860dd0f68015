"""What the council commands share: moments from options, CSV rows by line, one-line problems."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import typer

from soviet.domain import limits
from soviet.domain.moments import parse_moment
from soviet.errors import InvalidInput, NotFound, Problem, RuleViolation

_LINE = re.compile(r"line (\d+)\b")
#: Where a problem of a file is: its line, and the column if it names one.
_PLACE = re.compile(r"(line \d+[^:\n]*): (.*)", re.DOTALL)


def moment(text: str | None, option: str, *, end_of_day: bool = False) -> datetime | None:
    """The moment an option names (None when it was not given); errors name the option."""
    if text is None:
        return None
    return parse_moment(text, field=option, end_of_day=end_of_day)


@dataclass(frozen=True)
class Row:
    """One data row of a CSV file, with the line it starts on."""

    line: int
    cells: dict[str, str]

    def get(self, column: str) -> str:
        return (self.cells.get(column) or "").strip()


def read_csv(
    path: Path,
    *,
    required: tuple[str, ...],
    optional: tuple[str, ...] = (),
    progress: Callable[[int], None] | None = None,
) -> tuple[list[str], list[Row], list[str]]:
    """The header, rows and row problems of a UTF-8 CSV file, each row by the file line it
    starts on.

    A header that lacks a required column or has an unknown one is refused at once; rows
    with more fields than columns are returned as problems, so that all are named together.
    """
    from soviet.services.csv_files import csv_records

    header, records = csv_records(path)
    _check_header(path, header, required, optional)
    rows: list[Row] = []
    problems: list[str] = []
    for index, (line, fields) in enumerate(records, start=1):
        if len(fields) > len(header):
            problems.append(f"line {line}: more fields than columns")
        else:
            rows.append(Row(line, dict(zip(header, fields, strict=False))))
        if progress is not None and index % 10_000 == 0:
            progress(index)
    return header, rows, problems


def _check_header(
    path: Path, header: list[str], required: tuple[str, ...], optional: tuple[str, ...]
) -> None:
    missing = [c for c in required if c not in header]
    unknown = [c for c in header if c not in required + optional]
    if missing or unknown:
        allowed = ",".join(required) + "".join(f"[,{c}]" for c in optional)
        found = [f"missing {', '.join(missing)}"] * bool(missing) + [
            f"unknown {', '.join(unknown)}"
        ] * bool(unknown)
        raise InvalidInput(f"{path}: line 1: columns must be {allowed}; {'; '.join(found)}")


def whole_number(row: Row, column: str, problems: list[str]) -> int:
    """A cell holding a whole number of at least 0; otherwise a problem naming the line."""
    text = row.get(column).replace("_", "")
    if text.isascii() and text.isdigit():
        return int(text)
    problems.append(
        f"line {row.line}: {column} {row.get(column)!r} is not a whole number of at least 0"
    )
    return 0


def pairs(text: str, *, separator: str) -> Iterator[tuple[str, str | None]]:
    """`key=value` items split by `separator`; an item without `=` gives (item, None)."""
    for item in text.split(separator):
        if not item.strip():
            continue
        key, sign, value = item.partition("=")
        yield key.strip(), value.strip() if sign else None


def _line_of(problem: str) -> int:
    found = _LINE.match(problem)
    return int(found.group(1)) if found else 0


def well_formed_lines(rows: list[Row], problems: list[str]) -> set[int]:
    """The lines of the rows that have no problem yet: those worth checking further (a row
    already named is not named again for the same fault)."""
    named = {_line_of(problem) for problem in problems}
    return {row.line for row in rows if row.line not in named}


def checked(problems: list[str], check: Callable[[], list[str]]) -> list[str]:
    """The file's own problems with those the service finds in its well-formed lines.

    When the service refuses the act as a whole (the election does not exist), its
    refusal joins the file's problems as one more, so that a file with bad lines is
    refused once with everything known; without bad lines, the refusal is raised as it is.
    """
    try:
        return problems + check()
    except (NotFound, RuleViolation) as error:  # never a refusal of the actor's right
        if not problems:
            raise
        return [error.message, *problems]


def refuse(path: Path, problems: list[str], consequence: str) -> None:
    """Refuse a file naming every one of its problems, in the order of its lines: one alone
    on one line, several as a summary line and then one problem a line."""
    if not problems:
        return
    problems = sorted(problems, key=_line_of)
    count = len(problems)
    summary = f"{path}: {count} problem{'s' if count > 1 else ''}, {consequence}"
    raise refusal(summary, problems)


def refusal(summary: str, problems: list[str]) -> InvalidInput:
    """A refusal of several problems, each its own line and its own Problem (placed by the
    file line and column it names, if it names one)."""
    placed = []
    for problem in problems:
        found = _PLACE.match(problem)
        placed.append(Problem(found[1], found[2]) if found else Problem("", problem))
    if len(problems) == 1:
        return InvalidInput(f"{summary}: {problems[0]}", problems=placed)
    return InvalidInput("\n  ".join([f"{summary}:", *problems]), problems=placed)


def at_option(what: str) -> object:
    """An `--at` option: when the act happened."""
    return typer.Option(
        "--at",
        help=f"When {what}: an ISO date or date-time (default: now). An earlier date makes "
        "a back-dated entry, recorded now in the journal's order; a date more than "
        f"{limits.CLOCK_SKEW.seconds // 60} minutes ahead of the clock is refused "
        "(docs/limits.md).",
        show_default=False,
    )
