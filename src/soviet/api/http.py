"""What every read answers with: a read model's JSON, encoded once, with a strong ETag
(and 304 to a client that has it already), `Cache-Control: no-cache` (reads change with
every act), and a `Link` to the next page of a long list (RFC 8288)."""

from __future__ import annotations

import dataclasses
import hashlib
from collections.abc import Callable, Coroutine, Mapping
from typing import Any

import orjson
from fastapi import Request
from fastapi.routing import APIRoute
from starlette.responses import Response

from soviet.api.schemas import read_responses
from soviet.domain.views import Page, to_json
from soviet.errors import InvalidInput, Problem

MEDIA_TYPE = "application/json"
CACHE_CONTROL = "no-cache"


def etag_of(body: bytes) -> str:
    """A strong validator of the body: a hash of its bytes, quoted."""
    return '"' + hashlib.blake2b(body, digest_size=16).hexdigest() + '"'


def is_fresh(request: Request, etag: str) -> bool:
    """Whether the client already holds this body (`If-None-Match`, weak comparison as
    RFC 9110 §13.1.2 asks for a GET)."""
    header = request.headers.get("if-none-match")
    if header is None:
        return False
    tags = {tag.strip().removeprefix("W/") for tag in header.split(",")}
    return "*" in tags or etag in tags


def next_page(view: object) -> str | None:
    """The cursor of the next page of a read model's long list: the model itself if it is
    a page, or the one page it holds."""
    if isinstance(view, Page):
        return view.next_cursor
    if dataclasses.is_dataclass(view) and not isinstance(view, type):
        pages = [
            value
            for value in (getattr(view, f.name) for f in dataclasses.fields(view))
            if isinstance(value, Page)
        ]
        if len(pages) == 1:
            return pages[0].next_cursor
    return None


def link_to(request: Request, cursor: str) -> str:
    """The `Link` header to the page after `cursor`, with the request's other parameters."""
    url = request.url.include_query_params(cursor=cursor)
    return f'<{url}>; rel="next"'


def view_response(request: Request, view: object) -> Response:
    """A read model as the API serves it: exactly its `to_json`, with ETag, Cache-Control
    and, for a page that has a next one, Link; 304 with no body when the client has it."""
    body = orjson.dumps(to_json(view))
    etag = etag_of(body)
    headers = {"ETag": etag, "Cache-Control": CACHE_CONTROL}
    if is_fresh(request, etag):
        return Response(status_code=304, headers=headers)
    cursor = next_page(view)
    if cursor is not None:
        headers["Link"] = link_to(request, cursor)
    return Response(body, media_type=MEDIA_TYPE, headers=headers)


class ReadRoute(APIRoute):
    """A read's route: an invalid-input error about one of its parameters (its message
    begins with the parameter's name) names it by place, `query.limit` or `path.election`,
    as the door's own checks do (api.guard)."""

    def get_route_handler(self) -> Callable[[Request], Coroutine[Any, Any, Response]]:
        handler = super().get_route_handler()
        places = {p.alias: "path" for p in self.dependant.path_params}
        places |= {p.alias: "query" for p in self.dependant.query_params}

        async def placed(request: Request) -> Response:
            try:
                return await handler(request)
            except InvalidInput as error:
                raise in_place(error, places) from None

        return placed


def in_place(error: InvalidInput, places: Mapping[str, str]) -> InvalidInput:
    """`error` with its problems named by place when they are about a parameter."""
    field, _, reason = error.message.partition(": ")
    problems = list(error.problems) or ([Problem(field, reason)] if reason else [])
    if not any(problem.path in places for problem in problems):
        return error
    shown = [
        Problem(f"{places[p.path]}.{p.path}", p.message) if p.path in places else p
        for p in problems
    ]
    return InvalidInput(error.message, problems=shown)


def read_headers() -> dict[str, Any]:
    """The headers of a read's 200 answer, as the OpenAPI document declares them."""
    text = {"schema": {"type": "string"}}
    return {
        "ETag": {"description": "A strong hash of the body", "required": True, **text},
        "Cache-Control": {"description": "Always no-cache", "required": True, **text},
        "Link": {"description": 'The next page: <URL>; rel="next" (RFC 8288)', **text},
    }


def answers(model: Any) -> dict[int | str, Any]:
    """The responses a read of `model` declares in the OpenAPI document."""
    return read_responses(model, read_headers())
