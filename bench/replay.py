"""Benchmark of the replay (issue 18): `soviet demo` from an empty database, as the README's
first command runs it (target: under 8 s on the 2-core machine).

    .venv/bin/python bench/replay.py [--runs N] [--soviet COMMAND] [--source DIR]

Each run is the installed `soviet demo` in a fresh process on a new SQLite file (in a
temporary folder, removed afterwards): the whole replay of Petrograd 1917 through the
services, the minutes of the Second Congress and everything it prints. Prints each run's
wall time and CPU time (the process's user and system time), and their medians; the load
average before and after, since the machine may be shared. `--soviet "PYTHON -m soviet"`
with `--source OTHER/src` times another tree of soviet (an older commit, for a before and
after), run from its source. Python's bytecode is written and read as in a person's
install (a PYTHONDONTWRITEBYTECODE in the benchmark's environment is not passed on).
"""

from __future__ import annotations

import argparse
import os
import platform
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

SOVIET = str(Path(sys.executable).with_name("soviet"))


def replayed(soviet: list[str], folder: Path, env: dict[str, str]) -> tuple[float, float]:
    """One replay into a new database: its wall time and the CPU time it took, in seconds."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    subprocess.run(
        [*soviet, "demo", "--db", f"sqlite:///{folder / 'petrograd.db'}"],
        stdout=subprocess.DEVNULL,
        check=True,
        env=env,
    )
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5, help="Replays to time (default 5).")
    parser.add_argument("--soviet", default=SOVIET, help="How to run soviet (split on spaces).")
    parser.add_argument("--source", help="A source folder to run that soviet from.")
    args = parser.parse_args()
    if args.runs < 1:
        parser.error("--runs: must be at least 1")
    soviet = args.soviet.split()
    # As installed: bytecode written once and read on every start (not compiled each run).
    base = {name: value for name, value in os.environ.items() if name != "PYTHONDONTWRITEBYTECODE"}
    env = base | {"PYTHONPATH": args.source} if args.source else base
    print(f"{platform.node()}: {platform.processor() or platform.machine()}, Python")
    print(f"{platform.python_version()}, {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}")
    print(f"load average before: {' '.join(f'{n:.2f}' for n in os.getloadavg())}")
    walls, cpus = [], []
    for run in range(1, args.runs + 1):
        with tempfile.TemporaryDirectory(prefix="soviet-replay-") as folder:
            wall, cpu = replayed(soviet, Path(folder), env)
        walls.append(wall)
        cpus.append(cpu)
        print(f"run {run}: {wall:6.2f} s wall, {cpu:6.2f} s CPU", flush=True)
    print(f"load average after: {' '.join(f'{n:.2f}' for n in os.getloadavg())}")
    median = statistics.median(walls)
    verdict = "met" if median < 8 else "MISSED"
    print(
        f"median of {args.runs}: {median:.2f} s wall, {statistics.median(cpus):.2f} s CPU "
        f"(target < 8 s: {verdict})"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
