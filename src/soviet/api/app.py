"""The FastAPI application under /api/v1, built around one open database.

`create_app(db)` builds it (tests, `soviet demo --serve`); `from_environment()` is what
`soviet serve` hands uvicorn, so that every worker process opens the database named by
SOVIET_DB (and the replicas named by SOVIET_READ_DB) for itself. A worker keeps nothing
of its own but caches: any number of them, on any number of machines, serve one
PostgreSQL database.
"""

from __future__ import annotations

import json
import os
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import orjson
from fastapi import APIRouter, FastAPI, Request
from fastapi.openapi.utils import get_openapi
from nacl.signing import SigningKey
from pydantic import BaseModel
from starlette.responses import Response
from starlette.types import ASGIApp

from soviet import __version__
from soviet.api import acts, auth, events, problems, reads, schemas
from soviet.api.accounts import router as account_routes
from soviet.api.ballot_lane import BallotLane
from soviet.api.collector import Collector
from soviet.api.deps import CurrentActor, Db
from soviet.api.guard import Guard
from soviet.api.problems import PREFIX, DoorError
from soviet.api.replica_reads import ReplicaReads
from soviet.services import heads
from soviet.services.bootstrap import Database, open_database
from soviet.web import admin_pages, election_pages, my_pages, pages, plenary_pages, recall_pages

#: The environment variable naming the database a worker opens.
DB_ENV = "SOVIET_DB"
#: The environment variable naming the replicas that serve reads (URLs, space-separated).
READ_DB_ENV = "SOVIET_READ_DB"
#: The environment variable naming the file of the key that signs the journal's heads.
KEY_ENV = "SOVIET_SIGNING_KEY"


@dataclass(frozen=True)
class Settings:
    """How this deployment's door behaves."""

    #: Cookies marked Secure (off only when serving on a loopback address).
    secure_cookies: bool = True
    #: Seconds between heartbeats (comment lines) on an idle event stream.
    heartbeat: float = 15.0
    #: Events an event stream may have waiting before it is closed as too slow.
    stream_limit: int = 1024
    #: Bytes an event stream may have waiting before it is closed as too slow.
    stream_bytes: int = 4 * 1024 * 1024
    #: The key this server signs the journal's heads with (`GET /journal/head`), kept in a
    #: file outside the database; None: it signs none.
    signing_key: SigningKey | None = None
    #: The accounts that act as this server's operator in the web application, to verify
    #: the journal from its administration page (`soviet serve --operator`); none by default.
    operators: frozenset[str] = frozenset()
    #: Whether the worker makes Python's full garbage collections at quiet moments
    #: (api.collector): `soviet serve` does; an app in a test's own process does not.
    collects_quietly: bool = False


meta = APIRouter(tags=["meta"])


@meta.get("/problems/{code}", summary="What an error code means")
def problem_type(code: str) -> Response:
    """The documentation of a problem `type`: the code and what it means."""
    if code not in problems.STATUS:
        return problems.problem("not_found", f"code: '{code[:100]}' is not an error code")
    body = {"code": code, "title": problems.meaning(code), "status": problems.STATUS[code]}
    return Response(orjson.dumps(body), media_type="application/json")


class SignedHeadBody(BaseModel):
    """The journal's head as this server signed it (see `soviet verify --head`)."""

    seq: int
    hash: str
    signed_at: str
    public_key: str
    signature: str


@meta.get(
    "/journal/head",
    summary="The journal's head, signed by this server",
    response_model=SignedHeadBody,
)
def journal_head(request: Request, db: Db, actor: CurrentActor) -> SignedHeadBody:
    """The last entry's number and hash, signed now with the server's Ed25519 key (public):
    keep it, and `soviet verify --head` shows later that the journal was not rewritten."""
    key = request.app.state.settings.signing_key
    if key is None:
        raise DoorError("not_found", "journal head: this server signs no heads (no --signing-key)")
    signed = heads.served_head(db, key, actor=actor)
    return SignedHeadBody(**signed.as_json())  # type: ignore[arg-type]


