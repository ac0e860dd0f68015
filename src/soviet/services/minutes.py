"""The minutes of a plenary session (`soviet session minutes`), read from the journal alone.

The session's entries are read from its convening on, up to its close, then the entries
that registered the persons, parties and council they name (each id carries the number of
the entry that made it): no projection is read for what the minutes say, so a database
rebuilt from the same journal gives the same minutes. Minutes are public, as sessions are.
"""

from __future__ import annotations

from sqlalchemy.engine import Connection

from soviet.domain import limits, minutes
from soviet.domain.events.registers import PartyRegistered
from soviet.domain.events.sessions import SessionConvened
from soviet.domain.identity import Actor
from soviet.domain.ids import ORDINAL_BITS, format_id
from soviet.domain.views.minutes import Minutes
from soviet.errors import NotFound
from soviet.services import context
from soviet.store import councils, journal
from soviet.store import sessions as store_sessions
from soviet.store.database import Database


def _convened(connection: Connection, federation: str, session_id: int) -> None:
    """Refuse an id that is not a session of `federation`, as its journal entry says."""
    missing = NotFound(f"session {format_id(session_id)} does not exist")
    if session_id & ((1 << ORDINAL_BITS) - 1):
        raise missing
    found = journal.entries_numbered(connection, [session_id >> ORDINAL_BITS])
    if not found or found[0].kind != SessionConvened.KIND:
        raise missing
    event = SessionConvened.from_json(found[0].data())
    if event.federation != federation:
        raise missing


def _minutes(ctx: context.Context, session_id: int) -> Minutes:
    connection = ctx.connection
    _convened(connection, ctx.federation.slug, session_id)
    read = journal.entries_of_kinds(connection, minutes.KINDS, first=session_id >> ORDINAL_BITS)
    found = list(minutes.session_entries(session_id, read))
    names = minutes.names_in(journal.entries_numbered(connection, minutes.wanted_names(found)))
    registered = journal.entries_of_kinds(connection, (PartyRegistered.KIND,), first=1)
    parties = minutes.parties_in(registered, ctx.federation.slug)
    began = journal.entries_numbered(connection, minutes.wanted_mandates(found))
    return minutes.minutes(found, names, minutes.fractions_of(began, parties))


def minutes_of(
    db: Database, session_id: int, *, federation: str | None = None, actor: Actor
) -> Minutes:
    """The minutes of a session: attendance, agenda, speakers, motions and votes,
    resolutions and close, as the journal records them."""
    limits.check_id(session_id, "session")
    with context.reading(db, federation, actor) as ctx:
        return _minutes(ctx, session_id)


def last_minutes(
    db: Database, council: str, *, federation: str | None = None, actor: Actor
) -> Minutes | None:
    """The minutes of the last session convened of a council (None: it has held none)."""
    with context.reading(db, federation, actor) as ctx:
        council_id = councils.council_id(ctx.connection, ctx.federation.id, council)
        held = store_sessions.sessions_of(ctx.connection, council_id)
        return _minutes(ctx, held[-1].id) if held else None
