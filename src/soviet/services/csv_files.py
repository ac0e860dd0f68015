"""CSV files as every import reads them: UTF-8 text, each record with the file line it
starts on.

A person reads problems by the line her editor shows: the header is line 1, and a quoted
field that holds a newline makes its record span several lines, so the next record starts
further down. A file that is not UTF-8 text (a spreadsheet saved as Latin-1, a binary file
given by mistake) is refused in one line naming the file and the first line at fault.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

from soviet.errors import InvalidInput, Problem

_LINE = re.compile(r"line (\d+)\b")


def _refused(path: Path, line: int, reason: str) -> InvalidInput:
    where = f"{path}: line {line}"
    return InvalidInput(f"{where}: {reason}", problems=[Problem(where, reason)])


def csv_text(path: Path) -> str:
    """The text of a CSV file, UTF-8 with or without a byte-order mark."""
    try:
        data = path.read_bytes()
    except OSError as error:
        raise InvalidInput(f"{path}: cannot read: {error.strerror}") from None
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        raise _refused(
            path, line, "not UTF-8 text; save the file as UTF-8 (CSV UTF-8) and try again"
        ) from None
    if "\x00" in text:
        line = text[: text.index("\x00")].count("\n") + 1
        raise _refused(path, line, "holds a NUL character: this is not a CSV text file")
    return text


def csv_records(
    path: Path, text: str | None = None
) -> tuple[list[str], Iterator[tuple[int, list[str]]]]:
    """The header of a CSV file (its fields stripped), and each later record with the line
    it starts on; blank lines are skipped. A record the csv module cannot read (a field
    beyond its size limit) is refused naming its line. With `text` (a form's field, say)
    that is read instead of the file, and `path` only names it."""
    source = csv_text(path) if text is None else text.removeprefix("\ufeff")
    reader = csv.reader(io.StringIO(source, newline=""))
    try:
        header = [name.strip() for name in next(reader, [])]
    except csv.Error as error:
        raise _refused(path, 1, f"not a CSV file: {error}") from None

    def records() -> Iterator[tuple[int, list[str]]]:
        last = reader.line_num
        while True:
            try:
                fields = next(reader, None)
            except csv.Error as error:
                raise _refused(path, last + 1, f"not a CSV file: {error}") from None
            if fields is None:
                return
            start, last = last + 1, reader.line_num
            if fields:
                yield start, fields

    return header, records()


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
    text: str | None = None,
) -> tuple[list[str], list[Row], list[str]]:
    """The header, rows and row problems of a UTF-8 CSV file, each row by the file line it
    starts on.

    A header that lacks a required column or has an unknown one is refused at once; rows
    with more fields than columns are returned as problems, so that all are named together.
    With `text`, that is read, and `path` only names it.
    """
    header, records = csv_records(path, text)
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


def line_of(problem: str) -> int:
    """The line a problem names (0 when it names none)."""
    found = _LINE.match(problem)
    return int(found.group(1)) if found else 0


def well_formed_lines(rows: list[Row], problems: list[str]) -> set[int]:
    """The lines of the rows that have no problem yet: those worth checking further (a row
    already named is not named again for the same fault)."""
    named = {line_of(problem) for problem in problems}
    return {row.line for row in rows if row.line not in named}
