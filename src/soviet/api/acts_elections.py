"""Elections and recall through HTTP: open, count, ballot, close; sign, withdraw, enter
paper signatures, vote on and close a recall."""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, Request
from pydantic import Field
from starlette.responses import Response

from soviet.api.acts import (
    PREFIX,
    Body,
    FederationPath,
    IdPath,
    Name,
    Names,
    Nothing,
    Slug,
    SlugPath,
)
from soviet.api.deps import CurrentActor, Db
from soviet.api.idempotency import Acted, OptionalKey, RequiredKey, act
from soviet.api.reads_params import PUBLIC_ID
from soviet.domain import limits
from soviet.domain.ids import format_id, format_optional_id, parse_id
from soviet.domain.views.acts import ElectionClosed, RecallSigned, SeatsWon
from soviet.domain.views.elections import DrawByLot, draw_key
from soviet.domain.views.encoding import to_json
from soviet.services import elections, mandates, paper_signatures, recall_votes
from soviet.services.elections import Closed
from soviet.services.mandates import Signed

router = APIRouter()

ELECTION = f"{PREFIX}/elections/{{election}}"
RECALL = f"{PREFIX}/councils/{{council}}/delegates/{{person}}/recall"


class OpenElection(Body):
    constituency: Slug | None = Field(
        default=None, description="Elect only this constituency's seats (default: all)."
    )
    mode: Literal["counts", "ballots"] = Field(
        default="counts", description="counts (from paper ballots) or ballots (cast by members)."
    )


class PartyCount(Body):
    constituency: Slug
    party: Slug
    votes: Annotated[int, Field(ge=0, le=limits.ELECTORATE_MAX)]


class Counts(Body):
    counts: Annotated[list[PartyCount], Field(min_length=1, max_length=limits.PAGE_MAX)]


class Ballot(Body):
    constituency: Slug = Field(description="The voter's constituency.")
    member: Name = Field(description="The key of the member who votes.")
    party: Slug = Field(description="The party voted for.")


class CloseElection(Body):
    seed: Annotated[int, Field(ge=0, le=limits.ID_MAX)] | None = Field(
        default=None, description="The seed of a draw by lot, where the statute breaks ties so."
    )


def _closed(closed: Closed) -> object:
    return to_json(
        ElectionClosed(
            election=format_id(closed.election),
            seats=tuple(
                SeatsWon(constituency, party, seats)
                for (constituency, party), seats in sorted(closed.seats.items())
            ),
            filled=closed.filled,
            ended=closed.ended,
            draws=tuple(
                DrawByLot(
                    tied=tuple(draw_key(k) for k in draw.tied),
                    seats=draw.seats,
                    winners=tuple(draw_key(k) for k in draw.winners),
                    seed=draw.seed,
                )
                for draw in closed.draws
            ),
            receipt=closed.receipt,
        )
    )


@router.post(f"{PREFIX}/councils/{{council}}/elections", status_code=201, response_model=Acted)
def open_election(
    federation: FederationPath,
    council: SlugPath,
    body: OpenElection,
    request: Request,
    db: Db,
    actor: CurrentActor,
    key: OptionalKey = None,
) -> Response:
    """Open an election of a council (or of one constituency's seats)."""
    return act(
        request,
        db,
        actor,
        key=key,
        body=body,
        status=201,
        call=lambda: elections.open_election(
            db,
            council,
            constituency=body.constituency,
            mode=body.mode,
            federation=federation,
            actor=actor,
        ),
        render=lambda election: {"election": format_id(election)},
    )


@router.post(f"{ELECTION}/counts", response_model=Acted)
def enter_counts(
    federation: FederationPath,
    election: IdPath,
    body: Counts,
    request: Request,
    db: Db,
    actor: CurrentActor,
    key: OptionalKey = None,
) -> Response:
    """Enter the counts of paper ballots, per constituency and party."""
    stored = parse_id(election, "election")
    rows = [(c.constituency, c.party, c.votes) for c in body.counts]
    return act(
        request,
        db,
        actor,
        key=key,
        body=body,
        call=lambda: elections.enter_counts(db, stored, rows, federation=federation, actor=actor),
    )


@router.post(f"{ELECTION}/ballots", status_code=201, response_model=Acted)
def cast_ballot(
    federation: FederationPath,
    election: IdPath,
    body: Ballot,
    request: Request,
    db: Db,
    actor: CurrentActor,
    key: RequiredKey = None,
) -> Response:
    """Cast a registered member's secret ballot for a party, once per election: the
    journal records that she voted, the choice goes only into the secret tally."""
    stored = parse_id(election, "election")
    return act(
        request,
        db,
        actor,
        key=key,
        body=body,
        status=201,
        is_key_required=True,
        call=lambda: elections.cast_ballot(
            db,
            stored,
            body.constituency,
            body.member,
            body.party,
            federation=federation,
            actor=actor,
        ),
    )


@router.post(f"{ELECTION}/close", response_model=Acted)
def close_election(
    federation: FederationPath,
    election: IdPath,
    body: CloseElection,
    request: Request,
    db: Db,
    actor: CurrentActor,
    key: OptionalKey = None,
) -> Response:
    """Close an election: seat the lists, begin and end mandates."""
    stored = parse_id(election, "election")
    return act(
        request,
        db,
        actor,
        key=key,
        body=body,
        call=lambda: elections.close_election(
            db, stored, federation=federation, actor=actor, seed=body.seed
        ),
        render=_closed,
    )


