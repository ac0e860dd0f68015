"""Signing in with a password, and the browser sessions it opens.

Passwords are verified in a bounded pool: a few threads with a short queue, so that a
storm of logins cannot take every thread of the server; when the queue is full the login
is refused at once (`Busy`), not made to wait. A login for an unknown or disabled account
costs what a wrong password costs (a dummy hash is verified), and a hash made with older
parameters is made again on a successful login.

A session's cookie holds a random secret, stored as its SHA-256; its CSRF token is
derived from the secret (a keyed hash that cannot be turned back into it), so that a
page of the same origin, which was handed the token, can send it back in a header, and
another site, which can read neither the cookie nor the page, cannot.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import timedelta
from functools import cache
from typing import TypeVar

from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError
from sqlalchemy.engine import Connection

from soviet.domain.journal import format_time
from soviet.errors import InvalidInput, Problem
from soviet.services import marks, rate_limits
from soviet.services.accounts import Credential, check_password, hasher, secret_hash
from soviet.services.journal import Clock, require_current, utc_now
from soviet.store import accounts as store
from soviet.store.database import Database

T = TypeVar("T")

#: Threads hashing passwords, and logins that may wait for one.
VERIFIERS = 4
WAITING_MAX = 16
#: How long a browser session lives.
SESSION_DAYS = 7
#: How stale a session's `seen_at` may grow before a request writes it again.
SEEN_AT_PRECISION = timedelta(minutes=10)
_SESSIONS_SEEN = marks.Marks(store.MARK_SESSION_SEEN)
CLIENT_MAX = 300

_pool = ThreadPoolExecutor(max_workers=VERIFIERS, thread_name_prefix="soviet-password")
_slots = threading.BoundedSemaphore(VERIFIERS + WAITING_MAX)


class Busy(Exception):
    """Every password verifier is taken and the queue is full: try again shortly."""


def in_pool(work: Callable[[], T]) -> T:
    """Run `work` in the password pool and wait for it; Busy at once when it is full."""
    if not _slots.acquire(blocking=False):
        raise Busy
    try:
        return _pool.submit(work).result()
    finally:
        _slots.release()


@cache
def _dummy_hash() -> str:
    return hasher.hash(secrets.token_urlsafe(16))


def _verified(password_hash: str, password: str) -> bool:
    try:
        return hasher.verify(password_hash, password)
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        return False


@dataclass(frozen=True)
class SignedIn:
    """A session just opened: the cookie's secret and the CSRF token, shown this once."""

    account: str
    session: str  # "session:ID"
    secret: str
    csrf_token: str
    expires_at: str


def csrf_token(secret: str) -> str:
    """The CSRF token of a session's secret."""
    return hmac.new(secret.encode("utf-8"), b"soviet csrf", hashlib.sha256).hexdigest()


def is_csrf_token(secret: str, token: str) -> bool:
    """Whether `token` is the CSRF token of `secret` (compared in constant time)."""
    return hmac.compare_digest(csrf_token(secret), token)


def client_key(session_secret: str | None, address: str, user_agent: str) -> str:
    """Who a login comes from: its session if it has one, else its address and user agent
    together (never the address alone: a hall of delegates shares one)."""
    seen = f"session {session_secret}" if session_secret else f"{address} {user_agent}"
    return hashlib.sha256(seen.encode("utf-8", "replace")).hexdigest()


def login(
    db: Database,
    account: str,
    password: str,
    *,
    client: str,
    user_agent: str = "",
    now: Clock = utc_now,
) -> SignedIn | None:
    """Open a session for `account` if `password` is its password; None if it is not (or
    there is no such account, or it is disabled: the caller learns no more). Counted
    against the account's and the client's login limits first (RateLimited)."""
    if not isinstance(account, str) or not isinstance(password, str):
        raise InvalidInput("account, password: must be text")
    name = account.strip()[:200]
    rate_limits.count(db, f"login:account:{name.casefold()}", rate_limits.LOGIN_PER_ACCOUNT)
    rate_limits.count(db, f"login:client:{client}", rate_limits.LOGIN_PER_CLIENT)
    if len(password) > 1024:
        reason = "must be at most 1024 characters"
        raise InvalidInput(f"password: {reason}", problems=[Problem("password", reason)])
    with db.read() as connection:
        require_current(connection, db)
        found = store.account_by_name(connection, name)
    usable = found is not None and found.disabled_at is None
    stored = found.password_hash if found is not None and usable else _dummy_hash()
    if not in_pool(lambda: _verified(stored, password)) or found is None or not usable:
        return None
    rehashed = None
    if hasher.check_needs_rehash(stored):
        rehashed = in_pool(lambda: hasher.hash(password))
    return _open_session(db, found, rehashed, user_agent=user_agent, now=now)


def _open_session(
    db: Database, found: store.Account, rehashed: str | None, *, user_agent: str, now: Clock
) -> SignedIn:
    at = now()
    secret = secrets.token_urlsafe(32)
    expires_at = format_time(at + timedelta(days=SESSION_DAYS))

    def act(connection: Connection) -> int:
        if rehashed is not None:
            store.set_password(connection, found.id, rehashed)
        return store.insert_session(
            connection,
            found.id,
            secret_hash=secret_hash(secret),
            client=printable(user_agent)[:CLIENT_MAX],
            created_at=format_time(at),
            expires_at=expires_at,
        )

    number = db.write(act)
    return SignedIn(found.name, f"session:{number}", secret, csrf_token(secret), expires_at)


def printable(text: str) -> str:
    return "".join(char if char.isprintable() else "?" for char in text)


def authenticate_session(db: Database, secret: str, *, now: Clock = utc_now) -> Credential | None:
    """The credential of a session's cookie secret, or None when it is not valid now."""
    if not secret or len(secret) > 200:
        return None
    at = now()
    with db.read() as connection:
        require_current(connection, db)
        found = store.session_by_hash(connection, secret_hash(secret))
    if found is None or found.revoked_at is not None or found.account_disabled_at is not None:
        return None
    if found.expires_at <= format_time(at):
        return None
    if found.seen_at < format_time(at - SEEN_AT_PRECISION):
        _SESSIONS_SEEN.mark(db, found.id, format_time(at))
    return Credential(found.account, f"session:{found.id}", frozenset({"read", "act"}))


def logout(db: Database, secret: str, *, now: Clock = utc_now) -> None:
    """Close the session whose cookie holds `secret` (nothing if it is not open)."""
    at = format_time(now())

    def act(connection: Connection) -> None:
        found = store.session_by_hash(connection, secret_hash(secret))
        if found is not None:
            account = store.account_by_name(connection, found.account)
            assert account is not None
            store.revoke(connection, "session", account.id, found.id, at)

    db.write(act)


def set_password_hash(password: str) -> str:
    """The argon2id hash of a new password (checked first), made in the pool."""
    checked = check_password(password)
    return in_pool(lambda: hasher.hash(checked))
