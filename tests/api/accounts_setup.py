"""Accounts for the API's tests, made as the operator makes them (the services, as
`soviet account` calls them): the tests then speak to the server over HTTP only."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from soviet.domain.identity import SYSTEM
from soviet.services import accounts
from soviet.services.bootstrap import open_database

PASSWORD = "correct horse battery staple"


def made(url: str, account: str, password: str = PASSWORD) -> None:
    """Create `account` unless it exists."""
    with open_database(url) as db:
        if not any(found.name == account for found in accounts.list_accounts(db, actor=SYSTEM)):
            accounts.create_account(db, account, password, actor=SYSTEM)


def issued(url: str, account: str, scopes: list[str], *, days_ago: int = 0) -> str:
    """A token for `account` (made if need be), issued `days_ago` days ago for 1 day."""
    made(url, account)
    at = datetime.now(UTC) - timedelta(days=days_ago)
    with open_database(url) as db:
        return accounts.issue_token(
            db, account, "test", scopes, at + timedelta(days=1), actor=SYSTEM, now=lambda: at
        )


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}
