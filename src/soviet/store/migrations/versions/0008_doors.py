"""The doors' own records: accounts, sessions, tokens, invitations, rate limits and
idempotency keys (none journaled, none a projection).

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-02 11:40:00.000000
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def _time(name: str, *, nullable: bool = False) -> sa.Column[str]:
    return sa.Column(name, sa.String(32), nullable=nullable)


def _owned_by_account(table: str) -> list[sa.Constraint]:
    return [
        sa.ForeignKeyConstraint(
            ["account_id"], ["accounts.id"], name=op.f(f"fk_{table}_account_id_accounts")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f(f"pk_{table}")),
        sa.UniqueConstraint("secret_hash", name=op.f(f"uq_{table}_secret_hash")),
    ]


def upgrade() -> None:
    op.create_table(
        "accounts",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column("name", sa.String(200), nullable=False),
        sa.Column("password_hash", sa.String(200), nullable=False),
        _time("created_at"),
        _time("disabled_at", nullable=True),
        _time("closed_at", nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_accounts")),
        sa.UniqueConstraint("name", name=op.f("uq_accounts_name")),
    )
    op.create_table(
        "account_sessions",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column("account_id", sa.Integer(), nullable=False),
        sa.Column("secret_hash", sa.String(64), nullable=False),
        sa.Column("client", sa.String(300), nullable=False),
        _time("created_at"),
        _time("seen_at"),
        _time("expires_at"),
        _time("revoked_at", nullable=True),
        *_owned_by_account("account_sessions"),
    )
    op.create_table(
        "account_tokens",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column("account_id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(300), nullable=False),
        sa.Column("secret_hash", sa.String(64), nullable=False),
        sa.Column("scopes", sa.Text(), nullable=False),
        _time("created_at"),
        _time("expires_at"),
        _time("used_at", nullable=True),
        _time("revoked_at", nullable=True),
        *_owned_by_account("account_tokens"),
    )
    for table, column in (
        ("accounts", "closed_at"),
        ("account_sessions", "revoked_at"),
        ("account_tokens", "revoked_at"),
    ):
        op.create_index(op.f(f"ix_{table}_{column}"), table, [column])
    op.create_table(
        "invitations",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column("federation", sa.String(100), nullable=False),
        sa.Column("constituency", sa.String(100), nullable=False),
        sa.Column("member_key", sa.String(100), nullable=False),
        sa.Column("account", sa.String(200), nullable=False),
        sa.Column("code_hash", sa.String(64), nullable=False),
        sa.Column("issued_by", sa.String(200), nullable=False),
        _time("issued_at"),
        _time("expires_at"),
        _time("redeemed_at", nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_invitations")),
        sa.UniqueConstraint("code_hash", name=op.f("uq_invitations_code_hash")),
        sa.UniqueConstraint(
            "federation", "constituency", "member_key", name=op.f("uq_invitations_federation")
        ),
    )
    op.create_table(
        "rate_limits",
        sa.Column("bucket", sa.String(400), nullable=False),
        sa.Column("window", sa.BigInteger(), nullable=False),
        sa.Column("count", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("bucket", name=op.f("pk_rate_limits")),
    )
    op.create_table(
        "idempotency_keys",
        sa.Column("account", sa.String(200), nullable=False),
        sa.Column("key", sa.String(200), nullable=False),
        sa.Column("request_hash", sa.String(64), nullable=False),
        sa.Column("status", sa.Integer(), nullable=True),
        sa.Column("response", sa.Text(), nullable=True),
        _time("created_at"),
        _time("expires_at"),
        sa.PrimaryKeyConstraint("account", "key", name=op.f("pk_idempotency_keys")),
    )
    op.create_index("ix_idempotency_keys_expires_at", "idempotency_keys", ["expires_at"])


def downgrade() -> None:
    for table in (
        "idempotency_keys",
        "rate_limits",
        "invitations",
        "account_tokens",
        "account_sessions",
        "accounts",
    ):
        op.drop_table(table)