@meta.get("/health", summary="Whether this worker answers")
def health() -> dict[str, str]:
    return {"status": "ok", "version": __version__}


def create_app(db: Database | None, settings: Settings | None = None) -> FastAPI:
    """The API serving `db` (which the app disposes of when it stops); None builds the
    app only to describe it (its OpenAPI document)."""

    @asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        if collector is not None:
            collector.start()
        yield
        await events.stop(_app)
        if collector is not None:
            await collector.stop()
        if db is not None:
            db.dispose()

    app = FastAPI(
        title="soviet",
        version=__version__,
        summary="Council democracy: recallable, proportionally elected delegate councils.",
        openapi_url=f"{PREFIX}/openapi.json",
        docs_url=f"{PREFIX}/docs",
        redoc_url=None,
        lifespan=lifespan,
    )
    settings = settings or Settings()
    collector = Collector() if settings.collects_quietly else None
    app.state.db = db
    app.state.settings = settings
    app.state.collector = collector
    problems.install(app)
    auth.install(app)
    app.add_middleware(ReplicaReads)
    app.add_middleware(Guard)  # outermost: nothing else reads a request it refuses
    for router in _routers():
        app.include_router(router, prefix=PREFIX)
    app.include_router(pages.router)  # the web application's pages, outside the prefix
    app.include_router(plenary_pages.router)
    app.include_router(my_pages.router)
    app.include_router(admin_pages.router)
    app.include_router(election_pages.router)
    app.include_router(recall_pages.router)

    def openapi() -> dict[str, Any]:
        if app.openapi_schema is None:
            described = schemas.document_components(get_openapi_of(app))
            app.openapi_schema = auth.document_security(problems.document_problems(described))
        return app.openapi_schema

    app.openapi = openapi  # type: ignore[method-assign]
    return app


def get_openapi_of(app: FastAPI) -> dict[str, Any]:
    return get_openapi(
        title=app.title,
        version=app.version,
        summary=app.summary,
        routes=app.routes,
        servers=None,
    )


def _routers() -> list[APIRouter]:
    # One line per module of routes.
    return [meta, account_routes, reads.router, acts.router(), events.router]


def openapi_text() -> str:
    """The OpenAPI 3.1 document, as committed in docs/openapi.json."""
    document = create_app(None).openapi()
    return json.dumps(document, indent=2, ensure_ascii=False, sort_keys=True) + "\n"


#: The accounts `soviet serve --operator` names, space-separated, for every worker.
OPERATORS_ENV = "SOVIET_OPERATORS"


def from_environment() -> ASGIApp:
    """The app of one `soviet serve` worker: the database SOVIET_DB names, with the ballot
    lane in front of the framework (api.ballot_lane)."""
    url = os.environ.get(DB_ENV)
    secure = os.environ.get("SOVIET_SECURE_COOKIES", "yes") != "no"
    heartbeat = float(os.environ.get("SOVIET_EVENTS_HEARTBEAT", Settings.heartbeat))
    limit = int(os.environ.get("SOVIET_EVENTS_QUEUE", Settings.stream_limit))
    size = int(os.environ.get("SOVIET_EVENTS_BYTES", Settings.stream_bytes))
    key_path = os.environ.get(KEY_ENV)
    settings = Settings(
        secure_cookies=secure,
        heartbeat=heartbeat,
        stream_limit=limit,
        stream_bytes=size,
        signing_key=heads.load_key(Path(key_path)) if key_path else None,
        operators=frozenset(os.environ.get(OPERATORS_ENV, "").split()),
        collects_quietly=True,
    )
    replicas = os.environ.get(READ_DB_ENV, "").split()
    app = create_app(open_database(url, replicas=replicas), settings)
    return BallotLane(app, app.state)
