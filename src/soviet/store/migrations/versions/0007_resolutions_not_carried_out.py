"""An adopted resolution that could not be carried out keeps why.

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-02 08:20:00.000000
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("resolutions", schema=None) as batch_op:
        batch_op.add_column(sa.Column("not_carried_out", sa.Text(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("resolutions", schema=None) as batch_op:
        batch_op.drop_column("not_carried_out")
