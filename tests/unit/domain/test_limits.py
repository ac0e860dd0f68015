"""The limits of every value that enters soviet (domain.limits), as docs/limits.md states them."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
import yaml

from soviet.cli.app import LINE_MAX, error_lines
from soviet.domain import limits
from soviet.domain.identity import account_actor
from soviet.domain.moments import parse_moment
from soviet.domain.statute import parse_statute
from soviet.errors import InvalidInput, Problem, all_problems

DOCS = Path(__file__).resolve().parents[3] / "docs" / "limits.md"
NOW = datetime(2026, 12, 2, 9, 0, tzinfo=UTC)


def test_docs_limits_md_is_generated_from_the_module() -> None:
    assert DOCS.read_text(encoding="utf-8") == limits.markdown(), "run python scripts/docs.py"
    text = limits.markdown()
    for bound in ("100 characters", "300 characters", "9223372036854775807", "10 000 000 000"):
        assert bound in text
    assert "1800-01-01 to 2199-12-31" in text
    assert "at most 5 minutes after the server's clock" in text


def test_a_slug_has_a_pattern_and_a_length() -> None:
    assert limits.check_slug("putilov-works", "slug") == "putilov-works"
    with pytest.raises(InvalidInput, match="^slug: must be a slug of lowercase letters"):
        limits.check_slug("Putilov", "slug")
    # `$` alone would let a trailing newline through.
    assert (
        limits.slug_problem("putilov\n")
        == "must be a slug of lowercase letters, digits and hyphens"
    )
    with pytest.raises(InvalidInput) as refused:
        limits.check_slug("a" * 101, "slug")
    assert refused.value.problems == (
        Problem("slug", "must be a slug of at most 100 characters, got 101"),
    )


@pytest.mark.parametrize(
    ("name", "reason"),
    [
        ("", "must be a non-empty text"),
        ("Iv\x00an", "contains a NUL character at position 3"),
        ("\x1b[31mRed", "contains an escape character (ANSI) at position 1"),
        ("New\nWorks", "contains a control character U+000A at position 4"),
        ("Ivan \u202eavonavI", "contains a bidirectional control character U+202E at position 6"),
        ("Iv\udcffan", "is not valid UTF-8 (a lone surrogate at position 3)"),
        ("N" * 301, "must be at most 300 characters, got 301"),
    ],
)
def test_a_name_is_one_printable_line(name: str, reason: str) -> None:
    with pytest.raises(InvalidInput) as refused:
        limits.check_name(name, "name")
    assert str(refused.value) == f"name: {reason}"
    assert refused.value.problems == (Problem("name", reason),)


def test_a_text_keeps_its_lines_and_tabs_but_no_other_control_character() -> None:
    assert limits.check_text("  Peace.\n\tLand.\r\n", "text") == "Peace.\n\tLand."
    assert limits.check_text("\u202e is allowed in a text", "text").startswith("\u202e")
    with pytest.raises(InvalidInput, match="^text: contains a NUL character at position 6$"):
        limits.check_text("Peace\x00", "text")
    with pytest.raises(InvalidInput, match="^text: must be at most 100000 characters"):
        limits.check_text("x" * 100_001, "text")


def test_an_account_is_never_empty_and_has_a_pattern() -> None:
    assert account_actor("k.ivanova@union.example").account == "k.ivanova@union.example"
    assert account_actor("Иванова").account == "Иванова"
    with pytest.raises(InvalidInput, match="^--as: '' is not an account name: it is empty$"):
        account_actor("", field_name="--as")
    with pytest.raises(InvalidInput, match="must be letters and digits, with . _ @ \\+ -"):
        account_actor("lenin martov")
    with pytest.raises(InvalidInput, match="is not an account name"):
        account_actor("-lead")


def test_integers_stay_within_64_bits_and_their_documented_bounds() -> None:
    assert limits.check_id(2**63 - 1, "session") == 2**63 - 1
    with pytest.raises(InvalidInput, match=f"^session: must be from 1 to {2**63 - 1}, got 0$"):
        limits.check_id(0, "session")
    with pytest.raises(InvalidInput, match="^session: must be from 1 to"):
        limits.check_id(2**63, "session")
    with pytest.raises(InvalidInput, match="^electorate: must be from 0 to 10000000000"):
        limits.check_integer(2**63 - 1, "electorate", maximum=limits.ELECTORATE_MAX)
    with pytest.raises(InvalidInput, match="^seats: must be an integer, got bool$"):
        limits.check_integer(True, "seats")


@pytest.mark.parametrize(
    "text", ["0001-01-01T00:00:00+01:00", "9999-12-31T23:59:59-01:00", "9999-12-31", "1799-12-31"]
)
def test_a_moment_outside_the_window_is_refused_not_an_overflow(text: str) -> None:
    with pytest.raises(InvalidInput) as refused:
        parse_moment(text, field="--at", end_of_day=True)
    assert str(refused.value) == f"--at: {text!r} must lie from 1800-01-01 to 2199-12-31 (UTC)"


def test_the_replay_of_1917_is_inside_the_window() -> None:
    moment = parse_moment("1917-10-25T21:40:00+03:00", field="--at")
    assert moment == datetime(1917, 10, 25, 18, 40, tzinfo=UTC)


def test_an_act_may_not_be_dated_after_the_clock_beyond_the_skew() -> None:
    def dated(moment: datetime) -> dict[str, object]:
        return {"signed_at": moment.strftime("%Y-%m-%dT%H:%M:%S.%fZ"), "member": 3}

    limits.check_act_dates(dated(datetime(1917, 3, 10, tzinfo=UTC)), now=NOW)  # back-dated
    limits.check_act_dates(dated(NOW + timedelta(minutes=5)), now=NOW)
    with pytest.raises(InvalidInput) as refused:
        limits.check_act_dates(dated(datetime(2999, 1, 1, tzinfo=UTC)), now=NOW)
    assert refused.value.problems == (
        Problem(
            "signed_at",
            "2999-01-01T00:00:00.000000Z lies in the future: an act may be dated at most "
            "5 minutes after the clock (2026-12-02T09:00:00Z)",
        ),
    )
    limits.check_act_dates({"effective_at": "2150-01-01T00:00:00.000000Z"}, now=NOW)
    with pytest.raises(InvalidInput, match="^at: 2150"):
        limits.check_act_dates({"at": "2150-01-01T00:00:00.000000Z"}, now=NOW)


STATUTE = """
federation: {slug: petrograd-1917, name: Petrograd 1917, administrators: [chkheidze, ""]}
constituency_kinds: {factory: {name: "Fac\\0tory"}}
councils:
  petrograd-soviet:
    name: Petrograd Soviet
    delegates: {factory: {fixed: 10000000000}}
    term_days: 9999999999
    franchise: [{since: 0001-01-01}]
