"""Every command of the CLI, fed bad values, bad files and out-of-range numbers and dates on
both engines: each is refused cleanly (issue 13).

Clean means: a non-zero exit that is neither 1 (an unhandled Click abort) nor 70 (a bug: an
exception no refusal explains), no traceback and no exception class on stderr, one problem a
line naming the field, and the journal's head unchanged. The cases are the corpus of the
issue (tests/fuzz/corpus.yaml) and values drawn by hypothesis for every parameter of every
command, enumerated from the Typer app so that a new command is fuzzed without editing this
file. Commands run in-process through `soviet.cli.app.main`, on a federation prepared once
per engine; the counts (tried, refused cleanly, accepted) are printed at the end.
"""

from __future__ import annotations

import contextlib
import io
import os
import re
import sys
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from soviet.cli.app import main
from soviet.domain.identity import SYSTEM
from soviet.domain.ids import format_id
from soviet.services import journal as journal_service
from soviet.services.bootstrap import Database, open_database
from soviet.services.elections import open_election
from soviet.services.members import MemberSpec, register_members
from soviet.services.motions import MotionSpec, move_motion
from soviet.services.sessions import check_in, convene

from ..conftest import ENGINES, drop_postgres_database, fresh_url
from ..integration.sessions.plenary import SOVIET, found_plenary
from .accounts import ADMINISTRATOR, as_administrator
from .fuzz_values import (
    COMMANDS,
    PARAMETERS,
    Federation,
    _bad_file,
    _bad_value,
    command_line,
)

CORPUS = Path(__file__).resolve().parent.parent / "fuzz" / "corpus.yaml"
#: Where each branch of issue 13 that fixes a case stands; the lead unmarks them on merging.
#: How many values hypothesis draws per engine (the whole file stays under two minutes).
EXAMPLES = int(os.environ.get("SOVIET_FUZZ_EXAMPLES", "250"))
#: An exception's class named on stderr: what a traceback or a bug report would show.
EXCEPTION_NAME = re.compile(r"\b[A-Z][A-Za-z]*(?:Error|Exception|Warning)\b")
#: The longest line a refusal may print (a statute's problems were once one 19.9 KB line).
LONGEST_LINE = 1000


@dataclass(frozen=True)
class Ran:
    """What one command printed and how it exited."""

    code: int
    out: str
    err: str


def run(db_url: str, args: list[str]) -> Ran:
    """Run `soviet --db URL ARGS` in this process, as a user would from a shell."""
    out, err = io.StringIO(), io.StringIO()
    argv = ["soviet", "--db", db_url, *args]
    code: int | str | None = 0
    with (
        contextlib.redirect_stdout(out),
        contextlib.redirect_stderr(err),
        _patched_argv(argv),
    ):
        try:
            main()
        except SystemExit as exit_:
            code = exit_.code
    return Ran(code if isinstance(code, int) else 1, out.getvalue(), err.getvalue())


@contextlib.contextmanager
def _patched_argv(argv: list[str]) -> Iterator[None]:
    saved, sys.argv = sys.argv, argv
    try:
        yield
    finally:
        sys.argv = saved


#: The databases the checks read the journal's head from, opened once per engine (the
#: commands open their own, as from a shell).
_OPENED: dict[str, Database] = {}


def head(url: str) -> tuple[int, str]:
    """The journal's head: the last entry's number and hash."""
    db = _OPENED.get(url)
    if db is None:
        db = _OPENED[url] = open_database(url)
    last = journal_service.tail(db, 1, actor=SYSTEM)
    return (last[-1].seq, last[-1].hash) if last else (0, "")


def prepare(url: str, folder: Path) -> Federation:
    """The plenary federation of the tests (tests/integration/sessions), three members of
    Putilov, an open session with everyone in, a motion moved and an open election."""
    march = datetime(1917, 3, 8, tzinfo=UTC)
    with open_database(url) as db:
        found_plenary(db)
        members = [MemberSpec(f"k{n}", f"Member {n}", account=f"k{n}") for n in (1, 2, 3)]
        register_members(db, "putilov", members, registered_at=march, actor=SYSTEM)
        session = convene(db, "petrograd-soviet", ["Peace"], convened_at=march, actor=SYSTEM)
        check_in(db, session, SOVIET, at=march, actor=SYSTEM)
        spec = MotionSpec("peace", "Peace", "A peace.", mover_kind="delegate", mover="b1")
        move_motion(db, "petrograd-soviet", session, spec, moved_at=march, actor=SYSTEM)
        election = open_election(
            db, "putilov-committee", mode="ballots", opened_at=march, actor=SYSTEM
        )
    return Federation(url, folder, session, election, Counter())


@pytest.fixture(scope="module", params=ENGINES)
def federation(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Federation]:
    """The federation every case runs against, prepared once per engine."""
    folder = tmp_path_factory.mktemp(f"fuzz-{request.param}")
    url = fresh_url(request.param, folder)
    found = prepare(url, folder)
    with pytest.MonkeyPatch.context() as patch:
        for name in [n for n in os.environ if n.startswith("SOVIET_") and "FUZZ" not in n]:
            patch.delenv(name)  # the commands read SOVIET_DB, SOVIET_ACCOUNT, ...
        yield found
    counts = found.counts
    line = (
        f"\nfuzz on {request.param}: {counts['tried']} cases tried, {counts['refused']} "
        f"refused cleanly, {counts['accepted']} accepted, {counts['unclean']} refused "
        "without a clean error"
    )
    capture = request.config.pluginmanager.get_plugin("capturemanager")
    with capture.global_and_fixture_disabled() if capture else contextlib.nullcontext():
        print(line)  # the counts issue 13's closing note gives
    opened = _OPENED.pop(url, None)
    if opened is not None:
        opened.dispose()
    if request.param == "postgresql":
        drop_postgres_database(url)


