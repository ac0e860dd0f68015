"""The pages: each route parses, calls one service with the visitor's actor (the public
when signed out) and renders a template. Not part of the API's OpenAPI document."""

from __future__ import annotations

from typing import Annotated, Any
from urllib.parse import parse_qsl, quote

from fastapi import APIRouter, Depends, Query, Request
from starlette.responses import RedirectResponse, Response

from soviet.api import auth
from soviet.api.problems import STATUS, DoorError
from soviet.api.reads_params import moment
from soviet.domain.identity import PUBLIC, Actor, account_actor
from soviet.domain.journal import format_time
from soviet.errors import SovietError
from soviet.services import (
    accounts,
    boards,
    decryptions,
    formation,
    logins,
    mandates,
    my_status,
    plenary,
    reads,
    resolutions,
    sealed,
)
from soviet.services import composition as composition_service
from soviet.services.bootstrap import Database
from soviet.services.federations import federation_list
from soviet.services.journal import utc_now
from soviet.web import charts, hemicycle
from soviet.web.assets import CACHE_CONTROL, by_hashed_name
from soviet.web.render import Visitor, gettext_of, page

router = APIRouter(include_in_schema=False)

#: Where a browser signs in and out through the pages' forms.
SIGN_IN = "/sign-in"
SIGN_OUT = "/sign-out"
#: The notices after which a council's composition may have changed: its hemicycle is
#: fetched again when one arrives (static/live.js).
COMPOSITION_KINDS = (
    "ElectionClosed",
    "BodyRefreshed",
    "CoOptionsSet",
    "DelegateRecalled",
    "DelegateReplaced",
    "MandateEnded",
)
FEDERATIONS_SHOWN = 200
#: The sessions (and the resolutions) a council page lists, the first first.
SESSIONS_SHOWN = 50
#: The latest measurements of drift a council page's table lists (its chart shows all).
DRIFT_ROWS_SHOWN = 50
#: The elections a constituency page lists, the first held first.
ELECTIONS_SHOWN = 50
SLUG = r"^[a-z0-9][a-z0-9-]{0,99}$"


def db_of(request: Request) -> Database:
    """The database the app serves (each page module reads it so)."""
    db: Database = request.app.state.db
    return db


def visitor_of(request: Request) -> tuple[Visitor, Actor]:
    """Who is looking: a session that is not valid (expired, closed) is read as nobody."""
    try:
        actor = auth.authenticate(request)
    except DoorError:
        return Visitor(None, None), PUBLIC
    account: str | None = request.state.account
    secret = request.cookies.get(auth.SESSION_COOKIE)
    credential: str | None = request.state.credential
    is_session = credential is not None and credential.startswith("session:")
    token = logins.csrf_token(secret) if secret and is_session else None
    if account is None:
        return Visitor(None, token), actor
    db = db_of(request)
    mine = account_actor(account)
    request.state.language = accounts.language(db, account, actor=mine)  # her choice, if any
    return Visitor(account, token, lambda: my_status.open_polls(db, actor=mine)), actor


def _federation_name(request: Request, federation: str, actor: Actor) -> str:
    """The federation's name (its slug when it is not among those served)."""
    shown = federation_list(db_of(request), cursor=None, limit=FEDERATIONS_SHOWN, actor=actor)
    return next((line.name for line in shown.items if line.federation == federation), federation)


def refused(request: Request, visitor: Visitor, error: SovietError) -> Response:
    return page(
        request,
        "error.html",
        visitor,
        status=STATUS.get(error.code, 400),
        message=error.message.splitlines()[0],
    )


@router.get("/")
def federations(request: Request) -> Response:
    """The federations this server serves."""
    visitor, actor = visitor_of(request)
    shown = federation_list(db_of(request), cursor=None, limit=FEDERATIONS_SHOWN, actor=actor)
    return page(request, "federations.html", visitor, federations=shown.items)


