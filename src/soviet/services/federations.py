"""The list of federations: where every other read starts, since each names one."""

from __future__ import annotations

from soviet.domain.identity import Actor
from soviet.domain.views import DEFAULT_LIMIT, Page, check_limit, decode_cursor, page_from
from soviet.domain.views.federations import FederationLine
from soviet.services.journal import require_current
from soviet.store import queries
from soviet.store.database import Database


def federation_list(
    db: Database, *, cursor: str | None = None, limit: int = DEFAULT_LIMIT, actor: Actor
) -> Page[FederationLine]:
    """A page of the federations the database holds, by slug.

    Which organisations a server serves, and their names, is public to every actor
    (the public included): each federation publishes its statute, and every public read
    names the federation in its address."""
    del actor  # every actor may read it: nothing in it is any federation's to withhold
    check_limit(limit)
    after = None if cursor is None else str(decode_cursor(cursor, (str,))[0])
    with db.read() as connection:
        require_current(connection, db)
        found = queries.federations_after(connection, after, limit)
    lines = [FederationLine(f.slug, f.name) for f in found]
    return page_from(lines, lambda line: (line.federation,), limit)