"""


def test_the_statute_parser_applies_the_limits() -> None:
    with pytest.raises(InvalidInput) as refused:
        parse_statute(yaml.safe_load(STATUTE))
    assert [str(problem) for problem in refused.value.problems] == [
        "constituency_kinds.factory.name: contains a NUL character at position 4, "
        "got str 'Fac\\x00tory'",
        "councils.petrograd-soviet.delegates.factory.fixed: must be an integer of at most "
        "1000000, got 10000000000",
        "councils.petrograd-soviet.franchise[0].since: must lie from 1800-01-01 to "
        "2199-12-31, got 0001-01-01",
        "councils.petrograd-soviet.term_days: must be an integer of at most 36525, got 9999999999",
        "federation.administrators[1]: it is empty, got str ''",
    ]


def test_a_refusal_with_several_problems_prints_one_problem_a_line() -> None:
    problems = [Problem(f"line {n}", "name " + "x" * 20_000) for n in range(2, 400)]
    with pytest.raises(InvalidInput) as refused:
        all_problems("cannot admit constituencies", problems)
    lines = error_lines(refused.value)
    assert lines[0] == "cannot admit constituencies: 398 problems:"
    assert len(lines) == 399
    assert lines[1].startswith("  line 2: name xxx")
    assert lines[1].endswith("… (20015 characters)")
    assert all(len(line) <= LINE_MAX for line in lines)


def test_a_value_quoted_in_a_refusal_cannot_drive_the_terminal() -> None:
    lines = error_lines(InvalidInput("council 'x\x1b[31m\ny' is not in the statute"))
    assert lines == ["council 'x\\x1b[31m", "y' is not in the statute"]
