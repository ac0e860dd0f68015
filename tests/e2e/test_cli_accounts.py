"""`soviet account` at the command line: the operator creates accounts (the password
never an argument, never printed) and issues tokens, printed once and stored hashed."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
import sqlalchemy as sa

from soviet.services import accounts
from soviet.services.bootstrap import open_database

PASSWORD = "correct horse battery staple"


def soviet(url: str, *args: str, given: str | None = None) -> subprocess.CompletedProcess[str]:
    environment = {k: v for k, v in os.environ.items() if not k.startswith("SOVIET_")}
    return subprocess.run(
        [sys.executable, "-m", "soviet", "--db", url, *args],
        capture_output=True,
        text=True,
        env=environment,
        input=given,
        timeout=120,
    )


@pytest.fixture
def initialised(db_url: str) -> str:
    done = soviet(db_url, "init")
    assert done.returncode == 0, done.stderr
    return db_url


def stored_text(url: str) -> str:
    """Everything the doors' tables and the journal hold, as text."""
    with open_database(url) as db, db.engine.connect() as connection:
        rows = []
        for table in ("accounts", "account_tokens", "journal"):
            rows += [
                repr(tuple(row)) for row in connection.execute(sa.text(f"SELECT * FROM {table}"))
            ]
    return "\n".join(rows)


def test_create_from_a_file_and_issue_a_token(initialised: str, tmp_path: Path) -> None:
    secret = tmp_path / "password"
    secret.write_text(PASSWORD + "\n", encoding="utf-8")
    done = soviet(initialised, "account", "create", "alexandra", "--password-file", str(secret))
    assert done.returncode == 0, done.stderr
    assert done.stdout == "account 'alexandra' created\n"
    done = soviet(
        initialised,
        "account",
        "token",
        "alexandra",
        "--name",
        "ci",
        "--scope",
        "read",
        "--scope",
        "act",
        "--expires",
        "30",
    )
    assert done.returncode == 0, done.stderr
    token = done.stdout.strip()
    assert token.startswith(accounts.TOKEN_PREFIX)
    assert len(token) > 40
    with open_database(initialised) as db:
        found = accounts.authenticate_token(db, token)
    assert found is not None
    assert found.account == "alexandra"
    assert found.scopes == frozenset({"read", "act"})
    stored = stored_text(initialised)
    assert PASSWORD not in stored
    assert token not in stored
    assert accounts.secret_hash(token) in stored


def test_create_at_a_prompt_asks_twice(initialised: str) -> None:
    done = soviet(initialised, "account", "create", "maria", given=f"{PASSWORD}\n{PASSWORD}\n")
    assert done.returncode == 0, done.stderr
    assert PASSWORD not in done.stdout + done.stderr
    mismatch = soviet(initialised, "account", "create", "olga", given=f"{PASSWORD}\nother\n")
    assert mismatch.returncode != 0


def test_bad_input_is_refused_naming_the_field(initialised: str, tmp_path: Path) -> None:
    short = tmp_path / "short"
    short.write_text("tiny\n", encoding="utf-8")
    done = soviet(initialised, "account", "create", "alexandra", "--password-file", str(short))
    assert done.returncode == 2
    assert done.stderr.startswith("error: password: must be at least 12 characters")
    assert "tiny" not in done.stderr
    missing = soviet(
        initialised, "account", "create", "alexandra", "--password-file", str(tmp_path / "nope")
    )
    assert missing.returncode == 2
    assert "--password-file" in missing.stderr
    for name in ("system", "public", "no spaces"):
        done = soviet(initialised, "account", "create", name, "--password-file", str(short))
        assert done.returncode == 2, done.stderr
        assert done.stderr.startswith("error: account:")
    unknown = soviet(initialised, "account", "token", "nobody", "--name", "x", "--scope", "read")
    assert unknown.returncode == 3, unknown.stderr
    good = tmp_path / "good"
    good.write_text(PASSWORD, encoding="utf-8")
    assert (
        soviet(
            initialised, "account", "create", "alexandra", "--password-file", str(good)
        ).returncode
        == 0
    )
    again = soviet(initialised, "account", "create", "alexandra", "--password-file", str(good))
    assert again.returncode == 5
    assert "exists already" in again.stderr
    scope = soviet(initialised, "account", "token", "alexandra", "--name", "x", "--scope", "write")
    assert scope.returncode == 2
    assert scope.stderr.startswith("error: scopes: unknown scope")
    days = soviet(
        initialised,
        "account",
        "token",
        "alexandra",
        "--name",
        "x",
        "--scope",
        "read",
        "--expires",
        "0",
    )
    assert days.returncode == 2
    assert "--expires" in days.stderr


def test_every_command_has_help(initialised: str) -> None:
    for command in ((), ("create",), ("token",)):
        done = soviet(initialised, "account", *command, "--help")
        assert done.returncode == 0
        assert len(done.stdout.strip().splitlines()) > 3
