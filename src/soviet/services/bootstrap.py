"""Building the database from settings: the one place that chooses SQLite or PostgreSQL."""

from __future__ import annotations

from pathlib import Path

import platformdirs

from soviet.store.database import (
    Database,
    ensure_sqlite_folder,
    parse_url,
    require_sqlite_file,
    sqlite_path,
)

__all__ = ["Database", "default_url", "file_beside", "open_database"]

APP_NAME = "soviet"


def default_url() -> str:
    """A SQLite file in the user's data directory."""
    folder = Path(platformdirs.user_data_dir(APP_NAME))
    return f"sqlite:///{folder / 'soviet.db'}"


def file_beside(url: str, name: str) -> Path:
    """Where a command writes a file of its own for a database: beside a SQLite file (its
    name prefixed with the file's: `demo-NAME` for demo.db), else in the user's data
    directory."""
    target = parse_url(url)
    if target.engine == "sqlite":
        database = sqlite_path(target).resolve()
        return database.with_name(f"{database.stem}-{name}")
    return Path(platformdirs.user_data_dir(APP_NAME)) / name


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
