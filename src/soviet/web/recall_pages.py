"""A recall put to a vote of the constituency, as its members see it: an open vote is a
plain form (recall or keep) answered by its receipt; a sealed vote's ballot is encrypted on
the member's device by the page's script (ballot.js, sealed.js), which sends only the ballot
and its proofs to the API. Beside it, the vote's public board, and its trustees' page, where
each gives her share of the decryption from her key file read on her own device."""

from __future__ import annotations

from fastapi import APIRouter, Request
from starlette.responses import Response

from soviet.domain.identity import account_actor
from soviet.domain.ids import parse_id
from soviet.errors import SovietError
from soviet.services import my_status, reads, recall_votes, sealed_recalls
from soviet.web.pages import RECALL, PostedForm, db_of, recall_page, refused, visitor_of
from soviet.web.render import gettext_of, page

router = APIRouter(include_in_schema=False)

#: The API's addresses of a recall vote the pages' scripts use.
API_RECALL = "/api/v1/federations/{federation}/councils/{council}/delegates/{person}/recall"
PETITION_BOARD = "/federations/{federation}/petitions/{petition}/board"


@router.get(RECALL + "/vote")
def recall_vote(request: Request, federation: str, constituency: str, person: str) -> Response:
    """The recall vote on a delegate: the ballot (open or sealed) for a member."""
    found = recall_page(request, federation, constituency, person)
    if isinstance(found, Response):
        return found
    visitor, shown, member, delegate = found
    petition = next((p for p in shown.petitions if p.delegate == person), None)
    actor = account_actor(visitor.account or "")
    try:
        terms = sealed_recalls.sealing(
            db_of(request), shown.council, person, federation=federation, actor=actor
        )
        mine = (
            None
            if petition is None or member is None
            else my_status.petition_status(
                db_of(request), parse_id(petition.petition, "petition"),
                federation=federation, actor=actor,
            )
        )  # fmt: skip
    except SovietError as error:
        return refused(request, visitor, error)
    api = API_RECALL.format(federation=federation, council=shown.council, person=person)
    return page(
        request,
        "recall_vote.html",
        visitor,
        federation=federation,
        constituency=shown,
        member=member,
        delegate=delegate,
        petition=petition,
        terms=terms,
        mine=mine,
        api=api,
        address=RECALL.format(federation=federation, constituency=constituency, person=person),
        board=None
        if petition is None
        else PETITION_BOARD.format(federation=federation, petition=petition.petition),
    )


@router.post(RECALL + "/vote")
def recall_vote_act(
    request: Request, federation: str, constituency: str, person: str, form: PostedForm
) -> Response:
    """An open recall vote's ballot, cast as the member the visitor is on the register;
    the receipt is shown."""
    found = recall_page(request, federation, constituency, person)
    if isinstance(found, Response):
        return found
    visitor, shown, member, _delegate = found
    _ = gettext_of(request)
    if member is None:
        message = _("Only a member of this constituency on its register may vote.")
        return page(request, "error.html", visitor, status=403, message=message)
    choice = form.get("choice", "")[:10]
    try:
        entry = recall_votes.cast_recall_vote(
            db_of(request),
            shown.council,
            person,
            member,
            choice,
            federation=federation,
            actor=account_actor(visitor.account or ""),
        )
    except SovietError as error:
        return refused(request, visitor, error)
    return page(
        request,
        "receipt.html",
        visitor,
        federation=federation,
        constituency=shown,
        person=person,
        action="vote",
        choice=choice,
        receipt=entry.hash,
        signed=None,
    )


@router.get(RECALL + "/decrypt")
def recall_decrypt(request: Request, federation: str, constituency: str, person: str) -> Response:
    """A trustee gives her share of the decryption of a sealed recall vote's tally: her key
    file is read by this page's script on her own device, never sent; only the share of the
    decryption and its proof are."""
    found = recall_page(request, federation, constituency, person)
    if isinstance(found, Response):
        return found
    visitor, shown, _member, _delegate = found
    try:
        wanted = sealed_recalls.to_decrypt(
            db_of(request), shown.council, person, federation=federation,
            actor=account_actor(visitor.account or ""),
        )  # fmt: skip
    except SovietError as error:
        return refused(request, visitor, error)
    _ = gettext_of(request)
    api = API_RECALL.format(federation=federation, council=shown.council, person=person)
    address = RECALL.format(federation=federation, constituency=constituency, person=person)
    return page(
        request,
        "decrypt.html",
        visitor,
        heading=_("Decrypt the recall vote on %(person)s") % {"person": person},
        crumb=(f"{address}/vote", _("Recall of %(person)s") % {"person": person}),
        given=len(wanted.given),
        needed=wanted.threshold,
        ceremony=wanted.ceremony,
        api_tally=f"{api}/tally",
        api_give=f"{api}/decryptions",
    )


@router.get(PETITION_BOARD)
def recall_board(request: Request, federation: str, petition: str) -> Response:
    """The public board of a sealed recall vote: its ballots by receipt, the trustees'
    shares of the decryption given, the result once decided, and how anyone recounts it."""
    visitor, actor = visitor_of(request)
    db = db_of(request)
    try:
        found = parse_id(petition, "petition")
        board = sealed_recalls.board(db, found, federation=federation, actor=actor)
        progress = reads.petition_view(db, found, federation=federation, actor=actor).progress
        place = reads.constituency_view(
            db, progress.constituency or "", federation=federation, limit=1, actor=actor
        )
    except SovietError as error:
        return refused(request, visitor, error)
    _ = gettext_of(request)
    wanted = request.query_params.get("receipt", "").strip().lower()[:64]
    receipts = [b["receipt"] for b in board["ballots"]]
    return page(
        request,
        "board.html",
        visitor,
        heading=_("Board of the recall vote on %(person)s") % {"person": progress.delegate},
        crumb=(f"/federations/{federation}/constituencies/{place.constituency}", place.name),
        labels={"recall": _("Recall"), "keep": _("Keep")},
        board=board,
        receipts=receipts,
        wanted=wanted,
        found=wanted in receipts if wanted else None,
        download=f"/api/v1{PETITION_BOARD.format(federation=federation, petition=petition)}",
    )
