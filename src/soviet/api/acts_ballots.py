"""Secret ballots through HTTP: a council's trustees appointed and their key ceremony;
sealed polls' and sealed elections' encrypted ballots (encrypted by the voter's own device:
the server receives no choice), a sealed election's ballot box closed, the trustees' proven
shares of a tally's decryption; and the reads a device and an observer need: the ceremony,
the terms a ballot is encrypted by, the encrypted tallies and the public boards."""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated, Any, TypeVar

from fastapi import APIRouter, Request
from pydantic import Field
from starlette.responses import Response

from soviet.api.acts import PREFIX, Account, Body, FederationPath, IdPath, Nothing, SlugPath
from soviet.api.acts_elections import ELECTION, RECALL
from soviet.api.deps import CurrentActor, Db
from soviet.api.http import ReadRoute, answers, view_response
from soviet.api.idempotency import Acted, OptionalKey, RequiredKey, act
from soviet.api.reads_params import CouncilSlug, FederationSlug, PublicId, slug_path
from soviet.crypto.ballot import CREDENTIAL_MAX
from soviet.domain.ids import format_id, parse_id
from soviet.domain.trustees import TRUSTEES_MAX, ceremony_view
from soviet.domain.views import ballots as views
from soviet.domain.views.encoding import to_json
from soviet.errors import RuleViolation
from soviet.services import (
    boards,
    decryptions,
    poll_results,
    sealed,
    sealed_elections,
    sealed_recalls,
    trustees,
)

router = APIRouter()
reads = APIRouter(route_class=ReadRoute)  # included by api.reads, with its ETags

TRUSTEES = f"{PREFIX}/councils/{{council}}/trustees"
MOTION = f"{PREFIX}/councils/{{council}}/motions/{{motion}}"
IN_ELECTION = f"{ELECTION}/constituencies/{{constituency}}"

MotionSlug = Annotated[str, slug_path("motion")]
Point = Annotated[str, Field(pattern="^[0-9a-f]{64}$", description="32 bytes, lowercase hex")]
Sealed = Annotated[str, Field(pattern="^[0-9a-f]{160}$", description="80 bytes, lowercase hex")]


class Appointment(Body):
    trustees: Annotated[list[Account], Field(min_length=1, max_length=TRUSTEES_MAX)]
    threshold: Annotated[int, Field(ge=1, le=TRUSTEES_MAX)]


class Enrolment(Body):
    transport_key: Point = Field(description="The X25519 key her shares are sealed to.")


class Dealing(Body):
    commitments: Annotated[list[Point], Field(min_length=1, max_length=TRUSTEES_MAX)]
    sealed_shares: Annotated[list[Sealed], Field(min_length=1, max_length=TRUSTEES_MAX)]


class Confirmation(Body):
    verification_key: Point


class Step(Body):
    challenge: Point
    response: Point


class Choice(Body):
    alpha: Point
    beta: Point
    proof: Annotated[list[Step], Field(min_length=2, max_length=2)]


class EncryptedBallot(Body):
    credential: Annotated[
        str, Field(min_length=1, max_length=CREDENTIAL_MAX, pattern="^[A-Za-z0-9]+$")
    ]
    choices: Annotated[list[Choice], Field(min_length=1, max_length=16)]
    sum_proof: Annotated[list[Step], Field(min_length=1, max_length=16)]


class SealedVote(Body):
    person: Annotated[str, Field(min_length=1, max_length=100)] = Field(
        description="The delegate who votes."
    )
    ballot: EncryptedBallot


class Decryption(Body):
    shares: Annotated[list[Point], Field(min_length=1, max_length=16)]
    challenges: Annotated[list[Point], Field(min_length=1, max_length=16)]
    responses: Annotated[list[Point], Field(min_length=1, max_length=16)]


class SealedBallot(Body):
    constituency: Annotated[str, Field(min_length=1, max_length=100)] = Field(
        description="The member's constituency."
    )
    member: Annotated[str, Field(min_length=1, max_length=100)] = Field(
        description="The key of the member who votes."
    )
    ballot: EncryptedBallot


