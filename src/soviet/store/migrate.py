"""Applying the Alembic migrations shipped with the package.

Every command checks that its database is at the newest revision; that check reads the
revision lines of the migration files and the `alembic_version` table directly, so that a
read does not import Alembic (a fifth of a command line's start, issue 18). Upgrading goes
through Alembic.
"""

from __future__ import annotations

import functools
import re
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import inspect, text
from sqlalchemy.engine import Connection

if TYPE_CHECKING:
    from alembic.config import Config

_SCRIPTS = Path(__file__).with_name("migrations")
#: The table where Alembic keeps a database's revision.
VERSION_TABLE = "alembic_version"
_REVISION = re.compile(r"^revision(?:: *str)? *= *['\"]([^'\"]+)['\"]", re.MULTILINE)
_DOWN = re.compile(r"^down_revision(?:: *[^=]+)? *= *(None|['\"]([^'\"]+)['\"])", re.MULTILINE)


def _config(connection: Connection | None = None) -> Config:
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(_SCRIPTS))
    if connection is not None:
        config.attributes["connection"] = connection
    return config


@functools.cache
def head_revision() -> str:
    """The newest revision the package knows: the one no migration file names as its
    `down_revision` (Alembic's own answer when the files are not one plain chain)."""
    revisions: set[str] = set()
    downs: set[str] = set()
    for path in (_SCRIPTS / "versions").glob("*.py"):
        source = path.read_text(encoding="utf-8")
        revision, down = _REVISION.search(source), _DOWN.search(source)
        if revision is None or down is None:
            return _alembic_head()
        revisions.add(revision.group(1))
        if down.group(2) is not None:
            downs.add(down.group(2))
    heads = revisions - downs
    return heads.pop() if len(heads) == 1 else _alembic_head()


def _alembic_head() -> str:
    from alembic.script import ScriptDirectory

    revision = ScriptDirectory.from_config(_config()).get_current_head()
    assert revision is not None
    return revision


def current_revision(connection: Connection) -> str | None:
    """The revision the database is at, or None if it was never initialised."""
    if not inspect(connection).has_table(VERSION_TABLE):
        return None
    found = connection.execute(text(f"SELECT version_num FROM {VERSION_TABLE}")).scalars().all()
    if len(found) > 1:
        # Several heads: Alembic refuses it in its own words.
        from alembic.runtime.migration import MigrationContext

        return MigrationContext.configure(connection).get_current_revision()
    return found[0] if found else None


def upgrade(connection: Connection, revision: str = "head") -> None:
    """Bring the schema to the newest revision (or to `revision`), in the caller's
    transaction."""
    from alembic import command

    command.upgrade(_config(connection), revision)
