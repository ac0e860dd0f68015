"""Templates: one Jinja2 environment per language, each with its catalogue installed,
and what every page is given (the signed-in account, its CSRF token, static addresses)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from functools import cache
from typing import Any

from babel.numbers import format_decimal
from fastapi import Request
from jinja2 import Environment, PackageLoader, select_autoescape
from starlette.responses import HTMLResponse

from soviet.web import assets, i18n


@cache
def environment(language: str) -> Environment:
    """The templates in `language` (one of i18n.LANGUAGES)."""
    env = Environment(
        loader=PackageLoader("soviet.web", "templates"),
        autoescape=select_autoescape(default=True),
        extensions=["jinja2.ext.i18n"],
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.install_gettext_translations(i18n.translations(language), newstyle=True)  # type: ignore[attr-defined]
    env.globals["static"] = assets.url
    env.filters["decimal"] = lambda value: format_decimal(value, "0.0", locale=language)
    env.globals["language"] = language
    return env


@dataclass(frozen=True)
class Visitor:
    """Who is looking at a page: an account (with its session's CSRF token) or nobody;
    `polls_of` reads the open polls she may vote on, for the banner of a whole page (and
    only then: a page's live parts do not read them)."""

    account: str | None
    csrf_token: str | None
    polls_of: Callable[[], tuple[Any, ...]] | None = None

    def open_polls(self) -> tuple[Any, ...]:
        return () if self.polls_of is None else self.polls_of()


def language_of(request: Request) -> str:
    """The signed-in account's chosen language, else the one the browser asks for."""
    chosen: str | None = getattr(request.state, "language", None)
    if chosen in i18n.LANGUAGES:
        return str(chosen)
    return i18n.negotiate(request.headers.get("accept-language"))


def gettext_of(request: Request) -> Any:
    """The gettext of the request's language, for texts made outside a template."""
    return i18n.translations(language_of(request)).gettext


def _now() -> str:
    """The server's time, for the page's script to count a speaker's time from (the live
    parts a page fetches may have been rendered earlier, for everyone)."""
    return datetime.now(UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")


def page(
    request: Request, template: str, visitor: Visitor, *, status: int = 200, **context: Any
) -> HTMLResponse:
    """`template` rendered in the request's language, for `visitor`."""
    language = language_of(request)
    html = (
        environment(language)
        .get_template(template)
        .render(visitor=visitor, path=request.url.path, server_now=_now(), **context)
    )
    headers = {"Content-Language": language, "Vary": "Accept-Language, Cookie"}
    return HTMLResponse(html, status_code=status, headers=headers)
