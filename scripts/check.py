"""Run every check of the project, as a person and CI run it: format, lint, types, layers, tests.

Usage: python scripts/check.py [PYTEST ARGS...]
Without arguments the test suite runs as four pytest processes at once (see SUITES), each
printed whole when it ends; with arguments, one pytest with them.
Exits non-zero if any check fails, and if pytest ran no test at all.
"""

from __future__ import annotations

import contextlib
import os
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


#: The test suite in four parts, run at once. Most of the e2e tests' time is spent in the
#: `soviet` processes they start one after another, and much of the API's waiting on servers
#: and durable commits. The e2e files are split in two halves (E2E_FIRST, and every other e2e
#: file, new ones included); the API and the integration and unit tests are a part each. In
#: the last clean run (2d8bfd4, 2 cores) the e2e halves ended after 456 s and 843 s, long
#: before the API with the web pages (1,295 s) and the integration and unit tests with three
#: e2e files (1,447 s): so those three e2e files (the fuzz of every command, a federation
#: through the command line, the rules of issue 13) are in the first e2e half again, and the
#: browser tests of tests/web (a growing part) run with the second half.
E2E_FIRST = [
    "tests/e2e/test_cli_sessions.py",
    "tests/e2e/test_cli_reads.py",
    "tests/e2e/test_cli_agenda.py",
    "tests/e2e/test_cli_speakers.py",
    "tests/e2e/test_cli_csv.py",
    "tests/e2e/test_cli_notices.py",
    "tests/e2e/test_cli_ties.py",
    "tests/e2e/test_cli_election_list.py",
    "tests/e2e/test_cli_fuzz.py",
    "tests/e2e/test_cli_councils.py",
    "tests/e2e/test_cli_rules.py",
]
SUITES = (
    ("tests: e2e, first half", E2E_FIRST),
    (
        "tests: e2e, second half, and the web pages",
        ["tests/e2e", *(f"--ignore={path}" for path in E2E_FIRST), "tests/web"],
    ),
    ("tests: api", ["tests/api"]),
    ("tests: integration and unit", ["tests/integration", "tests/unit"]),
)


def run_suites(python: str) -> bool:
    """The parts of the suite at once; each one's output is printed when it ends."""
    started = time.monotonic()
    passed = True
    with contextlib.ExitStack() as stack:
        running = []
        for name, paths in SUITES:
            log = stack.enter_context(tempfile.TemporaryFile(mode="w+", encoding="utf-8"))
            command = [python, "-m", "pytest", *paths]
            print(f"\n=== {name}: {' '.join(command)} (in parallel)", flush=True)
            process = subprocess.Popen(command, cwd=ROOT, stdout=log, stderr=subprocess.STDOUT)
            running.append((name, process, log))
        for name, process, log in running:
            code = process.wait()
            log.seek(0)
            print(f"\n=== {name}: output\n{log.read()}", flush=True)
            # pytest exits 5 when it collected no test: that is a failure here too.
            verdict = "ok" if code == 0 else f"FAILED (exit {code})"
            print(f"=== {name}: {verdict} after {time.monotonic() - started:.1f} s", flush=True)
            passed = passed and code == 0
    return passed


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
    if not sys.argv[1:] and not run_suites(python):
        failed.append("tests")
    if failed:
        print(f"\nFAILED: {', '.join(failed)}", flush=True)
        return 1
    print("\nall checks passed", flush=True)
    return 0


if __name__ == "__main__":
    os.environ.setdefault("PYTHONDONTWRITEBYTECODE", "1")
    sys.exit(main())
