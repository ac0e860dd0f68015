"""A federation's administration: its statute amended with the differences shown first,
members registered from a CSV file with an invitation code each (the codes downloaded
once, as a file to mail-merge), an election's counts from a CSV file, and the journal's
head, verified from the page by an account the server names as its operator. Each act is
the service's, which decides whether the signed-in account may do it; every bad line is
listed, and nothing is changed then."""

from __future__ import annotations

import threading
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import quote

import yaml
from fastapi import APIRouter, Request
from starlette.responses import RedirectResponse, Response

from soviet.api.problems import STATUS
from soviet.domain.identity import SYSTEM, account_actor
from soviet.domain.ids import format_id, parse_id
from soviet.domain.journal import format_time
from soviet.errors import Forbidden, InvalidInput, NotFound, RuleViolation, SovietError
from soviet.services import elections, heads, invitations, statutes
from soviet.services import journal as journal_service
from soviet.services.bootstrap import Database
from soviet.services.count_files import read_counts
from soviet.services.documents import load_document
from soviet.web.pages import SIGN_IN, PostedForm, db_of, visitor_of
from soviet.web.render import Visitor, page

router = APIRouter(include_in_schema=False)

ADMIN = "/federations/{federation}/admin"
#: The lines of a refusal the page lists at most (a file's every bad line, within reason).
PROBLEMS_SHOWN = 500


def _problems(error: SovietError) -> list[str]:
    """Every line of a refusal: a file's bad lines one by one."""
    lines = [line.strip(" -•") for line in error.message.splitlines() if line.strip()]
    return lines[:PROBLEMS_SHOWN]


def _show(
    request: Request,
    visitor: Visitor,
    federation: str,
    *,
    status: int = 200,
    **context: Any,
) -> Response:
    db = db_of(request)
    actor = account_actor(visitor.account or "")
    try:
        version, since, document = statutes.current_document(db, federation=federation, actor=actor)
        head = heads.current_head(db, actor=actor)
    except SovietError as error:
        return page(request, "error.html", visitor, status=404, message=error.message)
    shown = {
        "statute_text": yaml.safe_dump(document, sort_keys=False, allow_unicode=True),
        "changes": None,
        "statute_problems": [],
        "invite_problems": [],
        "applied": None,
        "constituency": "",
        "register": "",
        "days": invitations.DAYS_DEFAULT,
        "counts_problems": [],
        "counted": None,
        "election": "",
        "counts_constituency": "",
        "counts": "",
        "verify_problems": [],
        **context,
    }
    return page(
        request,
        "admin.html",
        visitor,
        status=status,
        federation=federation,
        name=str((document.get("federation") or {}).get("name") or federation),
        version=version,
        since=since,
        head=head,
        job=verify_job(request),
        may_verify=is_operator(request, visitor),
        **shown,
    )


def _signed_in(request: Request, federation: str) -> Visitor | Response:
    visitor, _actor = visitor_of(request)
    if visitor.account is None:
        target = ADMIN.format(federation=federation)
        return RedirectResponse(f"{SIGN_IN}?next={quote(target)}", status_code=303)
    return visitor


@router.get(ADMIN)
def admin_page(request: Request, federation: str) -> Response:
    """The administration of a federation."""
    visitor = _signed_in(request, federation)
    if isinstance(visitor, Response):
        return visitor
    return _show(request, visitor, federation)


@router.post(ADMIN + "/statute")
def statute_act(request: Request, federation: str, form: PostedForm) -> Response:
    """Show what a statute would change (`preview`), or apply it (`apply`)."""
    visitor = _signed_in(request, federation)
    if isinstance(visitor, Response):
        return visitor
    text = form.get("statute", "")
    action = form.get("action", "")
    actor = account_actor(visitor.account or "")
    try:
        if action not in ("preview", "apply"):
            raise InvalidInput("action: must be preview or apply")
        # The reader every statute goes through: its size, depth and aliases bounded.
        document = load_document(text.encode("utf-8"), "statute")
        named = document.data.get("federation") if isinstance(document.data, dict) else None
        if isinstance(named, dict) and named.get("slug") not in (None, federation):
            raise InvalidInput(f"federation.slug: this page amends {federation}'s statute")
        try:
            change = statutes.apply_statute(
                db_of(request), document.data, actor=actor, dry_run=action == "preview"
            )
        except InvalidInput as error:
            raise document.located(error) from None
    except SovietError as error:
        return _show(
            request,
            visitor,
            federation,
            status=STATUS.get(error.code, 422),
            statute_text=text,
            statute_problems=_problems(error),
        )
    if action == "preview":
        return _show(request, visitor, federation, statute_text=text, changes=change.changes)
    return _show(request, visitor, federation, applied=change)