@router.get("/federations/{federation}")
def tree(request: Request, federation: str) -> Response:
    """The federation's tree of bodies, each with its size, majority and drift."""
    visitor, actor = visitor_of(request)
    try:
        nodes = formation.tree(db_of(request), federation=federation, actor=actor)
    except SovietError as error:
        return refused(request, visitor, error)
    name = _federation_name(request, federation, actor)
    return page(request, "tree.html", visitor, federation=federation, name=name, nodes=nodes)


def _composition(
    request: Request,
    actor: Actor,
    federation: str,
    council: str,
    at: str | None,
    section: str | None = None,
) -> composition_service.Composition:
    return composition_service.composition(
        db_of(request),
        council,
        as_of=moment(at or None),
        section=section,
        federation=federation,
        actor=actor,
    )


@router.get("/federations/{federation}/councils/{council}")
def council(
    request: Request,
    federation: str,
    council: str,
    at: Annotated[str | None, Query(max_length=40)] = None,
    section: Annotated[str | None, Query(max_length=100)] = None,
) -> Response:
    """A council (or one of its sections) at a moment (now unless `at` names a day): its
    hemicycle, fractions and members, and a form to look at another moment."""
    visitor, actor = visitor_of(request)
    try:
        shown = _composition(request, actor, federation, council, at, section or None)
        sections = composition_service.section_names(
            db_of(request), council, federation=federation, actor=actor
        )
        name = composition_service.council_name(
            db_of(request), council, federation=federation, actor=actor
        )
        sessions = plenary.sessions_view(
            db_of(request), council, federation=federation, limit=SESSIONS_SHOWN, actor=actor
        )
        adopted = resolutions.resolutions(
            db_of(request), council, federation=federation, limit=SESSIONS_SHOWN, actor=actor
        )
        history = formation.drift_history(
            db_of(request), council, as_of=moment(at or None), federation=federation, actor=actor
        )
    except SovietError as error:
        return refused(request, visitor, error)
    now = format_time(utc_now())
    stops = charts.slider_stops(
        [m.at for m in history] + [member.since for member in shown.members], now
    )
    day = (at or now)[:10]
    return page(
        request,
        "council.html",
        visitor,
        federation=federation,
        federation_name=_federation_name(request, federation, actor),
        council=shown,
        council_name=name,
        at=at or "",
        hemicycle=hemicycle.layout(shown.fractions, shown.seats),
        sessions=sessions.items,
        more_sessions=sessions.next_cursor is not None,
        live_kinds=",".join(COMPOSITION_KINDS),
        sections=sections,
        section=section or "",
        resolutions=adopted.items,
        more_resolutions=adopted.next_cursor is not None,
        history=history[-DRIFT_ROWS_SHOWN:],
        chart=charts.drift_chart(history, shown.as_of),
        stops=stops,
        stop=max([i for i, stop in enumerate(stops) if stop <= day] or [0]),
    )


@router.get("/federations/{federation}/councils/{council}/hemicycle")
def hemicycle_fragment(request: Request, federation: str, council: str) -> Response:
    """The council's hemicycle and seat table now, as the council page shows them: what
    the page's script puts in place of its own when the composition may have changed."""
    visitor, actor = visitor_of(request)
    try:
        shown = _composition(request, actor, federation, council, None)
        name = composition_service.council_name(
            db_of(request), council, federation=federation, actor=actor
        )
    except SovietError as error:
        return refused(request, visitor, error)
    layout = hemicycle.layout(shown.fractions, shown.seats)
    return page(
        request, "hemicycle.html", visitor, council=shown, council_name=name, hemicycle=layout
    )


def _safe_next(target: str) -> str:
    """Where to go after signing in: a path of this site only."""
    if target.startswith("/") and not target.startswith("//") and "\\" not in target:
        return target
    return "/"


@router.get(SIGN_IN)
def sign_in_form(request: Request, next: str = "/") -> Response:
    visitor, _actor = visitor_of(request)
    return page(request, "sign_in.html", visitor, next=_safe_next(next), account="", error=None)


async def posted_form(request: Request) -> dict[str, str]:
    """The fields of a posted url-encoded form, each field's first value."""
    fields: dict[str, str] = {}
    for key, value in parse_qsl((await request.body()).decode("utf-8", "replace"), True):
        fields.setdefault(key, value)
    return fields


