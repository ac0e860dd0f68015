"""Run every check of the project, as a person and CI run it: format, lint, types, layers, tests.

Usage: python scripts/check.py [PYTEST ARGS...]
Exits non-zero if any check fails, and if pytest ran no test at all.
"""

from __future__ import annotations

import os
import subprocess
import sys
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


def main() -> int:
    python = sys.executable
    checks = [
        ("format", [python, "-m", "ruff", "format", "--check", "src", "tests", "bench", "scripts"]),
        ("lint", [python, "-m", "ruff", "check", "src", "tests", "bench", "scripts"]),
        ("types", [python, "-m", "mypy"]),
        ("layers", [str(BIN / "lint-imports")]),
        # pytest exits 5 when it collected no test: that is a failure here too.
        ("tests", [python, "-m", "pytest", *sys.argv[1:]]),
    ]
    failed = [name for name, command in checks if not run(name, command)]
    if failed:
        print(f"\nFAILED: {', '.join(failed)}", flush=True)
        return 1
    print("\nall checks passed", flush=True)
    return 0


if __name__ == "__main__":
    os.environ.setdefault("PYTHONDONTWRITEBYTECODE", "1")
    sys.exit(main())
