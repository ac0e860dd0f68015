"""Federations, their statutes and councils."""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from soviet.domain.journal import Entry, canonical_json
from soviet.store.registry import applies, entity_id
from soviet.store.schema import councils, federations, statutes


@applies("StatuteApplied")
def statute_applied(connection: Connection, entry: Entry, data: Any) -> None:
    document = data["document"]
    slug = data["federation"]
    if data["new_federation"]:
        connection.execute(
            federations.insert().values(
                id=entity_id(entry.seq),
                slug=slug,
                name=document["federation"]["name"],
                created_at=data["effective_at"],
            )
        )
    federation_id = connection.execute(
        sa.select(federations.c.id).where(federations.c.slug == slug)
    ).scalar_one()
    connection.execute(
        federations.update()
        .where(federations.c.id == federation_id)
        .values(name=document["federation"]["name"])
    )
    connection.execute(
        statutes.insert().values(
            federation_id=federation_id,
            version=data["version"],
            effective_at=data["effective_at"],
            document=canonical_json(document),
        )
    )
    for ordinal, council in enumerate(data["new_councils"], start=1):
        connection.execute(
            councils.insert().values(
                id=entity_id(entry.seq, ordinal),
                federation_id=federation_id,
                slug=council,
                name=document["councils"][council]["name"],
                created_at=data["effective_at"],
            )
        )
    for council, spec in document["councils"].items():
        connection.execute(
            councils.update()
            .where(councils.c.federation_id == federation_id, councils.c.slug == council)
            .values(name=spec["name"])
        )