PostedForm = Annotated[dict[str, str], Depends(posted_form)]


@router.post(SIGN_IN)
def sign_in(request: Request, form: PostedForm) -> Response:
    """Open a session (the API's cookie) and go where the visitor was going."""
    _ = gettext_of(request)
    account = form.get("account", "")[:200]
    password = form.get("password", "")
    next = form.get("next", "/")
    nobody = Visitor(None, None)
    target = _safe_next(next)
    if not account.strip() or not password:
        error = _("Enter both your account and your password.")
        return page(
            request, "sign_in.html", nobody, status=422, next=target, account=account, error=error
        )
    address = request.client.host if request.client is not None else ""
    user_agent = request.headers.get("user-agent", "")
    client = logins.client_key(request.cookies.get(auth.SESSION_COOKIE), address, user_agent)
    opened = logins.login(db_of(request), account, password, client=client, user_agent=user_agent)
    if opened is None:
        error = _("The account or the password is wrong.")
        return page(
            request, "sign_in.html", nobody, status=401, next=target, account=account, error=error
        )
    response = RedirectResponse(target, status_code=303)
    response.set_cookie(
        auth.SESSION_COOKIE,
        opened.secret,
        max_age=logins.SESSION_DAYS * 86400,
        path="/",
        secure=request.app.state.settings.secure_cookies,
        httponly=True,
        samesite="lax",
    )
    return response


@router.post(SIGN_OUT)
def sign_out(request: Request) -> Response:
    """Close this session (the door checked its CSRF token) and forget the cookie."""
    secret = request.cookies.get(auth.SESSION_COOKIE)
    if secret:
        logins.logout(db_of(request), secret)
    response = RedirectResponse("/", status_code=303)
    response.delete_cookie(auth.SESSION_COOKIE, path="/", httponly=True, samesite="lax")
    return response


@router.get("/static/{name}")
def static(name: str) -> Response:
    """A static file by its hashed name, cached for a year."""
    found = by_hashed_name().get(name)
    if found is None:
        return Response(status_code=404)
    headers = {"Cache-Control": CACHE_CONTROL}
    return Response(found.path.read_bytes(), media_type=found.media_type, headers=headers)


CONSTITUENCY = "/federations/{federation}/constituencies/{constituency}"
RECALL = CONSTITUENCY + "/recall/{person}"


def member_key(
    request: Request, visitor: Visitor, federation: str, constituency: str
) -> str | None:
    """The visitor's key on the constituency's register, if she is on it."""
    if visitor.account is None:
        return None
    entries = accounts.memberships(
        db_of(request), visitor.account, actor=account_actor(visitor.account)
    )
    for entry in entries:
        if entry.federation == federation and entry.constituency == constituency:
            return entry.member
    return None


@router.get(CONSTITUENCY)
def constituency(request: Request, federation: str, constituency: str) -> Response:
    """A constituency now: its delegates, its electorate, the recall petitions open
    against its delegates with their progress, its elections; for a member of it, the
    way to sign a recall."""
    visitor, actor = visitor_of(request)
    try:
        shown = reads.constituency_view(
            db_of(request), constituency, federation=federation, limit=ELECTIONS_SHOWN, actor=actor
        )
        member = member_key(request, visitor, federation, constituency)
        council_name = composition_service.council_name(
            db_of(request), shown.council, federation=federation, actor=actor
        )
    except SovietError as error:
        return refused(request, visitor, error)
    return page(
        request,
        "constituency.html",
        visitor,
        federation=federation,
        constituency=shown,
        council_name=council_name,
        member=member,
        petitions={petition.delegate: petition for petition in shown.petitions},
    )


