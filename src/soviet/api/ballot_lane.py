"""The ballot lane: a roll-call or secret vote cast with a bearer token, taken before the
framework's router.

When 2,000 delegates vote within a second, the door's own work decides how long each
waits: routing through every route, building a request object, a thread for the guard and
another for the act, and a read transaction to find who the token belongs to. Here a
well-formed vote (POST .../councils/{c}/motions/{m}/votes with `Authorization: Bearer`, an
`Idempotency-Key` and a JSON body the route's own model accepts) is parsed on the event
loop and queued for the group commit as it is (services.votes.cast_presented_vote): the
token is looked up in the transaction that writes the ballot, with the rest of its batch,
and the caller awaits the commit without holding a thread.

Every other request, and every vote this lane cannot take as it is (no token, a session
cookie instead, a body the model refuses, a token not valid or not the caster's own, an
account past its rate limit), goes to the full application with its body, which answers it
as it answers any act: the lane gives the same answers, receipts and keys, or none.
"""

from __future__ import annotations

import logging
import re

import orjson
from pydantic import ValidationError
from starlette.datastructures import URL, State
from starlette.responses import Response
from starlette.types import ASGIApp, Receive, Scope, Send

from soviet.api import idempotency as door_keys
from soviet.api.acts_motions import Vote
from soviet.api.auth import bearer_token
from soviet.api.guard import read_body, replay, too_large
from soviet.api.problems import PREFIX, STATUS, DoorError, problem, refusal
from soviet.domain import limits
from soviet.domain.journal import Entry
from soviet.errors import SovietError
from soviet.services import accounts, idempotency, votes

log = logging.getLogger(__name__)

_VOTES = re.compile(rf"^{PREFIX}/federations/([^/]+)/councils/([^/]+)/motions/([^/]+)/votes$")
_JSON = "application/json"
_PLAIN_PATH = re.compile(r"[A-Za-z0-9/._~-]*")
#: The headers the lane reads.
_READ = frozenset({b"authorization", b"idempotency-key", b"content-type"})
_RECEIPTED = 201
#: The ballots in flight through this lane (all on this worker's loop), each (its token's
#: hash, its key): a second request with one of them is answered 409 at once, as the full
#: route answers it.
_RUNNING: set[tuple[str, str]] = set()
_IN_FLIGHT = idempotency.Answered(idempotency.Claim(idempotency.State.IN_FLIGHT))
#: How a ballot's outcome is kept for its retries: as the full route answers it.
_ANSWER = door_keys.answer_of(lambda _result: None, _RECEIPTED)


def is_acting() -> bool:
    """Whether ballots of this worker are waiting for their answers (the broadcaster then
    lets them go first)."""
    return bool(_RUNNING)


class BallotLane:
    """An ASGI app in front of the application (`soviet serve` serves it): takes the votes
    it can, and hands everything else on to the application as it came."""

    def __init__(self, app: ASGIApp, state: State) -> None:
        self.app, self.state = app, state

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        collector = self.state.collector
        if collector is not None:  # in front of everything, it sees every request begin
            collector.note_request()
        if scope["type"] != "http" or scope["method"] != "POST":
            await self.app(scope, receive, send)
            return
        found = _VOTES.match(scope["path"])
        presented = _presented(scope["headers"]) if found is not None else None
        if found is None or presented is None or self.state.db is None:
            await self.app(scope, receive, send)
            return
        body, complete = await read_body(receive)
        if not complete:
            await too_large()(scope, receive, send)
            return
        vote = _vote(body, found.groups())
        response = None
        if vote is not None:
            response = await self._cast(scope, found.groups(), vote, *presented)
        if response is None:  # the full application answers it, as it answers any act
            await self.app(scope, replay(body, receive), send)
            return
        await response(scope, receive, send)

    async def _cast(
        self, scope: Scope, path: tuple[str, ...], vote: Vote, token: str, key: str
    ) -> Response | None:
        federation, council, motion = path
        shown = vote.model_dump(mode="json")
        fingerprint = idempotency.fingerprint("POST", _url_path(scope), shown)
        token_hash = accounts.secret_hash(token)
        running = (token_hash, key)
        if running in _RUNNING:
            return _answer(_IN_FLIGHT)
        _RUNNING.add(running)
        presented = votes.Presented(token_hash, key, fingerprint, _ANSWER)
        try:
            outcome = await votes.cast_presented_vote(
                self.state.db,
                f"{council}/{motion}",
                vote.person,
                vote.choice,
                presented,
                federation=federation,
            )
        except Exception as error:  # as the application's handler of the unexpected
            log.error("internal error (%s) on POST %s", type(error).__name__, scope["path"])
            return problem("internal", "the server met an error it did not expect")
        finally:
            _RUNNING.discard(running)
        return _answer(outcome)


def _url_path(scope: Scope) -> str:
    """The path as the full route reads it (`request.url.path`, which the key's fingerprint
    holds), without building the whole URL for a path of plain characters (every slug's):
    Starlette's URL changes only `?`, `#`, `\\` and what a URL parser drops."""
    path: str = scope["path"]
    return path if _PLAIN_PATH.fullmatch(path) else URL(scope=scope).path


def _presented(headers: list[tuple[bytes, bytes]]) -> tuple[str, str] | None:
    """The bearer token and the Idempotency-Key of a JSON request that has both, well
    formed; None for any other (the full application says what is wrong with it)."""
    found: dict[bytes, str] = {}
    for name, value in headers:
        if name in _READ:
            if name in found:  # twice: the full application reads which one counts
                return None
            found[name] = value.decode("latin-1")
    token = bearer_token(found.get(b"authorization", ""))
    key = found.get(b"idempotency-key")
    is_json = found.get(b"content-type", "").split(";")[0].strip().lower() == _JSON
    if token is None or not accounts.is_token_shaped(token) or not is_json:
        return None
    return (token, key) if key is not None and door_keys.KEY.match(key) else None


def _vote(body: bytes, path: tuple[str, ...]) -> Vote | None:
    """The vote, if its body and path are as the full route takes them without a word."""
    try:
        vote = Vote.model_validate(orjson.loads(body))  # orjson refuses lone surrogates
    except (orjson.JSONDecodeError, ValidationError):
        return None
    texts = (*path, vote.person)
    if any(
        not 1 <= len(text) <= limits.SLUG_MAX or limits.unstorable_problem(text) is not None
        for text in texts
    ):
        return None
    return vote


def _answer(
    outcome: Entry | SovietError | idempotency.Answered | votes.Unadmitted,
) -> Response | None:
    if isinstance(outcome, votes.Unadmitted):
        return None
    if isinstance(outcome, idempotency.Answered):
        try:
            return door_keys.claimed_before(outcome.claim)
        except DoorError as error:
            return problem(error.code, error.detail, headers=error.headers)
    if isinstance(outcome, SovietError):
        if STATUS.get(outcome.code, 500) >= 500:
            return problem(outcome.code, outcome.message.splitlines()[0])
        return refusal(outcome)
    receipt = idempotency.Receipt(outcome.seq, outcome.hash)
    return door_keys.acted(outcome, receipt, lambda _result: None, _RECEIPTED)
