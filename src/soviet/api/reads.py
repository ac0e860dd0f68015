"""Every read of the services as a GET under /api/v1: the federations, and in each
federation its constituencies, persons, parties, petitions, elections; the journal.

Each route parses its parameters, calls one service with the request's actor (the public
when it presents no credential: the domain decides what it may read) and answers the read
model exactly as `to_json` gives it, with ETag, 304 and Link (api.http). The councils'
reads are in api.reads_councils.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Query, Request
from starlette.responses import Response

from soviet.api import acts_ballots, reads_councils
from soviet.api.deps import CurrentActor, Db
from soviet.api.http import ReadRoute, answers, view_response
from soviet.api.reads_params import (
    DEFAULT,
    AsOf,
    CouncilQuery,
    Cursor,
    FederationSlug,
    Limit,
    PublicId,
    if_none_match,
    moment,
    slug_path,
)
from soviet.domain.ids import parse_id
from soviet.domain.views import Page
from soviet.domain.views import elections as election_views
from soviet.domain.views import registers as views
from soviet.domain.views.federations import FederationLine
from soviet.domain.views.journal import JournalEntry
from soviet.services import reads
from soviet.services.federations import federation_list
from soviet.services.member_register import member_register, petition_signatures

router = APIRouter(tags=["reads"], dependencies=[Depends(if_none_match)], route_class=ReadRoute)
router.include_router(reads_councils.router)
router.include_router(acts_ballots.reads)

IN_FEDERATION = "/federations/{federation}"


@router.get(
    "/federations",
    summary="The federations this server serves",
    responses=answers(Page[FederationLine]),
    response_class=Response,
)
def federations(
    request: Request, db: Db, actor: CurrentActor, cursor: Cursor = None, limit: Limit = DEFAULT
) -> Response:
    """A page of the federations, by slug (public)."""
    shown = federation_list(db, cursor=cursor, limit=limit, actor=actor)
    return view_response(request, shown)


@router.get(
    IN_FEDERATION + "/constituencies/{constituency}",
    summary="A constituency",
    responses=answers(views.Constituency),
    response_class=Response,
)
def constituency(
    request: Request,
    db: Db,
    actor: CurrentActor,
    federation: FederationSlug,
    constituency: Annotated[str, slug_path("constituency")],
    as_of: AsOf = None,
    cursor: Cursor = None,
    limit: Limit = DEFAULT,
) -> Response:
    """A constituency at `as_of`: its delegates, the petitions open against them with
    their progress to the threshold, and a page of its elections."""
    shown = reads.constituency_view(
        db,
        constituency,
        as_of=moment(as_of),
        federation=federation,
        cursor=cursor,
        limit=limit,
        actor=actor,
    )
    return view_response(request, shown)


@router.get(
    IN_FEDERATION + "/constituencies/{constituency}/members",
    summary="A constituency's member register",
    responses=answers(views.MemberRegister),
    response_class=Response,
)
def members(
    request: Request,
    db: Db,
    actor: CurrentActor,
    federation: FederationSlug,
    constituency: Annotated[str, slug_path("constituency")],
    cursor: Cursor = None,
    limit: Limit = DEFAULT,
) -> Response:
    """A page of the register: all of it for the federation's administrators, her own
    record for a member, refused to anyone else."""
    shown = member_register(
        db, constituency, federation=federation, cursor=cursor, limit=limit, actor=actor
    )
    return view_response(request, shown)


@router.get(
    IN_FEDERATION + "/petitions/{petition}",
    summary="A recall petition",
    responses=answers(views.Petition),
    response_class=Response,
)
def petition(
    request: Request, db: Db, actor: CurrentActor, federation: FederationSlug, petition: PublicId
) -> Response:
    """Signatures against the threshold, the state, the recall vote; never who signed."""
    found = parse_id(petition, "petition")
    shown = reads.petition_view(db, found, federation=federation, actor=actor)
    return view_response(request, shown)


@router.get(
    IN_FEDERATION + "/petitions/{petition}/signatures",
    summary="Who signed a recall petition",
    responses=answers(views.Signatures),
    response_class=Response,
)
def signatures(
    request: Request,
    db: Db,
    actor: CurrentActor,
    federation: FederationSlug,
    petition: PublicId,
    cursor: Cursor = None,
    limit: Limit = DEFAULT,
) -> Response:
    """A page of the signatures and withdrawals (the administrators' read only)."""
    found = parse_id(petition, "petition")
    shown = petition_signatures(
        db, found, federation=federation, cursor=cursor, limit=limit, actor=actor
    )
    return view_response(request, shown)


@router.get(
    IN_FEDERATION + "/persons/{person}",
    summary="A person",
    responses=answers(views.Person),
    response_class=Response,
)
def person(
    request: Request,
    db: Db,
    actor: CurrentActor,
    federation: FederationSlug,
    person: Annotated[str, slug_path("person")],
    as_of: AsOf = None,
    cursor: Cursor = None,
    limit: Limit = DEFAULT,
) -> Response:
    """Her parties, the constituencies that elected her, and a page of her mandates."""
    shown = reads.person_view(
        db,
        person,
        as_of=moment(as_of),
        federation=federation,
        cursor=cursor,
        limit=limit,
        actor=actor,
    )
    return view_response(request, shown)


@router.get(
    IN_FEDERATION + "/parties/{party}",
    summary="A party",
    responses=answers(views.Party),
    response_class=Response,
)
def party(
    request: Request,
    db: Db,
    actor: CurrentActor,
    federation: FederationSlug,
    party: Annotated[str, slug_path("party")],
    as_of: AsOf = None,
) -> Response:
    """Its programme, members, seats per council at `as_of`, and candidate lists."""
    shown = reads.party_view(db, party, as_of=moment(as_of), federation=federation, actor=actor)
    return view_response(request, shown)


@router.get(
    IN_FEDERATION + "/elections",
    summary="The federation's elections",
    responses=answers(Page[views.ElectionLine]),
    response_class=Response,
)
def elections(
    request: Request,
    db: Db,
    actor: CurrentActor,
    federation: FederationSlug,
    council: CouncilQuery = None,
    is_open: Annotated[bool, Query(alias="open", description="Only those still open.")] = False,
    cursor: Cursor = None,
    limit: Limit = DEFAULT,
) -> Response:
    """A page of the elections, oldest first: of one council or all; all or only open."""
    shown = reads.election_list(
        db,
        council=council,
        is_open=is_open,
        federation=federation,
        cursor=cursor,
        limit=limit,
        actor=actor,
    )
    return view_response(request, shown)


@router.get(
    IN_FEDERATION + "/elections/{election}",
    summary="An election",
    responses=answers(election_views.Election),
    response_class=Response,
)
def election(
    request: Request,
    db: Db,
    actor: CurrentActor,
    federation: FederationSlug,
    election: PublicId,
    cursor: Cursor = None,
    limit: Limit = DEFAULT,
) -> Response:
    """Its state, votes and seats per party, ties drawn by lot, and a page of its
    constituencies' results; a secret ballot's votes only once closed."""
    found = parse_id(election, "election")
    shown = reads.election_view(
        db, found, federation=federation, cursor=cursor, limit=limit, actor=actor
    )
    return view_response(request, shown)


@router.get(
    "/journal",
    summary="A page of the journal",
    responses=answers(Page[JournalEntry]),
    response_class=Response,
)
def journal(
    request: Request, db: Db, actor: CurrentActor, cursor: Cursor = None, limit: Limit = DEFAULT
) -> Response:
    """Every entry in full, oldest first (the operator's read)."""
    shown = reads.journal_page(db, cursor=cursor, limit=limit, actor=actor)
    return view_response(request, shown)
