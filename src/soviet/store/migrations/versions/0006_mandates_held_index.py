"""Mandates held at a time found by a range over when they end, an open one last; the basis
of an elected council's drift kept with its measurement.

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-22 10:10:00.000000
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None

HELD = "coalesce(until, '9999-12-31T23:59:59.999999Z')"


def upgrade() -> None:
    op.drop_index("ix_mandates_council_open", table_name="mandates")
    op.create_index("ix_mandates_council_held", "mandates", ["council_id", sa.text(HELD)])
    with op.batch_alter_table("drifts", schema=None) as batch_op:
        batch_op.add_column(sa.Column("basis", sa.Text(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("drifts", schema=None) as batch_op:
        batch_op.drop_column("basis")
    op.drop_index("ix_mandates_council_held", table_name="mandates")
    op.create_index("ix_mandates_council_open", "mandates", ["council_id", "until"])
