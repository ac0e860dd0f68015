"""Public ids: the journal entry's number, and `.ordinal` for its later rows; one pair of
functions, exact both ways, and a clean refusal of anything else."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from soviet.domain.ids import MAX_ID, ORDINAL_BITS, format_id, parse_id
from soviet.errors import InvalidInput, Problem


def test_an_entrys_first_row_is_its_seq_and_later_rows_add_the_ordinal() -> None:
    assert format_id(11 << ORDINAL_BITS) == "11"
    assert format_id(184549376) == "11"
    assert format_id(11 << ORDINAL_BITS | 3) == "11.3"
    assert parse_id("11", "election") == 184549376
    assert parse_id("11.3", "election") == 184549379


@given(
    st.integers(min_value=1, max_value=MAX_ID >> ORDINAL_BITS),
    st.integers(min_value=0, max_value=(1 << ORDINAL_BITS) - 1),
)
def test_format_and_parse_are_exact_inverses(seq: int, ordinal: int) -> None:
    stored = seq << ORDINAL_BITS | ordinal
    assert parse_id(format_id(stored), "x") == stored


@pytest.mark.parametrize(
    "text",
    [
        "",
        "0",
        "abc",
        "-3",
        "11.",
        ".3",
        "11.3.4",
        "1e3",
        "11.16777216",
        "9223372036854775808",
        str(1 << 39),
        "\u0661\u0661",  # Arabic-Indic digits are digits to Python, not to an id
        "11\x00",
    ],
)
def test_anything_else_is_refused_naming_the_field(text: str) -> None:
    with pytest.raises(InvalidInput) as refused:
        parse_id(text, "--session")
    reason = (
        f"{text!r} is not an id: an id is the number of the journal entry that made it, "
        "such as 11, or 11.3 for another thing that entry made"
    )
    assert refused.value.message == f"--session: {reason}"
    assert refused.value.problems == (Problem("--session", reason),)
