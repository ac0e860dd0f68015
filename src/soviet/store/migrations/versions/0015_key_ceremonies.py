"""Key ceremonies: the trustees of each council's secret ballots, what each has published,
and the council's public key once every trustee has confirmed her share.

Revision ID: 0015
Revises: 0014
Create Date: 2026-12-03 10:00:00.000000
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0015"
down_revision = "0014"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "key_ceremonies",
        sa.Column("id", sa.BigInteger(), autoincrement=False, nullable=False),
        sa.Column("council_id", sa.BigInteger(), nullable=False),
        sa.Column("threshold", sa.Integer(), nullable=False),
        sa.Column("appointed_at", sa.String(length=32), nullable=False),
        sa.Column("public_key", sa.String(length=64), nullable=True),
        sa.Column("completed_at", sa.String(length=32), nullable=True),
        sa.ForeignKeyConstraint(
            ["council_id"], ["councils.id"], name=op.f("fk_key_ceremonies_council_id_councils")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_key_ceremonies")),
    )
    op.create_index("ix_key_ceremonies_council", "key_ceremonies", ["council_id", "id"])
    op.create_table(
        "ceremony_trustees",
        sa.Column("ceremony_id", sa.BigInteger(), nullable=False),
        sa.Column("number", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("account", sa.String(length=200), nullable=False),
        sa.Column("transport_key", sa.String(length=64), nullable=True),
        sa.Column("commitments", sa.Text(), nullable=True),
        sa.Column("sealed_shares", sa.Text(), nullable=True),
        sa.Column("verification_key", sa.String(length=64), nullable=True),
        sa.ForeignKeyConstraint(
            ["ceremony_id"],
            ["key_ceremonies.id"],
            name=op.f("fk_ceremony_trustees_ceremony_id_key_ceremonies"),
        ),
        sa.PrimaryKeyConstraint("ceremony_id", "number", name=op.f("pk_ceremony_trustees")),
        sa.UniqueConstraint(
            "ceremony_id", "account", name=op.f("uq_ceremony_trustees_ceremony_id")
        ),
    )


def downgrade() -> None:
    op.drop_table("ceremony_trustees")
    op.drop_index("ix_key_ceremonies_council", table_name="key_ceremonies")
    op.drop_table("key_ceremonies")
