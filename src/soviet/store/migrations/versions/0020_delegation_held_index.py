"""A congress's seats of one member council's delegation found by a range over when they
end, as a council's are (0006): refreshing one delegation of a congress of thousands reads
its own seats only.

Revision ID: 0020
Revises: 0019
Create Date: 2026-12-05 12:05:00.000000
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0020"
down_revision = "0019"
branch_labels = None
depends_on = None

HELD = "coalesce(until, '9999-12-31T23:59:59.999999Z')"
DELEGATED = sa.text("delegation_id IS NOT NULL")


def upgrade() -> None:
    op.create_index(
        "ix_mandates_delegation_held",
        "mandates",
        ["delegation_id", sa.text(HELD)],
        postgresql_where=DELEGATED,
        sqlite_where=DELEGATED,
    )


def downgrade() -> None:
    op.drop_index("ix_mandates_delegation_held", table_name="mandates")
