"""Motions through HTTP: moved, put to the vote, voted on and decided; fractions'
positions."""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, Request
from pydantic import Field
from starlette.responses import Response

from soviet.api.acts import (
    PREFIX,
    Body,
    FederationPath,
    Moment,
    Name,
    PublicId,
    Slug,
    SlugPath,
    Slugs,
    Text,
)
from soviet.api.deps import CurrentActor, Db
from soviet.api.idempotency import Acted, OptionalKey, RequiredKey, act
from soviet.domain import limits
from soviet.domain.ids import parse_id
from soviet.domain.sessions import Tally
from soviet.domain.views.encoding import to_json
from soviet.services import motions, poll_results, votes
from soviet.services.motions import MotionSpec
from soviet.services.resolutions import CommissionSpec
from soviet.services.votes import Result

router = APIRouter()

MOTION = f"{PREFIX}/councils/{{council}}/motions/{{motion}}"


class CommissionBody(Body):
    slug: Slug
    name: Name
    mandate: Text
    powers: Slugs
    deadline: Moment
    seats: Annotated[int, Field(ge=1, le=limits.SEATS_MAX)] | None = None
    members: Annotated[list[Slug], Field(max_length=limits.SEATS_MAX)] = Field(default_factory=list)


class MotionBody(Body):
    session: PublicId = Field(description="The session it is moved in.")
    title: Name
    text: Text
    mover_kind: Literal["delegate", "fraction", "executive"]
    mover: Slug
    amends: Slug | None = None
    #: domain.rules.DECISION_RULES, named so that the document lists them.
    decision: Literal["majority-of-votes-cast", "absolute-majority", "two-thirds"] | None = None
    commission: CommissionBody | None = None
    instructs_executive: bool = False
    amends_resolution: Name | None = None
    annuls: Name | None = None

    def spec(self, slug: str) -> MotionSpec:
        created = self.commission
        return MotionSpec(
            slug=slug,
            title=self.title,
            text=self.text,
            mover_kind=self.mover_kind,
            mover=self.mover,
            amends=self.amends,
            decision=self.decision,
            commission=None
            if created is None
            else CommissionSpec(
                slug=created.slug,
                name=created.name,
                mandate=created.mandate,
                powers=tuple(created.powers),
                deadline=created.deadline,
                seats=created.seats,
                members=tuple(created.members),
            ),
            instructs_executive=self.instructs_executive,
            amends_resolution=self.amends_resolution,
            annuls=self.annuls,
        )


class OpenVote(Body):
    mode: Literal["roll-call", "counted", "secret"] = "roll-call"


class Vote(Body):
    person: Slug = Field(description="The delegate who votes.")
    choice: Literal["yes", "no", "abstain"]


class CountedVote(Body):
    yes: Annotated[int, Field(ge=0, le=limits.SEATS_MAX)]
    no: Annotated[int, Field(ge=0, le=limits.SEATS_MAX)]
    abstain: Annotated[int, Field(ge=0, le=limits.SEATS_MAX)]


class CloseVote(Body):
    counts: CountedVote | None = Field(default=None, description="A counted vote's numbers.")


class Position(Body):
    party: Slug
    position: Literal["yes", "no", "abstain"]


@router.put(MOTION, status_code=201, response_model=Acted)
def move_motion(
    federation: FederationPath,
    council: SlugPath,
    motion: SlugPath,
    body: MotionBody,
    request: Request,
    db: Db,
    actor: CurrentActor,
    key: OptionalKey = None,
) -> Response:
    """Move a motion (its slug in the path) in a session of its council."""
    session = parse_id(body.session, "session")
    return act(
        request,
        db,
        actor,
        key=key,
        body=body,
        status=201,
        call=lambda: motions.move_motion(
            db, council, session, body.spec(motion), federation=federation, actor=actor
        ),
        render=lambda _motion: {"motion": f"{council}/{motion}"},
    )


@router.post(f"{MOTION}/vote", response_model=Acted)
def open_vote(
    federation: FederationPath,
    council: SlugPath,
    motion: SlugPath,
    body: OpenVote,
    request: Request,
    db: Db,
    actor: CurrentActor,
    key: OptionalKey = None,
) -> Response:
    """Put a motion to the vote; refused without quorum or before its amendments."""
    return act(
        request,
        db,
        actor,
        key=key,
        body=body,
        call=lambda: votes.open_vote(
            db, f"{council}/{motion}", body.mode, federation=federation, actor=actor
        ),
    )


@router.post(f"{MOTION}/votes", status_code=201, response_model=Acted)
def cast_vote(
    federation: FederationPath,
    council: SlugPath,
    motion: SlugPath,
    body: Vote,
    request: Request,
    db: Db,
    actor: CurrentActor,
    key: RequiredKey = None,
) -> Response:
    """Cast a delegate's vote, once; acknowledged once committed. Refusals say why:
    not_present, not_entitled, already_voted, poll_not_open, mandate_ended."""
    return act(
        request,
        db,
        actor,
        key=key,
        body=body,
        status=201,
        is_key_required=True,
        is_group_commit=True,
        call=lambda: votes.cast_vote(
            db, f"{council}/{motion}", body.person, body.choice, federation=federation, actor=actor
        ),
    )


def _vote_closed(result: Result) -> object:
    """What closing or publishing a poll gave (no tally while its results are withheld)."""
    return to_json(poll_results.closed_view(result))


@router.post(f"{MOTION}/vote/close", response_model=Acted)
def close_vote(
    federation: FederationPath,
    council: SlugPath,
    motion: SlugPath,
    request: Request,
    db: Db,
    actor: CurrentActor,
    key: OptionalKey = None,
    body: CloseVote | None = None,
) -> Response:
    """Close a vote and decide the motion; an adopted motion becomes a numbered resolution."""
    counted = body.counts if body is not None else None
    tally = None if counted is None else Tally(counted.yes, counted.no, counted.abstain)
    return act(
        request,
        db,
        actor,
        key=key,
        body=body,
        call=lambda: votes.close_vote(
            db, f"{council}/{motion}", counts=tally, federation=federation, actor=actor
        ),
        render=_vote_closed,
    )


@router.post(f"{MOTION}/vote/publish", response_model=Acted)
def publish_poll(
    federation: FederationPath,
    council: SlugPath,
    motion: SlugPath,
    request: Request,
    db: Db,
    actor: CurrentActor,
    key: OptionalKey = None,
) -> Response:
    """Publish the results of a closed poll the statute withheld at its close (the chair's
    act): the motion is decided as its close would have; refused, naming the poll's state,
    unless it is closed and not yet published."""
    return act(
        request,
        db,
        actor,
        key=key,
        body=None,
        call=lambda: poll_results.publish_poll(
            db, f"{council}/{motion}", federation=federation, actor=actor
        ),
        render=_vote_closed,
    )


@router.post(f"{MOTION}/positions", response_model=Acted)
def take_position(
    federation: FederationPath,
    council: SlugPath,
    motion: SlugPath,
    body: Position,
    request: Request,
    db: Db,
    actor: CurrentActor,
    key: OptionalKey = None,
) -> Response:
    """A fraction takes its position on a motion (its central committee decides)."""
    return act(
        request,
        db,
        actor,
        key=key,
        body=body,
        call=lambda: motions.take_position(
            db, f"{council}/{motion}", body.party, body.position, federation=federation, actor=actor
        ),
    )
