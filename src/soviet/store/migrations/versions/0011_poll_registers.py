"""Polls: the register of each poll frozen at its opening, practice polls, and results
withheld until the chair publishes them. Votes opened before have no register (null),
are not practice, and were published as they closed, as their replay gives them.

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-02 16:30:00.000000
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "poll_register",
        sa.Column("motion_id", sa.BigInteger(), nullable=False),
        sa.Column("mandate_id", sa.BigInteger(), nullable=False),
        sa.Column("person_id", sa.BigInteger(), nullable=False),
        sa.Column("weight", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["mandate_id"], ["mandates.id"], name=op.f("fk_poll_register_mandate_id_mandates")
        ),
        sa.ForeignKeyConstraint(
            ["motion_id"], ["motions.id"], name=op.f("fk_poll_register_motion_id_motions")
        ),
        sa.ForeignKeyConstraint(
            ["person_id"], ["persons.id"], name=op.f("fk_poll_register_person_id_persons")
        ),
        sa.PrimaryKeyConstraint("motion_id", "mandate_id", name=op.f("pk_poll_register")),
    )
    op.create_index(
        "ix_poll_register_motion_id_person_id",
        "poll_register",
        ["motion_id", "person_id"],
        unique=False,
    )
    with op.batch_alter_table("motion_votes", schema=None) as batch_op:
        batch_op.add_column(sa.Column("entitled", sa.Integer(), nullable=True))
        batch_op.add_column(
            sa.Column("practice", sa.Boolean(), server_default=sa.false(), nullable=False)
        )
        batch_op.add_column(
            sa.Column("results", sa.String(length=20), server_default="at-close", nullable=False)
        )
        batch_op.add_column(sa.Column("published_at", sa.String(length=32), nullable=True))
    votes = sa.table(
        "motion_votes",
        sa.column("closed_at", sa.String()),
        sa.column("published_at", sa.String()),
    )
    op.execute(
        votes.update().where(votes.c.closed_at.is_not(None)).values(published_at=votes.c.closed_at)
    )


def downgrade() -> None:
    with op.batch_alter_table("motion_votes", schema=None) as batch_op:
        batch_op.drop_column("published_at")
        batch_op.drop_column("results")
        batch_op.drop_column("practice")
        batch_op.drop_column("entitled")
    op.drop_index("ix_poll_register_motion_id_person_id", table_name="poll_register")
    op.drop_table("poll_register")
