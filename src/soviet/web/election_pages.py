"""An election as a constituency's members see it: its state and, once closed, its
results; for a member while it is open by ballots, her ballot in three steps: choose,
review (what casting does, and that it cannot be undone), cast, and her receipt."""

from __future__ import annotations

from typing import Any
from urllib.parse import quote

from fastapi import APIRouter, Request
from starlette.responses import RedirectResponse, Response

from soviet.domain.identity import Actor, account_actor
from soviet.domain.ids import parse_id
from soviet.errors import InvalidInput, SovietError
from soviet.services import elections, my_status, reads
from soviet.web.pages import (
    CONSTITUENCY,
    SIGN_IN,
    PostedForm,
    db_of,
    member_key,
    refused,
    visitor_of,
)
from soviet.web.render import Visitor, page

router = APIRouter(include_in_schema=False)

ELECTION = CONSTITUENCY + "/elections/{election}"


def _shown(
    request: Request,
    visitor: Visitor,
    actor: Actor,
    federation: str,
    constituency: str,
    election: str,
) -> dict[str, Any]:
    """What the election's pages show the visitor (raises SovietError)."""
    db = db_of(request)
    found = parse_id(election, "election")
    shown = reads.election_view(db, found, federation=federation, limit=1, actor=actor)
    place = reads.constituency_view(db, constituency, federation=federation, limit=1, actor=actor)
    member = member_key(request, visitor, federation, constituency)
    mine = None
    choices: tuple[elections.BallotChoice, ...] = ()
    if member is not None and visitor.account is not None:
        mine = my_status.election_status(
            db, found, federation=federation, actor=account_actor(visitor.account)
        )
    if shown.state == "open" and shown.mode == "ballots":
        choices = elections.ballot_choices(
            db, found, constituency, federation=federation, actor=actor
        )
    return {
        "federation": federation,
        "election": shown,
        "place": place,
        "member": member,
        "mine": mine,
        "choices": choices,
        "address": ELECTION.format(
            federation=federation, constituency=constituency, election=election
        ),
    }


@router.get(ELECTION)
def election_page(request: Request, federation: str, constituency: str, election: str) -> Response:
    """An election in a constituency: its state or results, and a member's ballot."""
    visitor, actor = visitor_of(request)
    try:
        shown = _shown(request, visitor, actor, federation, constituency, election)
    except SovietError as error:
        return refused(request, visitor, error)
    return page(request, "election.html", visitor, step="choose", chosen=None, **shown)


@router.post(ELECTION)
def ballot_act(
    request: Request, federation: str, constituency: str, election: str, form: PostedForm
) -> Response:
    """`review` shows the chosen party and what casting does; `cast` casts the ballot."""
    visitor, actor = visitor_of(request)
    if visitor.account is None:
        target = ELECTION.format(
            federation=federation, constituency=constituency, election=election
        )
        return RedirectResponse(f"{SIGN_IN}?next={quote(target)}", status_code=303)
    action = form.get("action", "")
    party = form.get("party", "")[:100]
    try:
        shown = _shown(request, visitor, actor, federation, constituency, election)
        if action not in ("review", "cast"):
            raise InvalidInput("action: must be review or cast")
        if party not in {choice.party for choice in shown["choices"]}:
            raise InvalidInput("party: choose one of the parties on the ballot")
        if shown["member"] is None:
            raise InvalidInput("member: only a member of this constituency on its register votes")
        if action == "review":
            return page(request, "election.html", visitor, step="review", chosen=party, **shown)
        entry = elections.cast_ballot(
            db_of(request),
            parse_id(election, "election"),
            constituency,
            shown["member"],
            party,
            federation=federation,
            actor=account_actor(visitor.account),
        )
    except SovietError as error:
        return refused(request, visitor, error)
    return page(
        request, "election.html", visitor, step="cast", chosen=party, receipt=entry.hash, **shown
    )