class CloseElections(Body):
    elections: Annotated[
        list[Annotated[str, Field(min_length=1, max_length=19, pattern=PUBLIC_ID)]],
        Field(min_length=1, max_length=limits.PAGE_MAX),
    ] = Field(description="The elections' ids, in the order to close them.")
    seed: Annotated[int, Field(ge=0, le=limits.ID_MAX)] | None = Field(
        default=None,
        description="The seed of the draws by lot, where the statute breaks ties so: the "
        "i-th election's draw uses seed + i.",
    )


@router.post(f"{PREFIX}/election-days", response_model=Acted)
def close_elections(
    federation: FederationPath,
    body: CloseElections,
    request: Request,
    db: Db,
    actor: CurrentActor,
    key: OptionalKey = None,
) -> Response:
    """Close the elections of an election day in one act: each journaled as its own entry,
    the bodies above following once, after the last; all or nothing. The receipt is the
    act's last entry; each election's result carries the receipt of its own."""
    stored = [parse_id(e, f"elections[{i}]") for i, e in enumerate(body.elections)]
    return act(
        request,
        db,
        actor,
        key=key,
        body=body,
        call=lambda: elections.close_elections(
            db, stored, federation=federation, actor=actor, seed=body.seed
        ),
        render=lambda closed: [_closed(each) for each in closed],
    )


class Signer(Body):
    member: Name = Field(description="The key of the member on her constituency's register.")


class PaperSheet(Body):
    members: Names = Field(description="The keys of the members who signed the sheet.")
    sheet: Name = Field(description="The paper sheet's reference.")


class RecallVote(Body):
    member: Name = Field(description="The key of the member who votes.")
    choice: Literal["recall", "keep"]


def _signed(signed: Signed) -> object:
    return to_json(
        RecallSigned(
            petition=format_id(signed.petition),
            signatures=signed.signatures,
            threshold=signed.threshold,
            is_recalled=signed.is_recalled,
            is_put_to_vote=signed.is_put_to_vote,
            successor=signed.successor,
            election=format_optional_id(signed.election),
            receipt=signed.receipt,
        )
    )


@router.post(f"{RECALL}/signatures", status_code=201, response_model=Acted)
def sign_recall(
    federation: FederationPath,
    council: SlugPath,
    person: SlugPath,
    body: Signer,
    request: Request,
    db: Db,
    actor: CurrentActor,
    key: RequiredKey = None,
) -> Response:
    """Sign the petition to recall a delegate; the signature that reaches the threshold
    recalls her at once."""
    return act(
        request,
        db,
        actor,
        key=key,
        body=body,
        status=201,
        is_key_required=True,
        call=lambda: mandates.sign_recall(
            db, council, person, body.member, federation=federation, actor=actor
        ),
        render=_signed,
    )


@router.post(f"{RECALL}/withdrawals", response_model=Acted)
def withdraw_recall(
    federation: FederationPath,
    council: SlugPath,
    person: SlugPath,
    body: Signer,
    request: Request,
    db: Db,
    actor: CurrentActor,
    key: RequiredKey = None,
) -> Response:
    """Withdraw a signature from a recall petition that has not yet succeeded."""
    return act(
        request,
        db,
        actor,
        key=key,
        body=body,
        is_key_required=True,
        call=lambda: mandates.withdraw_recall(
            db, council, person, body.member, federation=federation, actor=actor
        ),
    )


@router.post(f"{RECALL}/paper-signatures", response_model=Acted)
def enter_paper_signatures(
    federation: FederationPath,
    council: SlugPath,
    person: SlugPath,
    body: PaperSheet,
    request: Request,
    db: Db,
    actor: CurrentActor,
    key: OptionalKey = None,
) -> Response:
    """Enter the signatures of a paper sheet, as the constituency's registrar."""
    return act(
        request,
        db,
        actor,
        key=key,
        body=body,
        call=lambda: paper_signatures.enter_paper_signatures(
            db,
            council,
            person,
            body.members,
            sheet=body.sheet,
            federation=federation,
            actor=actor,
        ),
        render=_signed,
    )


@router.post(f"{RECALL}/votes", status_code=201, response_model=Acted)
def cast_recall_vote(
    federation: FederationPath,
    council: SlugPath,
    person: SlugPath,
    body: RecallVote,
    request: Request,
    db: Db,
    actor: CurrentActor,
    key: RequiredKey = None,
) -> Response:
    """A member of the constituency votes to recall her delegate or to keep her: once."""
    return act(
        request,
        db,
        actor,
        key=key,
        body=body,
        status=201,
        is_key_required=True,
        call=lambda: recall_votes.cast_recall_vote(
            db, council, person, body.member, body.choice, federation=federation, actor=actor
        ),
    )


@router.post(f"{RECALL}/close", response_model=Acted)
def close_recall_vote(
    federation: FederationPath,
    council: SlugPath,
    person: SlugPath,
    request: Request,
    db: Db,
    actor: CurrentActor,
    key: OptionalKey = None,
    body: Nothing | None = None,
) -> Response:
    """Count a recall vote: more votes to recall than to keep recall the delegate."""
    return act(
        request,
        db,
        actor,
        key=key,
        body=body,
        call=lambda: recall_votes.close_recall_vote(
            db, council, person, federation=federation, actor=actor
        ),
        render=lambda decided: {
            "recall": decided.recall,
            "keep": decided.keep,
            "recalled": decided.is_recalled,
            "successor": decided.successor,
            "election": format_optional_id(decided.election),
            "receipt": decided.receipt,
        },
    )
