"""The plenary's pages: a session as a delegate follows it (agenda, speakers, the open
poll and her vote), the chair's console, the projector in the hall and the check-in desk.

Every act is a plain form posted to the session's address and answered by a redirect back
(or, for a vote, by its receipt), so each works without JavaScript; live.js refreshes the
parts marked live from the event stream. Each part refreshes on the kinds that change it
only, and never while the person is filling in a form in it."""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote

from fastapi import APIRouter, Request
from starlette.responses import RedirectResponse, Response

from soviet.api import auth
from soviet.domain.identity import PUBLIC, Actor, account_actor
from soviet.domain.ids import parse_id
from soviet.domain.sessions import Tally
from soviet.domain.views import plenary as plenary_views
from soviet.domain.views import speakers as speaker_views
from soviet.errors import InvalidInput, SovietError
from soviet.services import (
    agenda,
    desk,
    desk_board,
    heads,
    my_status,
    plenary,
    poll_results,
    sealed,
    votes,
)
from soviet.services import composition as composition_service
from soviet.services import speakers as speakers_service
from soviet.services.bootstrap import Database
from soviet.web.pages import SIGN_IN, PostedForm, db_of, refused, visitor_of
from soviet.web.render import Visitor, gettext_of, language_of, page

router = APIRouter(include_in_schema=False)

SESSION = "/federations/{federation}/sessions/{session}"
#: The notice kinds after which each live part of the plenary's pages is read again.
STATE_KINDS = (
    "AgendaItemCalled",
    "AgendaAmended",
    "MotionMoved",
    "MotionAttached",
    "AttendanceCheckedIn",
    "AttendanceLeft",
    "FractionWalkedOut",
    "FractionReturned",
    "SpeakerRequested",
    "SpeakerWithdrawn",
    "SpeakerMoved",
    "SpeechStarted",
    "SpeechEnded",
    "VoteOpened",
    "VoteClosed",
    "PollClosed",
    "VotesCounted",
    "SessionClosed",
)
#: Each ballot's notice adds one to the turnout a page shows, without reading it again.
COUNT_KINDS = ("VoteCast", "ProxyVoteCast", "SecretBallotCast", "SealedBallotCast")
#: The ballot is read again only when a poll opens or ends: never for another's vote.
BALLOT_KINDS = ("VoteOpened", "VoteClosed", "PollClosed", "VotesCounted", "SessionClosed")
#: A delegate's turn to speak is read again when the list of speakers changes.
TURN_KINDS = (
    "SpeakerRequested",
    "SpeakerWithdrawn",
    "SpeakerMoved",
    "SpeechStarted",
    "SpeechEnded",
)
DESK_KINDS = ("AttendanceCheckedIn", "AttendanceLeft", "BadgesAssigned", "SessionClosed")
#: What a delegate's posted ballot may say.
CHOICES = ("yes", "no", "abstain")
MODES = ("roll-call", "counted", "secret")
STANCES = ("pro", "contra", "neutral")
#: The latest changes the desk lists under its form.
DESK_RECENT = 8
#: The fragments live.js fetches again: the template of each, and whether it needs the
#: desk's own read (which only the desk and the secretariat may make).
FRAGMENTS = {
    "state": "_session_state.html",
    "ballot": "_session_ballot.html",
    "chair": "_chair_state.html",
    "projector": "_projector.html",
    "desk": "_desk_counts.html",
    "turn": "_turn.html",
    "speak": "_speak.html",
    "results": "_results.html",
}
#: The parts that read the same for every visitor (no form, nothing of hers).
SHARED = frozenset({"state", "results", "projector"})
#: The renderings of shared parts kept (the latest).
SHARED_KEPT = 64