class SealedRecallVote(Body):
    member: Annotated[str, Field(min_length=1, max_length=100)] = Field(
        description="The key of the member who votes."
    )
    ballot: EncryptedBallot


class ConstituencyShares(Decryption):
    constituency: Annotated[str, Field(min_length=1, max_length=100)]


class ElectionDecryption(Body):
    parts: Annotated[list[ConstituencyShares], Field(min_length=1, max_length=1000)]


def _shown(found: Any) -> object:
    return to_json(ceremony_view(found))


@router.post(TRUSTEES, status_code=201, response_model=Acted)
def appoint_trustees(
    federation: FederationPath,
    council: SlugPath,
    body: Appointment,
    request: Request,
    db: Db,
    actor: CurrentActor,
    key: OptionalKey = None,
) -> Response:
    """Appoint the trustees of a council's secret ballots and the threshold: a new key
    ceremony (the secretariat's act)."""
    return act(
        request,
        db,
        actor,
        key=key,
        body=body,
        status=201,
        call=lambda: trustees.appoint(
            db, council, body.trustees, body.threshold, federation=federation, actor=actor
        ),
        render=_shown,
    )


@router.post(f"{TRUSTEES}/enrolments", response_model=Acted)
def enrol(
    federation: FederationPath,
    council: SlugPath,
    body: Enrolment,
    request: Request,
    db: Db,
    actor: CurrentActor,
    key: OptionalKey = None,
) -> Response:
    """A trustee's first step: the key her shares are sealed to."""
    return act(
        request,
        db,
        actor,
        key=key,
        body=body,
        call=lambda: trustees.enrol(
            db, council, body.transport_key, federation=federation, actor=actor
        ),
        render=_shown,
    )


@router.post(f"{TRUSTEES}/dealings", response_model=Acted)
def deal(
    federation: FederationPath,
    council: SlugPath,
    body: Dealing,
    request: Request,
    db: Db,
    actor: CurrentActor,
    key: OptionalKey = None,
) -> Response:
    """A trustee's second step, once all have enrolled: her commitments, and a share for
    each trustee sealed to that trustee's key."""
    return act(
        request,
        db,
        actor,
        key=key,
        body=body,
        call=lambda: trustees.deal(
            db, council, body.commitments, body.sealed_shares, federation=federation, actor=actor
        ),
        render=_shown,
    )


@router.post(f"{TRUSTEES}/confirmations", response_model=Acted)
def confirm(
    federation: FederationPath,
    council: SlugPath,
    body: Confirmation,
    request: Request,
    db: Db,
    actor: CurrentActor,
    key: OptionalKey = None,
) -> Response:
    """A trustee's last step, once all have dealt: the public part of the share she made
    from the shares dealt to her (each checked against its dealer's commitments)."""
    return act(
        request,
        db,
        actor,
        key=key,
        body=body,
        call=lambda: trustees.confirm(
            db, council, body.verification_key, federation=federation, actor=actor
        ),
        render=_shown,
    )


@router.post(f"{MOTION}/sealed-ballots", status_code=201, response_model=Acted)
def cast_sealed(
    federation: FederationPath,
    council: SlugPath,
    motion: SlugPath,
    body: SealedVote,
    request: Request,
    db: Db,
    actor: CurrentActor,
    key: RequiredKey = None,
) -> Response:
    """Cast a delegate's ballot in a sealed poll, encrypted by her own device with its
    proofs (the terms: GET .../sealing); its proofs are checked, then every rule of a
    vote. The result is the ballot's receipt, which the poll's board shows."""
    document = body.ballot.model_dump(mode="json")
    return act(
        request,
        db,
        actor,
        key=key,
        body=body,
        status=201,
        is_key_required=True,
        is_group_commit=True,
        call=lambda: sealed.cast_sealed(
            db, f"{council}/{motion}", body.person, document, federation=federation, actor=actor
        ),
        render=lambda _entry: {"ballot_receipt": sealed.receipt_of(document)},
    )


