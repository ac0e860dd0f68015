"""The `soviet` command through its real entrypoint: init, verify, journal tail, errors, help."""

from __future__ import annotations

import json
import os
import re
import shutil
import sqlite3
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from soviet import __version__
from soviet.cli.app import command_tree
from soviet.store.migrate import head_revision

from ..conftest import UNLOCK_JOURNAL
from .inprocess import run_soviet
from .test_cli_councils import STATUTE

HEAD = re.compile(r"^OK: (\d+) entries, head ([0-9a-f]{64})$")


def soviet(
    *args: str, env: dict[str, str] | None = None, prefix: tuple[str, ...] = ()
) -> subprocess.CompletedProcess[str]:
    """Run `python -m soviet ARGS` as a user would, with COLUMNS wide enough for one line."""
    environment = {k: v for k, v in os.environ.items() if k != "SOVIET_DB"}
    environment.update({"COLUMNS": "200", **(env or {})})
    return subprocess.run(
        [*prefix, sys.executable, "-m", "soviet", *args],
        capture_output=True,
        text=True,
        env=environment,
        timeout=120,
    )


def assert_one_line_error(done: subprocess.CompletedProcess[str], code: int, text: str) -> None:
    assert done.returncode == code, done.stderr
    assert "Traceback" not in done.stderr
    assert done.stderr.count("\n") == 1, done.stderr
    assert done.stderr == f"error: {text}\n"


def test_version() -> None:
    done = soviet("--version")
    assert (done.returncode, done.stdout) == (0, f"soviet {__version__}\n")


def test_init_then_verify_prints_ok_and_init_again_changes_nothing(
    db_url: str, tmp_path: Path
) -> None:
    first = soviet("--db", db_url, "init")
    assert first.returncode == 0, first.stderr
    assert first.stdout.startswith("Initialised ")
    again = soviet("--db", db_url, "init")
    assert again.returncode == 0, again.stderr
    assert again.stdout.endswith(
        f"is already at schema revision {head_revision()}; nothing changed\n"
    )
    verified = soviet("--db", db_url, "verify", "--witness", str(tmp_path / "w.json"))
    assert verified.returncode == 0, verified.stderr
    match = HEAD.match(verified.stdout.strip())
    assert match is not None, verified.stdout
    assert match.group(1) == "1"
    tail = soviet("--db", db_url, "journal", "tail", "-n", "5", "--json")
    entries = json.loads(tail.stdout)
    assert [e["kind"] for e in entries] == ["DatabaseInitialised"]
    assert entries[0]["hash"] == match.group(2)


def test_verify_names_the_first_bad_entry_and_fails(tmp_path: Path) -> None:
    path = tmp_path / "s.db"
    url = f"sqlite:///{path}"
    assert soviet("--db", url, "init").returncode == 0
    with sqlite3.connect(path) as connection:
        for statement in UNLOCK_JOURNAL["sqlite"]:  # as whoever holds the file can
            connection.execute(statement)
        connection.execute("UPDATE journal SET actor = 'someone else' WHERE seq = 1")
    done = soviet("--db", url, "verify", "--no-witness")
    assert done.returncode == 8
    assert done.stdout == ""
    assert done.stderr.startswith(
        f"error: journal of {path} is broken at entry 1: hash mismatch: stored "
    )
    assert done.stderr.endswith("(edited) (0 entries before it are intact)\n")


def test_a_signed_head_is_checked_by_verify_and_its_key_never_printed(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 's.db'}"
    key = tmp_path / "signing.key"
    assert soviet("--db", url, "init").returncode == 0
    made = soviet("journal", "keygen", "--key", str(key))
    assert made.returncode == 0, made.stderr
    public = made.stdout.split("public key (publish it): ")[1].split()[0]
    signed = soviet("--db", url, "journal", "sign", env={"SOVIET_SIGNING_KEY": str(key)})
    assert signed.returncode == 0, signed.stderr
    head = json.loads(signed.stdout)
    assert head["seq"] == 1
    assert head["public_key"] == public
    seed = key.read_text().splitlines()[1]
    assert seed not in made.stdout + signed.stdout + signed.stderr
    published = tmp_path / "head.json"
    published.write_text(signed.stdout)
    checked = soviet(
        "--db", url, "verify", "--no-witness", "--head", str(published), "--public-key", public
    )
    assert checked.returncode == 0, checked.stderr
    assert checked.stdout.endswith("; 1 signed heads match\n")
    alone = soviet("--db", url, "verify", "--no-witness", "--head", str(published))
    assert_one_line_error(
        alone, 2, "--public-key: needed to check a signed --head (whose key signed it?)"
    )
    keyless = soviet("--db", url, "verify", "--no-witness", "--public-key", public)
    assert_one_line_error(keyless, 2, "--public-key: given without a --head to check with it")


def test_the_database_comes_from_soviet_db_or_the_user_data_folder(tmp_path: Path) -> None:
    from_env = soviet("init", env={"SOVIET_DB": f"sqlite:///{tmp_path / 'env.db'}"})
    assert from_env.returncode == 0, from_env.stderr
    assert (tmp_path / "env.db").exists()
    default = soviet("init", env={"XDG_DATA_HOME": str(tmp_path / "data")})
    assert default.returncode == 0, default.stderr
    assert (tmp_path / "data" / "soviet" / "soviet.db").exists()


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("foo", "database URL: 'foo' is not one; use sqlite:///PATH or postgresql://..."),
        (
            "mysql://localhost/x",
            "database URL: unsupported database 'mysql' in 'mysql://localhost/x'; "
            "use sqlite:///PATH or postgresql://...",
        ),
        (
            "sqlite://",
            "database URL: 'sqlite://' names no file; soviet keeps its journal in a file: sqlite:///PATH",
        ),
        (" ", "database URL: empty; use sqlite:///PATH or postgresql://..."),
    ],
)
def test_a_bad_db_value_gets_one_line(value: str, message: str) -> None:
    assert_one_line_error(soviet("--db", value, "verify"), 2, message)


