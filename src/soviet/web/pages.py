"""The pages: each route authenticates the request as the API does (a session cookie, or
nobody), calls the same services and read models, and renders a template. Forms that
change anything carry the session's CSRF token in a field (`csrf_token`), checked here
for the web's paths as the API's guard checks its header."""

from __future__ import annotations

from datetime import date, datetime
from html import escape
from typing import Any
from urllib.parse import parse_qsl, urlsplit

from fastapi import APIRouter, Request
from jinja2 import Environment, PackageLoader, select_autoescape
from starlette.concurrency import run_in_threadpool
from starlette.responses import HTMLResponse, RedirectResponse, Response

from soviet.api import auth
from soviet.api.problems import STATUS, DoorError
from soviet.domain.identity import PUBLIC, Actor
from soviet.domain.moments import parse_moment
from soviet.domain.views.councils import DriftMeasurement
from soviet.errors import Forbidden, SovietError
from soviet.services import logins, rate_limits
from soviet.services.composition import composition
from soviet.services.federations import federation_list
from soviet.services.formation import drift_history, tree
from soviet.web import assets, hemicycle, i18n

router = APIRouter(include_in_schema=False)

#: The notices after which a council's page is fetched again (its seats may have moved).
COMPOSITION_KINDS = (
    "ElectionClosed",
    "DelegateRecalled",
    "DelegateReplaced",
    "MandateEnded",
    "BodyRefreshed",
    "CoOptionsSet",
    "DriftMeasured",
)
#: The form field a page's state-changing form carries its session's CSRF token in.
CSRF_FIELD = "csrf_token"
#: The paths of the pages (every other path belongs to the API or the static files).
PAGES = ("/", "/f/", "/sign-in", "/sign-out")

environment = Environment(
    loader=PackageLoader("soviet.web", "templates"),
    autoescape=select_autoescape(["html"]),
    trim_blocks=True,
    lstrip_blocks=True,
)
environment.globals["static"] = assets.url
HEADINGS = {
    401: "Not signed in",
    403: "Not allowed",
    404: "Not found",
    409: "Conflict",
    422: "That cannot be read",
    429: "Too many attempts",
    503: "Unavailable",
}


def is_page(path: str) -> bool:
    """Whether `path` is one of the web's pages (not the API's, not a static file)."""
    return path == "/" or path.startswith(PAGES[1:])


def _actor(request: Request) -> Actor:
    """The account the session cookie names, or the public (a stale cookie reads as none)."""
    try:
        return auth.authenticate(request)
    except DoorError:
        return PUBLIC


def render(request: Request, template: str, status: int = 200, **values: Any) -> HTMLResponse:
    """A page in the browser's language, with who is signed in and the CSRF token."""
    language = i18n.negotiate(request.headers.get("accept-language"))
    actor = _actor(request)
    secret = request.cookies.get(auth.SESSION_COOKIE)
    signed_in = actor is not PUBLIC and secret is not None
    page = environment.get_template(template).render(
        _=i18n.translator(language),
        language=language,
        account=actor.name if signed_in else None,
        csrf_token=logins.csrf_token(secret) if signed_in and secret else "",
        **values,
    )
    headers = {"Cache-Control": "no-store", "Content-Language": language}
    return HTMLResponse(page, status_code=status, headers=headers)


def refusal(request: Request, error: SovietError) -> HTMLResponse:
    """A service's refusal as a page with its status, in the browser's language."""
    status = STATUS.get(error.code, 400)
    gettext = i18n.translator(i18n.negotiate(request.headers.get("accept-language")))
    heading = gettext(HEADINGS.get(status, "That cannot be done"))
    return render(
        request, "problem.html", status, heading=heading, detail=error.message.splitlines()[0]
    )


@router.get("/")
def federations(request: Request) -> Response:
    db = request.app.state.db
    try:
        page = federation_list(db, cursor=None, limit=500, actor=_actor(request))
    except SovietError as error:
        return refusal(request, error)
    return render(request, "federations.html", federations=page.items)


def _name_of(request: Request, federation: str) -> str:
    page = federation_list(request.app.state.db, cursor=None, limit=500, actor=_actor(request))
    return next((f.name for f in page.items if f.federation == federation), federation)


@router.get("/f/{federation}")
def federation_tree(request: Request, federation: str) -> Response:
    db = request.app.state.db
    try:
        nodes = tree(db, federation=federation, actor=_actor(request))
        name = _name_of(request, federation)
    except SovietError as error:
        return refusal(request, error)
    return render(request, "tree.html", federation=federation, federation_name=name, nodes=nodes)


def _moment(value: str | None) -> datetime | None:
    """The end of the day a time slider names (`?at=1917-10-25`), or None for now."""
    if not value:
        return None
    return parse_moment(value, field="at", end_of_day=True)


