"""The reads of a federation's councils as GETs: composition and members, drift and the
tree of bodies, motions, resolutions, sessions, commissions, the chain of authority of an
act, and a factory committee's register. Like api.reads: parse, call one service with
the request's actor, answer the read model (api.http)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated, Any, TypeVar

from fastapi import APIRouter, Path, Request
from starlette.responses import Response

from soviet.api.deps import CurrentActor, Db
from soviet.api.http import ReadRoute, answers, view_response
from soviet.api.reads_params import (
    DEFAULT,
    NUMBER_MAX,
    AsOf,
    CouncilQuery,
    CouncilSlug,
    Cursor,
    FederationSlug,
    Limit,
    MotionQuery,
    PublicId,
    SectionQuery,
    moment,
    slug_path,
)
from soviet.domain.ids import parse_id
from soviet.domain.views import Page
from soviet.domain.views import councils as council_views
from soviet.domain.views import plenary as plenary_views
from soviet.domain.views import resolutions as resolution_views
from soviet.domain.views import speakers as speaker_views
from soviet.services import authority as authority_service
from soviet.services import composition as composition_service
from soviet.services import factory, formation, plenary, resolutions, speakers

router = APIRouter(route_class=ReadRoute)
Route = TypeVar("Route", bound=Callable[..., Response])

COUNCIL = "/federations/{federation}/councils/{council}"


def _get(path: str, summary: str, model: Any) -> Callable[[Route], Route]:
    return router.get(path, summary=summary, responses=answers(model), response_class=Response)


@_get(COUNCIL, "A council's composition", council_views.Composition)
def council(
    request: Request,
    db: Db,
    actor: CurrentActor,
    federation: FederationSlug,
    council: CouncilSlug,
    as_of: AsOf = None,
    section: SectionQuery = None,
) -> Response:
    """Who sits in a council (or one of its sections) at `as_of`: seats, filled,
    fractions, majority, members."""
    shown = composition_service.composition(
        db, council, as_of=moment(as_of), section=section, federation=federation, actor=actor
    )
    return view_response(request, shown)


@_get(COUNCIL + "/members", "A page of a council's members", Page[council_views.Member])
def council_members(
    request: Request,
    db: Db,
    actor: CurrentActor,
    federation: FederationSlug,
    council: CouncilSlug,
    as_of: AsOf = None,
    section: SectionQuery = None,
    cursor: Cursor = None,
    limit: Limit = DEFAULT,
) -> Response:
    """Who sits in a council at `as_of`, by delegation, constituency and seat."""
    shown = composition_service.council_members(
        db,
        council,
        as_of=moment(as_of),
        section=section,
        federation=federation,
        cursor=cursor,
        limit=limit,
        actor=actor,
    )
    return view_response(request, shown)


@_get("/federations/{federation}/drift", "Mandate drift", list[council_views.CouncilDrift])
def drift(
    request: Request,
    db: Db,
    actor: CurrentActor,
    federation: FederationSlug,
    council: CouncilQuery = None,
    as_of: AsOf = None,
) -> Response:
    """How far each council (or one) is from what its base would give now, most drifted
    first; a body not convened yet last, without figures."""
    shown = formation.drift_view(
        db, council, as_of=moment(as_of), federation=federation, actor=actor
    )
    return view_response(request, shown)


@_get(
    COUNCIL + "/drift-history",
    "A council's drift over time",
    list[council_views.DriftMeasurement],
)
def drift_history(
    request: Request,
    db: Db,
    actor: CurrentActor,
    federation: FederationSlug,
    council: CouncilSlug,
    as_of: AsOf = None,
) -> Response:
    """Every measurement of a council's drift up to `as_of`, oldest first."""
    shown = formation.drift_history(
        db, council, as_of=moment(as_of), federation=federation, actor=actor
    )
    return view_response(request, shown)


@_get("/federations/{federation}/tree", "The tree of bodies", list[council_views.Node])
def tree(
    request: Request, db: Db, actor: CurrentActor, federation: FederationSlug, as_of: AsOf = None
) -> Response:
    """Each elected council at a root, each body under the councils it is formed from."""
    shown = formation.tree(db, as_of=moment(as_of), federation=federation, actor=actor)
    return view_response(request, shown)


@_get(COUNCIL + "/motions", "A page of a council's motions", Page[plenary_views.Motion])
def motions(
    request: Request,
    db: Db,
    actor: CurrentActor,
    federation: FederationSlug,
    council: CouncilSlug,
    cursor: Cursor = None,
    limit: Limit = DEFAULT,
) -> Response:
    """A council's motions in the order moved."""
    shown = plenary.motions_view(
        db, council, federation=federation, cursor=cursor, limit=limit, actor=actor
    )
    return view_response(request, shown)


@_get(COUNCIL + "/motions/{motion}", "A motion", plenary_views.Motion)
def motion(
    request: Request,
    db: Db,
    actor: CurrentActor,
    federation: FederationSlug,
    council: CouncilSlug,
    motion: Annotated[str, slug_path("motion")],
) -> Response:
    """Its text, mover, status, tally, roll call by fraction, resolution number."""
    shown = plenary.motion_view(db, f"{council}/{motion}", federation=federation, actor=actor)
    return view_response(request, shown)


