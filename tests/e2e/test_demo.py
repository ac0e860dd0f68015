"""`soviet demo` through the real entrypoint: the replay loads, and other programs can
query it by the scenario's stable names."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest


def environment() -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("SOVIET_")}
    env["COLUMNS"] = "200"
    return env


def soviet(url: str, *args: str) -> subprocess.CompletedProcess[str]:
    """Run `python -m soviet --db URL ARGS` as a user would."""
    return subprocess.run(
        [sys.executable, "-m", "soviet", "--db", url, *args],
        capture_output=True,
        text=True,
        env=environment(),
        timeout=300,
    )


@pytest.fixture(scope="module")
def demo_url(tmp_path_factory: pytest.TempPathFactory) -> str:
    url = f"sqlite:///{tmp_path_factory.mktemp('demo') / 'demo.db'}"
    done = soviet(url, "demo", "--json")
    assert done.returncode == 0, done.stderr
    states = json.loads(done.stdout)
    assert states["scenario"] == "petrograd-1917"
    assert states["steps"][-1]["date"] == "1917-10-25"
    return url


def test_council_show_by_stable_names(demo_url: str) -> None:
    found = {}
    for slug in ("petrograd-soviet", "petrograd-executive", "cec", "second-congress"):
        done = soviet(demo_url, "council", "show", slug, "--as-of", "1917-10-25", "--json")
        assert done.returncode == 0, done.stderr
        found[slug] = json.loads(done.stdout)["fractions"]
    assert found["second-congress"]["bolsheviks"] == 390
    assert found["second-congress"]["sr"] + found["second-congress"]["left-sr"] == 159
    assert found["petrograd-executive"] == {
        "bolsheviks": 13,
        "sr": 4,
        "mensheviks": 3,
        "left-sr": 2,
    }
    assert found["petrograd-soviet"]["bolsheviks"] * 2 > sum(found["petrograd-soviet"].values())
    assert set(found["cec"]) <= {"bolsheviks", "mensheviks", "sr", "internationalists"}


def test_drift_lists_the_bodies(demo_url: str) -> None:
    done = soviet(demo_url, "drift", "--as-of", "1917-10-24", "--json")
    assert done.returncode == 0, done.stderr
    drifts = {d["council"]: d for d in json.loads(done.stdout)}
    assert {"petrograd-soviet", "petrograd-executive", "cec", "second-congress"} <= set(drifts)
    assert drifts["cec"]["seats_off"] > 100


def test_demo_again_reuses_the_database_and_until_stops(demo_url: str) -> None:
    done = soviet(demo_url, "demo", "--json", "--until", "1917-09-01")
    assert done.returncode == 0, done.stderr
    steps = json.loads(done.stdout)["steps"]
    assert steps[-1]["date"] == "1917-09-01"
    assert steps[-1]["bodies"]["petrograd-soviet"]["majority"] == "bolsheviks"


def test_demo_renders_bars_and_refuses_a_bad_date(tmp_path: Path, demo_url: str) -> None:
    shown = soviet(demo_url, "demo", "--until", "1917-03-02")
    assert shown.returncode == 0, shown.stderr
    assert "The first elections" in shown.stdout
    assert "█" in shown.stdout
    refused = soviet(demo_url, "demo", "--until", "October")
    assert refused.returncode == 2
    assert "--until: must be an ISO date (1917-10-25), got 'October'" in refused.stderr
