"""`soviet apply` refuses a statute file it cannot read safely in clean lines, on both
engines, with and without --dry-run: no traceback, exit 2, the journal unchanged."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from soviet.domain.identity import SYSTEM
from soviet.services import journal as journal_service
from soviet.services.bootstrap import open_database

from .test_cli import soviet

STATUTE = """\
federation: {slug: union, name: The Union, administrators: [chkheidze]}
constituency_kinds:
  branch: {name: Branch}
councils:
  conference:
    name: Conference
    delegates:
      branch: {per_voters: 100}
    franchise:
      - since: 2024-01-01
"""
LAUGHS = "\n".join(
    [
        'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]',
        *(
            f"{name}: &{name} [{', '.join([f'*{previous}'] * 9)}]"
            for previous, name in zip("abcdefgh", "bcdefghi", strict=True)
        ),
    ]
)
CASES = [
    (
        "duplicates",
        STATUTE.replace(
            "    franchise:", "    recall: {share: 1/2}\n    recall: {share: 1/3}\n    franchise:"
        )
        + "  conference:\n    name: Again\n",
        "{path} has 2 problems:\n"
        "  councils.conference.recall: duplicate key: first at line 9, column 5, again at "
        "line 10, column 5\n"
        "  councils.conference: duplicate key: first at line 5, column 3, again at line 13, "
        "column 3",
    ),
    (
        "dates",
        STATUTE.replace("2024-01-01", "2024-02-30").replace("slug: union", "slug: Union"),
        "{path}: statute has 2 problems:\n"
        "  councils.conference.franchise[0].since: must be a date (YYYY-MM-DD), got str "
        "'2024-02-30' (line 10)\n"
        "  federation.slug: must be a slug of lowercase letters, digits and hyphens, got str "
        "'Union' (line 1)",
    ),
    (
        "latin-1",
        STATUTE.replace("The Union", "L'Union des caf\xe9s"),
        "{path}: not UTF-8 text: byte 47 (line 1) is 0xe9; save the file as UTF-8",
    ),
    (
        "laughs",
        LAUGHS,
        "{path}: line 5, column 4: aliases expand the document to more than 20000 nodes",
    ),
    (
        "deep",
        "[" * 20_000 + "]" * 20_000,
        "{path}: line 1, column 1001: nested deeper than 64 levels",
    ),
    (
        "empty",
        "",
        "{path}: is empty; a statute names its federation, constituency_kinds and councils",
    ),
]


def journal(db: str) -> list[str]:
    with open_database(db) as database:
        return [entry.hash for entry in journal_service.tail(database, 1000, actor=SYSTEM)]


@pytest.mark.parametrize("dry_run", [False, True], ids=["apply", "dry-run"])
def test_a_statute_that_cannot_be_read_is_refused_cleanly(
    db_url: str, tmp_path: Path, dry_run: bool
) -> None:
    assert soviet("--db", db_url, "init").returncode == 0
    before = journal(db_url)
    for name, text, message in CASES:
        path = tmp_path / f"{name}.yaml"
        path.write_bytes(text.encode("latin-1" if name == "latin-1" else "utf-8"))
        started = time.perf_counter()
        done = soviet("--db", db_url, "apply", str(path), *(["--dry-run"] if dry_run else []))
        took = time.perf_counter() - started
        assert (done.returncode, done.stdout) == (2, ""), (name, done.stderr)
        assert "Traceback" not in done.stderr
        assert done.stderr == f"error: {message.format(path=path)}\n", name
        assert took < 60, name  # the command's start dominates; the bounds are in integration
    assert journal(db_url) == before
    good = tmp_path / "good.yaml"
    good.write_text(STATUTE, encoding="utf-8")
    applied = soviet("--db", db_url, "apply", str(good))
    assert applied.returncode == 0, applied.stderr
    assert "+ councils.conference.franchise: [{'since': '2024-01-01'" in applied.stdout
