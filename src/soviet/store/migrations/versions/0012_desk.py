"""The check-in desk: the badges of each council's delegates, and the log of every change
of attendance with the account that recorded it. The log of a database that already
holds sessions is filled from its journal, as its replay fills it.

Revision ID: 0012
Revises: 0010
Create Date: 2026-12-02 16:30:00.000000
"""

from __future__ import annotations

import json

import sqlalchemy as sa
from alembic import op

revision = "0012"
down_revision = "0011"
branch_labels = None
depends_on = None

#: How each kind of attendance entry names its delegates, and the change it logs.
_CHANGES = {
    "AttendanceCheckedIn": ("attendees", "in"),
    "AttendanceLeft": ("mandates", "out"),
    "FractionWalkedOut": ("mandates", "walk-out"),
    "FractionReturned": ("attendees", "return"),
}


def _time(name: str) -> sa.Column[str]:
    return sa.Column(name, sa.String(length=32), nullable=False)


def upgrade() -> None:
    op.create_table(
        "badges",
        sa.Column("council_id", sa.BigInteger(), nullable=False),
        sa.Column("number", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("person_id", sa.BigInteger(), nullable=False),
        _time("assigned_at"),
        sa.ForeignKeyConstraint(
            ["council_id"], ["councils.id"], name=op.f("fk_badges_council_id_councils")
        ),
        sa.ForeignKeyConstraint(
            ["person_id"], ["persons.id"], name=op.f("fk_badges_person_id_persons")
        ),
        sa.PrimaryKeyConstraint("council_id", "number", name=op.f("pk_badges")),
        sa.UniqueConstraint("council_id", "person_id", name=op.f("uq_badges_council_id")),
    )
    log = op.create_table(
        "attendance_log",
        sa.Column("seq", sa.BigInteger(), autoincrement=False, nullable=False),
        sa.Column("session_id", sa.BigInteger(), nullable=False),
        sa.Column("mandate_id", sa.BigInteger(), nullable=False),
        sa.Column("change", sa.String(length=10), nullable=False),
        _time("at"),
        sa.Column("actor", sa.String(length=200), nullable=False),
        sa.ForeignKeyConstraint(
            ["mandate_id"], ["mandates.id"], name=op.f("fk_attendance_log_mandate_id_mandates")
        ),
        sa.ForeignKeyConstraint(
            ["session_id"], ["sessions.id"], name=op.f("fk_attendance_log_session_id_sessions")
        ),
        sa.PrimaryKeyConstraint("seq", "mandate_id", name=op.f("pk_attendance_log")),
    )
    with op.batch_alter_table("attendance_log", schema=None) as batch_op:
        batch_op.create_index("ix_attendance_log_session", ["session_id", "seq"], unique=False)
    journal = sa.table(
        "journal",
        sa.column("seq", sa.BigInteger()),
        sa.column("actor", sa.String()),
        sa.column("kind", sa.String()),
        sa.column("payload", sa.Text()),
    )
    found = op.get_bind().execute(
        sa.select(journal.c.seq, journal.c.actor, journal.c.kind, journal.c.payload)
        .where(journal.c.kind.in_(sorted(_CHANGES)))
        .order_by(journal.c.seq)
    )
    rows = []
    for seq, actor, kind, payload in found:
        data = json.loads(payload)
        field, change = _CHANGES[kind]
        for named in data[field]:
            mandate = named[0] if isinstance(named, list) else named
            rows.append(
                {
                    "seq": seq,
                    "session_id": data["session"],
                    "mandate_id": mandate,
                    "change": change,
                    "at": data["at"],
                    "actor": actor,
                }
            )
    if rows:
        op.bulk_insert(log, rows)


def downgrade() -> None:
    with op.batch_alter_table("attendance_log", schema=None) as batch_op:
        batch_op.drop_index("ix_attendance_log_session")
    op.drop_table("attendance_log")
    op.drop_table("badges")
