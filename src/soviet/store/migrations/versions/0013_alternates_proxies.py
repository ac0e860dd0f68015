"""Alternates seated for absent delegates, proxies given for a session, and who cast a
roll-call vote as a proxy's holder.

Revision ID: 0013
Revises: 0010
Create Date: 2026-12-02 16:10:00.000000
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0013"
down_revision = "0012"
branch_labels = None
depends_on = None


def _fk(table: str, column: str, target: str) -> sa.ForeignKeyConstraint:
    return sa.ForeignKeyConstraint(
        [column], [f"{target}.id"], name=op.f(f"fk_{table}_{column}_{target}")
    )


def upgrade() -> None:
    op.create_table(
        "alternate_seats",
        sa.Column("session_id", sa.BigInteger(), nullable=False),
        sa.Column("mandate_id", sa.BigInteger(), nullable=False),
        sa.Column("person_id", sa.BigInteger(), nullable=False),
        sa.Column("seated_at", sa.String(length=32), nullable=False),
        sa.Column("unseated_at", sa.String(length=32), nullable=True),
        sa.Column("reason", sa.String(length=20), nullable=True),
        _fk("alternate_seats", "session_id", "sessions"),
        _fk("alternate_seats", "mandate_id", "mandates"),
        _fk("alternate_seats", "person_id", "persons"),
        sa.PrimaryKeyConstraint(
            "session_id", "mandate_id", "seated_at", name=op.f("pk_alternate_seats")
        ),
    )
    op.create_index("ix_alternate_seats_person", "alternate_seats", ["person_id"])
    op.create_table(
        "proxies",
        sa.Column("session_id", sa.BigInteger(), nullable=False),
        sa.Column("mandate_id", sa.BigInteger(), nullable=False),
        sa.Column("giver_id", sa.BigInteger(), nullable=False),
        sa.Column("holder_id", sa.BigInteger(), nullable=False),
        sa.Column("given_at", sa.String(length=32), nullable=False),
        sa.Column("revoked_at", sa.String(length=32), nullable=True),
        _fk("proxies", "session_id", "sessions"),
        _fk("proxies", "mandate_id", "mandates"),
        _fk("proxies", "giver_id", "persons"),
        _fk("proxies", "holder_id", "persons"),
        sa.PrimaryKeyConstraint("session_id", "mandate_id", "given_at", name=op.f("pk_proxies")),
    )
    op.create_index("ix_proxies_holder", "proxies", ["session_id", "holder_id"])
    op.create_table(
        "proxy_votes",
        sa.Column("motion_id", sa.BigInteger(), nullable=False),
        sa.Column("person_id", sa.BigInteger(), nullable=False),
        sa.Column("holder_id", sa.BigInteger(), nullable=False),
        _fk("proxy_votes", "motion_id", "motions"),
        _fk("proxy_votes", "person_id", "persons"),
        _fk("proxy_votes", "holder_id", "persons"),
        sa.PrimaryKeyConstraint("motion_id", "person_id", name=op.f("pk_proxy_votes")),
    )


def downgrade() -> None:
    op.drop_table("proxy_votes")
    op.drop_index("ix_proxies_holder", table_name="proxies")
    op.drop_table("proxies")
    op.drop_index("ix_alternate_seats_person", table_name="alternate_seats")
    op.drop_table("alternate_seats")
