"""Errors as RFC 9457 problem details (`application/problem+json`).

`type` is a stable URI built from the error code of `soviet.errors` (served, with what the
code means, at /api/v1/problems/{code}); `title` is the code's meaning, `detail` the
message, `errors` each problem with its path. No traceback, class name or stored id ever
reaches a client: an error no refusal explains is a bare 500.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from typing import Any

import orjson
from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from starlette.exceptions import HTTPException
from starlette.responses import Response
from starlette.routing import Match

from soviet.errors import CODES, SovietError

PREFIX = "/api/v1"
MEDIA_TYPE = "application/problem+json"

#: The HTTP status of each error code.
STATUS: dict[str, int] = {
    "invalid_input": 422,
    "statute_invalid": 422,
    "tie": 409,
    "not_found": 404,
    "forbidden": 403,
    "conflict": 409,
    "already_voted": 409,
    "rule_violation": 422,
    "not_present": 403,
    "not_entitled": 403,
    "poll_not_open": 409,
    "mandate_ended": 403,
    "no_quorum": 409,
    "unavailable": 503,
    "integrity": 500,
}

#: Codes of the door itself, beside those of `soviet.errors`.
DOOR_CODES: dict[str, str] = {
    "unauthenticated": "no valid session or token was presented",
    "csrf": "a state-changing request from a browser lacked a valid CSRF token or came "
    "from another site",
    "rate_limited": "too many attempts: wait for the time `Retry-After` gives",
    "idempotency_key_missing": "this act must carry an Idempotency-Key header",
    "idempotency_key_reused": "the Idempotency-Key was used before with a different request",
    "idempotency_in_flight": "the first request with this Idempotency-Key is still running",
    "not_acceptable": "the request's method or media type is not served here",
    "internal": "an error the server did not expect; nothing about it is shown",
}
STATUS.update(
    unauthenticated=401,
    csrf=403,
    rate_limited=429,
    idempotency_key_missing=428,
    idempotency_key_reused=422,
    idempotency_in_flight=409,
    not_acceptable=405,
    internal=500,
)

log = logging.getLogger("soviet.api")


def meaning(code: str) -> str:
    return CODES.get(code) or DOOR_CODES.get(code) or code


def problem(
    code: str,
    detail: str,
    *,
    status: int | None = None,
    errors: list[dict[str, str]] | None = None,
    headers: Mapping[str, str] | None = None,
) -> Response:
    """A problem+json response for `code`."""
    shown = status or STATUS.get(code, 400)
    body: dict[str, Any] = {
        "type": f"{PREFIX}/problems/{code}",
        "title": meaning(code),
        "status": shown,
        "detail": detail,
        "code": code,
    }
    if errors:
        body["errors"] = errors
    return Response(orjson.dumps(body), shown, headers=headers, media_type=MEDIA_TYPE)


class DoorError(Exception):
    """A refusal by the door itself (authentication, CSRF, rate limits, retry keys)."""

    def __init__(self, code: str, detail: str, *, headers: dict[str, str] | None = None):
        super().__init__(detail)
        self.code, self.detail, self.headers = code, detail, headers


def refusal(error: SovietError) -> Response:
    """The problem a SovietError raised by a service answers with."""
    errors = [{"path": p.path, "message": p.message} for p in error.problems]
    return problem(error.code, error.message.splitlines()[0], errors=errors or None)


def _soviet_error(_request: Request, error: Exception) -> Response:
    assert isinstance(error, SovietError)
    return refusal(error)


def _door_error(_request: Request, error: Exception) -> Response:
    assert isinstance(error, DoorError)
    return problem(error.code, error.detail, headers=error.headers)


def _validation_error(_request: Request, error: Exception) -> Response:
    assert isinstance(error, RequestValidationError)
    errors = []
    for found in error.errors():
        path = ".".join(str(part) for part in found.get("loc", ()) if part != "body")
        errors.append({"path": path, "message": str(found.get("msg", "invalid"))})
    shown = "; ".join(f"{e['path']}: {e['message']}" for e in errors[:5])
    return problem("invalid_input", shown or "the request is not valid", errors=errors)


def _http_error(request: Request, error: Exception) -> Response:
    assert isinstance(error, HTTPException)
    code = {401: "unauthenticated", 404: "not_found", 405: "not_acceptable"}.get(
        error.status_code, "invalid_input"
    )
    detail = error.detail if isinstance(error.detail, str) else meaning(code)
    headers = error.headers
    if error.status_code == 405:
        headers = {**(headers or {}), "Allow": _allowed(request)}
    return problem(code, detail, status=error.status_code, headers=headers)


def _allowed(request: Request) -> str:
    """Every method the request's path is served with: Starlette's 405 names only those of
    the first route on the path (POST of /session, not its DELETE)."""
    methods: set[str] = set()
    for route in request.app.router.routes:
        if route.matches(request.scope)[0] == Match.PARTIAL:
            methods |= getattr(route, "methods", None) or set()
    return ", ".join(sorted(methods))


def _unexpected(request: Request, error: Exception) -> Response:
    # Logged by type and path only: the message of an unexpected error may carry data.
    log.error(
        "internal error (%s) on %s %s", type(error).__name__, request.method, request.url.path
    )
    return problem("internal", "the server met an error it did not expect")


#: The JSON Schema of a problem, as the OpenAPI document describes every error.
PROBLEM_SCHEMA: dict[str, Any] = {
    "type": "object",
    "required": ["type", "title", "status", "detail", "code"],
    "properties": {
        "type": {"type": "string", "description": "/api/v1/problems/{code}"},
        "title": {"type": "string"},
        "status": {"type": "integer"},
        "detail": {"type": "string"},
        "code": {"type": "string", "enum": sorted(STATUS)},
        "errors": {
            "type": "array",
            "items": {
                "type": "object",
                "required": ["path", "message"],
                "properties": {"path": {"type": "string"}, "message": {"type": "string"}},
            },
        },
    },
}


def document_problems(document: dict[str, Any]) -> dict[str, Any]:
    """`document` with every error response described as problem+json (FastAPI's own
    validation error shape replaced, since no route answers with it)."""
    schemas = document.setdefault("components", {}).setdefault("schemas", {})
    schemas.pop("HTTPValidationError", None)
    schemas.pop("ValidationError", None)
    schemas["Problem"] = PROBLEM_SCHEMA
    content = {MEDIA_TYPE: {"schema": {"$ref": "#/components/schemas/Problem"}}}
    for path in document.get("paths", {}).values():
        for operation in path.values():
            responses = operation.setdefault("responses", {})
            for status, response in list(responses.items()):
                if status.startswith(("4", "5")):
                    response["content"] = content
            responses.setdefault("4XX", {"description": "Refused", "content": content})
            responses.setdefault("5XX", {"description": "Unavailable", "content": content})
    if not schemas:
        document["components"].pop("schemas")
    return document


def install(app: FastAPI) -> None:
    """Answer every error the API raises as problem+json."""
    app.add_exception_handler(SovietError, _soviet_error)
    app.add_exception_handler(DoorError, _door_error)
    app.add_exception_handler(RequestValidationError, _validation_error)
    app.add_exception_handler(HTTPException, _http_error)
    app.add_exception_handler(Exception, _unexpected)
