"""An election as a constituency's members see it: its state and, once closed, its
results; for a member while it is open by ballots, her ballot in three steps: choose,
review (what casting does, and that it cannot be undone), cast, and her receipt.

A sealed election's ballot is encrypted on the member's device by the page's script
(ballot.js, sealed.js), which sends only the ballot and its proofs to the API; its
constituency's public board and its trustees' page, where each gives her shares of the
decryption from her key file read on her own device, are beside it."""

from __future__ import annotations

from typing import Any
from urllib.parse import quote

from fastapi import APIRouter, Request
from starlette.responses import RedirectResponse, Response

from soviet.domain.identity import Actor, account_actor
from soviet.domain.ids import parse_id
from soviet.errors import InvalidInput, SovietError
from soviet.services import elections, my_status, reads, sealed_elections
from soviet.web.pages import (
    CONSTITUENCY,
    SIGN_IN,
    PostedForm,
    db_of,
    member_key,
    refused,
    visitor_of,
)
from soviet.web.render import Visitor, gettext_of, page

router = APIRouter(include_in_schema=False)

ELECTION = CONSTITUENCY + "/elections/{election}"
#: The API's addresses of a sealed election the pages' scripts use.
API_ELECTION = "/api/v1/federations/{federation}/elections/{election}"


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
    terms = None
    if shown.state == "open" and shown.mode == "ballots":
        choices = elections.ballot_choices(
            db, found, constituency, federation=federation, actor=actor
        )
        if shown.sealed and shown.ballots_closed_at is None:
            terms = sealed_elections.sealing(
                db, found, constituency, federation=federation, actor=actor
            )
    api = API_ELECTION.format(federation=federation, election=election)
    return {
        "federation": federation,
        "election": shown,
        "place": place,
        "member": member,
        "mine": mine,
        "choices": choices,
        "terms": terms,
        "api": api,
        "labels": {
            c.party: f"{c.party}: {', '.join(c.candidates)}" if c.candidates else c.party
            for c in choices
        },
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
        if shown["election"].sealed:
            raise InvalidInput(
                "party: this election is sealed: the ballot is encrypted on the member's "
                "device by the page's script, never sent as a choice"
            )
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


@router.get(ELECTION + "/board")
def election_board(request: Request, federation: str, constituency: str, election: str) -> Response:
    """The public board of a sealed election in a constituency: its ballots by receipt,
    the trustees' shares of the decryption given, the result once closed, and how anyone
    recounts it."""
    visitor, actor = visitor_of(request)
    db = db_of(request)
    try:
        found = parse_id(election, "election")
        board = sealed_elections.board(db, found, constituency, federation=federation, actor=actor)
        place = reads.constituency_view(
            db, constituency, federation=federation, limit=1, actor=actor
        )
    except SovietError as error:
        return refused(request, visitor, error)
    _ = gettext_of(request)
    wanted = request.query_params.get("receipt", "").strip().lower()[:64]
    receipts = [b["receipt"] for b in board["ballots"]]
    address = ELECTION.format(federation=federation, constituency=constituency, election=election)
    api = API_ELECTION.format(federation=federation, election=election)
    return page(
        request,
        "board.html",
        visitor,
        heading=_("Board of election %(number)s in %(place)s")
        % {"number": election, "place": place.name},
        crumb=(address, _("Election %(number)s") % {"number": election}),
        labels={},
        board=board,
        receipts=receipts,
        wanted=wanted,
        found=wanted in receipts if wanted else None,
        download=f"{api}/constituencies/{constituency}/board",
    )


@router.get(ELECTION + "/decrypt")
def election_decrypt(
    request: Request, federation: str, constituency: str, election: str
) -> Response:
    """A trustee gives her shares of the decryption of every constituency's tally of a
    sealed election: her key file is read by this page's script on her own device, never
    sent; only the shares of the decryption and their proofs are."""
    visitor, actor = visitor_of(request)
    if visitor.account is None:
        return RedirectResponse(f"{SIGN_IN}?next={quote(request.url.path)}", status_code=303)
    try:
        found = parse_id(election, "election")
        wanted = sealed_elections.to_decrypt(
            db_of(request), found, federation=federation, actor=actor
        )
    except SovietError as error:
        return refused(request, visitor, error)
    _ = gettext_of(request)
    address = ELECTION.format(federation=federation, constituency=constituency, election=election)
    api = API_ELECTION.format(federation=federation, election=election)
    given = min((len(t.given) for t in wanted.tallies), default=wanted.threshold)
    return page(
        request,
        "decrypt.html",
        visitor,
        heading=_("Decrypt election %(number)s") % {"number": election},
        crumb=(address, _("Election %(number)s") % {"number": election}),
        given=given,
        needed=wanted.threshold,
        ceremony=wanted.ceremony,
        api_tally=f"{api}/tally",
        api_give=f"{api}/decryptions",
    )
