"""Councils through HTTP: convened, designated, co-opted; delegates replaced or leaving;
factory committees' requests; commissions and executives acting on their mandates."""

from __future__ import annotations

from typing import Literal

from fastapi import APIRouter, Request
from pydantic import Field
from starlette.responses import Response

from soviet.api.acts import (
    PREFIX,
    Body,
    FederationPath,
    Name,
    Nothing,
    PublicId,
    Slug,
    SlugPath,
    Slugs,
    Text,
)
from soviet.api.deps import CurrentActor, Db
from soviet.api.idempotency import Acted, OptionalKey, act
from soviet.domain.ids import format_id, parse_id
from soviet.services import authority, factory, formation, mandates

router = APIRouter()

COUNCIL = f"{PREFIX}/councils/{{council}}"
DELEGATE = f"{COUNCIL}/delegates/{{person}}"


class Designation(Body):
    party: Slug
    persons: Slugs
    delegation: Slug | None = Field(
        default=None, description="The council whose delegation this is (a congress's)."
    )


class CoOption(Body):
    organisation: Slug
    persons: Slugs


class Replacement(Body):
    successor: Slug = Field(description="The party member who takes the seat.")


class MandateEnd(Body):
    cause: Literal["resignation", "death"] = "resignation"


@router.post(f"{COUNCIL}/convene", response_model=Acted)
def convene_council(
    federation: FederationPath,
    council: SlugPath,
    request: Request,
    db: Db,
    actor: CurrentActor,
    key: OptionalKey = None,
    body: Nothing | None = None,
) -> Response:
    """Convene a council formed from others: its seats follow its parents' mandates."""
    return act(
        request,
        db,
        actor,
        key=key,
        body=body,
        call=lambda: formation.convene(db, council, federation=federation, actor=actor),
        render=lambda is_changed: {"changed": is_changed},
    )


@router.post(f"{COUNCIL}/designations", response_model=Acted)
def designate(
    federation: FederationPath,
    council: SlugPath,
    body: Designation,
    request: Request,
    db: Db,
    actor: CurrentActor,
    key: OptionalKey = None,
) -> Response:
    """A party designates its delegates to a council (or to a delegation)."""
    return act(
        request,
        db,
        actor,
        key=key,
        body=body,
        call=lambda: formation.designate(
            db,
            council,
            body.party,
            body.persons,
            delegation=body.delegation,
            federation=federation,
            actor=actor,
        ),
    )


@router.post(f"{COUNCIL}/co-options", response_model=Acted)
def co_opt(
    federation: FederationPath,
    council: SlugPath,
    body: CoOption,
    request: Request,
    db: Db,
    actor: CurrentActor,
    key: OptionalKey = None,
) -> Response:
    """An organisation the statute names co-opts its members into a council."""
    return act(
        request,
        db,
        actor,
        key=key,
        body=body,
        call=lambda: formation.co_opt(
            db, council, body.organisation, body.persons, federation=federation, actor=actor
        ),
    )


@router.post(f"{DELEGATE}/replacement", response_model=Acted)
def replace_delegate(
    federation: FederationPath,
    council: SlugPath,
    person: SlugPath,
    body: Replacement,
    request: Request,
    db: Db,
    actor: CurrentActor,
    key: OptionalKey = None,
) -> Response:
    """A party's central committee replaces its delegate by another member."""
    return act(
        request,
        db,
        actor,
        key=key,
        body=body,
        call=lambda: mandates.replace_delegate(
            db, council, person, body.successor, federation=federation, actor=actor
        ),
    )


@router.post(f"{DELEGATE}/end", response_model=Acted)
def end_mandate(
    federation: FederationPath,
    council: SlugPath,
    person: SlugPath,
    body: MandateEnd,
    request: Request,
    db: Db,
    actor: CurrentActor,
    key: OptionalKey = None,
) -> Response:
    """End a delegate's mandate (resignation or death); the next on her list takes it."""
    return act(
        request,
        db,
        actor,
        key=key,
        body=body,
        call=lambda: mandates.end_mandate(
            db, council, person, cause=body.cause, federation=federation, actor=actor
        ),
    )


class FactoryRequestBody(Body):
    session: PublicId = Field(description="The committee's session it is put before.")
    kind: Literal["goods-out", "goods-in", "hire", "discharge", "inspect-books"]
    details: Text
    applicant: Name = Field(description="Who asks (management, a shop).")


class CommissionAct(Body):
    person: Slug = Field(description="The member who acts.")
    power: Slug = Field(description="The power of the mandate used.")
    text: Text


class ExecutiveAct(CommissionAct):
    resolution: Name = Field(description="COUNCIL/NUMBER of the resolution instructing it.")


@router.put(
    f"{PREFIX}/factory-committees/{{committee}}/requests/{{request_slug}}",
    status_code=201,
    response_model=Acted,
)
def submit_request(
    federation: FederationPath,
    committee: SlugPath,
    request_slug: SlugPath,
    body: FactoryRequestBody,
    request: Request,
    db: Db,
    actor: CurrentActor,
    key: OptionalKey = None,
) -> Response:
    """Put a request before a factory committee in session, to be decided by a vote."""
    session = parse_id(body.session, "session")
    return act(
        request,
        db,
        actor,
        key=key,
        body=body,
        status=201,
        call=lambda: factory.submit_request(
            db,
            committee,
            session,
            body.kind,
            request_slug,
            body.details,
            applicant=body.applicant,
            federation=federation,
            actor=actor,
        ),
        render=lambda _motion: {"request": f"{committee}/{request_slug}"},
    )


@router.post(f"{COUNCIL}/commissions/{{commission}}/acts", status_code=201, response_model=Acted)
def act_for_commission(
    federation: FederationPath,
    council: SlugPath,
    commission: SlugPath,
    body: CommissionAct,
    request: Request,
    db: Db,
    actor: CurrentActor,
    key: OptionalKey = None,
) -> Response:
    """A commission acts under its mandate, before its deadline."""
    return act(
        request,
        db,
        actor,
        key=key,
        body=body,
        status=201,
        call=lambda: authority.act_for_commission(
            db,
            f"{council}/{commission}",
            body.person,
            body.power,
            body.text,
            federation=federation,
            actor=actor,
        ),
        render=lambda acted: {"act": format_id(acted)},
    )


@router.post(f"{PREFIX}/executives/{{executive}}/acts", status_code=201, response_model=Acted)
def act_for_executive(
    federation: FederationPath,
    executive: SlugPath,
    body: ExecutiveAct,
    request: Request,
    db: Db,
    actor: CurrentActor,
    key: OptionalKey = None,
) -> Response:
    """The executive acts on a resolution that instructs it."""
    return act(
        request,
        db,
        actor,
        key=key,
        body=body,
        status=201,
        call=lambda: authority.act_for_executive(
            db,
            executive,
            body.resolution,
            body.person,
            body.power,
            body.text,
            federation=federation,
            actor=actor,
        ),
        render=lambda acted: {"act": format_id(acted)},
    )
