"""`election.seed`: a statute may announce the seed of its draws by lot in advance; it is
read, bounded, journaled in the statute's document, and refused where it means nothing."""

from __future__ import annotations

from typing import Any

import pytest
import yaml

from soviet.domain.statute import parse_statute
from soviet.domain.statute_text import statute_document
from soviet.errors import InvalidInput

STATUTE = """
federation: {slug: union, name: Union}
constituency_kinds:
  branch: {name: Branch}
councils:
  congress:
    name: Congress
    delegates:
      branch: {fixed: 1}
    election: {method: dhondt, ties: lot}
"""


def with_election(**election: Any) -> dict[str, Any]:
    document: dict[str, Any] = yaml.safe_load(STATUTE)
    document["councils"]["congress"]["election"].update(election)
    return document


def test_an_announced_seed_is_read_and_journaled() -> None:
    statute = parse_statute(with_election(seed=1917))
    assert statute.councils["congress"].election.seed == 1917
    written = statute_document(statute)
    assert written["councils"]["congress"]["election"]["seed"] == 1917
    assert parse_statute(written) == statute
    largest = parse_statute(with_election(seed=(1 << 63) - 1))
    assert largest.councils["congress"].election.seed == (1 << 63) - 1


def test_without_a_seed_the_document_is_as_before() -> None:
    statute = parse_statute(with_election())
    assert statute.councils["congress"].election.seed is None
    assert "seed" not in statute_document(statute)["councils"]["congress"]["election"]


@pytest.mark.parametrize(
    ("election", "problem"),
    [
        ({"seed": -1}, "must be a whole number from 0 to 2^63-1, got int -1"),
        ({"seed": 1 << 63}, f"must be a whole number from 0 to 2^63-1, got int {1 << 63}"),
        ({"seed": True}, "must be a whole number from 0 to 2^63-1, got bool True"),
        ({"seed": "42"}, "must be a whole number from 0 to 2^63-1, got str '42'"),
        ({"seed": 42, "ties": "raise"}, "a seed is for draws by lot: it needs ties: lot"),
    ],
    ids=["negative", "too-large", "boolean", "text", "without-lots"],
)
def test_a_bad_seed_is_named(election: dict[str, Any], problem: str) -> None:
    with pytest.raises(InvalidInput) as refused:
        parse_statute(with_election(**election))
    assert [(p.path, p.message) for p in refused.value.problems] == [
        ("councils.congress.election.seed", problem)
    ]
