"""Event streams close when their account's access ends, over HTTP on each engine: a
revoked token's stream, a session's on logout and every stream of a disabled account close
within about a second (each worker looks for closed credentials every second), a delegate
whose mandate ends loses her stream at once (she joins again as what she is now), while
the public's streams go on."""

from __future__ import annotations

import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

import httpx

from soviet.domain.identity import SYSTEM, account_actor
from soviet.services import accounts
from soviet.services.bootstrap import open_database
from soviet.services.mandates import end_mandate

from ..integration.councils.federation import elect, found_federation
from .accounts_setup import bearer, issued, made
from .server import Server, serving
from .test_accounts_sessions import cookie, signed_in
from .test_events import Listener, notes, seqs


def test_a_delegate_whose_mandate_ends_has_her_stream_closed(db_url: str, tmp_path: Path) -> None:
    with open_database(db_url) as db:
        found_federation(db)
        elect(db)
        accounts.create_account(db, "b1", "a long enough password", actor=SYSTEM)
        token = accounts.issue_token(
            db, "b1", "stream", ["read"], datetime.now(UTC) + timedelta(days=1), actor=SYSTEM
        )
    with serving(db_url, tmp_path) as server:
        hers = Listener(server, headers={"Authorization": f"Bearer {token}"})
        public = Listener(server)
        assert hers.head.startswith("HTTP/1.1 200 ")
        with open_database(db_url) as db:
            ended = end_mandate(
                db, "petrograd-soviet", "b1", cause="resignation", actor=account_actor("b1")
            )
        assert ended.seq in seqs(public.until_seq(ended.seq))
        hers.read_until(b"0\r\n\r\n", timeout=10)  # the end of her stream
        assert hers.received.endswith(b"0\r\n\r\n")
        again = Listener(server, headers={"Authorization": f"Bearer {token}"})
        assert again.head.startswith("HTTP/1.1 200 ")
        for listener in (hers, public, again):
            listener.close()


def closes_within(listener: Listener, seconds: float) -> float:
    """How long the stream took to end (its last chunk), failing past `seconds`."""
    started = time.monotonic()
    listener.read_until(b"0\r\n\r\n", timeout=seconds)
    assert listener.received.endswith(b"0\r\n\r\n")
    return time.monotonic() - started


def test_a_token_s_stream_closes_when_the_token_is_revoked(
    server: Server, initialised_url: str
) -> None:
    token = issued(initialised_url, "alexandra", ["read", "act"])
    kept = issued(initialised_url, "alexandra", ["read"])
    with server.client() as client:
        number = int(client.get("/account", headers=bearer(token)).json()["credential"][6:])
        revoked = Listener(server, headers=bearer(token))
        other = Listener(server, headers=bearer(kept))
        public = Listener(server)
        assert revoked.head.startswith("HTTP/1.1 200 ")
        answer = client.delete(f"/account/tokens/{number}", headers=bearer(token))
        assert answer.status_code == 204
    assert closes_within(revoked, 3) < 3
    [written] = notes(initialised_url, 1)
    assert written in seqs(other.until_seq(written))  # the account's other token goes on
    assert written in seqs(public.until_seq(written))
    refused = httpx.get(f"{server.url}/events", headers=bearer(token), timeout=10)
    assert refused.status_code == 401
    for listener in (revoked, other, public):
        listener.close()


def test_a_session_s_stream_closes_on_logout(server: Server, initialised_url: str) -> None:
    made(initialised_url, "alexandra")
    with server.client() as client:
        secret, csrf = signed_in(client)
        hers = Listener(server, headers=cookie(secret))
        public = Listener(server)
        assert hers.head.startswith("HTTP/1.1 200 ")
        out = client.delete("/session", headers=cookie(secret, X_CSRF_Token=csrf))
        assert out.status_code == 204
    assert closes_within(hers, 3) < 3
    [written] = notes(initialised_url, 1)
    assert written in seqs(public.until_seq(written))
    hers.close()
    public.close()


def test_a_disabled_account_s_streams_all_close(server: Server, initialised_url: str) -> None:
    token = issued(initialised_url, "alexandra", ["read"])
    with server.client() as client:
        secret, _ = signed_in(client)
    by_token = Listener(server, headers=bearer(token))
    by_cookie = Listener(server, headers=cookie(secret))
    public = Listener(server)
    with open_database(initialised_url) as db:
        accounts.disable_account(db, "alexandra", actor=SYSTEM)
    for listener in (by_token, by_cookie):
        assert closes_within(listener, 3) < 3
    [written] = notes(initialised_url, 1)
    assert written in seqs(public.until_seq(written))
    for listener in (by_token, by_cookie, public):
        listener.close()
