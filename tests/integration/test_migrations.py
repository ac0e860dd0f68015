"""The migrations build exactly the schema the code declares, on both engines."""

from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext

from soviet.services import journal as journal_service
from soviet.services.bootstrap import open_database
from soviet.store.schema import metadata


def test_migrated_database_matches_the_declared_schema(db_url: str) -> None:
    with open_database(db_url) as db:
        journal_service.initialise(db)
        with db.read() as connection:
            context = MigrationContext.configure(connection)
            assert compare_metadata(context, metadata) == []
