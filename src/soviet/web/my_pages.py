"""The visitor's own page: her constituencies and their delegates, what she can act on
now (open polls, recall petitions, elections), and her open sessions and tokens, which
she may close; and the banner every page shows while she can vote."""

from __future__ import annotations

from urllib.parse import quote

from fastapi import APIRouter, Request
from starlette.responses import RedirectResponse, Response

from soviet.api import auth
from soviet.domain.identity import account_actor
from soviet.errors import InvalidInput, SovietError
from soviet.services import accounts, my_status, reads
from soviet.web.pages import SIGN_IN, PostedForm, db_of, refused, visitor_of
from soviet.web.render import page

router = APIRouter(include_in_schema=False)

ME = "/me"
#: The elections of each constituency the page looks through for open ones.
ELECTIONS_READ = 20


@router.get(ME)
def my_page(request: Request) -> Response:
    """The signed-in visitor's page."""
    visitor, _actor = visitor_of(request)
    if visitor.account is None:
        return RedirectResponse(f"{SIGN_IN}?next={quote(ME)}", status_code=303)
    db = db_of(request)
    actor = account_actor(visitor.account)
    try:
        entries = accounts.memberships(db, visitor.account, actor=actor)
        places = [
            reads.constituency_view(
                db,
                entry.constituency,
                federation=entry.federation,
                limit=ELECTIONS_READ,
                actor=actor,
            )
            for entry in entries
        ]
        sessions = accounts.credentials(db, visitor.account, "session", actor=actor)
        tokens = accounts.credentials(db, visitor.account, "token", actor=actor)
        polls = my_status.open_polls(db, actor=actor)
    except SovietError as error:
        return refused(request, visitor, error)
    current = request.state.credential
    return page(
        request,
        "me.html",
        visitor,
        places=list(zip(entries, places, strict=True)),
        polls=polls,
        sessions=sessions,
        tokens=tokens,
        current=current,
        chosen=accounts.language(db, visitor.account, actor=actor) or "",
        done=request.query_params.get("done", "")[:20],
    )


@router.get(ME + "/banner")
def banner(request: Request) -> Response:
    """The banner alone, as it is now (what a page's script fetches when a poll opens or
    closes)."""
    visitor, _actor = visitor_of(request)
    polls = visitor.open_polls() if visitor.account is not None else ()
    return page(request, "_banner.html", visitor, polls=polls)


@router.post(ME + "/credentials")
def close_credential(request: Request, form: PostedForm) -> Response:
    """Close one of the visitor's own sessions or tokens."""
    visitor, _actor = visitor_of(request)
    if visitor.account is None:
        return RedirectResponse(f"{SIGN_IN}?next={quote(ME)}", status_code=303)
    kind, _, number = form.get("credential", "").partition(":")
    try:
        if kind not in ("session", "token") or not number.isdigit() or len(number) > 18:
            raise InvalidInput("credential: not a session or a token of this account")
        accounts.revoke(
            db_of(request), visitor.account, kind, int(number), actor=account_actor(visitor.account)
        )
    except SovietError as error:
        return refused(request, visitor, error)
    if f"{kind}:{number}" == request.state.credential:  # she closed the session she used
        response = RedirectResponse("/", status_code=303)
        response.delete_cookie(auth.SESSION_COOKIE, path="/", httponly=True, samesite="lax")
        return response
    return RedirectResponse(f"{ME}?done=closed", status_code=303)


@router.post(ME + "/language")
def choose_language(request: Request, form: PostedForm) -> Response:
    """Choose the language of the visitor's pages (or leave it to the browser)."""
    visitor, _actor = visitor_of(request)
    if visitor.account is None:
        return RedirectResponse(f"{SIGN_IN}?next={quote(ME)}", status_code=303)
    chosen = form.get("language", "")[:10]
    try:
        accounts.set_language(
            db_of(request),
            visitor.account,
            chosen or None,
            actor=account_actor(visitor.account),
        )
    except SovietError as error:
        return refused(request, visitor, error)
    return RedirectResponse(f"{ME}?done=language", status_code=303)
