"""Bearer tokens over real HTTP: a valid token is its account, a wrong or expired one is
refused (401, never read as the public), a read-only one may not act (403), and the
token never shows again after it was issued."""

from __future__ import annotations

import time

import pytest
import sqlalchemy as sa

from soviet.domain.identity import SYSTEM
from soviet.services import accounts, marks
from soviet.services.bootstrap import open_database

from .accounts_setup import bearer, issued
from .server import Server


def test_a_valid_token_is_its_account(server: Server, initialised_url: str) -> None:
    token = issued(initialised_url, "alexandra", ["read", "act"])
    assert token.startswith(accounts.TOKEN_PREFIX)
    with server.client() as client:
        answer = client.get("/account", headers=bearer(token))
        assert answer.status_code == 200, answer.text
        assert answer.json()["account"] == "alexandra"
        assert answer.json()["credential"].startswith("token:")
        # The lower-case scheme is the same scheme.
        again = client.get("/account", headers={"Authorization": f"bearer {token}"})
        assert again.status_code == 200


@pytest.mark.parametrize(
    "header",
    [
        "Bearer sov_not-a-token-at-all",
        "Bearer somethingelse",
        "Basic YWxleGFuZHJhOnB3",
        "Bearer",
        "Bearer " + "x" * 5000,
    ],
)
def test_a_wrong_token_is_refused_not_read_as_the_public(
    server: Server, initialised_url: str, header: str
) -> None:
    issued(initialised_url, "alexandra", ["read"])
    with server.client() as client:
        answer = client.get("/health", headers={"Authorization": header})
        assert answer.status_code == 200  # what needs nobody reads no credential
        answer = client.get("/account", headers={"Authorization": header})
    assert answer.status_code == 401
    assert answer.headers["content-type"] == "application/problem+json"
    assert answer.headers["www-authenticate"].startswith("Bearer")
    body = answer.json()
    assert body["code"] == "unauthenticated"
    assert body["type"] == "/api/v1/problems/unauthenticated"
    assert "sov_" not in answer.text
    assert "YWxl" not in answer.text


def test_an_expired_token_is_refused(server: Server, initialised_url: str) -> None:
    token = issued(initialised_url, "alexandra", ["read", "act"], days_ago=2)
    with server.client() as client:
        answer = client.get("/account", headers=bearer(token))
    assert answer.status_code == 401
    assert answer.json()["code"] == "unauthenticated"
    assert token not in answer.text


def test_the_public_is_not_an_account(server: Server) -> None:
    with server.client() as client:
        answer = client.get("/account")
    assert answer.status_code == 401
    assert answer.json()["code"] == "unauthenticated"


def test_a_read_only_token_may_read_but_not_act(server: Server, initialised_url: str) -> None:
    token = issued(initialised_url, "alexandra", ["read"])
    request = {"name": "script", "scopes": ["read"], "expires_in_days": 7}
    with server.client() as client:
        assert client.get("/account", headers=bearer(token)).status_code == 200
        answer = client.post("/account/tokens", json=request, headers=bearer(token))
    assert answer.status_code == 403, answer.text
    assert answer.json()["code"] == "forbidden"


def test_an_account_issues_itself_a_token_shown_once(server: Server, initialised_url: str) -> None:
    token = issued(initialised_url, "alexandra", ["read", "act"])
    request = {"name": "script", "scopes": ["read"], "expires_in_days": 7}
    with server.client() as client:
        answer = client.post("/account/tokens", json=request, headers=bearer(token))
        assert answer.status_code == 201, answer.text
        new = answer.json()
        assert new["scopes"] == ["read"]
        assert new["name"] == "script"
        me = client.get("/account", headers=bearer(new["token"]))
        assert me.json()["account"] == "alexandra"
        bad = client.post(
            "/account/tokens", json={**request, "scopes": ["all"]}, headers=bearer(token)
        )
        assert bad.status_code == 422
        assert bad.json()["errors"][0]["path"] == "scopes.0"
        nobody = client.post("/account/tokens", json=request)
        assert nobody.status_code == 401
    assert new["token"] not in server.output()
    assert token not in server.output()


def test_a_revoked_token_and_a_disabled_account_are_refused(
    server: Server, initialised_url: str
) -> None:
    token = issued(initialised_url, "alexandra", ["read", "act"])
    other = issued(initialised_url, "alexandra", ["read"])
    with server.client() as client:
        listed = client.get("/account/tokens", headers=bearer(token)).json()
        assert len(listed) == 2
        assert all("token" not in entry for entry in listed)
        mine = client.get("/account", headers=bearer(other)).json()["credential"]
        number = int(mine.removeprefix("token:"))
        assert client.delete(f"/account/tokens/{number}", headers=bearer(token)).status_code == 204
        assert client.get("/account", headers=bearer(other)).status_code == 401
        again = client.delete(f"/account/tokens/{number}", headers=bearer(token))
        assert again.status_code == 404
        assert client.get("/account", headers=bearer(token)).status_code == 200
        with open_database(initialised_url) as db:
            accounts.disable_account(db, "alexandra", actor=SYSTEM)
        refused = client.get("/account", headers=bearer(token))
    assert refused.status_code == 401
    assert refused.json()["code"] == "unauthenticated"


def test_an_account_revokes_only_its_own_tokens(server: Server, initialised_url: str) -> None:
    mine = issued(initialised_url, "alexandra", ["read", "act"])
    theirs = issued(initialised_url, "maria", ["read", "act"])
    with server.client() as client:
        their_id = client.get("/account", headers=bearer(theirs)).json()["credential"]
        number = int(their_id.removeprefix("token:"))
        answer = client.delete(f"/account/tokens/{number}", headers=bearer(mine))
        assert answer.status_code == 404
        assert client.get("/account", headers=bearer(theirs)).status_code == 200


def test_a_token_s_use_is_noted_soon_without_a_write_of_its_own(initialised_url: str) -> None:
    """The request that uses a token does not wait for a write: the use is noted in
    memory and written, with any others, within marks.SECONDS."""
    token = issued(initialised_url, "alexandra", ["read"])
    with open_database(initialised_url) as db:

        def used_at() -> str | None:
            shown = accounts.credentials(db, "alexandra", "token", actor=SYSTEM)
            return shown[0].last_used_at

        assert used_at() is None
        assert accounts.authenticate_token(db, token) is not None
        deadline = time.monotonic() + 10 * marks.SECONDS
        while used_at() is None and time.monotonic() < deadline:
            time.sleep(0.05)
        assert used_at() is not None


def test_bookkeeping_runs_each_row_in_one_transaction(initialised_url: str) -> None:
    with open_database(initialised_url) as db:
        sql = (
            'INSERT INTO rate_limits (bucket, "window", count) VALUES (:bucket, 0, :count) '
            "RETURNING count"
        )
        rows = [{"bucket": "a", "count": 3}, {"bucket": "b", "count": 4}]
        assert db.bookkeep(sql, rows) == [3, 4]
        # A statement that fails takes the others with it, and is told as SQLAlchemy tells.
        with pytest.raises(sa.exc.IntegrityError):
            db.bookkeep(sql, [{"bucket": "c", "count": 1}, {"bucket": "a", "count": 1}])
        with db.read() as connection:
            kept = connection.execute(sa.text("SELECT bucket FROM rate_limits ORDER BY bucket"))
            assert [row.bucket for row in kept] == ["a", "b"]
