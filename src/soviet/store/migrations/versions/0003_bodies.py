"""Bodies formed from councils: seats without constituency or party, delegations,
co-options, the bodies holding a party's committee powers, constituencies by council.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-22 07:53:47.675407
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "co_options",
        sa.Column("council_id", sa.BigInteger(), nullable=False),
        sa.Column("organisation", sa.String(length=100), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("person_id", sa.BigInteger(), nullable=False),
        sa.ForeignKeyConstraint(
            ["council_id"], ["councils.id"], name=op.f("fk_co_options_council_id_councils")
        ),
        sa.ForeignKeyConstraint(
            ["person_id"], ["persons.id"], name=op.f("fk_co_options_person_id_persons")
        ),
        sa.PrimaryKeyConstraint(
            "council_id", "organisation", "position", name=op.f("pk_co_options")
        ),
    )
    with op.batch_alter_table("constituencies", schema=None) as batch_op:
        batch_op.create_index("ix_constituencies_council", ["council_id"], unique=False)

    with op.batch_alter_table("mandates", schema=None) as batch_op:
        batch_op.add_column(sa.Column("delegation_id", sa.BigInteger(), nullable=True))
        batch_op.add_column(sa.Column("co_opted_for", sa.String(length=100), nullable=True))
        batch_op.add_column(
            sa.Column("is_voting", sa.Boolean(), server_default=sa.true(), nullable=False)
        )
        batch_op.alter_column("constituency_id", existing_type=sa.BIGINT(), nullable=True)
        batch_op.alter_column("party_id", existing_type=sa.BIGINT(), nullable=True)
        batch_op.create_foreign_key(
            batch_op.f("fk_mandates_delegation_id_councils"), "councils", ["delegation_id"], ["id"]
        )

    with op.batch_alter_table("parties", schema=None) as batch_op:
        batch_op.add_column(sa.Column("committee_council_id", sa.BigInteger(), nullable=True))
        batch_op.create_foreign_key(
            batch_op.f("fk_parties_committee_council_id_councils"),
            "councils",
            ["committee_council_id"],
            ["id"],
        )


def downgrade() -> None:
    with op.batch_alter_table("parties", schema=None) as batch_op:
        batch_op.drop_constraint(
            batch_op.f("fk_parties_committee_council_id_councils"), type_="foreignkey"
        )
        batch_op.drop_column("committee_council_id")

    with op.batch_alter_table("mandates", schema=None) as batch_op:
        batch_op.drop_constraint(
            batch_op.f("fk_mandates_delegation_id_councils"), type_="foreignkey"
        )
        batch_op.alter_column("party_id", existing_type=sa.BIGINT(), nullable=False)
        batch_op.alter_column("constituency_id", existing_type=sa.BIGINT(), nullable=False)
        batch_op.drop_column("is_voting")
        batch_op.drop_column("co_opted_for")
        batch_op.drop_column("delegation_id")

    with op.batch_alter_table("constituencies", schema=None) as batch_op:
        batch_op.drop_index("ix_constituencies_council")

    op.drop_table("co_options")
