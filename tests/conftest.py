"""Shared fixtures: a fresh database on each engine.

PostgreSQL tests need a server: set SOVIET_TEST_POSTGRES_URL to a URL whose user may
create databases (`.ci/run` starts one). Without it they skip with that reason, except
under CI (CI=true), where a missing server is a failure: CI must run them.
"""

from __future__ import annotations

import fcntl
import json
import os
import shutil
import subprocess
import sys
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import psycopg
import pytest
import sqlalchemy as sa
from hypothesis import settings
from sqlalchemy.engine import make_url

#: Hypothesis's profile for every run, CI's included: no deadline, since a test's time on a
#: shared 2-core machine says nothing about the code (speed is measured in bench/). Example
#: counts stay each test's own (its @settings) or Hypothesis's default; HYPOTHESIS_PROFILE
#: names another registered profile.
settings.register_profile("ci", deadline=None)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))

POSTGRES_ENV = "SOVIET_TEST_POSTGRES_URL"
ENGINES = ["sqlite", "postgresql"]


def _server_url(variable: str, reason: str) -> str:
    """The URL in `variable`, or skip (fail under CI, which must run these tests)."""
    url = os.environ.get(variable)
    if url:
        return url
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail(f"CI must run these tests, but {reason}")
    pytest.skip(reason)


def postgres_admin_url() -> str:
    """The test server's URL, or skip (fail under CI) when there is none."""
    return _server_url(
        POSTGRES_ENV, f"PostgreSQL tests need {POSTGRES_ENV} (a server URL; .ci/run starts one)"
    )


REPLICA_ENV = "SOVIET_TEST_REPLICA_URL"


def postgres_replica_url() -> str:
    """The URL of a streaming replica of the test server (`scripts/start-postgres-replica`),
    or skip (fail under CI) when there is none."""
    return _server_url(
        REPLICA_ENV,
        f"replica tests need {REPLICA_ENV} (a replica of {POSTGRES_ENV}; .ci/run starts one)",
    )


def _libpq(url: str) -> str:
    return make_url(url).set(drivername="postgresql").render_as_string(hide_password=False)


def _copied_as_files(connection: psycopg.Connection[Any]) -> str:
    """The clause that makes CREATE DATABASE copy its template's files (PostgreSQL 15 and
    later) rather than write every block of it to the WAL (4.3 MB for an empty database),
    which the replica of the tests' server would then replay: a test run makes thousands."""
    return " STRATEGY = FILE_COPY" if connection.info.server_version >= 150000 else ""


def create_postgres_database() -> str:
    """Create an empty database on the test server and return its URL."""
    admin = postgres_admin_url()
    name = f"soviet_test_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(_libpq(admin), autocommit=True) as connection:
        connection.execute(f'CREATE DATABASE "{name}"{_copied_as_files(connection)}')
    return _libpq(make_url(admin).set(database=name).render_as_string(hide_password=False))


