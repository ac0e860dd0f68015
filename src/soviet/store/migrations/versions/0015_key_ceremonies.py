"""Key ceremonies: the trustees of each council's secret ballots, what each has published,
and the council's public key once every trustee has confirmed her share; sealed polls:
the ceremony a poll's ballots are encrypted to, the journal's head at its close, its
encrypted ballots by credential, and the trustees' parts of the decryption of its tally.

Revision ID: 0015
Revises: 0014
Create Date: 2026-12-03 10:00:00.000000
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0015"
down_revision = "0014"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "key_ceremonies",
        sa.Column("id", sa.BigInteger(), autoincrement=False, nullable=False),
        sa.Column("council_id", sa.BigInteger(), nullable=False),
        sa.Column("threshold", sa.Integer(), nullable=False),
        sa.Column("appointed_at", sa.String(length=32), nullable=False),
        sa.Column("public_key", sa.String(length=64), nullable=True),
        sa.Column("completed_at", sa.String(length=32), nullable=True),
        sa.ForeignKeyConstraint(
            ["council_id"], ["councils.id"], name=op.f("fk_key_ceremonies_council_id_councils")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_key_ceremonies")),
    )
    op.create_index("ix_key_ceremonies_council", "key_ceremonies", ["council_id", "id"])
    op.create_table(
        "ceremony_trustees",
        sa.Column("ceremony_id", sa.BigInteger(), nullable=False),
        sa.Column("number", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("account", sa.String(length=200), nullable=False),
        sa.Column("transport_key", sa.String(length=64), nullable=True),
        sa.Column("commitments", sa.Text(), nullable=True),
        sa.Column("sealed_shares", sa.Text(), nullable=True),
        sa.Column("verification_key", sa.String(length=64), nullable=True),
        sa.ForeignKeyConstraint(
            ["ceremony_id"],
            ["key_ceremonies.id"],
            name=op.f("fk_ceremony_trustees_ceremony_id_key_ceremonies"),
        ),
        sa.PrimaryKeyConstraint("ceremony_id", "number", name=op.f("pk_ceremony_trustees")),
        sa.UniqueConstraint(
            "ceremony_id", "account", name=op.f("uq_ceremony_trustees_ceremony_id")
        ),
    )
    with op.batch_alter_table("motion_votes", schema=None) as batch_op:
        batch_op.add_column(sa.Column("ceremony_id", sa.BigInteger(), nullable=True))
        batch_op.add_column(sa.Column("closed_hash", sa.String(length=64), nullable=True))
    with op.batch_alter_table("secret_voters", schema=None) as batch_op:
        batch_op.add_column(sa.Column("receipt", sa.String(length=64), nullable=True))
    op.create_table(
        "sealed_ballots",
        sa.Column("motion_id", sa.BigInteger(), nullable=False),
        sa.Column("credential", sa.String(length=64), nullable=False),
        sa.Column("ballot", sa.Text(), nullable=False),
        sa.Column("weight", sa.Integer(), nullable=False),
        sa.Column("seq", sa.BigInteger(), nullable=False),
        sa.ForeignKeyConstraint(
            ["motion_id"], ["motions.id"], name=op.f("fk_sealed_ballots_motion_id_motions")
        ),
        sa.PrimaryKeyConstraint("motion_id", "credential", name=op.f("pk_sealed_ballots")),
    )
    op.create_table(
        "tally_decryptions",
        sa.Column("motion_id", sa.BigInteger(), nullable=False),
        sa.Column("trustee", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("shares", sa.Text(), nullable=False),
        sa.Column("challenges", sa.Text(), nullable=False),
        sa.Column("responses", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["motion_id"], ["motions.id"], name=op.f("fk_tally_decryptions_motion_id_motions")
        ),
        sa.PrimaryKeyConstraint("motion_id", "trustee", name=op.f("pk_tally_decryptions")),
    )


def downgrade() -> None:
    with op.batch_alter_table("secret_voters", schema=None) as batch_op:
        batch_op.drop_column("receipt")
    op.drop_table("tally_decryptions")
    op.drop_table("sealed_ballots")
    with op.batch_alter_table("motion_votes", schema=None) as batch_op:
        batch_op.drop_column("closed_hash")
        batch_op.drop_column("ceremony_id")
    op.drop_table("ceremony_trustees")
    op.drop_index("ix_key_ceremonies_council", table_name="key_ceremonies")
    op.drop_table("key_ceremonies")