@dataclass(frozen=True)
class Plenary:
    """What the plenary's pages show of a session now."""

    federation: str
    session: plenary_views.Session
    council_name: str
    agenda: Any
    speakers: speaker_views.SpeakersList
    current: plenary_views.Motion | None
    #: The visitor's vote on the open poll, and whether that poll takes sealed ballots.
    mine: Any
    is_sealed: bool
    #: The open poll's ballots of those entitled, and the journal entry they count up to.
    turnout: plenary_views.Turnout | None
    #: The motions decided in this session, the latest first, with their tallies.
    decided: tuple[plenary_views.Motion, ...]
    address: str

    @property
    def current_item(self) -> Any:
        return next((item for item in self.agenda.items if item.is_current), None)

    @property
    def to_open(self) -> tuple[plenary_views.MotionLine, ...]:
        return tuple(m for m in self.session.motions if m.status == "moved")

    @property
    def withheld(self) -> tuple[plenary_views.MotionLine, ...]:
        return tuple(m for m in self.session.motions if m.status == "closed")

    def place_of(self, person: str | None) -> int | None:
        """Where `person` waits on the list of speakers (1 is next), if she does."""
        waiting = [s.person for s in self.speakers.waiting]
        return waiting.index(person) + 1 if person in waiting else None


def _session_id(session: str) -> int:
    return parse_id(session, "session")


def _plenary(
    request: Request, visitor: Visitor, actor: Actor, federation: str, session: str
) -> Plenary:
    db = db_of(request)
    found = _session_id(session)
    shown = plenary.session_view(db, found, federation=federation, limit=1, actor=actor)
    current = shown.current
    mine, is_sealed, turnout = None, False, None
    if current is not None:
        turnout = plenary.turnout_view(db, current.motion, federation=federation, actor=actor)
        if visitor.account is not None:
            mine = my_status.vote_status(
                db, current.motion, federation=federation, actor=account_actor(visitor.account)
            )
        if current.vote is not None and current.vote.mode == "secret":
            is_sealed = (
                sealed.sealing(db, current.motion, federation=federation, actor=actor) is not None
            )
    decided = tuple(
        plenary.motion_view(db, line.motion, federation=federation, actor=actor)
        for line in reversed(shown.motions)
        if line.status in ("adopted", "rejected", "closed", "practice")
    )
    return Plenary(
        federation=federation,
        session=shown,
        council_name=composition_service.council_name(
            db, shown.council, federation=federation, actor=actor
        ),
        agenda=agenda.agenda_view(db, found, federation=federation, actor=actor),
        speakers=speakers_service.speakers_view(db, found, federation=federation, actor=actor),
        current=current,
        mine=mine,
        is_sealed=is_sealed,
        turnout=turnout,
        decided=decided,
        address=SESSION.format(federation=federation, session=session),
    )


def _show(
    request: Request,
    federation: str,
    session: str,
    template: str,
    *,
    needs_account: bool = False,
    **context: Any,
) -> Response:
    visitor, actor = visitor_of(request)
    if needs_account and visitor.account is None:
        return RedirectResponse(f"{SIGN_IN}?next={quote(request.url.path)}", status_code=303)
    try:
        shown = _plenary(request, visitor, actor, federation, session)
        if template in ("desk.html", FRAGMENTS["desk"]):
            context["board"] = desk_board.desk_view(
                db_of(request),
                _session_id(session),
                recent=DESK_RECENT,
                federation=federation,
                actor=actor,
            )
    except SovietError as error:
        return refused(request, visitor, error)
    return page(
        request,
        template,
        visitor,
        plenary=shown,
        state_kinds=",".join(STATE_KINDS),
        ballot_kinds=",".join(BALLOT_KINDS),
        desk_kinds=",".join(DESK_KINDS),
        count_kinds=",".join(COUNT_KINDS),
        turn_kinds=",".join(TURN_KINDS),
        done=request.query_params.get("done", "")[:40],
        **context,
    )


@router.get(SESSION)
def session_page(request: Request, federation: str, session: str) -> Response:
    """A session as a delegate follows it: the item under debate, the speakers (and her
    place among them), attendance and quorum, the open poll with her vote, the results."""
    return _show(request, federation, session, "session.html")


@router.get(SESSION + "/chair")
def chair_page(request: Request, federation: str, session: str) -> Response:
    """The chair's console: next item, the floor, and a poll opened, closed and published."""
    return _show(request, federation, session, "chair.html", needs_account=True)


@router.get(SESSION + "/projector")
def projector_page(request: Request, federation: str, session: str) -> Response:
    """For the hall: the item, the speaker and her time, the turnout, the last result."""
    return _show(request, federation, session, "projector.html")


