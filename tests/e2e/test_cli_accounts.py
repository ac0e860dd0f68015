"""`soviet account` at the command line: the operator creates accounts (the password
never an argument, never printed) and issues tokens, printed once and stored hashed."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
import sqlalchemy as sa

from soviet.domain.identity import SYSTEM
from soviet.services import accounts
from soviet.services.bootstrap import open_database

from .inprocess import run_soviet
from .test_cli_councils import found

PASSWORD = "correct horse battery staple"


def soviet(url: str, *args: str, given: str | None = None) -> subprocess.CompletedProcess[str]:
    """`soviet --db URL ARGS` in this process; a real process when a password is piped to
    its stdin (`create` and `reset` read it there), so that every command reading one is
    run as a process too."""
    if given is None:
        return run_soviet(["--db", url, *args])
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


def test_create_with_the_password_piped(initialised: str) -> None:
    done = soviet(initialised, "account", "create", "maria", given=f"{PASSWORD}\n")
    assert done.returncode == 0, done.stderr
    assert PASSWORD not in done.stdout + done.stderr
    with open_database(initialised) as db:
        assert [a.name for a in accounts.list_accounts(db, actor=SYSTEM)] == ["maria"]
    nothing = soviet(initialised, "account", "create", "olga", given="")
    assert nothing.returncode == 2
    assert nothing.stderr.startswith("error: password: none given")
    stranger = soviet(initialised, "account", "create", "olga", "--as", "maria", given=PASSWORD)
    assert stranger.returncode == 4


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


def test_list_disable_and_reset(initialised: str, tmp_path: Path) -> None:
    secret = tmp_path / "password"
    secret.write_text(PASSWORD, encoding="utf-8")
    for name in ("alexandra", "maria"):
        assert (
            soviet(
                initialised, "account", "create", name, "--password-file", str(secret)
            ).returncode
            == 0
        )
    token = soviet(
        initialised, "account", "token", "maria", "--name", "ci", "--scope", "read"
    ).stdout.strip()
    listed = json.loads(soviet(initialised, "account", "list", "--json").stdout)
    assert [(a["name"], a["disabled_at"]) for a in listed] == [("alexandra", None), ("maria", None)]
    assert "hash" not in str(listed)
    table = soviet(initialised, "account", "list").stdout
    assert "alexandra" in table
    assert "maria" in table
    done = soviet(initialised, "account", "disable", "maria")
    assert done.returncode == 0, done.stderr
    with open_database(initialised) as db:
        assert accounts.authenticate_token(db, token) is None
    listed = json.loads(soviet(initialised, "account", "list", "--json").stdout)
    assert listed[1]["disabled_at"] is not None
    assert soviet(initialised, "account", "disable", "nobody").returncode == 3
    new = "a brand new password"
    done = soviet(initialised, "account", "reset", "alexandra", given=f"{new}\n")
    assert done.returncode == 0, done.stderr
    assert new not in done.stdout + done.stderr
    with open_database(initialised) as db:
        stored = accounts.list_accounts(db, actor=SYSTEM)
    assert [a.name for a in stored] == ["alexandra", "maria"]
    assert new not in stored_text(initialised)
    short = soviet(initialised, "account", "reset", "alexandra", given="tiny\n")
    assert short.returncode == 2


def test_invite_prints_the_mail_merge(db_url: str, tmp_path: Path) -> None:
    found(db_url, tmp_path)
    register = tmp_path / "register.csv"
    register.write_text("key,name,email\np1,Anna Ivanova,anna@example.org\n", encoding="utf-8")
    refused = soviet(db_url, "account", "invite", "putilov", str(register), "--as", "kerensky")
    assert refused.returncode == 4, refused.stderr
    done = soviet(db_url, "account", "invite", "putilov", str(register), "--as", "chkheidze")
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    assert lines[0] == "key,name,account,email,code,expires_at"
    key, name, account, email, code, _expires = lines[1].split(",")
    assert (key, name, account, email) == ("p1", "Anna Ivanova", "putilov.p1", "anna@example.org")
    assert len(code) == 23
    assert code not in stored_text(db_url)
