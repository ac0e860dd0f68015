"""The unit of work: one act in one write transaction, in the context of its federation."""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from sqlalchemy.engine import Connection

from soviet.domain.identity import Actor
from soviet.services import bodies, context
from soviet.store.database import Database

T = TypeVar("T")


def perform(
    db: Database, federation: str | None, actor: Actor, act: Callable[[context.Context], T]
) -> T:
    """Run one act in one write transaction, in the context of its federation; the bodies
    formed from the councils it changed (the effects of the entries it recorded) follow in
    the same transaction, as their statute says."""

    def run(connection: Connection) -> T:
        return complete(context.load(connection, db, federation, actor), act)

    return db.write(run)


def complete(ctx: context.Context, act: Callable[[context.Context], T]) -> T:
    """Run `act` in `ctx`, in its write transaction, and form the bodies it changed."""
    result = act(ctx)
    bodies.propagate(ctx, *ctx.pending.take())
    return result
