"""The factory committee shown in the README is a valid statute."""

from __future__ import annotations

from fractions import Fraction
from pathlib import Path

import yaml

from soviet.domain.statute import parse_statute

README = Path(__file__).resolve().parents[3] / "README.md"


def test_the_readme_s_factory_committee_is_read_as_written() -> None:
    example = README.read_text().split("A factory committee is a council")[1]
    statute = parse_statute(yaml.safe_load(example.split("```yaml")[1].split("```")[0]))
    committee = statute.councils["putilov-committee"]
    assert committee.factory is not None
    assert committee.factory.plant == "Putilov Works"
    assert committee.sessions.quorum.share == Fraction(1, 2)
    petrograd = README.read_text().split("## A statute")[1].split("```yaml")[1].split("```")[0]
    soviet = parse_statute(yaml.safe_load(petrograd)).councils["petrograd-soviet"]
    assert soviet.sessions.amendments == "moved"
    assert soviet.sessions.quorum.kind == "majority"