# The refusal itself.


def check_refused(found: Federation, args: list[str], *, expect: str | None, db: str) -> Ran:
    """Run `args` and assert that it was refused cleanly and wrote nothing."""
    before = head(found.url)
    ran = run(db, args)
    found.counts["tried"] += 1
    if ran.code == 0:
        found.counts["accepted"] += 1
    problems = _unclean(ran, expect)
    found.counts["refused" if ran.code != 0 and not problems else "unclean"] += ran.code != 0
    assert ran.code != 0, f"accepted: soviet {_shown(args)}\n{ran.out[-2000:]}"
    assert not problems, f"soviet {_shown(args)} (exit {ran.code}): {problems}\n{ran.err[-3000:]}"
    assert head(found.url) == before, f"soviet {_shown(args)} wrote to the journal"
    return ran


def _unclean(ran: Ran, expect: str | None) -> list[str]:
    """Why a refusal is not clean (nothing when it is)."""
    problems = []
    if ran.code in (1, 70):
        problems.append(f"exit {ran.code}")
    if "Traceback" in ran.err or EXCEPTION_NAME.search(ran.err):
        problems.append("a traceback or an exception's name on stderr")
    lines = ran.err.splitlines()
    if not any(line.lower().startswith("error") or "Error:" in line for line in lines):
        problems.append("no error line")
    if any(len(line) > LONGEST_LINE for line in lines):
        problems.append(f"a line longer than {LONGEST_LINE} characters")
    if expect is not None and expect.lower() not in ran.err.lower():
        problems.append(f"the field {expect!r} is not named")
    return problems


def _shown(args: list[str]) -> str:
    return " ".join(repr(a) if len(a) < 80 else f"{a[:60]!r}…({len(a)})" for a in args)


# The corpus of the issue.


def _corpus() -> list[Any]:
    cases = yaml.safe_load(CORPUS.read_text(encoding="utf-8"))
    return [pytest.param(case, id=case["id"]) for case in cases]


def _write_file(folder: Path, name: str, spec: dict[str, Any]) -> Path:
    path = folder / name
    if "text" in spec:
        path.write_bytes(spec["text"].encode("utf-8", "surrogateescape"))
    elif "latin1" in spec:
        path.write_bytes(spec["latin1"].encode("latin-1"))
    elif "hex" in spec:
        path.write_bytes(bytes.fromhex(spec["hex"]))
    else:
        depth = spec["nested"]
        path.write_text("[" * depth + "]" * depth + "\n", encoding="utf-8")
    return path


def _fill(text: str, found: Federation, folder: Path, files: dict[str, Path]) -> str:
    def one(match: re.Match[str]) -> str:
        kind, _, rest = match.group(1).partition(":")
        if kind == "file":
            return str(files[rest])
        if kind == "repeat":
            what, _, times = rest.rpartition(":")
            return what * int(times)
        if kind == "folder":
            return str(folder)
        return format_id({"session": found.session, "election": found.election}[kind])

    return re.sub(r"\{((?:file|repeat):[^}]+|session|election|folder)\}", one, text)


@pytest.mark.parametrize("case", _corpus())
def test_every_case_of_the_issue_is_refused_cleanly(
    federation: Federation, case: dict[str, Any], tmp_path: Path
) -> None:
    files = {
        name: _write_file(tmp_path, name, spec) for name, spec in case.get("files", {}).items()
    }
    args = [_fill(arg, federation, tmp_path, files) for arg in case["args"]]
    db = _fill(case.get("db", federation.url), federation, tmp_path, files)
    check_refused(federation, as_administrator(args), expect=case.get("expect"), db=db)
    if "absent" in case:
        assert not (tmp_path / case["absent"]).exists(), f"{case['absent']} was created"


# Every parameter of every command, with values drawn by hypothesis.


@settings(
    max_examples=EXAMPLES,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(data=st.data())
def test_every_parameter_of_every_command_refuses_bad_values(
    federation: Federation, tmp_path_factory: pytest.TempPathFactory, data: st.DataObject
) -> None:
    fuzzed = data.draw(st.sampled_from(PARAMETERS), label="parameter")
    value = data.draw(_bad_value(fuzzed), label="value")
    if fuzzed.kind == "path":
        value = _bad_file(federation.folder, value)
    args = command_line(COMMANDS[fuzzed.command], fuzzed, value, federation)
    check_refused(federation, args, expect=None, db=federation.url)


def test_every_command_has_a_fuzzed_parameter_or_none_to_fuzz() -> None:
    fuzzed = {parameter.command for parameter in PARAMETERS}
    without = [" ".join(path) for path in COMMANDS if path not in fuzzed]
    # A command whose every parameter is a flag (or the database) takes no bad value.
    assert without == [], f"commands with no parameter to fuzz: {without}"
    assert ADMINISTRATOR == "chkheidze"