@router.post(f"{MOTION}/decryptions", response_model=Acted)
def share_decryption(
    federation: FederationPath,
    council: SlugPath,
    motion: SlugPath,
    body: Decryption,
    request: Request,
    db: Db,
    actor: CurrentActor,
    key: OptionalKey = None,
) -> Response:
    """A trustee's share of the decryption of a closed sealed poll's tally, with proofs,
    made on her own device with her share of the key (never sent). The result is the
    poll's decision when hers was the last share needed and results are shown at the
    close, else null."""
    return act(
        request,
        db,
        actor,
        key=key,
        body=body,
        call=lambda: decryptions.share_decryption(
            db,
            f"{council}/{motion}",
            body.shares,
            body.challenges,
            body.responses,
            federation=federation,
            actor=actor,
        ),
        render=lambda result: None if result is None else to_json(poll_results.closed_view(result)),
    )


@router.post(f"{ELECTION}/sealed-ballots", status_code=201, response_model=Acted)
def cast_sealed_ballot(
    federation: FederationPath,
    election: IdPath,
    body: SealedBallot,
    request: Request,
    db: Db,
    actor: CurrentActor,
    key: RequiredKey = None,
) -> Response:
    """Cast a member's ballot in a sealed election, encrypted by her own device with its
    proofs (the terms: GET .../constituencies/{constituency}/sealing); its proofs are
    checked, then every rule of a ballot. The result is the ballot's receipt, which her
    constituency's board shows."""
    stored = parse_id(election, "election")
    document = body.ballot.model_dump(mode="json")
    return act(
        request,
        db,
        actor,
        key=key,
        body=body,
        status=201,
        is_key_required=True,
        call=lambda: sealed_elections.cast_sealed_ballot(
            db,
            stored,
            body.constituency,
            body.member,
            document,
            federation=federation,
            actor=actor,
        )[0],
        render=lambda _entry: {"ballot_receipt": sealed.receipt_of(document)},
    )


@router.post(f"{ELECTION}/ballot-box-closings", response_model=Acted)
def close_ballot_box(
    federation: FederationPath,
    election: IdPath,
    request: Request,
    db: Db,
    actor: CurrentActor,
    key: OptionalKey = None,
    body: Nothing | None = None,
) -> Response:
    """Close the ballot box of a sealed election: no ballot is taken after it; its
    trustees then decrypt each constituency's tally, and the election's close seats the
    lists by the decrypted votes."""
    stored = parse_id(election, "election")
    return act(
        request,
        db,
        actor,
        key=key,
        body=body,
        call=lambda: sealed_elections.close_ballots(db, stored, federation=federation, actor=actor),
    )


@router.post(f"{ELECTION}/decryptions", response_model=Acted)
def share_election_decryptions(
    federation: FederationPath,
    election: IdPath,
    body: ElectionDecryption,
    request: Request,
    db: Db,
    actor: CurrentActor,
    key: OptionalKey = None,
) -> Response:
    """A trustee's shares of the decryption of a sealed election's constituencies' tallies
    (GET .../tally), each with its proofs, made on her own device with her share of the
    key (never sent); all are checked before any is kept. The result is how many she gave."""
    stored = parse_id(election, "election")
    parts = [
        sealed_elections.SharePart(p.constituency, p.shares, p.challenges, p.responses)
        for p in body.parts
    ]
    return act(
        request,
        db,
        actor,
        key=key,
        body=body,
        call=lambda: sealed_elections.share_decryptions(
            db, stored, parts, federation=federation, actor=actor
        ),
        render=lambda entries: {"given": len(entries)},
    )


@router.post(f"{RECALL}/sealed-votes", status_code=201, response_model=Acted)
def cast_sealed_recall_vote(
    federation: FederationPath,
    council: SlugPath,
    person: SlugPath,
    body: SealedRecallVote,
    request: Request,
    db: Db,
    actor: CurrentActor,
    key: RequiredKey = None,
) -> Response:
    """Cast a member's ballot in the sealed recall vote on her delegate, encrypted by her
    own device with its proofs (the terms: GET .../recall/sealing); its proofs are checked,
    then every rule of a recall vote. The result is the ballot's receipt, which the vote's
    board shows."""
    document = body.ballot.model_dump(mode="json")
    return act(
        request,
        db,
        actor,
        key=key,
        body=body,
        status=201,
        is_key_required=True,
        call=lambda: sealed_recalls.cast_sealed_recall_vote(
            db, council, person, body.member, document, federation=federation, actor=actor
        )[0],
        render=lambda _entry: {"ballot_receipt": sealed.receipt_of(document)},
    )


