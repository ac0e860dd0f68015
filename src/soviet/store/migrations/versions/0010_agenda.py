"""The agenda of each session: items in order with a current item, motions attached to
items, and lists of speakers per item. Sessions convened before are given their items
from their agenda's titles, the first current, as their replay gives them.

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-02 12:30:00.000000
"""

from __future__ import annotations

import json

import sqlalchemy as sa
from alembic import op

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None


def upgrade() -> None:
    items = op.create_table(
        "agenda_items",
        sa.Column("session_id", sa.BigInteger(), nullable=False),
        sa.Column("number", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("title", sa.Text(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=True),
        sa.Column("is_current", sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(
            ["session_id"], ["sessions.id"], name=op.f("fk_agenda_items_session_id_sessions")
        ),
        sa.PrimaryKeyConstraint("session_id", "number", name=op.f("pk_agenda_items")),
    )
    op.create_table(
        "agenda_motions",
        sa.Column("motion_id", sa.BigInteger(), nullable=False),
        sa.Column("session_id", sa.BigInteger(), nullable=False),
        sa.Column("item", sa.Integer(), nullable=False),
        sa.Column("attached_at", sa.String(length=32), nullable=False),
        sa.ForeignKeyConstraint(
            ["motion_id"], ["motions.id"], name=op.f("fk_agenda_motions_motion_id_motions")
        ),
        sa.ForeignKeyConstraint(
            ["session_id"], ["sessions.id"], name=op.f("fk_agenda_motions_session_id_sessions")
        ),
        sa.PrimaryKeyConstraint("motion_id", name=op.f("pk_agenda_motions")),
    )
    with op.batch_alter_table("speakers", schema=None) as batch_op:
        batch_op.add_column(sa.Column("item", sa.Integer(), nullable=True))
    sessions = sa.table(
        "sessions", sa.column("id", sa.BigInteger()), sa.column("agenda", sa.Text())
    )
    rows = [
        {
            "session_id": session,
            "number": number,
            "title": title,
            "position": number,
            "is_current": number == 1,
        }
        for session, agenda in op.get_bind().execute(sa.select(sessions.c.id, sessions.c.agenda))
        for number, title in enumerate(json.loads(agenda), start=1)
    ]
    if rows:
        op.bulk_insert(items, rows)


def downgrade() -> None:
    with op.batch_alter_table("speakers", schema=None) as batch_op:
        batch_op.drop_column("item")
    op.drop_table("agenda_motions")
    op.drop_table("agenda_items")
