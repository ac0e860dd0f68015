"""Plenary sessions: attendance, walk-outs, motions, votes, positions, secret ballot
counters, resolutions, commissions and acts under their authority.

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-22 08:28:33.050282
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "sessions",
        sa.Column("id", sa.BigInteger(), autoincrement=False, nullable=False),
        sa.Column("council_id", sa.BigInteger(), nullable=False),
        sa.Column("section", sa.String(length=100), nullable=True),
        sa.Column("agenda", sa.Text(), nullable=False),
        sa.Column("convened_at", sa.String(length=32), nullable=False),
        sa.Column("closed_at", sa.String(length=32), nullable=True),
        sa.ForeignKeyConstraint(
            ["council_id"], ["councils.id"], name=op.f("fk_sessions_council_id_councils")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_sessions")),
    )
    with op.batch_alter_table("sessions", schema=None) as batch_op:
        batch_op.create_index("ix_sessions_council", ["council_id"], unique=False)

    op.create_table(
        "motions",
        sa.Column("id", sa.BigInteger(), autoincrement=False, nullable=False),
        sa.Column("council_id", sa.BigInteger(), nullable=False),
        sa.Column("session_id", sa.BigInteger(), nullable=False),
        sa.Column("slug", sa.String(length=100), nullable=False),
        sa.Column("kind", sa.String(length=30), nullable=False),
        sa.Column("title", sa.String(length=300), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("mover_kind", sa.String(length=20), nullable=False),
        sa.Column("mover", sa.String(length=200), nullable=False),
        sa.Column("amends_id", sa.BigInteger(), nullable=True),
        sa.Column("decision", sa.String(length=30), nullable=True),
        sa.Column("terms", sa.Text(), nullable=False),
        sa.Column("moved_at", sa.String(length=32), nullable=False),
        sa.Column("outcome", sa.String(length=10), nullable=True),
        sa.Column("decided_at", sa.String(length=32), nullable=True),
        sa.ForeignKeyConstraint(
            ["amends_id"], ["motions.id"], name=op.f("fk_motions_amends_id_motions")
        ),
        sa.ForeignKeyConstraint(
            ["council_id"], ["councils.id"], name=op.f("fk_motions_council_id_councils")
        ),
        sa.ForeignKeyConstraint(
            ["session_id"], ["sessions.id"], name=op.f("fk_motions_session_id_sessions")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_motions")),
        sa.UniqueConstraint("council_id", "slug", name=op.f("uq_motions_council_id")),
    )
    op.create_table(
        "walk_outs",
        sa.Column("session_id", sa.BigInteger(), nullable=False),
        sa.Column("party_id", sa.BigInteger(), nullable=False),
        sa.Column("walked_out_at", sa.String(length=32), nullable=False),
        sa.Column("returned_at", sa.String(length=32), nullable=True),
        sa.ForeignKeyConstraint(
            ["party_id"], ["parties.id"], name=op.f("fk_walk_outs_party_id_parties")
        ),
        sa.ForeignKeyConstraint(
            ["session_id"], ["sessions.id"], name=op.f("fk_walk_outs_session_id_sessions")
        ),
        sa.PrimaryKeyConstraint(
            "session_id", "party_id", "walked_out_at", name=op.f("pk_walk_outs")
        ),
    )
    op.create_table(
        "fraction_positions",
        sa.Column("motion_id", sa.BigInteger(), nullable=False),
        sa.Column("party_id", sa.BigInteger(), nullable=False),
        sa.Column("position", sa.String(length=10), nullable=False),
        sa.Column("taken_at", sa.String(length=32), nullable=False),
        sa.ForeignKeyConstraint(
            ["motion_id"], ["motions.id"], name=op.f("fk_fraction_positions_motion_id_motions")
        ),
        sa.ForeignKeyConstraint(
            ["party_id"], ["parties.id"], name=op.f("fk_fraction_positions_party_id_parties")
        ),
        sa.PrimaryKeyConstraint("motion_id", "party_id", name=op.f("pk_fraction_positions")),
    )
    op.create_table(
        "motion_votes",
        sa.Column("motion_id", sa.BigInteger(), autoincrement=False, nullable=False),
        sa.Column("mode", sa.String(length=10), nullable=False),
        sa.Column("opened_at", sa.String(length=32), nullable=False),
        sa.Column("present", sa.Integer(), nullable=False),
        sa.Column("seats", sa.Integer(), nullable=False),
        sa.Column("closed_at", sa.String(length=32), nullable=True),
        sa.Column("yes", sa.Integer(), nullable=True),
        sa.Column("no", sa.Integer(), nullable=True),
        sa.Column("abstain", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["motion_id"], ["motions.id"], name=op.f("fk_motion_votes_motion_id_motions")
        ),
        sa.PrimaryKeyConstraint("motion_id", name=op.f("pk_motion_votes")),
    )
    op.create_table(
        "resolutions",
        sa.Column("id", sa.BigInteger(), autoincrement=False, nullable=False),
        sa.Column("council_id", sa.BigInteger(), nullable=False),
        sa.Column("number", sa.Integer(), nullable=False),
        sa.Column("motion_id", sa.BigInteger(), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("adopted_at", sa.String(length=32), nullable=False),
        sa.Column("amended_by", sa.BigInteger(), nullable=True),
        sa.Column("annulled_by", sa.BigInteger(), nullable=True),
        sa.ForeignKeyConstraint(
            ["amended_by"], ["resolutions.id"], name=op.f("fk_resolutions_amended_by_resolutions")
        ),
        sa.ForeignKeyConstraint(
            ["annulled_by"], ["resolutions.id"], name=op.f("fk_resolutions_annulled_by_resolutions")
        ),
        sa.ForeignKeyConstraint(
            ["council_id"], ["councils.id"], name=op.f("fk_resolutions_council_id_councils")
        ),
        sa.ForeignKeyConstraint(
            ["motion_id"], ["motions.id"], name=op.f("fk_resolutions_motion_id_motions")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_resolutions")),
        sa.UniqueConstraint("council_id", "number", name=op.f("uq_resolutions_council_id")),
    )
    op.create_table(
        "roll_call",
        sa.Column("motion_id", sa.BigInteger(), nullable=False),
        sa.Column("person_id", sa.BigInteger(), nullable=False),
        sa.Column("party_id", sa.BigInteger(), nullable=True),
        sa.Column("choice", sa.String(length=10), nullable=False),
        sa.Column("cast_at", sa.String(length=32), nullable=False),
        sa.ForeignKeyConstraint(
            ["motion_id"], ["motions.id"], name=op.f("fk_roll_call_motion_id_motions")
        ),
        sa.ForeignKeyConstraint(
            ["party_id"], ["parties.id"], name=op.f("fk_roll_call_party_id_parties")
        ),
        sa.ForeignKeyConstraint(
            ["person_id"], ["persons.id"], name=op.f("fk_roll_call_person_id_persons")
        ),
        sa.PrimaryKeyConstraint("motion_id", "person_id", name=op.f("pk_roll_call")),
    )
    op.create_table(
        "secret_box",
        sa.Column("motion_id", sa.BigInteger(), nullable=False),
        sa.Column("choice", sa.String(length=10), nullable=False),
        sa.Column("ballots", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["motion_id"], ["motions.id"], name=op.f("fk_secret_box_motion_id_motions")
        ),
        sa.PrimaryKeyConstraint("motion_id", "choice", name=op.f("pk_secret_box")),
    )
    op.create_table(
        "secret_voters",
        sa.Column("motion_id", sa.BigInteger(), nullable=False),
        sa.Column("person_id", sa.BigInteger(), nullable=False),
        sa.ForeignKeyConstraint(
            ["motion_id"], ["motions.id"], name=op.f("fk_secret_voters_motion_id_motions")
        ),
        sa.ForeignKeyConstraint(
            ["person_id"], ["persons.id"], name=op.f("fk_secret_voters_person_id_persons")
        ),
        sa.PrimaryKeyConstraint("motion_id", "person_id", name=op.f("pk_secret_voters")),
    )
    op.create_table(
        "attendance",
        sa.Column("session_id", sa.BigInteger(), nullable=False),
        sa.Column("mandate_id", sa.BigInteger(), nullable=False),
        sa.Column("person_id", sa.BigInteger(), nullable=False),
        sa.Column("checked_in_at", sa.String(length=32), nullable=False),
        sa.Column("left_at", sa.String(length=32), nullable=True),
        sa.Column("left_by", sa.String(length=20), nullable=True),
        sa.ForeignKeyConstraint(
            ["mandate_id"], ["mandates.id"], name=op.f("fk_attendance_mandate_id_mandates")
        ),
        sa.ForeignKeyConstraint(
            ["person_id"], ["persons.id"], name=op.f("fk_attendance_person_id_persons")
        ),
        sa.ForeignKeyConstraint(
            ["session_id"], ["sessions.id"], name=op.f("fk_attendance_session_id_sessions")
        ),
        sa.PrimaryKeyConstraint("session_id", "mandate_id", name=op.f("pk_attendance")),
    )
    with op.batch_alter_table("attendance", schema=None) as batch_op:
        batch_op.create_index("ix_attendance_person", ["session_id", "person_id"], unique=False)

    op.create_table(
        "commissions",
        sa.Column("id", sa.BigInteger(), autoincrement=False, nullable=False),
        sa.Column("council_id", sa.BigInteger(), nullable=False),
        sa.Column("slug", sa.String(length=100), nullable=False),
        sa.Column("name", sa.String(length=300), nullable=False),
        sa.Column("mandate", sa.Text(), nullable=False),
        sa.Column("powers", sa.Text(), nullable=False),
        sa.Column("deadline", sa.String(length=32), nullable=False),
        sa.Column("resolution_id", sa.BigInteger(), nullable=False),
        sa.ForeignKeyConstraint(
            ["council_id"], ["councils.id"], name=op.f("fk_commissions_council_id_councils")
        ),
        sa.ForeignKeyConstraint(
            ["resolution_id"],
            ["resolutions.id"],
            name=op.f("fk_commissions_resolution_id_resolutions"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_commissions")),
        sa.UniqueConstraint("council_id", "slug", name=op.f("uq_commissions_council_id")),
    )
    op.create_table(
        "authorised_acts",
        sa.Column("id", sa.BigInteger(), autoincrement=False, nullable=False),
        sa.Column("resolution_id", sa.BigInteger(), nullable=False),
        sa.Column("commission_id", sa.BigInteger(), nullable=True),
        sa.Column("executive_id", sa.BigInteger(), nullable=True),
        sa.Column("power", sa.String(length=100), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("person_id", sa.BigInteger(), nullable=False),
        sa.Column("acted_at", sa.String(length=32), nullable=False),
        sa.ForeignKeyConstraint(
            ["commission_id"],
            ["commissions.id"],
            name=op.f("fk_authorised_acts_commission_id_commissions"),
        ),
        sa.ForeignKeyConstraint(
            ["executive_id"], ["councils.id"], name=op.f("fk_authorised_acts_executive_id_councils")
        ),
        sa.ForeignKeyConstraint(
            ["person_id"], ["persons.id"], name=op.f("fk_authorised_acts_person_id_persons")
        ),
        sa.ForeignKeyConstraint(
            ["resolution_id"],
            ["resolutions.id"],
            name=op.f("fk_authorised_acts_resolution_id_resolutions"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_authorised_acts")),
    )
    op.create_table(
        "commission_members",
        sa.Column("commission_id", sa.BigInteger(), nullable=False),
        sa.Column("person_id", sa.BigInteger(), nullable=False),
        sa.Column("party_id", sa.BigInteger(), nullable=True),
        sa.ForeignKeyConstraint(
            ["commission_id"],
            ["commissions.id"],
            name=op.f("fk_commission_members_commission_id_commissions"),
        ),
        sa.ForeignKeyConstraint(
            ["party_id"], ["parties.id"], name=op.f("fk_commission_members_party_id_parties")
        ),
        sa.ForeignKeyConstraint(
            ["person_id"], ["persons.id"], name=op.f("fk_commission_members_person_id_persons")
        ),
        sa.PrimaryKeyConstraint("commission_id", "person_id", name=op.f("pk_commission_members")),
    )
    # ### end Alembic commands ###


def downgrade() -> None:
    op.drop_table("commission_members")
    op.drop_table("authorised_acts")
    op.drop_table("commissions")
    with op.batch_alter_table("attendance", schema=None) as batch_op:
        batch_op.drop_index("ix_attendance_person")

    op.drop_table("attendance")
    op.drop_table("secret_voters")
    op.drop_table("secret_box")
    op.drop_table("roll_call")
    op.drop_table("resolutions")
    op.drop_table("motion_votes")
    op.drop_table("fraction_positions")
    op.drop_table("walk_outs")
    op.drop_table("motions")
    with op.batch_alter_table("sessions", schema=None) as batch_op:
        batch_op.drop_index("ix_sessions_council")

    op.drop_table("sessions")
    # ### end Alembic commands ###
