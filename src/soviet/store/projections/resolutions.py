"""Closed votes, the resolutions they adopt, the commissions these create, the earlier
resolutions they amend or annul, and the acts done under a resolution's authority."""

from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from soviet.domain.events.resolutions import ActAuthorised, Commission, Resolution, VoteClosed
from soviet.domain.journal import Entry, canonical_json
from soviet.store.effects import NO_EFFECTS, Effects
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
    connection: Connection, entry: Entry, spec: Commission, council: int, resolution: int
) -> None:
    commission = entity_id(entry.seq, 1)
    connection.execute(
        commissions.insert().values(
            id=commission,
            council_id=council,
            slug=spec.slug,
            name=spec.name,
            mandate=spec.mandate,
            powers=canonical_json(list(spec.powers)),
            deadline=spec.deadline,
            resolution_id=resolution,
        )
    )
    insert_rows(
        connection,
        commission_members,
        [
            {"commission_id": commission, "person_id": member.person, "party_id": member.party}
            for member in spec.members
        ],
    )


def _resolution(connection: Connection, entry: Entry, event: VoteClosed, spec: Resolution) -> None:
    resolution = entity_id(entry.seq)
    connection.execute(
        resolutions.insert().values(
            id=resolution,
            council_id=spec.council,
            number=spec.number,
            motion_id=event.motion,
            text=spec.text,
            adopted_at=event.at,
            amended_by=None,
            annulled_by=None,
            not_carried_out=spec.not_carried_out,
        )
    )
    if spec.amends is not None:
        connection.execute(
            resolutions.update()
            .where(resolutions.c.id == spec.amends)
            .values(text=spec.new_text, amended_by=resolution)
        )
    if spec.annuls is not None:
        connection.execute(
            resolutions.update()
            .where(resolutions.c.id == spec.annuls)
            .values(annulled_by=resolution)
        )
    if spec.commission is not None:
        _commission(connection, entry, spec.commission, spec.council, resolution)


@applies(VoteClosed)
def vote_closed(connection: Connection, entry: Entry, event: VoteClosed) -> Effects:
    at = event.at
    connection.execute(
        motion_votes.update()
        .where(motion_votes.c.motion_id == event.motion)
        .values(
            closed_at=at,
            yes=event.yes,
            no=event.no,
            abstain=event.abstain,
            published_at=event.published_at or at,
            # The journal's head at the close: this entry, unless a withheld close set it.
            closed_hash=sa.func.coalesce(motion_votes.c.closed_hash, entry.hash),
        )
    )
    practice = connection.execute(
        sa.select(motion_votes.c.practice).where(motion_votes.c.motion_id == event.motion)
    ).scalar_one()
    # A practice poll is kept out of the record: its motion is marked, never decided.
    connection.execute(
        motions.update()
        .where(motions.c.id == event.motion)
        .values(outcome="practice" if practice else event.outcome, decided_at=at)
    )
    amended = event.amended_motion
    if amended is not None:
        connection.execute(
            motions.update().where(motions.c.id == amended.id).values(text=amended.text)
        )
    if event.resolution is not None:
        _resolution(connection, entry, event, event.resolution)
    return NO_EFFECTS


@applies(ActAuthorised)
def act_authorised(connection: Connection, entry: Entry, event: ActAuthorised) -> Effects:
    connection.execute(
        authorised_acts.insert().values(
            id=entity_id(entry.seq),
            resolution_id=event.resolution,
            commission_id=event.commission,
            executive_id=event.executive,
            power=event.power,
            text=event.text,
            person_id=event.person,
            acted_at=event.at,
        )
    )
    return NO_EFFECTS
