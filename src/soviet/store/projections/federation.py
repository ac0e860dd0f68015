"""Federations, their statutes and councils."""

from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from soviet.domain.events.registers import StatuteApplied
from soviet.domain.journal import Entry, canonical_json
from soviet.domain.statute_text import statute_document
from soviet.store.effects import NO_EFFECTS, Effects
from soviet.store.registry import applies, entity_id
from soviet.store.schema import councils, federations, statutes


@applies(StatuteApplied)
def statute_applied(connection: Connection, entry: Entry, event: StatuteApplied) -> Effects:
    statute = event.document
    slug = event.federation
    if event.new_federation:
        connection.execute(
            federations.insert().values(
                id=entity_id(entry.seq),
                slug=slug,
                name=statute.name,
                created_at=event.effective_at,
            )
        )
    federation_id = connection.execute(
        sa.select(federations.c.id).where(federations.c.slug == slug)
    ).scalar_one()
    connection.execute(
        federations.update().where(federations.c.id == federation_id).values(name=statute.name)
    )
    connection.execute(
        statutes.insert().values(
            federation_id=federation_id,
            version=event.version,
            effective_at=event.effective_at,
            document=canonical_json(statute_document(statute)),
        )
    )
    for ordinal, council in enumerate(event.new_councils, start=1):
        connection.execute(
            councils.insert().values(
                id=entity_id(entry.seq, ordinal),
                federation_id=federation_id,
                slug=council,
                name=statute.councils[council].name,
                created_at=event.effective_at,
            )
        )
    for council, rule in statute.councils.items():
        connection.execute(
            councils.update()
            .where(councils.c.federation_id == federation_id, councils.c.slug == council)
            .values(name=rule.name)
        )
    return NO_EFFECTS
