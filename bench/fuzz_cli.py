"""Counts of the CLI fuzz of issue 13: every bad value of every kind on every parameter of
every command, and every case of the corpus, on one engine.

    .venv/bin/python bench/fuzz_cli.py [--db URL]

Default: a new SQLite file; give a PostgreSQL URL of an empty database for that engine. The
commands run in-process as tests/e2e/test_cli_fuzz.py runs them (that test samples the same
kinds of values with hypothesis); here every value of `SAMPLES` is tried on every parameter.
Prints how many cases were tried, refused cleanly, accepted, and refused without a clean
error, then each case that was not refused cleanly, with why.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from collections import Counter
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.e2e import fuzz_values as values  # noqa: E402
from tests.e2e import test_cli_fuzz as fuzz  # noqa: E402
from tests.e2e.accounts import as_administrator  # noqa: E402


def _outcome(found: values.Federation, args: list[str], db: str, expect: str | None) -> list[str]:
    """Why a case was not refused cleanly (nothing when it was)."""
    before = fuzz.head(found.url)
    ran = fuzz.run(db, args)
    why = fuzz._unclean(ran, expect)
    if ran.code == 0:
        why.append("accepted")
    if fuzz.head(found.url) != before:
        why.append("wrote to the journal")
    return why


def _parameter_cases(found: values.Federation) -> list[tuple[str, list[str]]]:
    cases = []
    for parameter in values.PARAMETERS:
        if parameter.kind == "path":
            given = [values._bad_file(found.folder, w) for w in values.bad_files(parameter)]
        else:
            given = values.SAMPLES[parameter.kind]
        command = values.COMMANDS[parameter.command]
        for value in given:
            shown = f"{' '.join(parameter.command)} {parameter.option or parameter.name}"
            shown += f"={value[:20]!r}"
            cases.append((shown, values.command_line(command, parameter, value, found)))
    return cases


def _corpus_case(found: values.Federation, case: dict[str, Any]) -> tuple[list[str], str]:
    folder = Path(tempfile.mkdtemp(dir=found.folder))
    files = {n: fuzz._write_file(folder, n, spec) for n, spec in case.get("files", {}).items()}
    args = [fuzz._fill(arg, found, folder, files) for arg in case["args"]]
    return as_administrator(args), fuzz._fill(case.get("db", found.url), found, folder, files)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", help="an empty database (default: a new SQLite file)")
    options = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="soviet-fuzz-"))
    url = options.db
    if url is None:
        (folder / "soviet.db").touch()  # a database, empty, as `--db` names one
        url = f"sqlite:///{folder / 'soviet.db'}"
    found = fuzz.prepare(url, folder)
    counts: Counter[str] = Counter()
    unclean = []
    for shown, args in _parameter_cases(found):
        why = _outcome(found, args, url, None)
        counts["tried"] += 1
        counts["accepted" if "accepted" in why else "unclean" if why else "refused"] += 1
        if why:
            unclean.append(f"{shown}: {', '.join(why)}")
    for case in yaml.safe_load(fuzz.CORPUS.read_text(encoding="utf-8")):
        args, db = _corpus_case(found, case)
        why = _outcome(found, args, db, case.get("expect"))
        counts["tried"] += 1
        counts["accepted" if "accepted" in why else "unclean" if why else "refused"] += 1
        if why:
            unclean.append(f"corpus {case['id']}: {', '.join(why)}")
    print(
        f"{counts['tried']} cases tried, {counts['refused']} refused cleanly, "
        f"{counts['accepted']} accepted, {counts['unclean']} refused without a clean error"
    )
    for line in unclean:
        print(f"  {line}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
