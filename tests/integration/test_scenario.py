"""The Petrograd 1917 scenario replayed through the services: every seed figure that is
an outcome comes out of the machinery (elections, recalls, convocations), not the file.

Seeds quoted: 003 (John Reed, 003_0541a3f1c63212f1.txt), 004 (004_14b7c884f7adc4ca.txt).
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
import sqlalchemy as sa

from soviet.domain.identity import SYSTEM
from soviet.methods import allocate
from soviet.services import scenario
from soviet.services.bootstrap import open_database
from soviet.services.composition import composition
from soviet.services.formation import drift
from soviet.store import schema
from soviet.store.database import Database

from ..conftest import demo_copy


def end_of(day: str) -> datetime:
    return datetime.fromisoformat(f"{day}T23:59:59+00:00").astimezone(UTC)


@pytest.fixture(scope="module")
def replayed(tmp_path_factory: pytest.TempPathFactory, replayed_demo: Path) -> Iterator[Database]:
    """The whole scenario replayed into a fresh database: a copy of what `soviet demo`
    replayed (see replayed_demo), which replays it through scenario.replay as here."""
    url, _ = demo_copy(replayed_demo, tmp_path_factory.mktemp("petrograd"))
    db = open_database(url)
    yield db
    db.dispose()


def test_the_soviet_has_about_1200_deputies(replayed: Database) -> None:
    # 003: "It consisted of about 1200 deputies"
    shown = composition(replayed, "petrograd-soviet", as_of=end_of("1917-03-02"), actor=SYSTEM)
    assert 1150 <= shown.seats <= 1250
    assert shown.filled == shown.seats


def test_the_bolsheviks_are_a_small_minority_in_march(replayed: Database) -> None:
    # 003 (Lenin): "in most of the Soviets ... our Party is in a minority, so far a small minority"
    shown = composition(replayed, "petrograd-soviet", as_of=end_of("1917-03-02"), actor=SYSTEM)
    assert shown.fractions["bolsheviks"] * 5 < shown.filled
    assert shown.majority == "sr"


def test_the_workers_section_is_almost_two_thirds_bolshevik_in_july(replayed: Database) -> None:
    # 004: "The Bolsheviks now held almost two-thirds of the seats" of the workers' section
    workers = composition(
        replayed, "petrograd-soviet", section="workers", as_of=end_of("1917-07-03"), actor=SYSTEM
    )
    share = workers.fractions["bolsheviks"] / workers.filled
    assert 0.6 < share < 2 / 3
    whole = composition(replayed, "petrograd-soviet", as_of=end_of("1917-07-03"), actor=SYSTEM)
    assert whole.majority is None


def test_the_majority_is_won_on_september_1(replayed: Database) -> None:
    # 003: "Two days after Kornilov's defeat, it won the majority in the Petrograd ... Soviet"
    before = composition(replayed, "petrograd-soviet", as_of=end_of("1917-08-31"), actor=SYSTEM)
    after = composition(replayed, "petrograd-soviet", as_of=end_of("1917-09-01"), actor=SYSTEM)
    assert before.majority is None
    assert after.majority == "bolsheviks"
    assert 2 * after.fractions["bolsheviks"] > after.filled


def test_the_new_executive_is_thirteen_six_and_three(replayed: Database) -> None:
    # 004: "thirteen Bolsheviks, six Social Revolutionaries and three Mensheviks"
    shown = composition(replayed, "petrograd-executive", as_of=end_of("1917-09-25"), actor=SYSTEM)
    fractions = shown.fractions
    assert fractions["bolsheviks"] == 13
    assert fractions.get("sr", 0) + fractions.get("left-sr", 0) == 6
    assert fractions["mensheviks"] == 3
    assert sum(fractions.values()) == 22
    soviet = composition(replayed, "petrograd-soviet", as_of=end_of("1917-09-25"), actor=SYSTEM)
    assert {p: n for p, n in allocate(soviet.fractions, 22, "dhondt").items() if n} == fractions


def test_the_march_executive_stayed_until_september(replayed: Database) -> None:
    march = composition(replayed, "petrograd-executive", as_of=end_of("1917-03-02"), actor=SYSTEM)
    august = composition(replayed, "petrograd-executive", as_of=end_of("1917-09-24"), actor=SYSTEM)
    assert march.fractions == august.fractions
    assert march.majority != "bolsheviks"


def test_the_second_congress(replayed: Database) -> None:
    # 004: "Of the 650 delegates, 390 were Bolsheviks and 159 were Social Revolutionaries,
    # 60 percent of whom were Lefts"; "The Compromisers held less than 25 percent"
    shown = composition(replayed, "second-congress", as_of=end_of("1917-10-25"), actor=SYSTEM)
    fractions = shown.fractions
    assert shown.seats == shown.filled == 650
    assert fractions["bolsheviks"] == 390
    assert fractions["sr"] + fractions["left-sr"] == 159
    assert fractions["left-sr"] == round(0.6 * 159)
    assert (fractions["sr"] + fractions["mensheviks"]) * 4 < 650


def test_the_congress_is_about_one_delegate_per_25000_voters(replayed: Database) -> None:
    # 003: "roughly based upon 1 delegate for each 25,000 voters"
    shown = composition(replayed, "second-congress", as_of=end_of("1917-10-25"), actor=SYSTEM)
    delegations = {m.delegation for m in shown.members}
    assert len(delegations) == 20
    assert "petrograd-soviet" in delegations


def test_the_cec_remained_the_same_and_drifted_further(replayed: Database) -> None:
    # 004: "The Bolsheviks gained majorities in one soviet election after another, yet the
    # Central Executive Committee remained the same"
    june = composition(replayed, "cec", as_of=end_of("1917-06-24"), actor=SYSTEM)
    october = composition(replayed, "cec", as_of=end_of("1917-10-25"), actor=SYSTEM)
    assert june.fractions == october.fractions
    assert june.majority != "bolsheviks"
    off = []
    for day in ("1917-06-24", "1917-08-01", "1917-09-01", "1917-10-01", "1917-10-24"):
        (found,) = drift(replayed, "cec", as_of=end_of(day), actor=SYSTEM)
        off.append(found.seats_off)
    assert off[0] == off[1] == 0
    assert off[1] < off[2] < off[3] < off[4]


def test_the_congress_has_no_drift_when_convened(replayed: Database) -> None:
    (found,) = drift(replayed, "second-congress", as_of=end_of("1917-10-25"), actor=SYSTEM)
    assert found.seats_off == 0


def test_a_replay_resumes_and_does_nothing_more(replayed: Database) -> None:
    performed = [n for _, n in scenario.replay(replayed, scenario.load())]
    assert sum(performed) == 0


def test_an_election_day_is_closed_in_one_act_and_the_bodies_follow_once(
    replayed: Database,
) -> None:
    """The elections that follow one another in a step are closed together
    (close_elections): each close its own entry, and the bodies formed from their councils
    (the congress, the ward soviets) follow after the last close, not after each."""
    with replayed.read() as connection:
        kinds = list(
            connection.execute(
                sa.select(schema.journal.c.kind).order_by(schema.journal.c.seq)
            ).scalars()
        )
    closes = [seq for seq, kind in enumerate(kinds) if kind == "ElectionClosed"]
    runs: list[list[int]] = []
    for seq in closes:
        if runs and seq == runs[-1][-1] + 1:
            runs[-1].append(seq)
        else:
            runs.append([seq])
    # April's eighteen soviets close in one act, as do the other days of several elections
    assert max(len(run) for run in runs) >= 18
    assert sum(len(run) for run in runs) == 96
    between = [kinds[s + 1] for run in runs for s in run[:-1]]
    assert set(between) <= {"ElectionClosed"}
    # A recall's signatures were entered in sheets of 100 by the secretariat (the statute
    # takes them on paper): the sheet that reached the threshold recalled the deputy.
    assert kinds.count("PaperSignaturesEntered") == 5 + 6
    assert kinds.count("RecallSigned") == 0
    assert kinds.count("DelegateRecalled") == 2