@router.post(f"{RECALL}/ballot-box-closings", response_model=Acted)
def close_recall_ballot_box(
    federation: FederationPath,
    council: SlugPath,
    person: SlugPath,
    request: Request,
    db: Db,
    actor: CurrentActor,
    key: OptionalKey = None,
    body: Nothing | None = None,
) -> Response:
    """Close the ballot box of a sealed recall vote: no ballot is taken after it; its
    trustees then decrypt the tally, and the vote's close decides it by the decrypted
    counts."""
    return act(
        request,
        db,
        actor,
        key=key,
        body=body,
        call=lambda: sealed_recalls.close_ballots(
            db, council, person, federation=federation, actor=actor
        ),
    )


@router.post(f"{RECALL}/decryptions", response_model=Acted)
def share_recall_decryption(
    federation: FederationPath,
    council: SlugPath,
    person: SlugPath,
    body: Decryption,
    request: Request,
    db: Db,
    actor: CurrentActor,
    key: OptionalKey = None,
) -> Response:
    """A trustee's share of the decryption of a sealed recall vote's tally (GET
    .../recall/tally), with proofs, made on her own device with her share of the key
    (never sent)."""
    return act(
        request,
        db,
        actor,
        key=key,
        body=body,
        call=lambda: sealed_recalls.share_decryption(
            db,
            council,
            person,
            body.shares,
            body.challenges,
            body.responses,
            federation=federation,
            actor=actor,
        ),
    )


Route = TypeVar("Route", bound=Callable[..., Response])


def _get(path: str, summary: str, model: Any) -> Callable[[Route], Route]:
    return reads.get(path, summary=summary, responses=answers(model), response_class=Response)


@_get(TRUSTEES, "A council's key ceremony", views.Ceremony)
def ceremony(
    request: Request,
    db: Db,
    actor: CurrentActor,
    federation: FederationSlug,
    council: CouncilSlug,
) -> Response:
    """The council's newest key ceremony: its trustees, where each stands, its key (public)."""
    found = trustees.ceremony(db, council, federation=federation, actor=actor)
    return view_response(request, ceremony_view(found))


@_get(f"{MOTION}/sealing", "The terms of a sealed poll", views.Sealing)
def sealing(
    request: Request,
    db: Db,
    actor: CurrentActor,
    federation: FederationSlug,
    council: CouncilSlug,
    motion: MotionSlug,
) -> Response:
    """What a voter's device encrypts a ballot of the sealed poll on a motion by: the
    poll its proofs are bound to, the key, the choices (public)."""
    address = f"{council}/{motion}"
    found = sealed.sealing(db, address, federation=federation, actor=actor)
    if found is None:
        raise RuleViolation(f"the vote on '{address}' is not sealed")
    return view_response(request, found.view())


@_get(f"{MOTION}/tally", "The encrypted tally of a closed sealed poll", views.ToDecrypt)
def tally(
    request: Request,
    db: Db,
    actor: CurrentActor,
    federation: FederationSlug,
    council: CouncilSlug,
    motion: MotionSlug,
) -> Response:
    """What its trustees decrypt, and who has given her share (public)."""
    found = decryptions.to_decrypt(db, f"{council}/{motion}", federation=federation, actor=actor)
    return view_response(request, found.view())


@_get(f"{MOTION}/board", "The public board of a poll", views.Board | views.OpenBoard)
def board(
    request: Request,
    db: Db,
    actor: CurrentActor,
    federation: FederationSlug,
    council: CouncilSlug,
    motion: MotionSlug,
) -> Response:
    """A sealed poll's: every encrypted ballot by credential, the tally, the trustees'
    proven decryptions, the result and the journal's head at the close; an open vote's:
    its roll call or counts. Recount either with `soviet recount`."""
    found = boards.board(db, f"{council}/{motion}", federation=federation, actor=actor)
    return view_response(request, boards.board_view(found))


