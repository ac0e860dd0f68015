"""Reading a statute file safely: duplicate keys, bombs, impossible dates, bytes that are
not UTF-8, each refused in one InvalidInput naming the place, within a second and 100 MB."""

from __future__ import annotations

import gc
import time
import tracemalloc
from pathlib import Path

import pytest

from soviet.errors import InvalidInput, Problem
from soviet.services.documents import MAX_BYTES, MAX_DEPTH, MAX_NODES, load_document
from soviet.services.scenario import load
from soviet.services.statutes import read_statute_file

STATUTE = """\
federation: {slug: union, name: The Union}
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

#: Nine levels of nine aliases: 405 bytes that would expand to 9^9 strings.
LAUGHS = "\n".join(
    [
        'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]',
        *(
            f"{name}: &{name} [{', '.join([f'*{previous}'] * 9)}]"
            for previous, name in zip("abcdefgh", "bcdefghi", strict=True)
        ),
    ]
)


def written(tmp_path: Path, text: str | bytes) -> Path:
    path = tmp_path / "statute.yaml"
    if isinstance(text, str):
        path.write_text(text, encoding="utf-8")
    else:
        path.write_bytes(text)
    return path


def refused(path: Path) -> InvalidInput:
    with pytest.raises(InvalidInput) as caught:
        read_statute_file(path)
    return caught.value


def test_a_good_statute_is_read_with_its_dates_as_text(tmp_path: Path) -> None:
    document = read_statute_file(written(tmp_path, STATUTE))
    assert document["councils"]["conference"]["franchise"] == [{"since": "2024-01-01"}]  # type: ignore[index]


@pytest.mark.parametrize(
    ("text", "problems"),
    [
        (
            "federation: {slug: union, name: The Union, slug: other}\n",
            [
                Problem(
                    "federation.slug",
                    "duplicate key: first at line 1, column 14, again at line 1, column 44",
                )
            ],
        ),
        (
            STATUTE + "constituency_kinds: {}\n",
            [
                Problem(
                    "constituency_kinds",
                    "duplicate key: first at line 2, column 1, again at line 11, column 1",
                )
            ],
        ),
        (
            STATUTE.replace(
                "    franchise:",
                "    recall: {share: 1/2}\n    recall: {share: 1/3}\n    franchise:",
            )
            + "  conference:\n    name: Again\n",
            [
                Problem(
                    "councils.conference.recall",
                    "duplicate key: first at line 9, column 5, again at line 10, column 5",
                ),
                Problem(
                    "councils.conference",
                    "duplicate key: first at line 5, column 3, again at line 13, column 3",
                ),
            ],
        ),
        (
            STATUTE + "      - {since: 2025-01-01, minimum_age: 16, since: 2026-01-01}\n",
            [
                Problem(
                    "councils.conference.franchise[1].since",
                    "duplicate key: first at line 11, column 10, again at line 11, column 46",
                )
            ],
        ),
    ],
    ids=["depth-2", "top-level", "depth-3-and-4", "in-a-list"],
)
def test_a_key_given_twice_is_refused_naming_both_places(
    tmp_path: Path, text: str, problems: list[Problem]
) -> None:
    error = refused(written(tmp_path, text))
    assert list(error.problems) == problems
    assert error.message.startswith(str(tmp_path / "statute.yaml"))


def test_an_impossible_date_is_one_problem_among_the_others_with_its_line(
    tmp_path: Path,
) -> None:
    text = STATUTE.replace("2024-01-01", "2024-02-30").replace("per_voters: 100", "per_voters: 0")
    error = refused(written(tmp_path, text))
    path = tmp_path / "statute.yaml"
    assert error.code == "statute_invalid"
    assert error.message == (
        f"{path}: statute has 2 problems:\n"
        "  councils.conference.delegates.branch.per_voters: must be an integer of at least 1, "
        "got int 0 (line 8)\n"
        "  councils.conference.franchise[0].since: must be a date (YYYY-MM-DD), "
        "got str '2024-02-30' (line 10)"
    )


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (
            STATUTE.replace("The Union", "Caf\xe9").encode("latin-1"),
            "not UTF-8 text: byte 35 (line 1) is 0xe9; save the file as UTF-8",
        ),
        (
            b"federation:\n  slug: \x89PNG\r\n\x1a\n\x00\x00",
            "not UTF-8 text: byte 20 (line 2) is 0x89; save the file as UTF-8",
        ),
        (b"", "is empty; a statute names its federation, constituency_kinds and councils"),
        (
            b"# nothing but a comment\n",
            "is empty; a statute names its federation, constituency_kinds and councils",
        ),
        (
            b"- union\n- branch\n",
            "must be a mapping of federation, constituency_kinds and councils, got list",
        ),
        (
            b"just words\n",
            "must be a mapping of federation, constituency_kinds and councils, got str",
        ),
        (
            'a: "\xc3\xa9x\x01"\n'.encode("latin-1"),
            "byte 7 (line 1): not valid YAML: control characters are not allowed",
        ),
        (
            b"a: !!int forty\n",
            "line 1, column 4: cannot read 'forty' as tag:yaml.org,2002:int: "
            "invalid literal for int() with base 10: 'forty'",
        ),
    ],
    ids=["latin-1", "binary", "control", "empty", "comment", "list", "text", "bad-tag"],
)
def test_a_file_that_is_no_statute_is_one_clean_refusal(
    tmp_path: Path, data: bytes, reason: str
) -> None:
    path = written(tmp_path, data)
    error = refused(path)
    assert error.message == f"{path}: {reason}"
    assert error.problems == (Problem(str(path), reason),)


def deep_flow(opening: str, closing: str) -> str:
    return opening * 20_000 + closing * 20_000


BOMBS = [
    pytest.param(
        LAUGHS,
        f"line 5, column 4: aliases expand the document to more than {MAX_NODES} nodes",
        id="laughs",
    ),
    pytest.param(
        deep_flow("[", "]"),
        f"line 1, column 1001: nested deeper than {MAX_DEPTH} levels",
        id="lists",
    ),
    pytest.param(
        deep_flow("{a: ", "}"),
        f"line 1, column 254: nested deeper than {MAX_DEPTH} levels",
        id="flow-mappings",
    ),
    pytest.param(
        "- " * 20_000 + "x",
        f"line 1, column 129: nested deeper than {MAX_DEPTH} levels",
        id="block-lists",
    ),
    pytest.param(
        "? " * 20_000 + "x",
        f"line 1, column 129: nested deeper than {MAX_DEPTH} levels",
        id="block-mappings-as-keys",
    ),
    pytest.param(
        "\n".join(" " * level + f"k{level}:" for level in range(1_000)),
        f"line 64, column 64: nested deeper than {MAX_DEPTH} levels",
        id="block-mappings",
    ),
    pytest.param(
        "n0: &n0 [x]\n" + "\n".join(f"n{n}: &n{n} [*n{n - 1}]" for n in range(1, 80)),
        f"aliases nest the document deeper than {MAX_DEPTH} levels",
        id="aliases-deep",
    ),
    pytest.param(
        "a: &a [*a]\n", "line 1, column 4: aliases nest the document deeper", id="alias-of-itself"
    ),
    pytest.param("[" + "0, " * 60_000 + "0]", f"more than {MAX_NODES} nodes", id="many-nodes"),
    pytest.param("a: " + "x" * MAX_BYTES, f"larger than {MAX_BYTES} bytes", id="size"),
]


@pytest.mark.parametrize(("text", "reason"), BOMBS)
def test_a_bomb_is_refused_within_a_second_and_100_mb(
    tmp_path: Path, text: str, reason: str
) -> None:
    path = written(tmp_path, text)
    # This thread's CPU time, not wall time nor the process's: the bound is on the work a
    # bomb costs, whatever else runs (other tests' threads, a collection of their garbage).
    gc.collect()
    started = time.thread_time()
    error = refused(path)
    took = time.thread_time() - started
    tracemalloc.start()  # measured apart: tracing slows every allocation several times
    try:
        refused(path)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert reason in error.message
    assert error.message.startswith(f"{path}: ")
    assert took < 1.0, f"{took:.2f} s"
    assert peak < 100 * 2**20, f"{peak / 2**20:.0f} MB"


def test_aliases_a_statute_needs_are_read(tmp_path: Path) -> None:
    text = STATUTE.replace(
        "      branch: {per_voters: 100}", "      branch: &rule {per_voters: 100}"
    ).replace("{name: Branch}", "{name: Branch}\n  shop: {name: Shop}") + (
        "  assembly:\n    name: Assembly\n    delegates: {branch: *rule, shop: *rule}\n"
    )
    document = read_statute_file(written(tmp_path, text))
    delegates = document["councils"]["assembly"]["delegates"]  # type: ignore[index]
    assert delegates == {"branch": {"per_voters": 100}, "shop": {"per_voters": 100}}


def test_the_scenario_is_read_by_the_same_reader() -> None:
    loaded = load()
    assert loaded.statute["federation"]["slug"] == "petrograd-1917"
    with pytest.raises(InvalidInput) as caught:
        load_document(b"a: 1\na: 2\n", "scenario 'x': acts.yaml")
    assert caught.value.message == (
        "scenario 'x': acts.yaml: a: duplicate key: first at line 1, column 1, "
        "again at line 2, column 1"
    )
