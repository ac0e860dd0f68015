"""Sealed ballot elections: the key ceremony an election's ballots are encrypted to, the
parties on its ballots, when
its ballot box closed and the journal's head then, its encrypted ballots by constituency and
credential, and the trustees' parts of the decryption of each constituency's tally.

Revision ID: 0017
Revises: 0016
Create Date: 2026-12-04 07:00:00.000000
"""

from __future__ import annotations

import json

import sqlalchemy as sa
from alembic import op

revision = "0017"
down_revision = "0016"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("elections", schema=None) as batch_op:
        batch_op.add_column(sa.Column("ceremony_id", sa.BigInteger(), nullable=True))
        batch_op.add_column(sa.Column("sealed_parties", sa.Text(), nullable=True))
        batch_op.add_column(sa.Column("ballots_closed_at", sa.String(length=32), nullable=True))
        batch_op.add_column(sa.Column("ballots_closed_hash", sa.String(length=64), nullable=True))
    with op.batch_alter_table("ballot_voters", schema=None) as batch_op:
        batch_op.add_column(sa.Column("receipt", sa.String(length=64), nullable=True))
    op.create_table(
        "election_sealed_ballots",
        sa.Column("election_id", sa.BigInteger(), nullable=False),
        sa.Column("constituency_id", sa.BigInteger(), nullable=False),
        sa.Column("credential", sa.String(length=64), nullable=False),
        sa.Column("ballot", sa.Text(), nullable=False),
        sa.Column("seq", sa.BigInteger(), nullable=False),
        sa.ForeignKeyConstraint(
            ["election_id"],
            ["elections.id"],
            name=op.f("fk_election_sealed_ballots_election_id_elections"),
        ),
        sa.ForeignKeyConstraint(
            ["constituency_id"],
            ["constituencies.id"],
            name=op.f("fk_election_sealed_ballots_constituency_id_constituencies"),
        ),
        sa.PrimaryKeyConstraint(
            "election_id", "credential", name=op.f("pk_election_sealed_ballots")
        ),
    )
    op.create_index(
        "ix_election_sealed_ballots_constituency",
        "election_sealed_ballots",
        ["election_id", "constituency_id", "seq"],
    )
    op.create_table(
        "election_decryptions",
        sa.Column("election_id", sa.BigInteger(), nullable=False),
        sa.Column("constituency_id", sa.BigInteger(), nullable=False),
        sa.Column("trustee", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("shares", sa.Text(), nullable=False),
        sa.Column("challenges", sa.Text(), nullable=False),
        sa.Column("responses", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["election_id"],
            ["elections.id"],
            name=op.f("fk_election_decryptions_election_id_elections"),
        ),
        sa.ForeignKeyConstraint(
            ["constituency_id"],
            ["constituencies.id"],
            name=op.f("fk_election_decryptions_constituency_id_constituencies"),
        ),
        sa.PrimaryKeyConstraint(
            "election_id", "constituency_id", "trustee", name=op.f("pk_election_decryptions")
        ),
    )

    with op.batch_alter_table("recall_petitions", schema=None) as batch_op:
        batch_op.add_column(sa.Column("ceremony_id", sa.BigInteger(), nullable=True))
        batch_op.add_column(sa.Column("ballots_closed_at", sa.String(length=32), nullable=True))
        batch_op.add_column(sa.Column("ballots_closed_hash", sa.String(length=64), nullable=True))
        batch_op.add_column(sa.Column("recall_count", sa.BigInteger(), nullable=True))
        batch_op.add_column(sa.Column("keep_count", sa.BigInteger(), nullable=True))
    with op.batch_alter_table("recall_votes", schema=None) as batch_op:
        batch_op.add_column(sa.Column("receipt", sa.String(length=64), nullable=True))
    op.create_table(
        "recall_sealed_ballots",
        sa.Column("petition_id", sa.BigInteger(), nullable=False),
        sa.Column("credential", sa.String(length=64), nullable=False),
        sa.Column("ballot", sa.Text(), nullable=False),
        sa.Column("seq", sa.BigInteger(), nullable=False),
        sa.ForeignKeyConstraint(
            ["petition_id"],
            ["recall_petitions.id"],
            name=op.f("fk_recall_sealed_ballots_petition_id_recall_petitions"),
        ),
        sa.PrimaryKeyConstraint("petition_id", "credential", name=op.f("pk_recall_sealed_ballots")),
    )
    op.create_table(
        "recall_decryptions",
        sa.Column("petition_id", sa.BigInteger(), nullable=False),
        sa.Column("trustee", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("shares", sa.Text(), nullable=False),
        sa.Column("challenges", sa.Text(), nullable=False),
        sa.Column("responses", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["petition_id"],
            ["recall_petitions.id"],
            name=op.f("fk_recall_decryptions_petition_id_recall_petitions"),
        ),
        sa.PrimaryKeyConstraint("petition_id", "trustee", name=op.f("pk_recall_decryptions")),
    )

    _fill_closing_heads()


def _fill_closing_heads() -> None:
    """An open vote's board names the journal's head at its close: until now only a close
    with results withheld kept it. The votes closed before are given theirs from the
    journal (their `VoteClosed` entry), as a replay gives it."""
    journal = sa.table(
        "journal",
        sa.column("seq", sa.BigInteger()),
        sa.column("kind", sa.String()),
        sa.column("payload", sa.Text()),
        sa.column("hash", sa.String()),
    )
    votes = sa.table(
        "motion_votes", sa.column("motion_id", sa.BigInteger()), sa.column("closed_hash")
    )
    found = op.get_bind().execute(
        sa.select(journal.c.payload, journal.c.hash)
        .where(journal.c.kind == "VoteClosed")
        .order_by(journal.c.seq)
    )
    closes = [{"motion": json.loads(payload)["motion"], "head": head} for payload, head in found]
    if closes:
        op.get_bind().execute(
            votes.update()
            .where(votes.c.motion_id == sa.bindparam("motion"), votes.c.closed_hash.is_(None))
            .values(closed_hash=sa.bindparam("head")),
            closes,
        )


def downgrade() -> None:
    op.drop_table("recall_decryptions")
    op.drop_table("recall_sealed_ballots")
    with op.batch_alter_table("recall_votes", schema=None) as batch_op:
        batch_op.drop_column("receipt")
    with op.batch_alter_table("recall_petitions", schema=None) as batch_op:
        batch_op.drop_column("keep_count")
        batch_op.drop_column("recall_count")
        batch_op.drop_column("ballots_closed_hash")
        batch_op.drop_column("ballots_closed_at")
        batch_op.drop_column("ceremony_id")
    op.drop_table("election_decryptions")
    op.drop_index("ix_election_sealed_ballots_constituency", table_name="election_sealed_ballots")
    op.drop_table("election_sealed_ballots")
    with op.batch_alter_table("ballot_voters", schema=None) as batch_op:
        batch_op.drop_column("receipt")
    with op.batch_alter_table("elections", schema=None) as batch_op:
        batch_op.drop_column("ballots_closed_hash")
        batch_op.drop_column("ballots_closed_at")
        batch_op.drop_column("sealed_parties")
        batch_op.drop_column("ceremony_id")
