"""Building the database from settings: the one place that chooses SQLite or PostgreSQL."""

from __future__ import annotations

from pathlib import Path

import platformdirs

from soviet.store.database import Database, ensure_sqlite_folder, parse_url, require_sqlite_file

__all__ = ["Database", "default_url", "open_database"]

APP_NAME = "soviet"


def default_url() -> str:
    """A SQLite file in the user's data directory."""
    folder = Path(platformdirs.user_data_dir(APP_NAME))
    return f"sqlite:///{folder / 'soviet.db'}"


def open_database(url: str | None = None, *, create: bool = False) -> Database:
    """The database at `url` (default: the user's SQLite file); nothing connects yet.

    Only a command that makes the database (`init`, `demo`) passes `create`: any other
    refuses a SQLite file that does not exist, so that a mistyped path creates nothing.
    """
    target = parse_url(url if url is not None else default_url())
    if create:
        ensure_sqlite_folder(target)
    else:
        require_sqlite_file(target)
    return Database(target)
