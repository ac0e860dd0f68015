"""Lists of speakers: every request for the floor in a session, and what became of it.

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-02 11:30:00.000000
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None


def _time(name: str, *, nullable: bool = False) -> sa.Column[str]:
    return sa.Column(name, sa.String(length=32), nullable=nullable)


def upgrade() -> None:
    op.create_table(
        "speakers",
        sa.Column("id", sa.BigInteger(), autoincrement=False, nullable=False),
        sa.Column("session_id", sa.BigInteger(), nullable=False),
        sa.Column("motion_id", sa.BigInteger(), nullable=True),
        sa.Column("person_id", sa.BigInteger(), nullable=False),
        sa.Column("party_id", sa.BigInteger(), nullable=True),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("stance", sa.String(length=10), nullable=False),
        _time("requested_at"),
        _time("started_at", nullable=True),
        _time("ended_at", nullable=True),
        _time("removed_at", nullable=True),
        sa.Column("removed_by", sa.String(length=10), nullable=True),
        sa.Column("is_moved", sa.Boolean(), nullable=False),
        sa.Column("before_id", sa.BigInteger(), nullable=True),
        sa.Column("moved_seq", sa.BigInteger(), nullable=True),
        sa.ForeignKeyConstraint(
            ["motion_id"], ["motions.id"], name=op.f("fk_speakers_motion_id_motions")
        ),
        sa.ForeignKeyConstraint(
            ["party_id"], ["parties.id"], name=op.f("fk_speakers_party_id_parties")
        ),
        sa.ForeignKeyConstraint(
            ["person_id"], ["persons.id"], name=op.f("fk_speakers_person_id_persons")
        ),
        sa.ForeignKeyConstraint(
            ["session_id"], ["sessions.id"], name=op.f("fk_speakers_session_id_sessions")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_speakers")),
    )
    with op.batch_alter_table("speakers", schema=None) as batch_op:
        batch_op.create_index("ix_speakers_session", ["session_id", "motion_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("speakers", schema=None) as batch_op:
        batch_op.drop_index("ix_speakers_session")
    op.drop_table("speakers")