@router.get(SESSION + "/desk")
def desk_page(request: Request, federation: str, session: str) -> Response:
    """The check-in desk: a badge number and Enter checks a delegate in."""
    return _show(request, federation, session, "desk.html", needs_account=True)


class SharedParts:
    """The live parts that read the same for every visitor, each rendered once per state
    of the journal: after a notice, every page of a 2,000-delegate congress asks for the
    same part at once, and all but the first get the rendering the first made."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.rendered: OrderedDict[tuple[str, ...], Response] = OrderedDict()

    def get(self, key: tuple[str, ...], render: Callable[[], Response]) -> Response:
        with self.lock:  # one renders; the others wait for it rather than render too
            found = self.rendered.get(key)
            if found is None:
                found = render()
                if found.status_code == 200:
                    self.rendered[key] = found
                    while len(self.rendered) > SHARED_KEPT:
                        self.rendered.popitem(last=False)
            else:
                self.rendered.move_to_end(key)
            return found


def _shared(request: Request) -> SharedParts:
    parts: SharedParts | None = getattr(request.app.state, "shared_parts", None)
    if parts is None:
        parts = request.app.state.shared_parts = SharedParts()
    return parts


@router.get(SESSION + "/fragments/{name}")
def fragment(request: Request, federation: str, session: str, name: str) -> Response:
    """A live part of one of the plenary's pages as it is now (what live.js fetches). A
    part the same for everyone is rendered once for each entry at the journal's head."""
    template = FRAGMENTS.get(name)
    if template is None:
        return Response(status_code=404)
    if name not in SHARED:
        return _show(request, federation, session, template)
    if auth.SESSION_COOKIE in request.cookies or "authorization" in request.headers:
        visitor_of(request)  # a signed-in reader's chosen language is part of the key
    try:
        head = heads.current_head(db_of(request), actor=PUBLIC)
    except SovietError as error:
        return refused(request, visitor_of(request)[0], error)
    key = (federation, session, name, language_of(request), str(head.seq))
    shown = _shared(request).get(key, lambda: _show(request, federation, session, template))
    return Response(shown.body, media_type="text/html", headers=dict(shown.headers))


def _back(request: Request, target: str, done: str) -> Response:
    return RedirectResponse(f"{target}?done={quote(done)}", status_code=303)


def _acting(
    request: Request, federation: str, session: str, call: Callable[[Actor, int], tuple[str, str]]
) -> Response:
    """Run an act of the signed-in visitor and send her back where she came from, saying
    what was done; a refusal is shown with its reason, and changes nothing."""
    visitor, _actor = visitor_of(request)
    if visitor.account is None:
        target = SESSION.format(federation=federation, session=session)
        return RedirectResponse(f"{SIGN_IN}?next={quote(target)}", status_code=303)
    try:
        return _back(request, *call(account_actor(visitor.account), _session_id(session)))
    except SovietError as error:
        return refused(request, visitor, error)


def _one_of(form: dict[str, str], field: str, allowed: tuple[str, ...]) -> str:
    value = form.get(field, "")
    if value not in allowed:
        raise InvalidInput(f"{field}: must be one of {', '.join(allowed)}")
    return value


@router.post(SESSION + "/speakers")
def speakers_act(request: Request, federation: str, session: str, form: PostedForm) -> Response:
    """A delegate puts herself on the list of speakers, or takes herself off it."""
    address = SESSION.format(federation=federation, session=session)

    def act(actor: Actor, found: int) -> tuple[str, str]:
        person = actor.account or ""
        action = _one_of(form, "action", ("add", "remove"))
        if action == "add":
            stance = _one_of(form, "stance", STANCES)
            speakers_service.add_speaker(
                db_of(request), found, person, stance=stance, federation=federation, actor=actor
            )
        else:
            speakers_service.remove_speaker(
                db_of(request), found, person, federation=federation, actor=actor
            )
        return address, f"speaker-{action}"

    return _acting(request, federation, session, act)


