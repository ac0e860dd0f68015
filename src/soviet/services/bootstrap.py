"""Building the database from settings: the one place that chooses SQLite or PostgreSQL."""

from __future__ import annotations

from pathlib import Path

import platformdirs

from soviet.store.database import Database, ensure_sqlite_folder, parse_url

APP_NAME = "soviet"


def default_url() -> str:
    """A SQLite file in the user's data directory."""
    folder = Path(platformdirs.user_data_dir(APP_NAME))
    return f"sqlite:///{folder / 'soviet.db'}"


def open_database(url: str | None = None) -> Database:
    """The database at `url` (default: the user's SQLite file); nothing connects yet."""
    target = parse_url(url if url is not None else default_url())
    ensure_sqlite_folder(target)
    return Database(target)
