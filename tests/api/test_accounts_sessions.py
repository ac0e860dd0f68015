"""Browser sessions over real HTTP: signing in sets a cookie (HttpOnly, SameSite=Lax,
Secure unless served on loopback), a state-changing request with the cookie needs the
session's CSRF token and must not come from another site, logging out closes it, and
logins are rate-limited per account and per client."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import httpx
import pytest
import sqlalchemy as sa
from argon2 import PasswordHasher

from soviet.domain.identity import SYSTEM
from soviet.domain.journal import format_time
from soviet.services import accounts, rate_limits
from soviet.services.bootstrap import open_database

from .accounts_setup import PASSWORD, bearer, issued, made
from .server import Server, serving

TOKEN_REQUEST = {"name": "script", "scopes": ["read"], "expires_in_days": 7}


def signed_in(client: httpx.Client, account: str = "alexandra") -> tuple[str, str]:
    """Sign in; the cookie's secret and the CSRF token."""
    answer = client.post("/session", json={"account": account, "password": PASSWORD})
    assert answer.status_code == 200, answer.text
    client.cookies.clear()  # each request below names the cookie it sends
    return answer.cookies["soviet_session"], answer.json()["csrf_token"]


def cookie(secret: str, **headers: str) -> dict[str, str]:
    """The headers of a request sending the session cookie `secret` (and `headers`)."""
    return {
        "Cookie": f"soviet_session={secret}",
        **{k.replace("_", "-"): v for k, v in headers.items()},
    }


def test_signing_in_sets_a_guarded_cookie(server: Server, initialised_url: str) -> None:
    made(initialised_url, "alexandra")
    with server.client() as client:
        answer = client.post("/session", json={"account": "alexandra", "password": PASSWORD})
    assert answer.status_code == 200, answer.text
    cookie = answer.headers["set-cookie"]
    assert cookie.startswith("soviet_session=")
    flags = {part.strip().lower() for part in cookie.split(";")}
    assert {"httponly", "samesite=lax", "path=/"} <= flags
    assert "secure" not in flags  # served on loopback
    body = answer.json()
    assert body["account"] == "alexandra"
    assert body["credential"].startswith("session:")
    secret = answer.cookies["soviet_session"]
    assert secret not in answer.text
    assert body["csrf_token"] != secret