@router.post(ADMIN + "/invitations")
def invitations_act(request: Request, federation: str, form: PostedForm) -> Response:
    """Register the members of a CSV file in a constituency with an invitation code each;
    the codes come back once, as a CSV file to mail-merge."""
    visitor = _signed_in(request, federation)
    if isinstance(visitor, Response):
        return visitor
    constituency = form.get("constituency", "").strip()[:100]
    register = form.get("register", "")
    days_text = form.get("days", "").strip()
    try:
        if not days_text.isdigit() or len(days_text) > 4:
            raise InvalidInput(f"days: {days_text[:20]!r} is not a number of days")
        if not register.strip():
            raise InvalidInput("register: the file is empty")
        found = invitations.invite(
            db_of(request),
            constituency,
            register,
            federation=federation,
            days=int(days_text),
            actor=account_actor(visitor.account or ""),
        )
    except SovietError as error:
        return _show(
            request,
            visitor,
            federation,
            status=STATUS.get(error.code, 422),
            constituency=constituency,
            register=register,
            days=days_text,
            invite_problems=_problems(error),
        )
    name = f"invitations-{federation}-{constituency}.csv"
    return Response(
        invitations.mail_merge(found),
        media_type="text/csv; charset=utf-8",
        headers={
            "Content-Disposition": f'attachment; filename="{name}"',
            "Cache-Control": "no-store",  # the codes are secrets, given this once
        },
    )


@router.post(ADMIN + "/counts")
def counts_act(request: Request, federation: str, form: PostedForm) -> Response:
    """Enter an election's counts from a CSV file; every bad line is named, and then
    nothing is entered."""
    visitor = _signed_in(request, federation)
    if isinstance(visitor, Response):
        return visitor
    election_text = form.get("election", "").strip()[:40]
    constituency = form.get("counts_constituency", "").strip()[:100]
    text = form.get("counts", "")
    actor = account_actor(visitor.account or "")
    db = db_of(request)
    kept = {"election": election_text, "counts_constituency": constituency, "counts": text}
    try:
        election = parse_id(election_text, "election")
        if not text.strip():
            raise InvalidInput("counts: the file is empty")
        read = read_counts(
            Path("counts"), constituency or None, text=text, option="the constituency field"
        )
        problems = list(read.problems)
        try:
            problems += elections.count_problems(
                db, election, read.counts, lines=read.lines, federation=federation, actor=actor
            )
        except (NotFound, RuleViolation) as error:  # the election itself: named with the rest
            if not problems:
                raise
            problems.insert(0, error.message)
        if problems:
            raise InvalidInput("\n".join(problems))
        entry = elections.enter_counts(
            db, election, read.counts, federation=federation, actor=actor
        )
    except SovietError as error:
        return _show(
            request,
            visitor,
            federation,
            status=STATUS.get(error.code, 422),
            counts_problems=_problems(error),
            **kept,
        )
    counted = {
        "election": format_id(election),
        "rows": len(read.counts),
        "votes": sum(votes for _, _, votes in read.counts),
        "receipt": entry.hash,
    }
    return _show(request, visitor, federation, counted=counted)


@dataclass
class VerifyJob:
    """The journal's verification as this worker runs it for the administration page: one
    at a time, in a thread of its own; the page shows how far it is, then what it found."""

    lock: threading.Lock = field(default_factory=threading.Lock)
    is_running: bool = False
    done: int = 0
    total: int = 0
    started_at: str = ""
    by: str = ""
    report: journal_service.VerifyReport | None = None
    failure: str | None = None

    def start(self, db: Database, account: str) -> bool:
        """Start verifying (False when a verification is running already)."""
        with self.lock:
            if self.is_running:
                return False
            self.is_running, self.done, self.report, self.failure = True, 0, None, None
            self.total = heads.current_head(db, actor=SYSTEM).seq
            self.started_at, self.by = format_time(journal_service.utc_now()), account
        threading.Thread(target=self._run, args=(db,), name="soviet-verify", daemon=True).start()
        return True

    def _advance(self, count: int) -> None:
        self.done = count

    def _run(self, db: Database) -> None:
        try:
            report = journal_service.verify(
                db,
                witness=journal_service.default_witness(db),
                progress=self._advance,
                actor=SYSTEM,
            )
            failure = None
        except SovietError as error:
            report, failure = None, error.message.splitlines()[0]
        except Exception as error:  # a bug: said by its type alone, and the job ends
            report, failure = None, type(error).__name__
        with self.lock:
            self.report, self.failure, self.is_running = report, failure, False


def verify_job(request: Request) -> VerifyJob:
    """This worker's verification job."""
    job: VerifyJob | None = getattr(request.app.state, "verify_job", None)
    if job is None:
        job = request.app.state.verify_job = VerifyJob()
    return job


def is_operator(request: Request, visitor: Visitor) -> bool:
    """Whether the visitor's account acts as this server's operator (`--operator`)."""
    operators: frozenset[str] = request.app.state.settings.operators
    return visitor.account is not None and visitor.account in operators


@router.post(ADMIN + "/verify")
def verify_act(request: Request, federation: str) -> Response:
    """Verify the whole journal and rebuild every table from it (the operator's act)."""
    visitor = _signed_in(request, federation)
    if isinstance(visitor, Response):
        return visitor
    if not is_operator(request, visitor):
        error = Forbidden(
            "verify: only an account this server names as its operator "
            "(soviet serve --operator) may verify the journal"
        )
        return _show(request, visitor, federation, status=403, verify_problems=_problems(error))
    verify_job(request).start(db_of(request), visitor.account or "")
    # No fragment: the page's refresh while it runs must load the page again, not jump.
    return RedirectResponse(ADMIN.format(federation=federation), status_code=303)
