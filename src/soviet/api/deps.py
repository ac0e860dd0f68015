"""What every route depends on: the database of the app, and the actor of the request.

Both are coroutines: a plain function would be run on the thread pool, a hop of its own
per request. Only finding a read's actor touches the database, on the pool.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request
from starlette.concurrency import run_in_threadpool

from soviet.api import auth
from soviet.domain.identity import Actor
from soviet.services.bootstrap import Database


async def database(request: Request) -> Database:
    """The app's database (one per worker process)."""
    db: Database = request.app.state.db
    return db


async def actor(request: Request) -> Actor:
    """Who the request acts or reads as: its session's or token's account, or the public
    when it presents neither. A credential that is presented but not valid is refused
    (401), never read as the public. (An act's was found by the door's guard already.)"""
    known = auth.known_actor(request)
    if known is not None:
        return known
    return await run_in_threadpool(auth.authenticate, request)


Db = Annotated[Database, Depends(database)]
CurrentActor = Annotated[Actor, Depends(actor)]