ElectionId = PublicId
ConstituencySlug = Annotated[str, slug_path("constituency")]


@_get(f"{IN_ELECTION}/sealing", "The terms of a sealed election's ballot", views.ElectionSealing)
def election_sealing(
    request: Request,
    db: Db,
    actor: CurrentActor,
    federation: FederationSlug,
    election: ElectionId,
    constituency: ConstituencySlug,
) -> Response:
    """What a member's device encrypts her ballot in a sealed election by, in her
    constituency: the poll its proofs are bound to, the key, the parties (public)."""
    stored = parse_id(election, "election")
    found = sealed_elections.sealing(db, stored, constituency, federation=federation, actor=actor)
    if found is None:
        raise RuleViolation(f"election {format_id(stored)} is not sealed")
    return view_response(request, found.view())


@_get(f"{ELECTION}/tally", "The encrypted tallies of a sealed election", views.ElectionToDecrypt)
def election_tally(
    request: Request,
    db: Db,
    actor: CurrentActor,
    federation: FederationSlug,
    election: ElectionId,
) -> Response:
    """What its trustees decrypt once its ballot box has closed: each constituency's
    encrypted tally holding a ballot, and who has given her share (public)."""
    stored = parse_id(election, "election")
    found = sealed_elections.to_decrypt(db, stored, federation=federation, actor=actor)
    return view_response(request, found.view())


@_get(f"{IN_ELECTION}/board", "The public board of a sealed election's constituency", views.Board)
def election_board(
    request: Request,
    db: Db,
    actor: CurrentActor,
    federation: FederationSlug,
    election: ElectionId,
    constituency: ConstituencySlug,
) -> Response:
    """Every encrypted ballot of the constituency by credential, the tally, the trustees'
    proven decryptions, the result and the journal's head when the ballot box closed:
    recount it with `soviet recount`."""
    stored = parse_id(election, "election")
    found = sealed_elections.board(db, stored, constituency, federation=federation, actor=actor)
    return view_response(request, boards.board_view(found))


PersonSlug = Annotated[str, slug_path("person")]


@_get(f"{RECALL}/sealing", "The terms of a sealed recall vote's ballot", views.RecallSealing)
def recall_sealing(
    request: Request,
    db: Db,
    actor: CurrentActor,
    federation: FederationSlug,
    council: CouncilSlug,
    person: PersonSlug,
) -> Response:
    """What a member's device encrypts her ballot in the sealed recall vote on her
    delegate by: the poll its proofs are bound to, the key, the choices (public)."""
    found = sealed_recalls.sealing(db, council, person, federation=federation, actor=actor)
    if found is None:
        raise RuleViolation(f"the recall vote on {person} is not sealed")
    return view_response(request, found.view())


@_get(f"{RECALL}/tally", "The encrypted tally of a sealed recall vote", views.RecallToDecrypt)
def recall_tally(
    request: Request,
    db: Db,
    actor: CurrentActor,
    federation: FederationSlug,
    council: CouncilSlug,
    person: PersonSlug,
) -> Response:
    """What its trustees decrypt once its ballot box has closed, and who has given her
    share (public)."""
    found = sealed_recalls.to_decrypt(db, council, person, federation=federation, actor=actor)
    return view_response(request, found.view())


@_get(
    f"{PREFIX}/petitions/{{petition}}/board",
    "The public board of a sealed recall vote",
    views.Board,
)
def recall_board(
    request: Request,
    db: Db,
    actor: CurrentActor,
    federation: FederationSlug,
    petition: PublicId,
) -> Response:
    """Every encrypted ballot of the petition's recall vote by credential, the tally, the
    trustees' proven decryptions, the result and the journal's head when the ballot box
    closed: recount it with `soviet recount`."""
    found = sealed_recalls.board(
        db, parse_id(petition, "petition"), federation=federation, actor=actor
    )
    return view_response(request, boards.board_view(found))
