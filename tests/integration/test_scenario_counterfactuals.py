"""Changing one input of the Petrograd 1917 scenario changes its outcome as the rules say."""

from __future__ import annotations

import copy
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
import yaml

from soviet.domain.identity import SYSTEM
from soviet.domain.views import to_json
from soviet.errors import InvalidInput
from soviet.services import plenary, scenario
from soviet.services.bootstrap import open_database
from soviet.services.composition import composition

ACTS = Path(scenario.__file__).parent.parent / "scenarios" / "petrograd1917" / "acts.yaml"


def acts_document() -> Any:
    return yaml.safe_load(ACTS.read_text(encoding="utf-8"))


def find(document: Any, do: str, constituency: str) -> dict[str, Any]:
    for step in document["steps"]:
        for act in step["acts"]:
            if act["do"] == do and act.get("constituency") == constituency:
                found: dict[str, Any] = act
                return found
    raise AssertionError(f"no {do} of {constituency}")


def test_if_the_grenadiers_recall_fails_there_is_no_majority_on_september_1(
    tmp_path: Path,
) -> None:
    document = acts_document()
    # 590 signatures of 1,200: short of the statute's half of the electorate (600)
    find(document, "recall", "grenadier")["signatures"] = 590
    db = open_database(f"sqlite:///{tmp_path / 'soviet.db'}", create=True)
    try:
        for _ in scenario.replay(
            db, scenario.load(acts=document), until=datetime(1917, 9, 1).date()
        ):
            pass
        day = datetime.fromisoformat("1917-09-01T23:59:59+00:00")
        shown = composition(db, "petrograd-soviet", as_of=day, actor=SYSTEM)
        grenadiers = [m for m in shown.members if m.constituency == "grenadier"]
        march = composition(
            db,
            "petrograd-soviet",
            as_of=datetime.fromisoformat("1917-03-02T23:59:59+00:00"),
            actor=SYSTEM,
        )
        in_march = [m for m in march.members if m.constituency == "grenadier"]
    finally:
        db.dispose()
    assert shown.majority is None  # no recall, so no fresh election: the March deputies stay
    assert {(m.person, m.party) for m in grenadiers} == {(m.person, m.party) for m in in_march}
    assert 2 * shown.fractions["bolsheviks"] <= shown.filled


def test_a_figure_without_a_source_is_refused() -> None:
    document = acts_document()
    changed = copy.deepcopy(document)
    del find(changed, "recall", "grenadier")["source"]
    find(changed, "members", "aivaz")["count"] = -3
    with pytest.raises(InvalidInput) as refused:
        scenario.load(acts=changed)
    message = str(refused.value)
    assert message.startswith("scenario has 2 problems:")
    assert "petrograd1917/acts.yaml: steps[9].acts[" in message
    assert ".source: is missing: every figure needs a seed and quote, or an estimate" in message
    assert ".count: must be a whole number of at least 1, got int -3" in message


def test_without_the_walk_out_the_compromisers_vote_against_the_proclamation(
    tmp_path: Path,
) -> None:
    document = acts_document()
    for step in document["steps"]:
        step["acts"] = [act for act in step["acts"] if act["do"] != "walk-out"]
    db = open_database(f"sqlite:///{tmp_path / 'soviet.db'}", create=True)
    try:
        for _ in scenario.replay(db, scenario.load(acts=document)):
            pass
        day = datetime.fromisoformat("1917-10-25T23:59:59+00:00")
        fractions = composition(db, "second-congress", as_of=day, actor=SYSTEM).fractions
        motion = to_json(plenary.motion_view(db, "second-congress/proclamation", actor=SYSTEM))
    finally:
        db.dispose()
    # everyone stays: the ballots the file gives the SRs and Mensheviks are cast, against
    staying = fractions["sr"] + fractions["mensheviks"]
    assert motion["vote"]["present"] == 650
    assert (motion["no"], motion["abstain"]) == (2 + staying, 12)
    assert motion["yes"] == 650 - staying - 2 - 12
    assert motion["adopted"] is True  # a majority of the votes cast, as the statute says