def test_the_cookie_is_secure_off_loopback_settings(
    initialised_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    made(initialised_url, "alexandra")
    monkeypatch.setenv("SOVIET_SECURE_COOKIES", "yes")
    with serving(initialised_url, tmp_path) as server, server.client() as client:
        answer = client.post("/session", json={"account": "alexandra", "password": PASSWORD})
    flags = {part.strip().lower() for part in answer.headers["set-cookie"].split(";")}
    assert "secure" in flags


def test_a_wrong_password_and_an_unknown_account_are_refused_alike(
    server: Server, initialised_url: str
) -> None:
    made(initialised_url, "alexandra")
    with server.client() as client:
        wrong = client.post("/session", json={"account": "alexandra", "password": "x" * 20})
        nobody = client.post("/session", json={"account": "nobody", "password": PASSWORD})
    assert wrong.status_code == nobody.status_code == 401
    assert wrong.json() == nobody.json()
    assert "set-cookie" not in wrong.headers


def test_the_cookie_authenticates_reads_and_with_its_csrf_token_acts(
    server: Server, initialised_url: str
) -> None:
    made(initialised_url, "alexandra")
    with server.client() as client:
        secret, csrf = signed_in(client)
        me = client.get("/account", headers=cookie(secret))
        assert me.status_code == 200
        assert me.json()["credential"].startswith("session:")
        without = client.post("/account/tokens", json=TOKEN_REQUEST, headers=cookie(secret))
        assert without.status_code == 403
        assert without.json()["code"] == "csrf"
        forged = client.post(
            "/account/tokens",
            json=TOKEN_REQUEST,
            headers=cookie(secret, X_CSRF_Token="0" * 64),
        )
        assert forged.status_code == 403
        made_token = client.post(
            "/account/tokens", json=TOKEN_REQUEST, headers=cookie(secret, X_CSRF_Token=csrf)
        )
        assert made_token.status_code == 201, made_token.text


@pytest.mark.parametrize(
    "headers",
    [
        {"Sec-Fetch-Site": "cross-site"},
        {"Sec-Fetch-Site": "same-site"},
        {"Origin": "https://evil.example"},
        {"Origin": "null"},
    ],
)
def test_a_request_from_another_site_is_refused_even_with_the_token(
    server: Server, initialised_url: str, headers: dict[str, str]
) -> None:
    made(initialised_url, "alexandra")
    with server.client() as client:
        secret, csrf = signed_in(client)
        answer = client.post(
            "/account/tokens",
            json=TOKEN_REQUEST,
            headers={**cookie(secret, X_CSRF_Token=csrf), **headers},
        )
        assert answer.status_code == 403
        assert answer.json()["code"] == "csrf"
        # Signing in from another site is refused too (login CSRF).
        login = client.post(
            "/session", json={"account": "alexandra", "password": PASSWORD}, headers=headers
        )
        assert login.status_code == 403
        same = client.post(
            "/account/tokens",
            json=TOKEN_REQUEST,
            headers=cookie(secret, X_CSRF_Token=csrf, Sec_Fetch_Site="same-origin"),
        )
        assert same.status_code == 201


def test_logging_out_closes_the_session(server: Server, initialised_url: str) -> None:
    made(initialised_url, "alexandra")
    with server.client() as client:
        secret, csrf = signed_in(client)
        other, _ = signed_in(client)
        listed = client.get("/account/sessions", headers=cookie(secret)).json()
        assert len(listed) == 2
        assert all(secret not in str(entry) for entry in listed)
        refused = client.delete("/session", headers=cookie(secret))
        assert refused.status_code == 403  # no CSRF token
        out = client.delete("/session", headers=cookie(secret, X_CSRF_Token=csrf))
        assert out.status_code == 204
        assert (
            'soviet_session=""' in out.headers["set-cookie"]
            or "Max-Age=0" in out.headers["set-cookie"]
        )
        after = client.get("/account", headers=cookie(secret))
        assert after.status_code == 401
        assert client.get("/account", headers=cookie(other)).status_code == 200


def test_an_account_closes_another_of_its_sessions(server: Server, initialised_url: str) -> None:
    made(initialised_url, "alexandra")
    with server.client() as client:
        secret, csrf = signed_in(client)
        other, _ = signed_in(client)
        number = int(
            client.get("/account", headers=cookie(other)).json()["credential"].split(":")[1]
        )
        closed = client.delete(
            f"/account/sessions/{number}",
            headers=cookie(secret, X_CSRF_Token=csrf),
        )
        assert closed.status_code == 204
        assert client.get("/account", headers=cookie(other)).status_code == 401


def test_reset_and_disable_close_every_session(server: Server, initialised_url: str) -> None:
    made(initialised_url, "alexandra")
    with server.client() as client:
        secret, _ = signed_in(client)
        with open_database(initialised_url) as db:
            since = format_time(datetime.now(UTC))
            accounts.reset_password(
                db, "alexandra", accounts.hash_password(PASSWORD + "!"), actor=SYSTEM
            )
            closed = accounts.closed_since(db, since, actor=SYSTEM)
        assert [(c.account, c.credential) for c in closed][-1] == ("alexandra", None)
        assert any(c.credential is not None and c.credential.startswith("session:") for c in closed)
        assert client.get("/account", headers=cookie(secret)).status_code == 401
        old = client.post("/session", json={"account": "alexandra", "password": PASSWORD})
        assert old.status_code == 401
        new = client.post("/session", json={"account": "alexandra", "password": PASSWORD + "!"})
        assert new.status_code == 200
        with open_database(initialised_url) as db:
            accounts.disable_account(db, "alexandra", actor=SYSTEM)
        gone = client.get("/account", headers=cookie(new.cookies["soviet_session"]))
        assert gone.status_code == 401
        again = client.post("/session", json={"account": "alexandra", "password": PASSWORD + "!"})
        assert again.status_code == 401


def test_a_thousand_wrong_passwords_give_429(server: Server, initialised_url: str) -> None:
    made(initialised_url, "alexandra")
    codes = []
    with server.client() as client:
        for attempt in range(1000):
            wrong = {"account": "alexandra", "password": f"wrong password {attempt}"}
            codes.append(client.post("/session", json=wrong).status_code)
        # The right password, from another client, is refused too until the window passes.
        right = client.post(
            "/session",
            json={"account": "alexandra", "password": PASSWORD},
            headers={"User-Agent": "another browser"},
        )
        # Another account is not locked by it, from another client.
        made(initialised_url, "maria")
        other = client.post(
            "/session",
            json={"account": "maria", "password": PASSWORD},
            headers={"User-Agent": "a third browser"},
        )
    assert set(codes[:10]) == {401}
    assert codes.count(429) >= 970  # a window may turn over once during the run
    assert right.status_code == 429
    assert right.json()["code"] == "rate_limited"
    assert 1 <= int(right.headers["retry-after"]) <= 60
    assert other.status_code == 200
    assert PASSWORD not in server.output()


def test_a_hash_with_old_parameters_is_made_again_on_login(
    server: Server, initialised_url: str
) -> None:
    made(initialised_url, "alexandra")
    old = PasswordHasher(time_cost=1, memory_cost=8192, parallelism=1).hash(PASSWORD)
    with open_database(initialised_url) as db, db.engine.begin() as connection:
        connection.execute(sa.text("UPDATE accounts SET password_hash = :h"), {"h": old})
    with server.client() as client:
        assert (
            client.post("/session", json={"account": "alexandra", "password": PASSWORD}).status_code
            == 200
        )
    with open_database(initialised_url) as db, db.engine.connect() as connection:
        stored = connection.execute(sa.text("SELECT password_hash FROM accounts")).scalar_one()
    assert stored != old
    assert stored.startswith("$argon2id$")
    assert not accounts.hasher.check_needs_rehash(stored)


def test_acts_are_rate_limited_per_account(server: Server, initialised_url: str) -> None:
    mine = issued(initialised_url, "alexandra", ["read", "act"])
    theirs = issued(initialised_url, "maria", ["read", "act"])
    limit = rate_limits.ACTS_PER_ACCOUNT.count
    with server.client() as client:
        # A fixed window may turn over once during the run: then up to twice the limit
        # pass before the first refusal.
        codes: list[int] = []
        while 429 not in codes and len(codes) <= 2 * limit + 1:
            refused = client.delete("/account/tokens/999999", headers=bearer(mine))
            codes.append(refused.status_code)
        other = client.delete("/account/tokens/999999", headers=bearer(theirs))
        reads = client.get("/account", headers=bearer(mine))
    assert limit + 1 <= len(codes) <= 2 * limit + 1
    assert set(codes[:-1]) == {404}
    assert refused.status_code == 429
    assert refused.json()["code"] == "rate_limited"
    assert int(refused.headers["retry-after"]) >= 1
    assert other.status_code == 404
    assert reads.status_code == 200
