"""Registers through HTTP: the statute, constituencies admitted, members registered,
persons, parties, their members and their candidate lists."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Request
from pydantic import Field
from starlette.responses import Response

from soviet.api.acts import (
    PREFIX,
    Body,
    FederationPath,
    Moment,
    Name,
    Slug,
    SlugPath,
    Slugs,
    Text,
)
from soviet.api.deps import CurrentActor, Db
from soviet.api.idempotency import Acted, OptionalKey, act
from soviet.domain import limits
from soviet.domain.statute import parse_statute
from soviet.errors import InvalidInput, Problem
from soviet.services import members, parties, registers, statutes
from soviet.services.members import MemberSpec
from soviet.services.registers import ConstituencySpec
from soviet.services.statutes import StatuteChange

router = APIRouter()

PARTY = f"{PREFIX}/parties/{{party}}"
Many = Field(min_length=1, max_length=limits.PAGE_MAX)


class StatuteBody(Body):
    statute: dict[str, Any] = Field(description="The statute document, as its YAML reads.")
    effective_at: Moment | None = Field(default=None, description="Default: now.")
    dry_run: bool = Field(default=False, description="Say what would change; change nothing.")


def _change(change: StatuteChange) -> object:
    return {
        "federation": change.federation,
        "version": change.version,
        "effective_at": change.effective_at,
        "changes": change.changes,
        "applied": change.is_applied,
        "receipt": change.receipt,
    }


@router.put(f"{PREFIX}/statute", response_model=Acted)
def apply_statute(
    federation: FederationPath,
    body: StatuteBody,
    request: Request,
    db: Db,
    actor: CurrentActor,
    key: OptionalKey = None,
) -> Response:
    """Amend the federation's statute from a date on (its administrators, as it names)."""
    named = parse_statute(body.statute).federation
    if named != federation:
        message = f"names federation '{named}', not '{federation}'"
        raise InvalidInput(f"statute: {message}", problems=[Problem("statute", message)])
    return act(
        request,
        db,
        actor,
        key=key,
        body=body,
        call=lambda: statutes.apply_statute(
            db, body.statute, actor=actor, effective_at=body.effective_at, dry_run=body.dry_run
        ),
        render=_change,
    )


class ConstituencyBody(Body):
    slug: Slug
    name: Name
    kind: Slug = Field(description="Its kind, as the statute names it (factory...).")
    council: Slug = Field(description="The council it sends delegates to.")
    electorate: Annotated[int, Field(ge=0, le=limits.ELECTORATE_MAX)]
    tags: dict[Slug, Name] = Field(default_factory=dict)


class Admission(Body):
    constituencies: Annotated[list[ConstituencyBody], Many]
    admitted_at: Moment | None = Field(default=None, description="Effective from (now).")


class RegisteredMemberBody(Body):
    key: Name
    name: Name
    birth_date: Annotated[str, Field(max_length=10)] | None = None
    categories: Annotated[list[Slug], Field(max_length=100)] = Field(default_factory=list)
    account: Annotated[str, Field(min_length=1, max_length=limits.ACCOUNT_MAX)] | None = None


class Register(Body):
    members: Annotated[list[RegisteredMemberBody], Many]


@router.post(f"{PREFIX}/constituencies", status_code=201, response_model=Acted)
def admit_constituencies(
    federation: FederationPath,
    body: Admission,
    request: Request,
    db: Db,
    actor: CurrentActor,
    key: OptionalKey = None,
) -> Response:
    """Admit groups that have organised and demand representation."""
    specs = [
        ConstituencySpec(c.slug, c.name, c.kind, c.council, c.electorate, dict(c.tags))
        for c in body.constituencies
    ]
    return act(
        request,
        db,
        actor,
        key=key,
        body=body,
        status=201,
        call=lambda: registers.admit_constituencies(
            db, specs, federation=federation, actor=actor, admitted_at=body.admitted_at
        ),
    )


@router.post(
    f"{PREFIX}/constituencies/{{constituency}}/members", status_code=201, response_model=Acted
)
def register_members(
    federation: FederationPath,
    constituency: SlugPath,
    body: Register,
    request: Request,
    db: Db,
    actor: CurrentActor,
    key: OptionalKey = None,
) -> Response:
    """Register a constituency's members; a request with any bad member registers nobody."""
    specs = [
        MemberSpec(m.key, m.name, m.birth_date, list(m.categories), m.account, line=i)
        for i, m in enumerate(body.members, start=1)
    ]
    return act(
        request,
        db,
        actor,
        key=key,
        body=body,
        status=201,
        call=lambda: members.register_members(
            db, constituency, specs, federation=federation, actor=actor
        ),
    )


class PersonBody(Body):
    slug: Slug
    name: Name


class Electorate(Body):
    electorate: Annotated[int, Field(ge=0, le=limits.ELECTORATE_MAX)]


