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
from collections.abc import Iterator
from pathlib import Path

from soviet.errors import InvalidInput, Problem


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


def csv_records(path: Path) -> tuple[list[str], Iterator[tuple[int, list[str]]]]:
    """The header of a CSV file (its fields stripped), and each later record with the line
    it starts on; blank lines are skipped. A record the csv module cannot read (a field
    beyond its size limit) is refused naming its line."""
    reader = csv.reader(io.StringIO(csv_text(path), newline=""))
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
