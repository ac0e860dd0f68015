"""A federation remembers the journal entry that last changed a list of candidates or a
co-option in it, so that a process may keep the designations and co-options of bodies it
has read (every refresh of a body reads them) for as long as that entry is the last.

Revision ID: 0019
Revises: 0018
Create Date: 2026-12-05 11:40:00.000000
"""

from __future__ import annotations

import json

import sqlalchemy as sa
from alembic import op

revision = "0019"
down_revision = "0018"
branch_labels = None
depends_on = None

#: The kinds of entry that change a list or a co-option (store.projections).
CHANGING = ("CandidateListsSet", "CandidateDeclined", "CoOptionsSet")


def upgrade() -> None:
    with op.batch_alter_table("federations") as batch:
        batch.add_column(
            sa.Column("designations_seq", sa.BigInteger(), nullable=False, server_default="0")
        )
    _fill_from_journal()


def _fill_from_journal() -> None:
    """Each federation's last entry that changed a list or a co-option, as a replay of the
    journal sets it."""
    journal = sa.table(
        "journal",
        sa.column("seq", sa.BigInteger()),
        sa.column("kind", sa.String()),
        sa.column("payload", sa.Text()),
    )
    federations = sa.table(
        "federations",
        sa.column("slug", sa.String()),
        sa.column("designations_seq", sa.BigInteger()),
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
            .values(designations_seq=sa.bindparam("seq")),
            [{"federation": slug, "seq": seq} for slug, seq in sorted(last.items())],
        )


def downgrade() -> None:
    with op.batch_alter_table("federations") as batch:
        batch.drop_column("designations_seq")
