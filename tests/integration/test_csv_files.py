"""CSV files as the imports read them: records by the line they start on, and a clean
refusal of what is not UTF-8 text."""

from __future__ import annotations

from pathlib import Path

import pytest

from soviet.errors import InvalidInput, Problem
from soviet.services.csv_files import csv_records, csv_text


def test_records_carry_the_file_line_they_start_on(tmp_path: Path) -> None:
    path = tmp_path / "f.csv"
    path.write_bytes(
        b'\xef\xbb\xbfslug , name\r\na,"one\r\ntwo\r\nthree"\r\n\r\nb,B\r\n"c","x\ny"\nd,D\n'
    )
    header, records = csv_records(path)
    assert header == ["slug", "name"]
    assert list(records) == [
        (2, ["a", "one\r\ntwo\r\nthree"]),
        (6, ["b", "B"]),
        (7, ["c", "x\ny"]),
        (9, ["d", "D"]),
    ]


@pytest.mark.parametrize(
    ("data", "line", "reason"),
    [
        ("slug\nÄnne\n".encode("latin-1"), 2, "not UTF-8 text"),
        (b"\xff\xfeslug\n", 1, "not UTF-8 text"),
        (b"slug\na\nb\x00\n", 3, "holds a NUL character"),
    ],
    ids=["latin-1", "utf-16", "nul"],
)
def test_what_is_not_utf8_text_is_refused_naming_the_line(
    tmp_path: Path, data: bytes, line: int, reason: str
) -> None:
    path = tmp_path / "f.csv"
    path.write_bytes(data)
    with pytest.raises(InvalidInput) as refused:
        csv_text(path)
    assert refused.value.message.startswith(f"{path}: line {line}: {reason}")
    [problem] = refused.value.problems
    assert problem.path == f"{path}: line {line}"


def test_a_record_too_long_for_the_csv_module_is_refused_by_line(tmp_path: Path) -> None:
    path = tmp_path / "f.csv"
    path.write_text("slug,name\na,A\nb," + "x" * 200_000 + "\n", encoding="utf-8")
    _, records = csv_records(path)
    with pytest.raises(InvalidInput) as refused:
        list(records)
    assert refused.value.problems == (
        Problem(f"{path}: line 3", "not a CSV file: field larger than field limit (131072)"),
    )


def test_a_missing_file_is_refused() -> None:
    with pytest.raises(InvalidInput, match="^/nowhere/f.csv: cannot read: "):
        csv_text(Path("/nowhere/f.csv"))
