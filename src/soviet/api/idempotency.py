"""Acts through the door: who may act, `Idempotency-Key`, and the receipt of each act.

Every accepted act answers `{"receipt": {"seq", "hash"}, "result": ...}`: the journal
entry it committed (the last, when it committed several) and what the service returned.
A request with an `Idempotency-Key` (required for ballots, votes, signatures and
check-ins) claims the key for its account before it acts, or, for a ballot written by
group commit, keeps it in the ballot's own transaction (services.idempotency); a retry
with the same key and the same request gets the first answer again, whatever worker it
reaches and after any restart, for 24 hours.
"""

from __future__ import annotations

import os
import re
import threading
from collections.abc import Callable
from datetime import timedelta
from typing import Annotated, Any, TypeVar

import orjson
from fastapi import Header, Request
from pydantic import BaseModel, Field
from starlette.responses import Response

from soviet.api import problems
from soviet.api.problems import DoorError
from soviet.domain.identity import Actor
from soviet.domain.journal import Entry
from soviet.errors import SovietError
from soviet.services import idempotency
from soviet.services.bootstrap import Database
from soviet.services.idempotency import Receipt, State

T = TypeVar("T")

HEADER = "Idempotency-Key"
#: Printable ASCII, as a header carries it, and no longer than its column.
KEY = re.compile(r"^[\x21-\x7e]{1,200}$")
#: The answer of a retry says so.
REPLAYED = "Idempotent-Replayed"
#: Seconds an unanswered claim holds before a retry may take it over (default: the
#: services' LEASE); the tests of kill -9 shorten it.
LEASE_ENV = "SOVIET_IDEMPOTENCY_LEASE"


def _lease() -> timedelta:
    given = os.environ.get(LEASE_ENV, "")
    return timedelta(seconds=int(given)) if given.isdigit() else idempotency.LEASE


KEY_DESCRIPTION = (
    "A key of the client's choosing (1-200 printable ASCII characters, a UUID is usual), "
    "the same for every retry of one request. A retry with the same key and request gets "
    "the first answer again, a refusal included (header Idempotent-Replayed: true); a new "
    "attempt after a refusal takes a new key. 409 idempotency_in_flight while the first "
    "is running (a claim whose server died lapses after 60 seconds); 422 "
    "idempotency_key_reused when the key came with another request. Keys are kept per "
    "account for 24 hours after the answer."
)
#: The header of an act that requires it (428 idempotency_key_missing without).
RequiredKey = Annotated[
    str | None,
    Header(alias=HEADER, pattern=KEY.pattern, description=f"Required. {KEY_DESCRIPTION}"),
]
#: The header of an act that accepts it.
OptionalKey = Annotated[
    str | None, Header(alias=HEADER, pattern=KEY.pattern, description=KEY_DESCRIPTION)
]


class ReceiptModel(BaseModel):
    """The journal entry an act committed: its number and its hash."""

    seq: int
    hash: str


class Acted(BaseModel):
    """What an accepted act answers: its receipt and what the service returned."""

    receipt: ReceiptModel | None = Field(
        description="The journal entry the act committed (null if it committed none)."
    )
    result: Any = Field(default=None, description="What the act gave back.")


def _account(request: Request, actor: Actor) -> str:
    """Whose keys these are: the account the request authenticated as."""
    account = getattr(request.state, "account", None) or actor.account
    if not account:
        raise DoorError(
            "unauthenticated", "acting needs a session or a token: the public may only read"
        )
    return str(account)


def _checked_key(key: str | None, *, is_required: bool) -> str | None:
    if key is None:
        if is_required:
            raise DoorError(
                "idempotency_key_missing",
                f"{HEADER}: this act must carry one, so that a retry does not act twice",
            )
        return None
    if not KEY.match(key):
        raise DoorError(
            "invalid_input", f"{HEADER}: must be 1-200 printable ASCII characters without spaces"
        )
    return key


def _replay(claim: idempotency.Claim) -> Response:
    status = claim.status or 200
    media = problems.MEDIA_TYPE if status >= 400 else "application/json"
    body = (claim.response or "").encode()
    return Response(body, status, headers={REPLAYED: "true"}, media_type=media)