def drop_postgres_database(url: str) -> None:
    """Drop a database made by create_postgres_database."""
    name = make_url(url).database
    with psycopg.connect(_libpq(postgres_admin_url()), autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def fresh_url(engine: str, folder: Path) -> str:
    """A URL of an empty database on `engine` (a new empty file or a new PostgreSQL
    database): it exists, as a database made by an operator would, but holds nothing."""
    if engine == "sqlite":
        path = folder / "soviet.db"
        folder.mkdir(parents=True, exist_ok=True)
        path.touch()
        return f"sqlite:///{path}"
    return create_postgres_database()


#: What a forger holding the database runs first: the journal's append-only triggers dropped
#: (migration 0014), so that its rows can be edited and removed again.
UNLOCK_JOURNAL = {
    "sqlite": [
        "DROP TRIGGER IF EXISTS journal_no_update",
        "DROP TRIGGER IF EXISTS journal_no_delete",
    ],
    "postgresql": [
        "DROP TRIGGER IF EXISTS journal_append_only ON journal",
        "DROP TRIGGER IF EXISTS journal_no_truncate ON journal",
        "DROP FUNCTION IF EXISTS journal_refuse_change()",
    ],
}


def unlock_journal(connection: sa.Connection) -> None:
    """Drop the journal's append-only triggers, as whoever holds the database can."""
    for statement in UNLOCK_JOURNAL[connection.dialect.name]:
        connection.execute(sa.text(statement))


@pytest.fixture(autouse=True, scope="session")
def _own_state_folder(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    """This run's state folder (where `verify` remembers heads, its witness files): a
    database path pytest hands out again on a later day must not meet the witness an
    earlier run left for it. Processes the tests start inherit it."""
    saved = os.environ.get("XDG_STATE_HOME")
    os.environ["XDG_STATE_HOME"] = str(tmp_path_factory.mktemp("state"))
    yield
    if saved is None:
        os.environ.pop("XDG_STATE_HOME", None)
    else:
        os.environ["XDG_STATE_HOME"] = saved


class InitialisedTemplates:
    """One initialised database per engine, made once per test run, whose copies stand in
    for a fresh database initialised again: a PostgreSQL copy is `CREATE DATABASE … TEMPLATE`
    (its migrated schema and first journal entry copied, not migrated again: 0.1 s, not
    0.9 s), a SQLite one a copy of the file."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.made: dict[str, str] = {}

    def _template(self, engine: str) -> str:
        if engine not in self.made:
            # Imported here: tests/conftest.py is read before any test module.
            from soviet.domain.identity import SYSTEM
            from soviet.services import journal as journal_service
            from soviet.services.bootstrap import open_database

            url = fresh_url(engine, self.folder / engine)
            with open_database(url) as db:
                journal_service.initialise(db, actor=SYSTEM)
            self.made[engine] = url
        return self.made[engine]

    def initialise(self, url: str) -> None:
        """Make the empty database at `url` (made by fresh_url) an initialised one."""
        target = make_url(url)
        if target.get_backend_name() == "sqlite":
            assert target.database is not None
            template = make_url(self._template("sqlite")).database
            assert template is not None
            shutil.copyfile(template, target.database)
            return
        template_name = make_url(self._template("postgresql")).database
        with psycopg.connect(_libpq(postgres_admin_url()), autocommit=True) as connection:
            connection.execute(f'DROP DATABASE "{target.database}"')
            connection.execute(
                f'CREATE DATABASE "{target.database}" TEMPLATE "{template_name}"'
                f"{_copied_as_files(connection)}"
            )

    def drop(self) -> None:
        if "postgresql" in self.made:
            drop_postgres_database(self.made["postgresql"])


@pytest.fixture(scope="session")
def initialised_templates(
    tmp_path_factory: pytest.TempPathFactory,
) -> Iterator[InitialisedTemplates]:
    """This run's initialised databases to copy (see InitialisedTemplates)."""
    templates = InitialisedTemplates(tmp_path_factory.mktemp("templates"))
    yield templates
    templates.drop()


@pytest.fixture(params=ENGINES)
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """An empty database, once on SQLite and once on PostgreSQL."""
    url = fresh_url(request.param, tmp_path)
    yield url
    if request.param == "postgresql":
        drop_postgres_database(url)


#: The file `soviet demo --json` replayed into, in the folder of replayed_demo, and what
#: it printed.
DEMO_DATABASE = "demo.db"
DEMO_PRINTED = "demo.json"


@pytest.fixture(scope="session")
def replayed_demo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A folder holding the Petrograd 1917 scenario replayed by `soviet demo --json` into a
    fresh SQLite file (DEMO_DATABASE), and what it printed (DEMO_PRINTED). A replay costs
    about 7 CPU-seconds, so it is made once per test run, shared by the processes of a run
    spread by pytest-xdist (the first to ask makes it, holding a lock the others wait on),
    and the modules that start from it copy it (demo_copy)."""
    basetemp = tmp_path_factory.getbasetemp()
    shared = basetemp.parent if "PYTEST_XDIST_WORKER" in os.environ else basetemp
    folder = shared / "replayed-demo"
    with (shared / "replayed-demo.lock").open("a") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not (folder / DEMO_PRINTED).is_file():
            shutil.rmtree(folder, ignore_errors=True)
            folder.mkdir()
            environment = {k: v for k, v in os.environ.items() if not k.startswith("SOVIET_")}
            database = f"sqlite:///{folder / DEMO_DATABASE}"
            done = subprocess.run(
                [sys.executable, "-m", "soviet", "--db", database, "demo", "--json"],
                capture_output=True,
                text=True,
                env=environment,
                timeout=900,
            )
            assert done.returncode == 0, done.stderr
            (folder / DEMO_PRINTED).write_text(done.stdout, encoding="utf-8")
    return folder


def demo_copy(replayed: Path, folder: Path) -> tuple[str, dict[str, Any]]:
    """A copy of the replayed demo in `folder` (made by tmp_path_factory, empty): its
    database's URL, and what `soviet demo --json` printed when it replayed it."""
    shutil.copytree(replayed, folder, dirs_exist_ok=True)
    printed = json.loads((folder / DEMO_PRINTED).read_text(encoding="utf-8"))
    return f"sqlite:///{folder / DEMO_DATABASE}", printed