def test_an_unreachable_postgresql_gets_one_line() -> None:
    done = soviet("--db", "postgresql://soviet@127.0.0.1:1/nowhere", "init")
    assert done.returncode == 7
    assert "Traceback" not in done.stderr
    assert done.stderr.count("\n") == 1
    assert done.stderr.startswith(
        "error: database postgresql://soviet@127.0.0.1:1/nowhere: connection failed: "
    )


def _without_override() -> tuple[str, ...]:
    """A prefix that makes root obey file permissions, as every other user does."""
    if os.geteuid() != 0:
        return ()
    setpriv = shutil.which("setpriv")
    drop = "--bounding-set=-dac_override,-dac_read_search"
    if setpriv is None or subprocess.run([setpriv, drop, "true"]).returncode != 0:
        pytest.skip("running as root without setpriv able to drop CAP_DAC_OVERRIDE")
    return (setpriv, drop)


def test_a_read_only_file_gets_one_line_and_stays_unchanged(tmp_path: Path) -> None:
    path = tmp_path / "readonly.db"
    path.write_bytes(b"")
    path.chmod(0o444)
    done = soviet("--db", f"sqlite:///{path}", "init", prefix=_without_override())
    assert_one_line_error(done, 7, f"database {path}: attempt to write a readonly database")
    assert path.read_bytes() == b""


def test_a_folder_that_cannot_be_made_gets_one_line(tmp_path: Path) -> None:
    locked = tmp_path / "locked"
    locked.mkdir(mode=0o555)
    done = soviet(
        "--db", f"sqlite:///{locked / 'sub' / 'x.db'}", "init", prefix=_without_override()
    )
    assert_one_line_error(
        done,
        7,
        f"database {locked / 'sub' / 'x.db'}: cannot create folder: [Errno 13] Permission "
        f"denied: '{locked / 'sub'}'",
    )


def _walk(command: Any, path: list[str]) -> Iterator[tuple[list[str], Any]]:
    yield path, command
    for name, sub in getattr(command, "commands", {}).items():
        yield from _walk(sub, [*path, name])


def test_every_command_and_option_has_help() -> None:
    root = command_tree()
    walked = list(_walk(root, []))
    names = {" ".join(path) for path, _ in walked}
    assert {"init", "verify", "journal", "journal tail", "demo"} <= names
    assert {
        "constituency admit",
        "constituency import",
        "constituency count",
        "members import",
        "person add",
        "person import",
        "party register",
        "party join",
        "party list",
        "election open",
        "election count",
        "election close",
        "election ballot",
        "recall sign",
        "recall withdraw",
        "recall enter-paper",
        "recall vote",
        "recall close",
        "party leave",
        "party decline",
        "delegate replace",
        "delegate resign",
        "council show",
        "council convene",
        "council designate",
        "council co-opt",
        "drift",
        "tree",
    } <= names
    for path, command in walked:
        assert (command.help or "").strip(), f"'soviet {' '.join(path)}' has no help"
        for parameter in command.params:
            if parameter.param_type_name == "option":
                assert getattr(parameter, "help", None), (
                    f"option {parameter.opts} of 'soviet {' '.join(path)}' has no help"
                )
        shown = run_soviet([*path, "--help"])
        assert shown.returncode == 0, (path, shown.stderr)
        assert "Usage:" in shown.stdout


def test_journal_tail_shortens_long_payloads_but_json_keeps_them(tmp_path: Path) -> None:
    from datetime import UTC, datetime

    from soviet.services.bootstrap import open_database
    from soviet.store import journal

    url = f"sqlite:///{tmp_path / 't.db'}"
    assert soviet("--db", url, "init").returncode == 0
    with open_database(url) as db:
        db.write(
            lambda c: journal.append(
                c, at=datetime.now(UTC), actor="a", kind="NoteRecorded", payload={"x": "y" * 5000}
            )
        )
    shown = soviet("--db", url, "journal", "tail", "-n", "1")
    assert shown.stdout.endswith("… (5,008 characters; --json has all)\n")
    whole = json.loads(soviet("--db", url, "journal", "tail", "-n", "1", "--json").stdout)
    assert whole[0]["payload"] == {"x": "y" * 5000}


@pytest.mark.parametrize(
    "command", [("council", "show", "petrograd"), ("journal", "tail"), ("apply", "x.yaml")]
)
def test_a_mistyped_db_path_creates_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, command: tuple[str, ...]
) -> None:
    monkeypatch.chdir(tmp_path)
    Path("x.yaml").write_text(STATUTE, encoding="utf-8")
    path = tmp_path / "mistyped" / "folder" / "soviet.db"
    done = soviet("--db", f"sqlite:///{path}", *command)
    assert_one_line_error(
        done,
        7,
        f"database {path}: no such file; `soviet init` creates it (check --db or SOVIET_DB)",
    )
    assert not (tmp_path / "mistyped").exists()


@pytest.mark.parametrize("content", [b"hello, not a database\n", bytes(range(256)) * 40])
@pytest.mark.parametrize("command", [("init",), ("verify",), ("journal", "tail")])
def test_a_db_file_that_is_not_a_database_gets_one_line(
    tmp_path: Path, content: bytes, command: tuple[str, ...]
) -> None:
    path = tmp_path / "other.db"
    path.write_bytes(content)
    done = soviet("--db", f"sqlite:///{path}", *command)
    assert_one_line_error(done, 7, f"database {path}: file is not a database")
    assert path.read_bytes() == content