@_get(
    COUNCIL + "/resolutions", "A page of a council's resolutions", Page[resolution_views.Resolution]
)
def resolution_list(
    request: Request,
    db: Db,
    actor: CurrentActor,
    federation: FederationSlug,
    council: CouncilSlug,
    cursor: Cursor = None,
    limit: Limit = DEFAULT,
) -> Response:
    """A council's resolutions by number, with what amended or annulled each."""
    shown = resolutions.resolutions(
        db, council, federation=federation, cursor=cursor, limit=limit, actor=actor
    )
    return view_response(request, shown)


@_get(COUNCIL + "/resolutions/{number}", "A resolution", resolution_views.Resolution)
def resolution(
    request: Request,
    db: Db,
    actor: CurrentActor,
    federation: FederationSlug,
    council: CouncilSlug,
    number: Annotated[int, Path(ge=1, le=NUMBER_MAX, description="Its number in the council.")],
) -> Response:
    """Its text, the motion and session that adopted it, what amended or annulled it."""
    address = f"{council}/{number}"
    shown = resolutions.resolution_view(db, address, federation=federation, actor=actor)
    return view_response(request, shown)


@_get(COUNCIL + "/sessions", "A page of a council's sessions", Page[plenary_views.SessionLine])
def sessions(
    request: Request,
    db: Db,
    actor: CurrentActor,
    federation: FederationSlug,
    council: CouncilSlug,
    cursor: Cursor = None,
    limit: Limit = DEFAULT,
) -> Response:
    """A council's sessions in the order convened."""
    shown = plenary.sessions_view(
        db, council, federation=federation, cursor=cursor, limit=limit, actor=actor
    )
    return view_response(request, shown)


@_get("/federations/{federation}/sessions/{session}", "A session", plenary_views.Session)
def session(
    request: Request,
    db: Db,
    actor: CurrentActor,
    federation: FederationSlug,
    session: PublicId,
    as_of: AsOf = None,
    cursor: Cursor = None,
    limit: Limit = DEFAULT,
) -> Response:
    """Agenda, attendance by fraction and a page of the delegates attending, quorum,
    walk-outs, the motion being voted on with its running tally."""
    found = parse_id(session, "session")
    shown = plenary.session_view(
        db,
        found,
        as_of=moment(as_of),
        federation=federation,
        cursor=cursor,
        limit=limit,
        actor=actor,
    )
    return view_response(request, shown)


SESSION = "/federations/{federation}/sessions/{session}"


@_get(SESSION + "/speakers", "A list of speakers", speaker_views.SpeakersList)
def speakers_list(
    request: Request,
    db: Db,
    actor: CurrentActor,
    federation: FederationSlug,
    session: PublicId,
    motion: MotionQuery = None,
) -> Response:
    """A session's list of speakers (or one motion's) in its current order, with the
    current speaker's time."""
    found = parse_id(session, "session")
    shown = speakers.speakers_view(db, found, motion=motion, federation=federation, actor=actor)
    return view_response(request, shown)


@_get(SESSION + "/speaking-time", "Speaking time on a list", speaker_views.SpeakingStats)
def speaking_time(
    request: Request,
    db: Db,
    actor: CurrentActor,
    federation: FederationSlug,
    session: PublicId,
    motion: MotionQuery = None,
) -> Response:
    """Speaking time on a session's (or one motion's) list per person, fraction, group."""
    found = parse_id(session, "session")
    shown = speakers.speaking_stats(db, found, motion=motion, federation=federation, actor=actor)
    return view_response(request, shown)


@_get(
    "/federations/{federation}/commissions",
    "A page of the commissions",
    Page[resolution_views.Commission],
)
def commissions(
    request: Request,
    db: Db,
    actor: CurrentActor,
    federation: FederationSlug,
    cursor: Cursor = None,
    limit: Limit = DEFAULT,
) -> Response:
    """Every council's commissions, by council and slug: mandate, powers, deadline."""
    shown = resolutions.commissions(
        db, federation=federation, cursor=cursor, limit=limit, actor=actor
    )
    return view_response(request, shown)


@_get(COUNCIL + "/commissions/{commission}", "A commission", resolution_views.Commission)
def commission(
    request: Request,
    db: Db,
    actor: CurrentActor,
    federation: FederationSlug,
    council: CouncilSlug,
    commission: Annotated[str, slug_path("commission")],
) -> Response:
    """The resolution that created it, its mandate, powers, deadline and members."""
    address = f"{council}/{commission}"
    shown = resolutions.commission_view(db, address, federation=federation, actor=actor)
    return view_response(request, shown)


@_get(
    "/federations/{federation}/acts/{act}/authority",
    "The chain of authority of an act",
    tuple[resolution_views.AuthorityStep, ...],
)
def authority(
    request: Request, db: Db, actor: CurrentActor, federation: FederationSlug, act: PublicId
) -> Response:
    """The act, the commission that acted, the resolution, its motion and the plenary."""
    found = parse_id(act, "act")
    shown = authority_service.authority(db, found, federation=federation, actor=actor)
    return view_response(request, shown)


@_get(COUNCIL + "/requests", "A factory committee's register", list[plenary_views.FactoryRequest])
def requests(
    request: Request, db: Db, actor: CurrentActor, federation: FederationSlug, council: CouncilSlug
) -> Response:
    """Every request put before a factory committee, and what it decided."""
    shown = factory.register(db, council, federation=federation, actor=actor)
    return view_response(request, shown)
