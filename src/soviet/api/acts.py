"""Every act of the services as a POST (or PUT/DELETE) under /api/v1/federations/{federation}.

Each route parses its body (fields named as the service names them, limits from
`domain.limits`, so a bad value is a 422 naming the field), calls one service as the
request's actor, and answers with the act's receipt (`api.idempotency`). The public may
not act (401). Initialising a database and replaying a scenario stay the operator's.
"""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

from fastapi import APIRouter, Path
from pydantic import BaseModel, ConfigDict, Field

from soviet.api.reads_params import PUBLIC_ID
from soviet.domain import limits

#: Refused with 422 naming the field, before any service is asked.
Slug = Annotated[str, Field(min_length=1, max_length=limits.SLUG_MAX)]
Name = Annotated[str, Field(min_length=1, max_length=limits.NAME_MAX)]
Text = Annotated[str, Field(min_length=1, max_length=limits.TEXT_MAX)]
Account = Annotated[str, Field(min_length=1, max_length=limits.ACCOUNT_MAX)]
#: A public id: `11`, or `11.3`.
PublicId = Annotated[str, Field(min_length=1, max_length=19, pattern=PUBLIC_ID)]
#: A moment in ISO 8601 (`1917-03-01T00:00:00Z`): JSON has no datetime, and a strict body
#: would refuse the text of every one.
Moment = Annotated[datetime, Field(strict=False)]
Slugs = Annotated[list[Slug], Field(min_length=1, max_length=limits.SEATS_MAX)]
Names = Annotated[list[Name], Field(min_length=1, max_length=limits.SEATS_MAX)]

FederationPath = Annotated[str, Path(min_length=1, max_length=limits.SLUG_MAX)]
SlugPath = Annotated[str, Path(min_length=1, max_length=limits.SLUG_MAX)]
IdPath = Annotated[str, Path(min_length=1, max_length=19, pattern=PUBLIC_ID)]

PREFIX = "/federations/{federation}"


class Body(BaseModel):
    """A request's body: strict types, no field the act does not know."""

    model_config = ConfigDict(strict=True, extra="forbid")


class Nothing(Body):
    """An act that takes nothing but its path."""


def router() -> APIRouter:
    """Every act's routes."""
    # Imported here: each module of routes imports this one for its types.
    from soviet.api import (
        acts_ballots,
        acts_councils,
        acts_elections,
        acts_motions,
        acts_registers,
        acts_sessions,
        my_status,
    )

    acts = APIRouter(tags=["acts"])
    modules = (
        acts_elections,
        acts_sessions,
        acts_motions,
        acts_councils,
        acts_registers,
        my_status,
        acts_ballots,
    )
    for module in modules:
        acts.include_router(module.router)
    return acts