def recall_page(
    request: Request, federation: str, constituency: str, person: str
) -> tuple[Visitor, Any, str | None, Any] | Response:
    visitor, actor = visitor_of(request)
    if visitor.account is None:
        return RedirectResponse(f"{SIGN_IN}?next={quote(request.url.path)}", status_code=303)
    try:
        shown = reads.constituency_view(
            db_of(request), constituency, federation=federation, limit=1, actor=actor
        )
        member = member_key(request, visitor, federation, constituency)
    except SovietError as error:
        return refused(request, visitor, error)
    delegate = next((d for d in shown.delegates if d.person == person), None)
    if delegate is None:
        _ = gettext_of(request)
        message = _("%(person)s holds no seat of this constituency now.") % {"person": person}
        return page(request, "error.html", visitor, status=404, message=message)
    return visitor, shown, member, delegate


@router.get(RECALL)
def recall_review(request: Request, federation: str, constituency: str, person: str) -> Response:
    """Review: what signing the recall of a delegate does, before signing it."""
    found = recall_page(request, federation, constituency, person)
    if isinstance(found, Response):
        return found
    visitor, shown, member, delegate = found
    petition = next((p for p in shown.petitions if p.delegate == person), None)
    return page(
        request,
        "recall.html",
        visitor,
        federation=federation,
        constituency=shown,
        member=member,
        delegate=delegate,
        petition=petition,
    )


@router.post(RECALL)
def recall_act(
    request: Request, federation: str, constituency: str, person: str, form: PostedForm
) -> Response:
    """Sign (or withdraw a signature from) the recall of a delegate, as the member the
    visitor is on the register; the receipt is shown."""
    found = recall_page(request, federation, constituency, person)
    if isinstance(found, Response):
        return found
    visitor, shown, member, _delegate = found
    _ = gettext_of(request)
    if member is None:
        message = _("Only a member of this constituency on its register may sign.")
        return page(request, "error.html", visitor, status=403, message=message)
    actor = account_actor(visitor.account or "")
    action = form.get("action", "")
    try:
        if action == "sign":
            signed = mandates.sign_recall(
                db_of(request), shown.council, person, member, federation=federation, actor=actor
            )
            receipt, outcome = signed.receipt, signed
        elif action == "withdraw":
            entry = mandates.withdraw_recall(
                db_of(request), shown.council, person, member, federation=federation, actor=actor
            )
            receipt, outcome = entry.hash, None
        else:
            message = _("action: must be sign or withdraw")
            return page(request, "error.html", visitor, status=422, message=message)
    except SovietError as error:
        return refused(request, visitor, error)
    return page(
        request,
        "receipt.html",
        visitor,
        federation=federation,
        constituency=shown,
        person=person,
        action=action,
        receipt=receipt,
        signed=outcome,
    )


MOTION = "/federations/{federation}/councils/{council}/motions/{motion}"
#: The API's addresses a sealed ballot's script uses (the page gives them to it).
API_MOTION = "/api/v1/federations/{federation}/councils/{council}/motions/{motion}"


@router.get(MOTION + "/ballot")
def sealed_ballot(request: Request, federation: str, council: str, motion: str) -> Response:
    """A delegate's sealed ballot on a motion: the choice is encrypted by this page's script
    on her own device and only the ciphertexts with their proofs are sent, so the page has
    no plain form to fall back on; without JavaScript it says so and sends nothing."""
    visitor, actor = visitor_of(request)
    address = f"{council}/{motion}"
    try:
        shown = plenary.motion_view(db_of(request), address, federation=federation, actor=actor)
        terms = sealed.sealing(db_of(request), address, federation=federation, actor=actor)
        mine = (
            None
            if visitor.account is None
            else my_status.vote_status(
                db_of(request), address, federation=federation, actor=account_actor(visitor.account)
            )
        )
    except SovietError as error:
        return refused(request, visitor, error)
    if terms is None:
        _ = gettext_of(request)
        message = _("The vote on %(motion)s is not sealed.") % {"motion": address}
        return page(request, "error.html", visitor, status=409, message=message)
    api = API_MOTION.format(federation=federation, council=council, motion=motion)
    return page(
        request,
        "ballot.html",
        visitor,
        federation=federation,
        motion=shown,
        terms=terms,
        mine=mine,
        api=api,
    )


