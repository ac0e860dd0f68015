"""Reads about resolutions, the commissions they created, and acts under their authority."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from soviet.domain.ids import format_id
from soviet.errors import NotFound
from soviet.store.schema import (
    authorised_acts,
    commission_members,
    commissions,
    councils,
    motions,
    parties,
    persons,
    resolutions,
)


@dataclass(frozen=True)
class Resolution:
    id: int
    council: str
    council_id: int
    number: int
    motion: str
    session_id: int
    text: str
    adopted_at: str
    amended_by: int | None
    annulled_by: int | None
    not_carried_out: str | None

    @property
    def address(self) -> str:
        return f"{self.council}/{self.number}"


def _select() -> Any:
    return (
        sa.select(
            resolutions.c.id,
            councils.c.slug,
            resolutions.c.council_id,
            resolutions.c.number,
            motions.c.slug,
            motions.c.session_id,
            resolutions.c.text,
            resolutions.c.adopted_at,
            resolutions.c.amended_by,
            resolutions.c.annulled_by,
            resolutions.c.not_carried_out,
        )
        .join(councils, councils.c.id == resolutions.c.council_id)
        .join(motions, motions.c.id == resolutions.c.motion_id)
    )


def resolution(connection: Connection, federation_id: int, council: str, number: int) -> Resolution:
    row = connection.execute(
        _select().where(
            councils.c.federation_id == federation_id,
            councils.c.slug == council,
            resolutions.c.number == number,
        )
    ).first()
    if row is None:
        raise NotFound(f"resolution {council}/{number} does not exist")
    return Resolution(*row)


def resolution_by_id(connection: Connection, resolution_id: int) -> Resolution:
    return Resolution(*connection.execute(_select().where(resolutions.c.id == resolution_id)).one())


def resolutions_of(connection: Connection, council_id: int) -> list[Resolution]:
    query = _select().where(resolutions.c.council_id == council_id).order_by(resolutions.c.number)
    return [Resolution(*row) for row in connection.execute(query)]


def next_number(connection: Connection, council_id: int) -> int:
    highest = connection.execute(
        sa.select(sa.func.max(resolutions.c.number)).where(resolutions.c.council_id == council_id)
    ).scalar()
    return int(highest or 0) + 1


@dataclass(frozen=True)
class Commission:
    id: int
    council: str
    slug: str
    name: str
    mandate: str
    powers: list[str]
    deadline: str
    resolution_id: int
    members: list[tuple[str, str | None]]

    @property
    def address(self) -> str:
        return f"{self.council}/{self.slug}"


def _members(connection: Connection, commission_id: int) -> list[tuple[str, str | None]]:
    rows = connection.execute(
        sa.select(persons.c.slug, parties.c.slug)
        .join(persons, persons.c.id == commission_members.c.person_id)
        .outerjoin(parties, parties.c.id == commission_members.c.party_id)
        .where(commission_members.c.commission_id == commission_id)
        .order_by(parties.c.slug, persons.c.slug)
    )
    return [(row[0], row[1]) for row in rows]


def _commissions(connection: Connection, *conditions: Any) -> list[Commission]:
    query = (
        sa.select(
            commissions.c.id,
            councils.c.slug,
            commissions.c.slug,
            commissions.c.name,
            commissions.c.mandate,
            commissions.c.powers,
            commissions.c.deadline,
            commissions.c.resolution_id,
        )
        .join(councils, councils.c.id == commissions.c.council_id)
        .where(*conditions)
        .order_by(councils.c.slug, commissions.c.slug)
    )
    found = []
    for row in connection.execute(query).all():
        members = _members(connection, row[0])
        found.append(Commission(*row[:5], json.loads(row[5]), row[6], row[7], members))
    return found


def commission(connection: Connection, federation_id: int, council: str, slug: str) -> Commission:
    found = _commissions(
        connection,
        councils.c.federation_id == federation_id,
        councils.c.slug == council,
        commissions.c.slug == slug,
    )
    if not found:
        raise NotFound(f"commission '{council}/{slug}' does not exist")
    return found[0]


def commission_by_id(connection: Connection, commission_id: int) -> Commission:
    return _commissions(connection, commissions.c.id == commission_id)[0]


def commissions_in(connection: Connection, federation_id: int) -> list[Commission]:
    return _commissions(connection, councils.c.federation_id == federation_id)


@dataclass(frozen=True)
class AuthorisedAct:
    id: int
    resolution_id: int
    commission_id: int | None
    executive: str | None
    power: str
    text: str
    person: str
    acted_at: str


def authorised_act(connection: Connection, federation_id: int, act_id: int) -> AuthorisedAct:
    executive = councils.alias("executive")
    row = connection.execute(
        sa.select(
            authorised_acts.c.id,
            authorised_acts.c.resolution_id,
            authorised_acts.c.commission_id,
            executive.c.slug,
            authorised_acts.c.power,
            authorised_acts.c.text,
            persons.c.slug,
            authorised_acts.c.acted_at,
        )
        .join(persons, persons.c.id == authorised_acts.c.person_id)
        .outerjoin(executive, executive.c.id == authorised_acts.c.executive_id)
        .where(authorised_acts.c.id == act_id, persons.c.federation_id == federation_id)
    ).first()
    if row is None:
        raise NotFound(f"act {format_id(act_id)} does not exist")
    return AuthorisedAct(*row)


def authorised_acts_between(
    connection: Connection, federation_id: int, start: str, end: str
) -> list[int]:
    """The ids of the acts done under a resolution's authority from `start` to `end`."""
    rows = connection.execute(
        sa.select(authorised_acts.c.id)
        .join(persons, persons.c.id == authorised_acts.c.person_id)
        .where(
            persons.c.federation_id == federation_id,
            authorised_acts.c.acted_at >= start,
            authorised_acts.c.acted_at <= end,
        )
        .order_by(authorised_acts.c.acted_at, authorised_acts.c.id)
    ).scalars()
    return [int(found) for found in rows]