@router.post(SESSION + "/vote")
def vote_act(request: Request, federation: str, session: str, form: PostedForm) -> Response:
    """A delegate's vote on the open poll, cast once: its receipt is shown."""
    visitor, _actor = visitor_of(request)
    address = SESSION.format(federation=federation, session=session)
    if visitor.account is None:
        return RedirectResponse(f"{SIGN_IN}?next={quote(address)}", status_code=303)
    _ = gettext_of(request)
    motion = form.get("motion", "")[:201]
    choice = form.get("choice", "")
    if choice not in CHOICES:
        message = _("choice: choose yes, no or abstain; nothing was cast.")
        return page(request, "error.html", visitor, status=422, message=message)
    actor = account_actor(visitor.account)
    try:
        entry = votes.cast_vote(
            db_of(request), motion, visitor.account, choice, federation=federation, actor=actor
        )
        shown = plenary.motion_view(db_of(request), motion, federation=federation, actor=actor)
    except SovietError as error:
        return refused(request, visitor, error)
    return page(
        request,
        "vote_receipt.html",
        visitor,
        motion=shown,
        choice=choice,
        receipt=entry.hash,
        back=address,
    )


def _counts(form: dict[str, str]) -> Tally | None:
    """A counted vote's numbers as the chair entered them (None when the form has none)."""
    if not any(field in form for field in CHOICES):
        return None
    numbers = []
    for field in CHOICES:
        text = form.get(field, "").strip()
        if not text.isdigit() or len(text) > 9:
            raise InvalidInput(f"{field}: {text[:20]!r} is not a number of votes")
        numbers.append(int(text))
    return Tally(*numbers)


def _chair_act(
    db: Database, form: dict[str, str], federation: str, actor: Actor, found: int
) -> str:
    """One of the chair's acts, as the form names it; what was done."""
    action = _one_of(
        form,
        "action",
        ("next-item", "open", "close", "publish", "floor", "stop", "move-up", "take-off"),
    )
    if action == "next-item":
        agenda.call_item(db, found, federation=federation, actor=actor)
    elif action in ("open", "close", "publish"):
        motion = form.get("motion", "")[:201]
        if not motion:
            raise InvalidInput("motion: choose the motion")
        if action == "open":
            mode = _one_of(form, "mode", MODES)
            votes.open_vote(db, motion, mode, federation=federation, actor=actor)
        elif action == "close":
            votes.close_vote(db, motion, counts=_counts(form), federation=federation, actor=actor)
        else:
            poll_results.publish_poll(db, motion, federation=federation, actor=actor)
    elif action == "floor":
        speakers_service.start_speech(db, found, federation=federation, actor=actor)
    elif action == "stop":
        speakers_service.stop_speech(db, found, federation=federation, actor=actor)
    else:
        person = form.get("person", "")[:100]
        if action == "move-up":
            before = form.get("before") or None
            speakers_service.move_speaker(
                db, found, person, before=before, federation=federation, actor=actor
            )
        else:
            speakers_service.remove_speaker(db, found, person, federation=federation, actor=actor)
    return action


@router.post(SESSION + "/chair")
def chair_act(request: Request, federation: str, session: str, form: PostedForm) -> Response:
    """One of the chair's acts; back to the console, which says what was done."""
    target = SESSION.format(federation=federation, session=session) + "/chair"
    return _acting(
        request,
        federation,
        session,
        lambda actor, found: (target, _chair_act(db_of(request), form, federation, actor, found)),
    )


@router.post(SESSION + "/desk")
def desk_act(request: Request, federation: str, session: str, form: PostedForm) -> Response:
    """The desk checks a delegate in (or out) by her badge number."""
    target = SESSION.format(federation=federation, session=session) + "/desk"

    def act(actor: Actor, found: int) -> tuple[str, str]:
        text = form.get("number", "").strip()
        if not text.isdigit() or len(text) > 9:
            raise InvalidInput(f"number: {text[:20]!r} is not a badge number")
        change = _one_of(form, "change", ("in", "out"))
        call = desk.check_in_badges if change == "in" else desk.check_out_badges
        call(db_of(request), found, [int(text)], federation=federation, actor=actor)
        return target, f"badge-{change}"

    return _acting(request, federation, session, act)