@router.get("/f/{federation}/councils/{council}")
def council_page(
    request: Request, federation: str, council: str, at: str | None = None
) -> Response:
    db = request.app.state.db
    actor = _actor(request)
    try:
        moment = _moment(at)
        shown = composition(db, council, as_of=moment, federation=federation, actor=actor)
        measured = drift_history(db, council, as_of=moment, federation=federation, actor=actor)
        name = next(
            (
                n.name
                for n in _flatten(tree(db, federation=federation, actor=actor))
                if n.council == council
            ),
            council,
        )
        federation_name = _name_of(request, federation)
    except SovietError as error:
        return refusal(request, error)
    gettext = i18n.translator(i18n.negotiate(request.headers.get("accept-language")))
    fractions = hemicycle.fractions_of(shown.fractions)
    parts = ", ".join(f"{f.party} {f.seats}" for f in fractions)
    drawing = hemicycle.svg(
        shown.seats,
        fractions,
        title=gettext("Seats of {name}", name=name),
        description=gettext(
            "{filled} of {seats} seats: {parts}",
            filled=shown.filled,
            seats=shown.seats,
            parts=parts or "-",
        ),
    )
    return render(
        request,
        "council.html",
        federation=federation,
        federation_name=federation_name,
        council=council,
        name=name,
        composition=shown,
        fractions=fractions,
        empty=max(0, shown.seats - sum(f.seats for f in fractions)),
        hemicycle=drawing,
        drift=measured,
        drift_chart=_drift_chart(measured, gettext("Drift of {name} over time", name=name)),
        at_value=at or "",
        moment=shown.as_of[:10],
        first_day="1800-01-01",
        today=date.today().isoformat(),
        kinds=",".join(COMPOSITION_KINDS),
    )


def _flatten(nodes: list[Any]) -> list[Any]:
    found = []
    for node in nodes:
        found.append(node)
        found.extend(_flatten(node.below))
    return found


def _drift_chart(measured: list[DriftMeasurement], title: str) -> str:
    """The Gallagher index of each measurement as a line, its table beside it on the page."""
    if len(measured) < 2:
        return ""
    width, height, pad = 320.0, 120.0, 8.0
    top = max(max(d.gallagher for d in measured), 1.0)
    step = (width - 2 * pad) / (len(measured) - 1)
    points = " ".join(
        f"{pad + i * step:.1f},{height - pad - (d.gallagher / top) * (height - 2 * pad):.1f}"
        for i, d in enumerate(measured)
    )
    return (
        f'<svg class="drift-chart" viewBox="0 0 {width:.0f} {height:.0f}" role="img" '
        f'aria-labelledby="drift-title"><title id="drift-title">{escape(title)}</title>'
        f'<line x1="{pad}" y1="{height - pad}" x2="{width - pad}" y2="{height - pad}" '
        'stroke="#767676"/>'
        f'<polyline points="{points}" fill="none" stroke="#8b0000" stroke-width="2"/></svg>'
    )


async def _form(request: Request) -> dict[str, str]:
    """A plain HTML form's fields (application/x-www-form-urlencoded, UTF-8), each once."""
    body = (await request.body()).decode("utf-8", "replace")
    return dict(parse_qsl(body, keep_blank_values=True))


def _safe_next(target: str | None) -> str:
    """Where to go after signing in: a path of this site, never another site."""
    if not target or not target.startswith("/") or target.startswith("//"):
        return "/"
    parts = urlsplit(target)
    return parts.path + (f"?{parts.query}" if parts.query else "")


@router.get("/sign-in")
def sign_in_form(request: Request, next: str | None = None) -> Response:
    return render(request, "sign_in.html", next=_safe_next(next), error="", account_given="")


@router.post("/sign-in")
async def sign_in(request: Request) -> Response:
    form = await _form(request)
    account = str(form.get("account", ""))
    password = str(form.get("password", ""))
    target = _safe_next(str(form.get("next", "")))
    gettext = i18n.translator(i18n.negotiate(request.headers.get("accept-language")))
    client = request.client.host if request.client else "unknown"
    try:
        opened = await run_in_threadpool(
            logins.login,
            request.app.state.db,
            account,
            password,
            client=client,
            user_agent=request.headers.get("user-agent", ""),
        )
    except rate_limits.RateLimited as error:
        message = gettext("Too many attempts: try again in {seconds} s.", seconds=error.retry_after)
        return render(
            request, "sign_in.html", 429, next=target, error=message, account_given=account
        )
    except SovietError as error:
        return refusal(request, error)
    if opened is None:
        message = gettext("The account or the password is wrong.")
        return render(
            request, "sign_in.html", 401, next=target, error=message, account_given=account
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


@router.post("/sign-out")
async def sign_out(request: Request) -> Response:
    form = await _form(request)
    secret = request.cookies.get(auth.SESSION_COOKIE, "")
    token = str(form.get(CSRF_FIELD, ""))
    if secret and (not token or not logins.is_csrf_token(secret, token)):
        return refusal(request, Forbidden("the form's CSRF token is missing or not this session's"))
    if secret:
        await run_in_threadpool(logins.logout, request.app.state.db, secret)
    response = RedirectResponse("/", status_code=303)
    response.delete_cookie(auth.SESSION_COOKIE, path="/")
    return response


@router.get("/static/{served}")
def static(served: str) -> Response:
    found = assets.response(served)
    if found is None:
        return HTMLResponse("not found", status_code=404)
    return found
