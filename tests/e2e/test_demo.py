"""`soviet demo` through the real entrypoint: the replay loads, and other programs can
query it by the scenario's stable names."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from ..conftest import demo_copy

#: The replayed states `soviet demo --json` printed when the fixture loaded the scenario.
STATES: dict[str, object] = {}


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
def demo_url(tmp_path_factory: pytest.TempPathFactory, replayed_demo: Path) -> str:
    """A copy of `soviet demo --json` replayed into a fresh database (see replayed_demo)."""
    url, states = demo_copy(replayed_demo, tmp_path_factory.mktemp("demo"))
    assert states["scenario"] == "petrograd-1917"
    assert states["steps"][-1]["date"] == "1917-10-25"
    STATES.update(states)
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
    shown = json.loads(done.stdout)
    steps = shown["steps"]
    assert steps[-1]["date"] == "1917-09-01"
    assert "minutes" not in shown  # the replay stopped before the Second Congress
    assert steps[-1]["bodies"]["petrograd-soviet"]["majority"] == "bolsheviks"


def test_demo_renders_bars_and_refuses_a_bad_date(tmp_path: Path, demo_url: str) -> None:
    shown = soviet(demo_url, "demo", "--until", "1917-03-02")
    assert shown.returncode == 0, shown.stderr
    assert "The first elections" in shown.stdout
    assert "█" in shown.stdout
    refused = soviet(demo_url, "demo", "--until", "October")
    assert refused.returncode == 2
    assert "--until: must be an ISO date (1917-10-25), got 'October'" in refused.stderr


def test_the_congress_adopts_the_proclamation_after_the_walk_out(demo_url: str) -> None:
    done = soviet(demo_url, "motion", "show", "second-congress/proclamation", "--json")
    assert done.returncode == 0, done.stderr
    motion = json.loads(done.stdout)
    shown = soviet(
        demo_url, "council", "show", "second-congress", "--as-of", "1917-10-25", "--json"
    )
    assert shown.returncode == 0, shown.stderr
    congress = json.loads(shown.stdout)
    fractions = congress["fractions"]
    # attending voting delegates after the Right SRs and Mensheviks walked out
    attending = sum(fractions.values()) - fractions["sr"] - fractions["mensheviks"]
    assert motion["vote"]["present"] == attending
    assert motion["vote"]["seats"] == 650
    # seeds/004: "all but two votes in favor with twelve abstentions"
    assert (motion["yes"], motion["no"], motion["abstain"]) == (attending - 2 - 12, 2, 12)
    assert motion["adopted"] is True
    assert "sr" not in motion["by_fraction"]
    assert "mensheviks" not in motion["by_fraction"]
    steps = STATES["steps"]
    assert isinstance(steps, list)
    voted = steps[-1]["votes"][0]
    assert (voted["motion"], voted["yes"], voted["adopted"]) == (
        "second-congress/proclamation",
        motion["yes"],
        True,
    )


def test_the_mrc_acts_trace_back_to_the_soviets_resolution_of_october_16(demo_url: str) -> None:
    steps = STATES["steps"]
    assert isinstance(steps, list)
    chains = [chain for step in steps for chain in step["authority"]]
    assert {chain[0]["power"] for chain in chains} == {"appoint-commissar", "revise-order"}
    for shown in chains:
        done = soviet(demo_url, "authority", str(shown[0]["act"]), "--json")
        assert done.returncode == 0, done.stderr
        chain = json.loads(done.stdout)
        assert [link["step"] for link in chain] == [
            "act",
            "commission",
            "resolution",
            "motion",
            "plenary",
        ]
        assert chain[0]["body"] == chain[1]["commission"] == "petrograd-soviet/mrc"
        assert chain[2]["resolution"].startswith("petrograd-soviet/")
        assert chain[2]["adopted_at"].startswith("1917-10-16")
        assert chain[3]["yes"] > chain[3]["no"] + chain[3]["abstain"]
        assert chain[4]["council"] == "petrograd-soviet"
        assert chain[4]["convened_at"].startswith("1917-10-16")


def test_demo_shows_the_authority_chain_the_vote_and_the_congress_minutes(
    demo_url: str,
) -> None:
    shown = soviet(demo_url, "demo", "--until", "1917-10-25")
    assert shown.returncode == 0, shown.stderr
    assert "└ resolution petrograd-soviet/1, adopted 1917-10-16" in shown.stdout
    assert "vote on second-congress/proclamation (roll-call, " in shown.stdout
    assert "2 no, 12 abstain: adopted" in shown.stdout
    printed = shown.stdout[shown.stdout.index("Minutes of the Second Congress of Soviets") :]
    session = STATES["minutes"]["session"]  # type: ignore[index]
    assert f"Minutes of session {session} of the Second All-Russian Congress of Soviets" in printed
    assert "650 delegates (Bolsheviks (RSDLP, majority faction) 390; Left Socialist" in printed
    assert "514 present at the last entry (Bolsheviks (RSDLP, majority faction) 390; " in printed
    assert "(64 delegates) walked out" in printed
    assert "(72 delegates) walked out" in printed
    assert "To workers, soldiers and peasants" in printed
    assert "500 yes, 2 no, 12 abstain: adopted." in printed
    assert "yes, Bolsheviks (RSDLP, majority faction) (390): " in printed
    assert "and 385 more" in printed  # the screen shows a few names of each list
    written = Path(demo_url.removeprefix("sqlite:///")).with_name("demo-second-congress-minutes.md")
    assert f"The minutes in full, every delegate by name, are in {written}" in printed
    full = written.read_text(encoding="utf-8")
    assert full.startswith(f"# Minutes of session {session} of the Second All-Russian Congress")
    assert " more" not in full  # the file names everyone


def test_the_replay_gives_the_minutes_of_the_second_congress(demo_url: str) -> None:
    minutes = STATES["minutes"]
    assert isinstance(minutes, dict)
    assert minutes["council"]["slug"] == "second-congress"
    assert minutes["convened_at"].startswith("1917-10-25")
    attendance = minutes["attendance"]
    assert len(attendance["attended"]) == 650
    walked = [c for c in attendance["changes"] if c["change"] == "walked-out"]
    assert [c["fraction"]["slug"] for c in walked] == ["sr", "mensheviks"]
    assert attendance["present_at_end"] == 650 - sum(len(c["persons"]) for c in walked)
    [checked_in] = [c for c in attendance["changes"] if c["change"] == "checked-in"]
    counts = {c["fraction"]["slug"]: c["count"] for c in checked_in["by_fraction"]}
    assert counts["bolsheviks"] == 390
    assert counts["sr"] + counts["left-sr"] == 159  # seeds/004
    assert minutes["agenda"]["convened"] == ["The power of the soviets", "Peace", "Land"]
    [motion] = minutes["motions"]
    vote = motion["vote"]
    assert (vote["mode"], vote["yes"], vote["no"], vote["abstain"]) == ("roll-call", 500, 2, 12)
    assert len(vote["ballots"]) == 514
    assert {b["fraction"]["slug"] for b in vote["ballots"]} == {
        "bolsheviks",
        "left-sr",
        "internationalists",
        "anarchists",
    }
    [resolution] = minutes["resolutions"]
    assert resolution["text"] == motion["text"]
    done = soviet(demo_url, "session", "minutes", minutes["session"], "--json")
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout) == minutes


def _serve_demo(url: str, port: int) -> tuple[subprocess.Popen[str], list[tuple[str, str]]]:
    """`soviet demo --serve` started, and the sign-ins it printed once it serves."""
    process = subprocess.Popen(
        [sys.executable, "-m", "soviet", "--db", url, "demo", "--serve", "--port", str(port)],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        env=environment(),
    )
    assert process.stdout is not None
    lines = []
    for line in process.stdout:
        lines.append(line)
        if line.startswith("Stop the server"):
            break
    else:
        raise AssertionError("".join(lines))
    signs = [line.split() for line in lines if "  password " in line]
    assert any(f"http://127.0.0.1:{port}/" in line for line in lines)
    return process, [(parts[0], parts[2]) for parts in signs]


def _stop(process: subprocess.Popen[str]) -> None:
    process.terminate()
    process.wait(timeout=30)
    if process.stdout is not None:
        process.stdout.close()


def test_demo_serve_prints_the_sign_ins_and_serves_the_pages(demo_url: str) -> None:
    import socket
    import time

    import httpx

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    process, sign_ins = _serve_demo(demo_url, port)
    base = f"http://127.0.0.1:{port}"
    try:
        accounts = [account for account, _ in sign_ins]
        assert accounts[1:] == ["putilov-worker", "kamenev", "chkheidze"]
        assert accounts[0].startswith("petrograd-soviet-bolsheviks-")
        deadline = time.monotonic() + 30
        while True:
            try:
                home = httpx.get(base + "/")
                break
            except httpx.TransportError:
                assert time.monotonic() < deadline, "the demo's server did not answer"
                time.sleep(0.1)
        assert "Petrograd 1917" in home.text
        for account, password in sign_ins:
            signed = httpx.post(
                base + "/sign-in",
                data={
                    "account": account,
                    "password": password,
                    "next": "/federations/petrograd-1917",
                },
                headers={"Origin": base, "Sec-Fetch-Site": "same-origin"},
            )
            assert signed.status_code == 303, signed.text
            assert signed.headers["location"] == "/federations/petrograd-1917"
            page = httpx.get(base + "/", cookies=signed.cookies)
            assert f"Signed in as {account}" in page.text
    finally:
        _stop(process)
    again, repeated = _serve_demo(demo_url, port)
    _stop(again)
    assert repeated == sign_ins
    journal = soviet(demo_url, "journal", "tail", "-n", "50", "--json").stdout
    assert all(password not in journal for _, password in sign_ins)


def test_demo_serve_refuses_json_and_a_port_it_cannot_listen_on(demo_url: str) -> None:
    both = soviet(demo_url, "demo", "--serve", "--json")
    assert both.returncode == 2
    # With --json, the refusal is JSON too, as every command's.
    assert json.loads(both.stderr)["message"] == (
        "--serve: cannot be given with --json (the page is the output)"
    )
    nowhere = soviet(demo_url, "demo", "--serve", "--host", "no such host!")
    assert nowhere.stderr == "error: --host: must be an IP address or a host name\n"
    alone = soviet(demo_url, "demo", "--port", "8001")
    assert alone.stderr == "error: --port: only with --serve (where to serve the replay)\n"


def test_a_large_council_s_fractions_are_drawn_to_scale(demo_url: str) -> None:
    """The Petrograd Soviet's 1,201 seats: each fraction's bar at most 50 blocks, the
    largest exactly 50, the smallest still one, and the scale said."""
    shown = soviet(demo_url, "council", "show", "petrograd-soviet", "--as-of", "1917-03-15")
    assert shown.returncode == 0, shown.stderr
    bars = {
        line.split()[0]: (int(line.split()[1]), line.count("█"))
        for line in shown.stdout.splitlines()
        if "█" in line
    }
    assert bars["sr"] == (614, 50)
    assert bars["anarchists"] == (4, 1)
    assert max(blocks for _, blocks in bars.values()) == 50
    assert "bars to scale: 50 blocks for 614 seats" in shown.stdout
