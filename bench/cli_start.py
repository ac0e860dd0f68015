"""Benchmark of the command line's start (issue 18): how long `soviet` takes to answer, as
ratios to bare Python measured in the same run.

    .venv/bin/python bench/cli_start.py [--runs N] [--db URL] [--json FILE]
        [--soviet COMMAND] [--source DIR]

Cases, each run N times (round-robin, so that every case meets the same load), as a person
runs them (the installed `soviet` script, a fresh process each time):
- the peers: `python -c pass`, `python -c "import typer"`, `python -c "import typer, sqlalchemy"`;
- `soviet --version` (target: ≤ 3x `python -c pass`);
- `soviet --help` and `soviet NAME --help` for every top-level command and group, and the
  help of one command of a group, `council show --help` (target: ≤ 1.5x `import typer`);
- a read: `soviet council show petrograd-soviet` on a small database (Petrograd replayed to
  its first elections; target: ≤ 1.5x `import typer, sqlalchemy`).
`--soviet "PYTHON -m soviet"` with `--source OTHER/src` times another tree of soviet (an
older commit, for a before and after) run from its source. Prints each case's median and
its ratio to its peer; the exit code is 0 even if a target is missed (the figures are the
result).

Every command runs as a person's install runs it: Python writes its bytecode (`__pycache__`)
and reads it on every later start. A PYTHONDONTWRITEBYTECODE in the benchmark's own
environment is not passed on (the peers' libraries were compiled by pip when installed,
and soviet's own modules would otherwise be compiled from source on every run); the
untimed first run of each case writes what is missing.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from soviet.cli.app import COMMANDS

PYTHON = sys.executable
SOVIET = str(Path(sys.executable).with_name("soviet"))
PEERS = {
    "python -c pass": [PYTHON, "-c", "pass"],
    "import typer": [PYTHON, "-c", "import typer"],
    "import typer, sqlalchemy": [PYTHON, "-c", "import typer, sqlalchemy"],
}


def cases(soviet: list[str], db: str) -> dict[str, tuple[list[str], str, float]]:
    """Each case: its command, its peer and the target ratio."""
    found = {"soviet --version": ([*soviet, "--version"], "python -c pass", 3.0)}
    found["soviet --help"] = ([*soviet, "--help"], "import typer", 1.5)
    for name in COMMANDS:
        found[f"soviet {name} --help"] = ([*soviet, name, "--help"], "import typer", 1.5)
    found["soviet council show --help"] = (
        [*soviet, "council", "show", "--help"],
        "import typer",
        1.5,
    )
    found["soviet council show petrograd-soviet"] = (
        [*soviet, "--db", db, "council", "show", "petrograd-soviet"],
        "import typer, sqlalchemy",
        1.5,
    )
    return found


def timed(command: list[str], env: dict[str, str] | None = None) -> float:
    started = time.perf_counter()
    subprocess.run(
        command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True, env=env
    )
    return time.perf_counter() - started


def small_database(folder: Path) -> str:
    """Petrograd replayed up to its first elections: a small federation to read."""
    url = f"sqlite:///{folder / 'petrograd.db'}"
    subprocess.run(
        [SOVIET, "demo", "--db", url, "--until", "1917-03-15"],
        stdout=subprocess.DEVNULL,
        check=True,
    )
    return url


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=15, help="Runs of each case.")
    parser.add_argument("--db", help="A database holding petrograd-soviet (default: made).")
    parser.add_argument("--json", type=Path, help="Write the figures here too.")
    parser.add_argument("--soviet", default=SOVIET, help="How to run soviet (split on spaces).")
    parser.add_argument("--source", help="A source folder to run that soviet from.")
    args = parser.parse_args()
    soviet = args.soviet.split()
    # As installed: bytecode written once and read on every start (see the docstring).
    base = {name: value for name, value in os.environ.items() if name != "PYTHONDONTWRITEBYTECODE"}
    env = base | {"PYTHONPATH": args.source} if args.source else base
    with tempfile.TemporaryDirectory() as folder:
        db = args.db or small_database(Path(folder))
        measured = cases(soviet, db)
        commands = dict(PEERS) | {name: command for name, (command, _, _) in measured.items()}
        ran = {name: env if name in measured else base for name in commands}
        for name, command in commands.items():
            timed(command, ran[name])  # warm the file cache once
        times: dict[str, list[float]] = {name: [] for name in commands}
        for _ in range(args.runs):
            for name, command in commands.items():
                times[name].append(timed(command, ran[name]))
    median = {name: statistics.median(values) for name, values in times.items()}
    print(f"{platform.node()}: {platform.processor() or platform.machine()}, Python")
    print(f"{platform.python_version()}, {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}")
    print(f"median of {args.runs} runs each\n")
    for name in PEERS:
        print(f"{name:48} {median[name] * 1000:7.1f} ms")
    print()
    rows = []
    for name, (_, peer, target) in measured.items():
        ratio = median[name] / median[peer]
        verdict = "met" if ratio <= target else "MISSED"
        rows.append({"case": name, "ms": median[name] * 1000, "peer": peer, "ratio": ratio})
        print(
            f"{name:48} {median[name] * 1000:7.1f} ms  {ratio:5.2f}x {peer:26} "
            f"(target ≤ {target}x: {verdict})"
        )
    if args.json:
        args.json.write_text(json.dumps(rows, indent=2), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
