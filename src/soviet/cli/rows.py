"""What the council commands share: moments from options, CSV rows by line, one-line problems."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

import typer

from soviet.domain import limits
from soviet.errors import InvalidInput, NotFound, Problem, RuleViolation

if TYPE_CHECKING:
    from soviet.services.csv_files import Row

#: Where a problem of a file is: its line, and the column if it names one.
_PLACE = re.compile(r"(line \d+[^:\n]*): (.*)", re.DOTALL)


def moment(text: str | None, option: str, *, end_of_day: bool = False) -> datetime | None:
    """The moment an option names (None when it was not given); errors name the option."""
    if text is None:
        return None
    from soviet.domain.moments import parse_moment

    return parse_moment(text, field=option, end_of_day=end_of_day)


# The CSV readers are the services' (the administration page reads the same files); the
# commands reach them through these, which import them only when a file is read, so that
# a command's --help imports no service.


def read_csv(
    path: Path,
    *,
    required: tuple[str, ...],
    optional: tuple[str, ...] = (),
    progress: Callable[[int], None] | None = None,
) -> tuple[list[str], list[Row], list[str]]:
    """The header, rows and row problems of a CSV file (services.csv_files.read_csv)."""
    from soviet.services.csv_files import read_csv as read

    return read(path, required=required, optional=optional, progress=progress)


def whole_number(row: Row, column: str, problems: list[str]) -> int:
    """A cell's whole number, or a problem naming the line (services.csv_files)."""
    from soviet.services.csv_files import whole_number as number

    return number(row, column, problems)


def well_formed_lines(rows: list[Row], problems: list[str]) -> set[int]:
    """The lines of rows without a problem yet (services.csv_files)."""
    from soviet.services.csv_files import well_formed_lines as lines

    return lines(rows, problems)


def line_of(problem: str) -> int:
    """The line a problem names, 0 when none (services.csv_files)."""
    from soviet.services.csv_files import line_of as line

    return line(problem)


def pairs(text: str, *, separator: str) -> Iterator[tuple[str, str | None]]:
    """`key=value` items split by `separator`; an item without `=` gives (item, None)."""
    for item in text.split(separator):
        if not item.strip():
            continue
        key, sign, value = item.partition("=")
        yield key.strip(), value.strip() if sign else None


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
    problems = sorted(problems, key=line_of)
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
