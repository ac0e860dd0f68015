"""`GET …/my-status`: whether, when and (for open votes only) how the actor's own ballot
was counted. Private to the account that asks, never cached."""

from __future__ import annotations

import orjson
from fastapi import APIRouter
from starlette.responses import Response

from soviet.api.acts import PREFIX, FederationPath, IdPath, SlugPath
from soviet.api.deps import CurrentActor, Db
from soviet.api.problems import DoorError
from soviet.domain.identity import Actor
from soviet.domain.ids import parse_id
from soviet.domain.views.encoding import to_json
from soviet.services import my_status

router = APIRouter(tags=["acts"])

PRIVATE = {"Cache-Control": "no-store", "Vary": "Authorization, Cookie"}


def _answer(view: object) -> Response:
    return Response(orjson.dumps(to_json(view)), headers=PRIVATE, media_type="application/json")


def _signed_in(actor: Actor) -> Actor:
    if actor.account is None:
        raise DoorError("unauthenticated", "my-status needs a session or a token")
    return actor


@router.get(f"{PREFIX}/elections/{{election}}/my-status")
def election_status(
    federation: FederationPath, election: IdPath, db: Db, actor: CurrentActor
) -> Response:
    """Whether the actor's ballot in an election was cast and counted (never how)."""
    stored = parse_id(election, "election")
    view = my_status.election_status(db, stored, federation=federation, actor=_signed_in(actor))
    return _answer(view)


@router.get(f"{PREFIX}/recall-petitions/{{petition}}/my-status")
def petition_status(
    federation: FederationPath, petition: IdPath, db: Db, actor: CurrentActor
) -> Response:
    """The actor's signature on a recall petition and her vote on the recall."""
    stored = parse_id(petition, "petition")
    view = my_status.petition_status(db, stored, federation=federation, actor=_signed_in(actor))
    return _answer(view)


@router.get(f"{PREFIX}/councils/{{council}}/motions/{{motion}}/my-status")
def vote_status(
    federation: FederationPath, council: SlugPath, motion: SlugPath, db: Db, actor: CurrentActor
) -> Response:
    """The actor's vote on a motion: how and when for a roll call, whether for a secret one."""
    view = my_status.vote_status(
        db, f"{council}/{motion}", federation=federation, actor=_signed_in(actor)
    )
    return _answer(view)
