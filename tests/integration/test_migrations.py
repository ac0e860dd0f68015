"""The migrations build exactly the schema the code declares, on both engines."""

from __future__ import annotations

import warnings

import pytest
import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from alembic.util import CommandError

from soviet.domain.identity import SYSTEM
from soviet.services import journal as journal_service
from soviet.services.bootstrap import open_database
from soviet.store import migrate
from soviet.store.councils import held_at
from soviet.store.schema import mandates, metadata


def test_migrated_database_matches_the_declared_schema(db_url: str) -> None:
    with open_database(db_url) as db:
        journal_service.initialise(db, actor=SYSTEM)
        with db.read() as connection, warnings.catch_warnings():
            # SQLite's reflection skips indexes on expressions; the one there is checked below.
            warnings.filterwarnings(
                "ignore", "Skipped unsupported reflection of expression-based index"
            )
            warnings.filterwarnings("ignore", "autogenerate skipping .* expression-based index")
            context = MigrationContext.configure(connection)
            assert compare_metadata(context, metadata) == []


def test_mandates_held_at_a_time_are_found_through_their_index(db_url: str) -> None:
    # The expression index must be the one the queries use: its expression as they write it.
    with open_database(db_url) as db:
        journal_service.initialise(db, actor=SYSTEM)
        with db.read() as connection:
            if connection.dialect.name == "sqlite":
                definition = connection.execute(
                    sa.text("SELECT sql FROM sqlite_master WHERE name = 'ix_mandates_council_held'")
                ).scalar_one()
                explain = "EXPLAIN QUERY PLAN "
            else:
                definition = connection.execute(
                    sa.text(
                        "SELECT indexdef FROM pg_indexes "
                        "WHERE indexname = 'ix_mandates_council_held'"
                    )
                ).scalar_one()
                connection.execute(sa.text("SET LOCAL enable_seqscan = off"))  # an empty table
                explain = "EXPLAIN "
            query = sa.select(mandates.c.id).where(mandates.c.council_id == 1, held_at("2026"))
            plan = connection.execute(
                sa.text(
                    explain + str(query.compile(connection, compile_kwargs={"literal_binds": True}))
                )
            ).all()
            assert any("ix_mandates_council_held" in str(row) for row in plan), plan
    assert "council_id" in definition
    assert "coalesce(until, '9999-12-31t23:59:59.999999z'" in definition.lower()


def test_the_newest_revision_read_from_the_files_is_alembics() -> None:
    scripts = ScriptDirectory.from_config(migrate._config())
    assert migrate.head_revision() == scripts.get_current_head()


def test_the_revision_read_from_the_database_is_alembics(db_url: str) -> None:
    with open_database(db_url) as db:
        with db.read() as connection:
            assert migrate.current_revision(connection) is None
            assert MigrationContext.configure(connection).get_current_revision() is None
        journal_service.initialise(db, actor=SYSTEM)
        with db.read() as connection:
            alembic_says = MigrationContext.configure(connection).get_current_revision()
            assert migrate.current_revision(connection) == alembic_says == migrate.head_revision()


def test_a_database_with_two_revisions_is_refused_as_alembic_refuses_it(db_url: str) -> None:
    with open_database(db_url) as db:
        journal_service.initialise(db, actor=SYSTEM)

        def second_head(connection: sa.Connection) -> None:
            connection.execute(sa.text("INSERT INTO alembic_version VALUES ('0001')"))
            with pytest.raises(CommandError, match="more than one head"):
                migrate.current_revision(connection)

        db.write(second_head)