@router.post(f"{PREFIX}/constituencies/{{constituency}}/electorate", response_model=Acted)
def count_electorate(
    federation: FederationPath,
    constituency: SlugPath,
    body: Electorate,
    request: Request,
    db: Db,
    actor: CurrentActor,
    key: OptionalKey = None,
) -> Response:
    """Record a constituency's new count of voters (it decides its seats at the next
    election)."""
    return act(
        request,
        db,
        actor,
        key=key,
        body=body,
        call=lambda: registers.count_electorate(
            db, constituency, body.electorate, federation=federation, actor=actor
        ),
    )


class PersonRegistration(Body):
    persons: Annotated[list[PersonBody], Many]
    parties: dict[Slug, Slug] = Field(default={}, description="Person to the party she joins.")


class PartyBody(Body):
    slug: Slug
    name: Name
    programme: Text
    committee: Slugs = Field(description="Its central committee: accounts of persons.")
    committee_body: Slug | None = None


class Joining(Body):
    persons: Slugs


class CandidatesInOrder(Body):
    persons: Slugs = Field(description="The candidates, in the order they take seats.")
    constituency: Slug | None = Field(default=None, description="Default: the whole council.")


class Declining(Body):
    person: Slug
    constituency: Slug | None = None


@router.post(f"{PREFIX}/persons", status_code=201, response_model=Acted)
def register_persons(
    federation: FederationPath,
    body: PersonRegistration,
    request: Request,
    db: Db,
    actor: CurrentActor,
    key: OptionalKey = None,
) -> Response:
    """Register persons (who may join parties and stand as candidates)."""
    pairs = [(p.slug, p.name) for p in body.persons]
    return act(
        request,
        db,
        actor,
        key=key,
        body=body,
        status=201,
        call=lambda: parties.register_persons(
            db, pairs, parties=dict(body.parties), federation=federation, actor=actor
        ),
    )


@router.post(f"{PREFIX}/parties", status_code=201, response_model=Acted)
def register_party(
    federation: FederationPath,
    body: PartyBody,
    request: Request,
    db: Db,
    actor: CurrentActor,
    key: OptionalKey = None,
) -> Response:
    """Register a party: its programme and its central committee."""
    return act(
        request,
        db,
        actor,
        key=key,
        body=body,
        status=201,
        call=lambda: parties.register_party(
            db,
            body.slug,
            name=body.name,
            programme=body.programme,
            committee=body.committee,
            committee_body=body.committee_body,
            federation=federation,
            actor=actor,
        ),
    )


@router.post(f"{PARTY}/members", response_model=Acted)
def join_party(
    federation: FederationPath,
    party: SlugPath,
    body: Joining,
    request: Request,
    db: Db,
    actor: CurrentActor,
    key: OptionalKey = None,
) -> Response:
    """Persons join a party."""
    return act(
        request,
        db,
        actor,
        key=key,
        body=body,
        call=lambda: parties.join_party(
            db, party, body.persons, federation=federation, actor=actor
        ),
    )


@router.delete(f"{PARTY}/members/{{person}}", response_model=Acted)
def leave_party(
    federation: FederationPath,
    party: SlugPath,
    person: SlugPath,
    request: Request,
    db: Db,
    actor: CurrentActor,
    key: OptionalKey = None,
) -> Response:
    """A person leaves a party."""
    return act(
        request,
        db,
        actor,
        key=key,
        body=None,
        call=lambda: parties.leave_party(db, party, person, federation=federation, actor=actor),
    )


@router.put(f"{PARTY}/lists/{{council}}", response_model=Acted)
def set_candidate_list(
    federation: FederationPath,
    party: SlugPath,
    council: SlugPath,
    body: CandidatesInOrder,
    request: Request,
    db: Db,
    actor: CurrentActor,
    key: OptionalKey = None,
) -> Response:
    """Set a party's ordered candidate list for a council, replacing the one before."""
    return act(
        request,
        db,
        actor,
        key=key,
        body=body,
        call=lambda: parties.set_candidate_list(
            db,
            party,
            council,
            body.persons,
            constituency=body.constituency,
            federation=federation,
            actor=actor,
        ),
    )


@router.post(f"{PARTY}/lists/{{council}}/declines", response_model=Acted)
def decline_candidacy(
    federation: FederationPath,
    party: SlugPath,
    council: SlugPath,
    body: Declining,
    request: Request,
    db: Db,
    actor: CurrentActor,
    key: OptionalKey = None,
) -> Response:
    """A candidate declines her place on a party's list."""
    return act(
        request,
        db,
        actor,
        key=key,
        body=body,
        call=lambda: parties.decline_candidacy(
            db,
            party,
            council,
            body.person,
            constituency=body.constituency,
            federation=federation,
            actor=actor,
        ),
    )
