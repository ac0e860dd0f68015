"""Election counts from a CSV file (constituency,party,votes; or party,votes for one
constituency), every bad row named by its line: what `soviet election count` and the
administration page enter."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from soviet.errors import InvalidInput
from soviet.services.csv_files import read_csv, well_formed_lines, whole_number


@dataclass(frozen=True)
class CountRows:
    """The well-formed (constituency, party, votes) counts of a CSV file, each with its
    line, and the problems of the other lines."""

    counts: list[tuple[str, str, int]]
    lines: list[int]
    problems: list[str]


def read_counts(
    path: Path, constituency: str | None, *, text: str | None = None, option: str = "--constituency"
) -> CountRows:
    """The counts of a CSV file (or of `text`, which `path` then names); bad rows all
    named by line.

    A file of one constituency's counts may leave out the constituency column and name it
    with `option` (the command's --constituency, a form's field) instead.
    """
    header, rows, problems = read_csv(
        path, required=("party", "votes"), optional=("constituency",), text=text
    )
    has_column = "constituency" in header
    if not has_column and constituency is None:
        raise InvalidInput(
            f"{path}: line 1: without a constituency column, name the constituency with {option}"
        )
    counts: dict[int, tuple[str, str, int]] = {}
    for row in rows:
        where = row.get("constituency") if has_column else constituency
        for column, value in (("constituency", where), ("party", row.get("party"))):
            if not value:
                problems.append(f"line {row.line}: {column} is empty")
        counts[row.line] = (where or "", row.get("party"), whole_number(row, "votes", problems))
    if not rows and not problems:
        raise InvalidInput(f"{path}: no counts in the file")
    good = sorted(well_formed_lines(rows, problems))
    return CountRows([counts[line] for line in good], good, problems)