def act(
    request: Request,
    db: Database,
    actor: Actor,
    *,
    key: str | None,
    body: BaseModel | None,
    call: Callable[[], T],
    render: Callable[[T], object] = lambda _result: None,
    status: int = 200,
    is_key_required: bool = False,
    is_group_commit: bool = False,
) -> Response:
    """Run one act for `actor` and answer with its receipt, at most once per key."""
    account = _account(request, actor)
    checked = _checked_key(key, is_required=is_key_required)
    if checked is None:
        return _run(call, render, status, is_group_commit)
    shown = body.model_dump(mode="json") if body is not None else None
    fingerprint = idempotency.fingerprint(request.method, request.url.path, shown)
    if is_group_commit:
        return _act_kept(db, account, checked, fingerprint, call, render, status)
    claim = idempotency.claim(db, account, checked, fingerprint, lease=_lease())
    if claim.state is not State.CLAIMED:
        return claimed_before(claim)
    try:
        answer = _run(call, render, status, is_group_commit)
    except BaseException:
        # Nothing worth keeping (the server failed): the retry may act.
        idempotency.release(db, account, checked, fingerprint)
        raise
    kept = bytes(answer.body).decode()
    idempotency.answer(db, account, checked, fingerprint, status=answer.status_code, response=kept)
    return answer


def claimed_before(claim: idempotency.Claim) -> Response:
    """The answer to a request whose key was found taken: the first answer, or why not."""
    if claim.state is State.REUSED:
        raise DoorError("idempotency_key_reused", f"{HEADER}: used before with another request")
    if claim.state is State.IN_FLIGHT:
        raise DoorError(
            "idempotency_in_flight",
            f"{HEADER}: the first request with this key is still running; retry later",
            headers={"Retry-After": "1"},
        )
    return _replay(claim)


#: The keys of this process's acts now running, each (account, key): a second request with
#: one of them is answered 409 at once. (Another worker's is found in the database.)
_RUNNING: set[tuple[str, str]] = set()
_RUNNING_LOCK = threading.Lock()


def _act_kept(
    db: Database,
    account: str,
    key: str,
    fingerprint: str,
    call: Callable[[], T],
    render: Callable[[T], object],
    status: int,
) -> Response:
    """An act written by group commit: its key is looked up and kept in the act's own
    transaction (services.idempotency), so it costs no transaction of its own; a retry
    finds the first answer there."""
    with _RUNNING_LOCK:
        if (account, key) in _RUNNING:
            return claimed_before(idempotency.Claim(State.IN_FLIGHT))
        _RUNNING.add((account, key))
    try:
        keeper = idempotency.Keeper(account, key, fingerprint, answer_of(render, status))
        with idempotency.keeping(keeper):
            return _run(call, render, status, is_group_commit=True)
    except idempotency.Answered as answered:
        return claimed_before(answered.claim)
    finally:
        with _RUNNING_LOCK:
            _RUNNING.discard((account, key))


def answer_of(
    render: Callable[[T], object], status: int
) -> Callable[[object], tuple[int, str] | None]:
    """How an act's outcome is kept for its retries: as the door answers it."""

    def answer(outcome: object) -> tuple[int, str] | None:
        if isinstance(outcome, SovietError):
            if problems.STATUS.get(outcome.code, 500) >= 500:
                return None
            response = problems.refusal(outcome)
        elif isinstance(outcome, Entry):
            response = acted(outcome, Receipt(outcome.seq, outcome.hash), render, status)  # type: ignore[arg-type]
        else:
            return None
        return response.status_code, bytes(response.body).decode()

    return answer


def acted(
    result: T, receipt: Receipt | None, render: Callable[[T], object], status: int
) -> Response:
    shown: dict[str, Any] = {
        "receipt": None if receipt is None else {"seq": receipt.seq, "hash": receipt.hash},
        "result": render(result),
    }
    return Response(orjson.dumps(shown), status, media_type="application/json")


def _run(
    call: Callable[[], T], render: Callable[[T], object], status: int, is_group_commit: bool
) -> Response:
    try:
        result, receipt = idempotency.receipted(call, is_group_commit=is_group_commit)
    except SovietError as error:
        if problems.STATUS.get(error.code, 500) >= 500:
            raise
        return problems.refusal(error)
    return acted(result, receipt, render, status)
