"""Bearer tokens over real HTTP: a valid token is its account, a wrong or expired one is
refused (401, never read as the public), a read-only one may not act (403), and the
token never shows again after it was issued."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from soviet.domain.identity import SYSTEM
from soviet.services import accounts
from soviet.services.bootstrap import open_database

from .server import Server

PASSWORD = "correct horse battery staple"


def issued(url: str, account: str, scopes: list[str], *, days_ago: int = 0) -> str:
    """A token for `account` (made if need be), issued `days_ago` days ago for 1 day."""
    at = datetime.now(UTC) - timedelta(days=days_ago)
    with open_database(url) as db:
        if not any(found.name == account for found in accounts.list_accounts(db, actor=SYSTEM)):
            accounts.create_account(db, account, PASSWORD, actor=SYSTEM)
        return accounts.issue_token(
            db, account, "test", scopes, at + timedelta(days=1), actor=SYSTEM, now=lambda: at
        )


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


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
        assert bad.json()["errors"][0]["path"] == "scopes"
        nobody = client.post("/account/tokens", json=request)
        assert nobody.status_code == 401
    assert new["token"] not in server.output()
    assert token not in server.output()
