"""Reading a scenario's acts file: moments in order, every problem named by step and field."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from soviet.domain.scenario import parse_scenario
from soviet.errors import InvalidInput

SOURCE = {"estimate": "illustrative"}


def document(*acts: dict[str, object], date: str = "1917-03-02") -> dict[str, object]:
    step = {"date": date, "title": "T", "story": "S", "show": [], "acts": list(acts)}
    return {"scenario": "s", "statute": "statute.yaml", "steps": [step]}


def test_acts_of_one_day_follow_a_quarter_of_an_hour_apart() -> None:
    found = parse_scenario(
        document({"do": "convene", "council": "a"}, {"do": "convene", "council": "b"})
    )
    first, second = found.steps[0].acts
    assert first.at == datetime(1917, 3, 2, 8, tzinfo=UTC)
    assert second.at == datetime(1917, 3, 2, 8, 15, tzinfo=UTC)
    assert second.moment(3) == datetime(1917, 3, 2, 8, 15, 3, tzinfo=UTC)


def test_every_problem_is_named_by_file_step_and_field() -> None:
    bad = document(
        {"do": "election", "council": "a", "votes": {"putilov": {"sr": "many"}}},
        {"do": "members", "constituency": "x", "count": 5, "source": SOURCE, "at": "1917-03-01"},
        {"do": "ballot"},
    )
    with pytest.raises(InvalidInput) as refused:
        parse_scenario(bad, "acts.yaml")
    assert str(refused.value).split("\n  ") == [
        "scenario has 4 problems:",
        "acts.yaml: steps[0].acts[0].votes.putilov.sr: must be a whole number of at least 0, "
        "got str 'many'",
        "acts.yaml: steps[0].acts[0].source: is missing: every figure needs a seed and quote, "
        "or an estimate",
        "acts.yaml: steps[0].acts[1].at: 1917-03-01 comes before 1917-03-02: acts must follow "
        "in time",
        "acts.yaml: steps[0].acts[2].do: must be one of found, party, admit, candidates, persons, "
        "election, members, recall, fresh-election, convene, co-opt, session, check-in, "
        "walk-out, motion, vote, commission-act, got str 'ballot'",
    ]


def test_plenary_acts_read_their_ballots_and_commission() -> None:
    commission = {
        "slug": "mrc",
        "name": "Military Revolutionary Committee",
        "mandate": "Defend the capital",
        "powers": ["appoint-commissar"],
        "deadline": "1917-12-31",
        "members": ["trotsky"],
    }
    found = parse_scenario(
        document(
            {"do": "session", "council": "a", "agenda": ["one item"]},
            {
                "do": "motion",
                "council": "a",
                "slug": "m",
                "title": "T",
                "text": "X",
                "mover": "bolsheviks",
                "commission": commission,
            },
            {
                "do": "vote",
                "council": "a",
                "motion": "m",
                "mode": "counted",
                "source": SOURCE,
                "ballots": {"bolsheviks": {"no": 2, "otherwise": "yes"}},
            },
            {
                "do": "commission-act",
                "commission": "a/mrc",
                "person": "trotsky",
                "power": "appoint-commissar",
                "text": "Commissars appointed",
            },
        )
    )
    _, motion, vote, done = found.steps[0].acts
    assert motion.commission is not None
    assert not isinstance(motion.commission, str)
    assert motion.commission.powers == ("appoint-commissar",)
    assert str(motion.commission.deadline) == "1917-12-31"
    assert vote.ballots == {"bolsheviks": {"no": 2, "otherwise": "yes"}}
    assert done.commission == "a/mrc"


def test_a_vote_without_a_source_or_with_a_bad_choice_is_refused() -> None:
    bad = document(
        {
            "do": "vote",
            "council": "a",
            "motion": "m",
            "mode": "show-of-hands",
            "ballots": {"sr": {"maybe": 3, "otherwise": "perhaps"}},
        },
    )
    with pytest.raises(InvalidInput) as refused:
        parse_scenario(bad, "acts.yaml")
    problems = str(refused.value)
    assert "steps[0].acts[0].mode: must be one of roll-call, counted" in problems
    assert (
        "steps[0].acts[0].ballots.sr.maybe: must be one of yes, no, abstain or otherwise"
        in problems
    )
    assert "steps[0].acts[0].ballots.sr.otherwise: must be one of yes, no, abstain" in problems
    assert "steps[0].acts[0].source: is missing" in problems
