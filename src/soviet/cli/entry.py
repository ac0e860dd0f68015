"""The `soviet` command's entry point: `soviet --version` answers before anything else is
imported; every other command line goes to `soviet.cli.app.main`."""

from __future__ import annotations

import gc
import sys

#: Objects allocated (net) between two collections of the youngest generation: Python's
#: default of 700 ran 135 young, 13 middle and one full collection in a `council show` of
#: 2,423 members, most of them among the modules a command imports, which all live to the
#: end. At 10,000 that read took 20 ms less (about a twentieth) and the replay of
#: Petrograd peaked 1 to 2 MB higher (issue 18, docs/benchmarks.md).
YOUNG_THRESHOLD = 10_000


def main() -> None:
    """Run the CLI (see `soviet.cli.app.main`)."""
    if sys.argv[1:] == ["--version"]:
        from soviet import __version__

        sys.stdout.write(f"soviet {__version__}\n")
        return
    gc.set_threshold(YOUNG_THRESHOLD, *gc.get_threshold()[1:])
    from soviet.cli.app import main as run

    try:
        run()
    finally:
        # The command is done and the process ends: its databases are closed, its output
        # written. What it made need not be searched for cycles again as the interpreter
        # tears down its modules: that search took 75 ms of a 420 ms `council show`
        # (issue 18). The atexit hooks still run, and objects still go as their last
        # reference does.
        gc.freeze()
