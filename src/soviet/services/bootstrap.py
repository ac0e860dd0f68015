"""Building the database from settings: the one place that chooses SQLite or PostgreSQL."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import platformdirs

from soviet.errors import InvalidInput, Problem
from soviet.store.database import (
    Database,
    ensure_sqlite_folder,
    parse_url,
    require_sqlite_file,
    sqlite_path,
)
from soviet.store.replicas import replica_reads

__all__ = ["Database", "default_url", "file_beside", "open_database", "replica_reads"]

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


def open_database(
    url: str | None = None,
    *,
    create: bool = False,
    replicas: Sequence[str] = (),
    durable: bool = True,
) -> Database:
    """The database at `url` (default: the user's SQLite file), with the streaming
    `replicas` of a PostgreSQL primary that may serve its reads; nothing connects yet.

    Only a command that makes the database (`init`, `demo`) passes `create`: any other
    refuses a SQLite file that does not exist, so that a mistyped path creates nothing.
    Only a load that can be made again if a power cut loses its last commits (the demo's
    replay, which resumes from the journal) passes `durable=False`.
    """
    target = parse_url(url if url is not None else default_url())
    if create:
        ensure_sqlite_folder(target)
    else:
        require_sqlite_file(target)
    copies = []
    for index, replica in enumerate(replicas):
        field = f"read_db[{index}]"
        if target.engine != "postgresql":
            raise InvalidInput(
                f"{field}: replicas serve a PostgreSQL primary, and the database is SQLite",
                problems=[Problem(field, "replicas need a PostgreSQL primary")],
            )
        copy = parse_url(replica)
        if copy.engine != "postgresql":
            raise InvalidInput(
                f"{field}: a replica must be a PostgreSQL URL",
                problems=[Problem(field, "must be a PostgreSQL URL")],
            )
        copies.append(copy)
    return Database(target, copies, durable=durable)