@router.get(MOTION + "/board")
def board_page(request: Request, federation: str, council: str, motion: str) -> Response:
    """The public board of a vote: a sealed vote's ballots by receipt, the trustees' shares
    of the decryption given, the result once published; an open vote's roll call or
    counts; and how anyone recounts it."""
    visitor, actor = visitor_of(request)
    address = f"{council}/{motion}"
    try:
        board = boards.board(db_of(request), address, federation=federation, actor=actor)
        shown = plenary.motion_view(db_of(request), address, federation=federation, actor=actor)
    except SovietError as error:
        return refused(request, visitor, error)
    _ = gettext_of(request)
    wanted = request.query_params.get("receipt", "").strip().lower()[:64]
    receipts = [b["receipt"] for b in board.get("ballots", [])]  # an open vote's has none
    api = API_MOTION.format(federation=federation, council=council, motion=motion)
    return page(
        request,
        "board.html",
        visitor,
        heading=_("Board of the vote on %(title)s") % {"title": shown.title},
        crumb=(f"/federations/{federation}/councils/{shown.council}", shown.council),
        labels={"yes": _("Yes"), "no": _("No"), "abstain": _("Abstain")},
        board=board,
        receipts=receipts,
        wanted=wanted,
        found=wanted in receipts if wanted else None,
        download=f"{api}/board",
    )


@router.get(MOTION + "/decrypt")
def decrypt_page(request: Request, federation: str, council: str, motion: str) -> Response:
    """A trustee gives her share of the decryption of a closed sealed vote's tally: her key
    file is read by this page's script on her own device, never sent; only the share of the
    decryption and its proof are."""
    visitor, actor = visitor_of(request)
    if visitor.account is None:
        return RedirectResponse(f"{SIGN_IN}?next={quote(request.url.path)}", status_code=303)
    address = f"{council}/{motion}"
    try:
        shown = plenary.motion_view(db_of(request), address, federation=federation, actor=actor)
        wanted = decryptions.to_decrypt(db_of(request), address, federation=federation, actor=actor)
    except SovietError as error:
        return refused(request, visitor, error)
    _ = gettext_of(request)
    api = API_MOTION.format(federation=federation, council=council, motion=motion)
    board = f"/federations/{federation}/councils/{council}/motions/{motion}/board"
    return page(
        request,
        "decrypt.html",
        visitor,
        heading=_("Decrypt the vote on %(title)s") % {"title": shown.title},
        crumb=(board, _("The vote's public board")),
        given=len(wanted.given),
        needed=wanted.threshold,
        ceremony=wanted.ceremony,
        api_tally=f"{api}/tally",
        api_give=f"{api}/decryptions",
    )


#: The councils whose delegates a party page names (the first, by the party's seats).
PARTY_COUNCILS_SHOWN = 20


@router.get("/federations/{federation}/parties/{party}")
def party(request: Request, federation: str, party: str) -> Response:
    """A party: its programme and central committee, its candidate lists, and its
    delegates now in every council where it holds seats."""
    visitor, actor = visitor_of(request)
    db = db_of(request)
    try:
        shown = reads.party_view(db, party, federation=federation, actor=actor)
        positions = reads.party_positions(
            db, party, federation=federation, limit=SESSIONS_SHOWN, actor=actor
        )
        councils = sorted(shown.seats, key=lambda c: (-shown.seats[c], c))[:PARTY_COUNCILS_SHOWN]
        delegates: dict[str, dict[str, list[str]]] = {}
        for council in councils:
            places = delegates.setdefault(council, {})
            shown_now = composition_service.composition(
                db, council, federation=federation, actor=actor
            )
            for member in shown_now.members:
                if member.party == party:
                    places.setdefault(member.constituency or "", []).append(member.person)
        names = {
            council: composition_service.council_name(
                db, council, federation=federation, actor=actor
            )
            for council in councils
        }
    except SovietError as error:
        return refused(request, visitor, error)
    return page(
        request,
        "party.html",
        visitor,
        federation=federation,
        federation_name=_federation_name(request, federation, actor),
        party=shown,
        delegates=delegates,
        names=names,
        more=len(shown.seats) > len(councils),
        positions=positions,
    )
