"""The statute shown in the README is a valid statute."""

from __future__ import annotations

from pathlib import Path

import yaml

from soviet.domain.statute import parse_statute

README = Path(__file__).resolve().parents[3] / "README.md"


def test_the_readme_s_statute_is_read_as_written() -> None:
    example = README.read_text().split("## A statute")[1].split("```yaml")[1].split("```")[0]
    statute = parse_statute(yaml.safe_load(example))
    assert sorted(statute.councils) == [
        "congress",
        "petrograd-executive",
        "petrograd-soviet",
        "vyborg-soviet",
    ]
    assert statute.councils["petrograd-executive"].body.seats == 22  # type: ignore[union-attr]
