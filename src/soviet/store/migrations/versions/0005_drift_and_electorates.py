"""Drift measured after each act, each council's electorate kept, candidates found by council.

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-22 08:39:33.706354
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "drifts",
        sa.Column("council_id", sa.BigInteger(), nullable=False),
        sa.Column("seq", sa.BigInteger(), nullable=False),
        sa.Column("measured_at", sa.String(length=32), nullable=False),
        sa.Column("seats_off", sa.Integer(), nullable=False),
        sa.Column("gallagher", sa.Float(), nullable=False),
        sa.Column("reference", sa.String(length=100), nullable=False),
        sa.ForeignKeyConstraint(
            ["council_id"], ["councils.id"], name=op.f("fk_drifts_council_id_councils")
        ),
        sa.PrimaryKeyConstraint("council_id", "seq", name=op.f("pk_drifts")),
    )
    with op.batch_alter_table("drifts", schema=None) as batch_op:
        batch_op.create_index("ix_drifts_council_time", ["council_id", "measured_at"], unique=False)

    with op.batch_alter_table("candidates", schema=None) as batch_op:
        batch_op.create_index(
            "ix_candidates_council", ["council_id", "constituency_key"], unique=False
        )

    with op.batch_alter_table("councils", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("electorate", sa.BigInteger(), server_default="0", nullable=False)
        )
    op.execute(
        "UPDATE councils SET electorate = (SELECT coalesce(sum(electorate), 0) "
        "FROM constituencies WHERE constituencies.council_id = councils.id)"
    )


def downgrade() -> None:
    with op.batch_alter_table("councils", schema=None) as batch_op:
        batch_op.drop_column("electorate")

    with op.batch_alter_table("candidates", schema=None) as batch_op:
        batch_op.drop_index("ix_candidates_council")

    with op.batch_alter_table("drifts", schema=None) as batch_op:
        batch_op.drop_index("ix_drifts_council_time")

    op.drop_table("drifts")
