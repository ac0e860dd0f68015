"""Closed votes, the resolutions they adopt, the commissions these create, the earlier
resolutions they amend or annul, and the acts done under a resolution's authority."""

from __future__ import annotations

from typing import Any

from sqlalchemy.engine import Connection

from soviet.domain.journal import Entry, canonical_json
from soviet.store.registry import applies, entity_id, insert_rows
from soviet.store.schema import (
    authorised_acts,
    commission_members,
    commissions,
    motion_votes,
    motions,
    resolutions,
)


def _commission(
    connection: Connection, entry: Entry, spec: Any, council: int, resolution: int
) -> None:
    commission = entity_id(entry.seq, 1)
    connection.execute(
        commissions.insert().values(
            id=commission,
            council_id=council,
            slug=spec["slug"],
            name=spec["name"],
            mandate=spec["mandate"],
            powers=canonical_json(spec["powers"]),
            deadline=spec["deadline"],
            resolution_id=resolution,
        )
    )
    insert_rows(
        connection,
        commission_members,
        [
            {"commission_id": commission, "person_id": person, "party_id": party}
            for person, party in spec["members"]
        ],
    )


def _resolution(connection: Connection, entry: Entry, data: Any) -> None:
    spec = data["resolution"]
    resolution = entity_id(entry.seq)
    connection.execute(
        resolutions.insert().values(
            id=resolution,
            council_id=spec["council"],
            number=spec["number"],
            motion_id=data["motion"],
            text=spec["text"],
            adopted_at=data["at"],
            amended_by=None,
            annulled_by=None,
        )
    )
    if spec["amends"] is not None:
        connection.execute(
            resolutions.update()
            .where(resolutions.c.id == spec["amends"])
            .values(text=spec["new_text"], amended_by=resolution)
        )
    if spec["annuls"] is not None:
        connection.execute(
            resolutions.update()
            .where(resolutions.c.id == spec["annuls"])
            .values(annulled_by=resolution)
        )
    if spec["commission"] is not None:
        _commission(connection, entry, spec["commission"], spec["council"], resolution)


@applies("VoteClosed")
def vote_closed(connection: Connection, entry: Entry, data: Any) -> None:
    at = data["at"]
    connection.execute(
        motion_votes.update()
        .where(motion_votes.c.motion_id == data["motion"])
        .values(closed_at=at, yes=data["yes"], no=data["no"], abstain=data["abstain"])
    )
    connection.execute(
        motions.update()
        .where(motions.c.id == data["motion"])
        .values(outcome=data["outcome"], decided_at=at)
    )
    amended = data["amended_motion"]
    if amended is not None:
        connection.execute(
            motions.update().where(motions.c.id == amended["id"]).values(text=amended["text"])
        )
    if data["resolution"] is not None:
        _resolution(connection, entry, data)


@applies("ActAuthorised")
def act_authorised(connection: Connection, entry: Entry, data: Any) -> None:
    connection.execute(
        authorised_acts.insert().values(
            id=entity_id(entry.seq),
            resolution_id=data["resolution"],
            commission_id=data["commission"],
            executive_id=data["executive"],
            power=data["power"],
            text=data["text"],
            person_id=data["person"],
            acted_at=data["at"],
        )
    )
