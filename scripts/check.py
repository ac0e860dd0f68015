"""Run every check of the project, as a person and CI run it: format, lint, types, layers, tests.

Usage: python scripts/check.py [PYTEST ARGS...]
Without arguments the whole test suite runs spread over several processes (see WORKERS);
with arguments, one pytest with them.
Exits non-zero if any check fails, and if pytest ran no test at all.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent


def run(name: str, command: list[str]) -> bool:
    print(f"\n=== {name}: {' '.join(command)}", flush=True)
    started = time.monotonic()
    code = subprocess.call(command, cwd=ROOT)
    print(
        f"=== {name}: {'ok' if code == 0 else f'FAILED (exit {code})'} "
        f"in {time.monotonic() - started:.1f} s",
        flush=True,
    )
    return code == 0


#: The whole suite is one pytest run spread over WORKERS processes by pytest-xdist, a test
#: file at a time (`--dist loadfile`: a module's server, browser or plenary is made once),
#: each worker taking the next file as it finishes one, so that no part waits idle while
#: another still has files left. Most of the e2e and API tests' time is spent waiting on the
#: `soviet` processes and servers they start, so there are more workers than cores. Files go
#: out in the order of ORDER, the slowest kinds first, so that the run does not end waiting
#: on a long file handed out last; the unit tests (many short files) fill the end.
WORKERS = 4
ORDER = ["tests/e2e", "tests/web", "tests/api", "tests/integration", "tests/unit"]


#: Where the tests' temporary files go when the machine has a memory file system with room
#: for them (MEMORY_NEEDED; a run filled up to 441 MB there on 2026-12-04; a container's
#: /dev/shm is often 64 MB): their databases are thrown away, and waiting for a disk to
#: sync them is only time lost (the settings that make soviet's own databases durable are
#: tested, not the disk).
MEMORY = Path("/dev/shm")
MEMORY_NEEDED = 4 << 30


def run_suite(python: str) -> bool:
    """The whole test suite, spread over the workers."""
    # The slowest tests are listed at the end: where to look when the run grows too long.
    distribution = [
        "-n",
        str(WORKERS),
        "--dist",
        "loadfile",
        "--no-loadscope-reorder",
        "--durations=25",
    ]
    roomy = MEMORY.is_dir() and shutil.disk_usage(MEMORY).free >= MEMORY_NEEDED
    if not (roomy and os.access(MEMORY, os.W_OK)):
        return run("tests", [python, "-m", "pytest", *distribution, *ORDER])
    with tempfile.TemporaryDirectory(prefix="soviet-tests.", dir=MEMORY) as temporary:
        basetemp = ["--basetemp", str(Path(temporary) / "pytest")]
        return run("tests", [python, "-m", "pytest", *distribution, *basetemp, *ORDER])


def main() -> int:
    python = sys.executable
    checks = [
        ("format", [python, "-m", "ruff", "format", "--check", "src", "tests", "bench", "scripts"]),
        ("lint", [python, "-m", "ruff", "check", "src", "tests", "bench", "scripts"]),
        ("types", [python, "-m", "mypy"]),
        ("layers", [str(BIN / "lint-imports")]),
    ]
    if sys.argv[1:]:
        # pytest exits 5 when it collected no test: that is a failure here too.
        checks.append(("tests", [python, "-m", "pytest", *sys.argv[1:]]))
    failed = [name for name, command in checks if not run(name, command)]
    if not sys.argv[1:] and not run_suite(python):
        failed.append("tests")
    if failed:
        print(f"\nFAILED: {', '.join(failed)}", flush=True)
        return 1
    print("\nall checks passed", flush=True)
    return 0


if __name__ == "__main__":
    os.environ.setdefault("PYTHONDONTWRITEBYTECODE", "1")
    sys.exit(main())
