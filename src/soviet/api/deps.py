"""What every route depends on: the database of the app, and the actor of the request."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request

from soviet.api import auth
from soviet.domain.identity import Actor
from soviet.services.bootstrap import Database


def database(request: Request) -> Database:
    """The app's database (one per worker process)."""
    db: Database = request.app.state.db
    return db


def actor(request: Request) -> Actor:
    """Who the request acts or reads as: its session's or token's account, or the public
    when it presents neither. A credential that is presented but not valid is refused
    (401), never read as the public."""
    return auth.authenticate(request)


Db = Annotated[Database, Depends(database)]
CurrentActor = Annotated[Actor, Depends(actor)]
