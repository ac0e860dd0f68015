"""The `soviet` command run inside the test's own process, through the real entrypoint
(`soviet.cli.app.main`, what the installed `soviet` script calls), for the many acts that
build a test's world: a `soviet` process costs about half a CPU-second just to start, and
the tests' budget is CPU. It sees what a process would: its argv, an environment without
the caller's SOVIET_* variables and with COLUMNS=200, its own stdout and stderr, and the
exit code main() ends with. Tests about the process itself (exit on a signal, piping,
start-up, stdin) start a real one."""

from __future__ import annotations

import contextlib
import io
import os
import subprocess
import sys
from collections.abc import Iterator

from soviet.cli.app import main


@contextlib.contextmanager
def _as_a_process(argv: list[str], columns: str) -> Iterator[tuple[io.StringIO, io.StringIO]]:
    out, err = io.StringIO(), io.StringIO()
    saved_argv, saved_env = sys.argv, dict(os.environ)
    sys.argv = argv
    for name in [name for name in os.environ if name.startswith("SOVIET_")]:
        del os.environ[name]
    os.environ["COLUMNS"] = columns
    try:
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            yield out, err
    finally:
        sys.argv = saved_argv
        os.environ.clear()
        os.environ.update(saved_env)


def run_soviet(args: list[str], *, columns: str = "200") -> subprocess.CompletedProcess[str]:
    """`soviet ARGS` run in this process; what it printed and its exit code, as
    subprocess.run(capture_output=True, text=True) would return them."""
    code: int | str | None = 0
    with _as_a_process(["soviet", *args], columns) as (out, err):
        try:
            main()
        except SystemExit as exit_:
            code = exit_.code
    returncode = code if isinstance(code, int) else (0 if code is None else 1)
    return subprocess.CompletedProcess(
        ["soviet", *args], returncode, out.getvalue(), err.getvalue()
    )
