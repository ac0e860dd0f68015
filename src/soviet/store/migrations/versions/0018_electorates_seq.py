"""A federation remembers the journal entry that last changed an electorate in it, so that a
process may keep the electorates it has read (a congress sizes its delegations by them on
every act that reaches it) for as long as that entry is the last.

Revision ID: 0018
Revises: 0017
Create Date: 2026-12-04 10:05:00.000000
"""

from __future__ import annotations

import json

import sqlalchemy as sa
from alembic import op

revision = "0018"
down_revision = "0017"
branch_labels = None
depends_on = None

#: The kinds of entry that change a council's electorate (store.projections.registers).
CHANGING = ("ConstituenciesAdmitted", "ElectorateCounted")


def upgrade() -> None:
    with op.batch_alter_table("federations") as batch:
        batch.add_column(
            sa.Column("electorates_seq", sa.BigInteger(), nullable=False, server_default="0")
        )
    _fill_from_journal()


def _fill_from_journal() -> None:
    """Each federation's last entry that changed an electorate, as a replay of the journal
    sets it."""
    journal = sa.table(
        "journal",
        sa.column("seq", sa.BigInteger()),
        sa.column("kind", sa.String()),
        sa.column("payload", sa.Text()),
    )
    federations = sa.table(
        "federations",
        sa.column("slug", sa.String()),
        sa.column("electorates_seq", sa.BigInteger()),
    )
    last: dict[str, int] = {}
    found = op.get_bind().execute(
        sa.select(journal.c.seq, journal.c.payload).where(journal.c.kind.in_(CHANGING))
    )
    for seq, payload in found:
        slug = json.loads(payload)["federation"]
        last[slug] = max(last.get(slug, 0), int(seq))
    if last:
        op.get_bind().execute(
            federations.update()
            .where(federations.c.slug == sa.bindparam("federation"))
            .values(electorates_seq=sa.bindparam("seq")),
            [{"federation": slug, "seq": seq} for slug, seq in sorted(last.items())],
        )


def downgrade() -> None:
    with op.batch_alter_table("federations") as batch:
        batch.drop_column("electorates_seq")
