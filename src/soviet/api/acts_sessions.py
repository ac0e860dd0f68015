"""Plenary sessions through HTTP: convene, check in, leave, walk out, return, close."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Request
from pydantic import Field
from starlette.responses import Response

from soviet.api.acts import (
    PREFIX,
    Body,
    FederationPath,
    IdPath,
    Nothing,
    Slug,
    SlugPath,
    Slugs,
    Text,
)
from soviet.api.deps import CurrentActor, Db
from soviet.api.idempotency import Acted, OptionalKey, RequiredKey, act
from soviet.domain.ids import format_id, parse_id
from soviet.services import sessions

router = APIRouter()

SESSION = f"{PREFIX}/sessions/{{session}}"
MOTION = f"{PREFIX}/councils/{{council}}/motions/{{motion}}"


class Convene(Body):
    agenda: Annotated[list[Text], Field(min_length=1, max_length=10_000)]
    section: Slug | None = Field(default=None, description="A section that meets alone.")


class Attendees(Body):
    persons: Slugs


class Fraction(Body):
    party: Slug


@router.post(f"{PREFIX}/councils/{{council}}/sessions", status_code=201, response_model=Acted)
def convene_session(
    federation: FederationPath,
    council: SlugPath,
    body: Convene,
    request: Request,
    db: Db,
    actor: CurrentActor,
    key: OptionalKey = None,
) -> Response:
    """Convene a plenary session of a council, or of one of its sections."""
    return act(
        request,
        db,
        actor,
        key=key,
        body=body,
        status=201,
        call=lambda: sessions.convene(
            db, council, body.agenda, section=body.section, federation=federation, actor=actor
        ),
        render=lambda session: {"session": format_id(session)},
    )


@router.post(f"{SESSION}/check-ins", response_model=Acted)
def check_in(
    federation: FederationPath,
    session: IdPath,
    body: Attendees,
    request: Request,
    db: Db,
    actor: CurrentActor,
    key: RequiredKey = None,
) -> Response:
    """Check delegates in at the session (the check-in desk, or a delegate herself)."""
    stored = parse_id(session, "session")
    return act(
        request,
        db,
        actor,
        key=key,
        body=body,
        is_key_required=True,
        call=lambda: sessions.check_in(
            db, stored, body.persons, federation=federation, actor=actor
        ),
    )


@router.post(f"{SESSION}/departures", response_model=Acted)
def leave(
    federation: FederationPath,
    session: IdPath,
    body: Attendees,
    request: Request,
    db: Db,
    actor: CurrentActor,
    key: RequiredKey = None,
) -> Response:
    """Delegates leave the session."""
    stored = parse_id(session, "session")
    return act(
        request,
        db,
        actor,
        key=key,
        body=body,
        is_key_required=True,
        call=lambda: sessions.leave(db, stored, body.persons, federation=federation, actor=actor),
    )


@router.post(f"{SESSION}/walk-outs", response_model=Acted)
def walk_out(
    federation: FederationPath,
    session: IdPath,
    body: Fraction,
    request: Request,
    db: Db,
    actor: CurrentActor,
    key: OptionalKey = None,
) -> Response:
    """A fraction walks out of the session; quorum is recomputed."""
    stored = parse_id(session, "session")
    return act(
        request,
        db,
        actor,
        key=key,
        body=body,
        call=lambda: sessions.walk_out(db, stored, body.party, federation=federation, actor=actor),
    )


@router.post(f"{SESSION}/returns", response_model=Acted)
def return_fraction(
    federation: FederationPath,
    session: IdPath,
    body: Fraction,
    request: Request,
    db: Db,
    actor: CurrentActor,
    key: OptionalKey = None,
) -> Response:
    """A fraction that walked out returns."""
    stored = parse_id(session, "session")
    return act(
        request,
        db,
        actor,
        key=key,
        body=body,
        call=lambda: sessions.return_fraction(
            db, stored, body.party, federation=federation, actor=actor
        ),
    )


@router.post(f"{SESSION}/close", response_model=Acted)
def close_session(
    federation: FederationPath,
    session: IdPath,
    request: Request,
    db: Db,
    actor: CurrentActor,
    key: OptionalKey = None,
    body: Nothing | None = None,
) -> Response:
    """Close the session."""
    stored = parse_id(session, "session")
    return act(
        request,
        db,
        actor,
        key=key,
        body=body,
        call=lambda: sessions.close_session(db, stored, federation=federation, actor=actor),
    )
