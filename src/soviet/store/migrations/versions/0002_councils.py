"""Councils, constituencies, members, parties, lists, elections, mandates and recall.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-22 06:44:56.059513
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "federations",
        sa.Column("id", sa.BigInteger(), autoincrement=False, nullable=False),
        sa.Column("slug", sa.String(length=100), nullable=False),
        sa.Column("name", sa.String(length=300), nullable=False),
        sa.Column("created_at", sa.String(length=32), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_federations")),
        sa.UniqueConstraint("slug", name=op.f("uq_federations_slug")),
    )
    op.create_table(
        "councils",
        sa.Column("id", sa.BigInteger(), autoincrement=False, nullable=False),
        sa.Column("federation_id", sa.BigInteger(), nullable=False),
        sa.Column("slug", sa.String(length=100), nullable=False),
        sa.Column("name", sa.String(length=300), nullable=False),
        sa.Column("created_at", sa.String(length=32), nullable=False),
        sa.ForeignKeyConstraint(
            ["federation_id"],
            ["federations.id"],
            name=op.f("fk_councils_federation_id_federations"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_councils")),
        sa.UniqueConstraint("federation_id", "slug", name=op.f("uq_councils_federation_id")),
    )
    op.create_table(
        "parties",
        sa.Column("id", sa.BigInteger(), autoincrement=False, nullable=False),
        sa.Column("federation_id", sa.BigInteger(), nullable=False),
        sa.Column("slug", sa.String(length=100), nullable=False),
        sa.Column("name", sa.String(length=300), nullable=False),
        sa.Column("programme", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["federation_id"], ["federations.id"], name=op.f("fk_parties_federation_id_federations")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_parties")),
        sa.UniqueConstraint("federation_id", "slug", name=op.f("uq_parties_federation_id")),
    )
    op.create_table(
        "persons",
        sa.Column("id", sa.BigInteger(), autoincrement=False, nullable=False),
        sa.Column("federation_id", sa.BigInteger(), nullable=False),
        sa.Column("slug", sa.String(length=100), nullable=False),
        sa.Column("name", sa.String(length=300), nullable=False),
        sa.ForeignKeyConstraint(
            ["federation_id"], ["federations.id"], name=op.f("fk_persons_federation_id_federations")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_persons")),
        sa.UniqueConstraint("federation_id", "slug", name=op.f("uq_persons_federation_id")),
    )
    op.create_table(
        "statutes",
        sa.Column("federation_id", sa.BigInteger(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("effective_at", sa.String(length=32), nullable=False),
        sa.Column("document", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["federation_id"],
            ["federations.id"],
            name=op.f("fk_statutes_federation_id_federations"),
        ),
        sa.PrimaryKeyConstraint("federation_id", "version", name=op.f("pk_statutes")),
    )
    op.create_table(
        "candidates",
        sa.Column("party_id", sa.BigInteger(), nullable=False),
        sa.Column("council_id", sa.BigInteger(), nullable=False),
        sa.Column("constituency_key", sa.BigInteger(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("person_id", sa.BigInteger(), nullable=False),
        sa.Column("declined_at", sa.String(length=32), nullable=True),
        sa.ForeignKeyConstraint(
            ["council_id"], ["councils.id"], name=op.f("fk_candidates_council_id_councils")
        ),
        sa.ForeignKeyConstraint(
            ["party_id"], ["parties.id"], name=op.f("fk_candidates_party_id_parties")
        ),
        sa.ForeignKeyConstraint(
            ["person_id"], ["persons.id"], name=op.f("fk_candidates_person_id_persons")
        ),
        sa.PrimaryKeyConstraint(
            "party_id", "council_id", "constituency_key", "position", name=op.f("pk_candidates")
        ),
    )
    op.create_table(
        "central_committees",
        sa.Column("party_id", sa.BigInteger(), nullable=False),
        sa.Column("account", sa.String(length=200), nullable=False),
        sa.ForeignKeyConstraint(
            ["party_id"], ["parties.id"], name=op.f("fk_central_committees_party_id_parties")
        ),
        sa.PrimaryKeyConstraint("party_id", "account", name=op.f("pk_central_committees")),
    )
    op.create_table(
        "constituencies",
        sa.Column("id", sa.BigInteger(), autoincrement=False, nullable=False),
        sa.Column("federation_id", sa.BigInteger(), nullable=False),
        sa.Column("council_id", sa.BigInteger(), nullable=False),
        sa.Column("slug", sa.String(length=100), nullable=False),
        sa.Column("name", sa.String(length=300), nullable=False),
        sa.Column("kind", sa.String(length=100), nullable=False),
        sa.Column("electorate", sa.BigInteger(), nullable=False),
        sa.Column("tags", sa.Text(), nullable=False),
        sa.Column("admitted_at", sa.String(length=32), nullable=False),
        sa.ForeignKeyConstraint(
            ["council_id"], ["councils.id"], name=op.f("fk_constituencies_council_id_councils")
        ),
        sa.ForeignKeyConstraint(
            ["federation_id"],
            ["federations.id"],
            name=op.f("fk_constituencies_federation_id_federations"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_constituencies")),
        sa.UniqueConstraint("federation_id", "slug", name=op.f("uq_constituencies_federation_id")),
    )
    op.create_table(
        "party_members",
        sa.Column("party_id", sa.BigInteger(), nullable=False),
        sa.Column("person_id", sa.BigInteger(), nullable=False),
        sa.Column("since", sa.String(length=32), nullable=False),
        sa.ForeignKeyConstraint(
            ["party_id"], ["parties.id"], name=op.f("fk_party_members_party_id_parties")
        ),
        sa.ForeignKeyConstraint(
            ["person_id"], ["persons.id"], name=op.f("fk_party_members_person_id_persons")
        ),
        sa.PrimaryKeyConstraint("party_id", "person_id", name=op.f("pk_party_members")),
    )
    op.create_table(
        "elections",
        sa.Column("id", sa.BigInteger(), autoincrement=False, nullable=False),
        sa.Column("federation_id", sa.BigInteger(), nullable=False),
        sa.Column("council_id", sa.BigInteger(), nullable=False),
        sa.Column("constituency_id", sa.BigInteger(), nullable=True),
        sa.Column("mode", sa.String(length=10), nullable=False),
        sa.Column("opened_at", sa.String(length=32), nullable=False),
        sa.Column("closed_at", sa.String(length=32), nullable=True),
        sa.Column("draw", sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(
            ["constituency_id"],
            ["constituencies.id"],
            name=op.f("fk_elections_constituency_id_constituencies"),
        ),
        sa.ForeignKeyConstraint(
            ["council_id"], ["councils.id"], name=op.f("fk_elections_council_id_councils")
        ),
        sa.ForeignKeyConstraint(
            ["federation_id"],
            ["federations.id"],
            name=op.f("fk_elections_federation_id_federations"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_elections")),
    )
    op.create_table(
        "members",
        sa.Column("id", sa.BigInteger(), autoincrement=False, nullable=False),
        sa.Column("constituency_id", sa.BigInteger(), nullable=False),
        sa.Column("key", sa.String(length=100), nullable=False),
        sa.Column("name", sa.String(length=300), nullable=False),
        sa.Column("birth_date", sa.String(length=10), nullable=True),
        sa.Column("categories", sa.Text(), nullable=False),
        sa.Column("account", sa.String(length=200), nullable=True),
        sa.Column("since", sa.String(length=32), nullable=False),
        sa.ForeignKeyConstraint(
            ["constituency_id"],
            ["constituencies.id"],
            name=op.f("fk_members_constituency_id_constituencies"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_members")),
        sa.UniqueConstraint("constituency_id", "key", name=op.f("uq_members_constituency_id")),
    )
    op.create_table(
        "ballot_box",
        sa.Column("election_id", sa.BigInteger(), nullable=False),
        sa.Column("constituency_id", sa.BigInteger(), nullable=False),
        sa.Column("party_id", sa.BigInteger(), nullable=False),
        sa.Column("ballots", sa.BigInteger(), nullable=False),
        sa.ForeignKeyConstraint(
            ["constituency_id"],
            ["constituencies.id"],
            name=op.f("fk_ballot_box_constituency_id_constituencies"),
        ),
        sa.ForeignKeyConstraint(
            ["election_id"], ["elections.id"], name=op.f("fk_ballot_box_election_id_elections")
        ),
        sa.ForeignKeyConstraint(
            ["party_id"], ["parties.id"], name=op.f("fk_ballot_box_party_id_parties")
        ),
        sa.PrimaryKeyConstraint(
            "election_id", "constituency_id", "party_id", name=op.f("pk_ballot_box")
        ),
    )
    op.create_table(
        "ballot_voters",
        sa.Column("election_id", sa.BigInteger(), nullable=False),
        sa.Column("member_id", sa.BigInteger(), nullable=False),
        sa.ForeignKeyConstraint(
            ["election_id"], ["elections.id"], name=op.f("fk_ballot_voters_election_id_elections")
        ),
        sa.ForeignKeyConstraint(
            ["member_id"], ["members.id"], name=op.f("fk_ballot_voters_member_id_members")
        ),
        sa.PrimaryKeyConstraint("election_id", "member_id", name=op.f("pk_ballot_voters")),
    )
    op.create_table(
        "election_constituencies",
        sa.Column("election_id", sa.BigInteger(), nullable=False),
        sa.Column("constituency_id", sa.BigInteger(), nullable=False),
        sa.Column("seats", sa.Integer(), nullable=False),
        sa.Column("closed_at", sa.String(length=32), nullable=False),
        sa.ForeignKeyConstraint(
            ["constituency_id"],
            ["constituencies.id"],
            name=op.f("fk_election_constituencies_constituency_id_constituencies"),
        ),
        sa.ForeignKeyConstraint(
            ["election_id"],
            ["elections.id"],
            name=op.f("fk_election_constituencies_election_id_elections"),
        ),
        sa.PrimaryKeyConstraint(
            "election_id", "constituency_id", name=op.f("pk_election_constituencies")
        ),
    )
    with op.batch_alter_table("election_constituencies", schema=None) as batch_op:
        batch_op.create_index(
            "ix_election_constituencies_constituency",
            ["constituency_id", "closed_at"],
            unique=False,
        )

    op.create_table(
        "election_seats",
        sa.Column("election_id", sa.BigInteger(), nullable=False),
        sa.Column("constituency_id", sa.BigInteger(), nullable=False),
        sa.Column("party_id", sa.BigInteger(), nullable=False),
        sa.Column("seats", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["constituency_id"],
            ["constituencies.id"],
            name=op.f("fk_election_seats_constituency_id_constituencies"),
        ),
        sa.ForeignKeyConstraint(
            ["election_id"], ["elections.id"], name=op.f("fk_election_seats_election_id_elections")
        ),
        sa.ForeignKeyConstraint(
            ["party_id"], ["parties.id"], name=op.f("fk_election_seats_party_id_parties")
        ),
        sa.PrimaryKeyConstraint(
            "election_id", "constituency_id", "party_id", name=op.f("pk_election_seats")
        ),
    )
    op.create_table(
        "election_votes",
        sa.Column("election_id", sa.BigInteger(), nullable=False),
        sa.Column("constituency_id", sa.BigInteger(), nullable=False),
        sa.Column("party_id", sa.BigInteger(), nullable=False),
        sa.Column("votes", sa.BigInteger(), nullable=False),
        sa.ForeignKeyConstraint(
            ["constituency_id"],
            ["constituencies.id"],
            name=op.f("fk_election_votes_constituency_id_constituencies"),
        ),
        sa.ForeignKeyConstraint(
            ["election_id"], ["elections.id"], name=op.f("fk_election_votes_election_id_elections")
        ),
        sa.ForeignKeyConstraint(
            ["party_id"], ["parties.id"], name=op.f("fk_election_votes_party_id_parties")
        ),
        sa.PrimaryKeyConstraint(
            "election_id", "constituency_id", "party_id", name=op.f("pk_election_votes")
        ),
    )
    op.create_table(
        "mandates",
        sa.Column("id", sa.BigInteger(), autoincrement=False, nullable=False),
        sa.Column("council_id", sa.BigInteger(), nullable=False),
        sa.Column("constituency_id", sa.BigInteger(), nullable=False),
        sa.Column("seat", sa.Integer(), nullable=False),
        sa.Column("party_id", sa.BigInteger(), nullable=False),
        sa.Column("person_id", sa.BigInteger(), nullable=False),
        sa.Column("election_id", sa.BigInteger(), nullable=True),
        sa.Column("since", sa.String(length=32), nullable=False),
        sa.Column("until", sa.String(length=32), nullable=True),
        sa.Column("end_cause", sa.String(length=30), nullable=True),
        sa.Column("expires_at", sa.String(length=32), nullable=True),
        sa.ForeignKeyConstraint(
            ["constituency_id"],
            ["constituencies.id"],
            name=op.f("fk_mandates_constituency_id_constituencies"),
        ),
        sa.ForeignKeyConstraint(
            ["council_id"], ["councils.id"], name=op.f("fk_mandates_council_id_councils")
        ),
        sa.ForeignKeyConstraint(
            ["election_id"], ["elections.id"], name=op.f("fk_mandates_election_id_elections")
        ),
        sa.ForeignKeyConstraint(
            ["party_id"], ["parties.id"], name=op.f("fk_mandates_party_id_parties")
        ),
        sa.ForeignKeyConstraint(
            ["person_id"], ["persons.id"], name=op.f("fk_mandates_person_id_persons")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_mandates")),
    )
    with op.batch_alter_table("mandates", schema=None) as batch_op:
        batch_op.create_index("ix_mandates_council_open", ["council_id", "until"], unique=False)
        batch_op.create_index(
            "ix_mandates_person", ["person_id", "council_id", "until"], unique=False
        )
        batch_op.create_index(
            "ix_mandates_seat", ["constituency_id", "seat", "until"], unique=False
        )

    op.create_table(
        "recall_petitions",
        sa.Column("id", sa.BigInteger(), autoincrement=False, nullable=False),
        sa.Column("mandate_id", sa.BigInteger(), nullable=False),
        sa.Column("threshold", sa.BigInteger(), nullable=False),
        sa.Column("opened_at", sa.String(length=32), nullable=False),
        sa.Column("closed_at", sa.String(length=32), nullable=True),
        sa.Column("outcome", sa.String(length=20), nullable=True),
        sa.ForeignKeyConstraint(
            ["mandate_id"], ["mandates.id"], name=op.f("fk_recall_petitions_mandate_id_mandates")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_recall_petitions")),
    )
    with op.batch_alter_table("recall_petitions", schema=None) as batch_op:
        batch_op.create_index("ix_recall_petitions_mandate", ["mandate_id"], unique=False)

    op.create_table(
        "recall_signatures",
        sa.Column("petition_id", sa.BigInteger(), nullable=False),
        sa.Column("member_id", sa.BigInteger(), nullable=False),
        sa.Column("signed_at", sa.String(length=32), nullable=False),
        sa.Column("withdrawn_at", sa.String(length=32), nullable=True),
        sa.ForeignKeyConstraint(
            ["member_id"], ["members.id"], name=op.f("fk_recall_signatures_member_id_members")
        ),
        sa.ForeignKeyConstraint(
            ["petition_id"],
            ["recall_petitions.id"],
            name=op.f("fk_recall_signatures_petition_id_recall_petitions"),
        ),
        sa.PrimaryKeyConstraint("petition_id", "member_id", name=op.f("pk_recall_signatures")),
    )
    op.create_table(
        "recall_votes",
        sa.Column("petition_id", sa.BigInteger(), nullable=False),
        sa.Column("member_id", sa.BigInteger(), nullable=False),
        sa.Column("choice", sa.String(length=10), nullable=False),
        sa.Column("cast_at", sa.String(length=32), nullable=False),
        sa.ForeignKeyConstraint(
            ["member_id"], ["members.id"], name=op.f("fk_recall_votes_member_id_members")
        ),
        sa.ForeignKeyConstraint(
            ["petition_id"],
            ["recall_petitions.id"],
            name=op.f("fk_recall_votes_petition_id_recall_petitions"),
        ),
        sa.PrimaryKeyConstraint("petition_id", "member_id", name=op.f("pk_recall_votes")),
    )


def downgrade() -> None:
    op.drop_table("recall_votes")
    op.drop_table("recall_signatures")
    with op.batch_alter_table("recall_petitions", schema=None) as batch_op:
        batch_op.drop_index("ix_recall_petitions_mandate")

    op.drop_table("recall_petitions")
    with op.batch_alter_table("mandates", schema=None) as batch_op:
        batch_op.drop_index("ix_mandates_seat")
        batch_op.drop_index("ix_mandates_person")
        batch_op.drop_index("ix_mandates_council_open")

    op.drop_table("mandates")
    op.drop_table("election_votes")
    op.drop_table("election_seats")
    with op.batch_alter_table("election_constituencies", schema=None) as batch_op:
        batch_op.drop_index("ix_election_constituencies_constituency")

    op.drop_table("election_constituencies")
    op.drop_table("ballot_voters")
    op.drop_table("ballot_box")
    op.drop_table("members")
    op.drop_table("elections")
    op.drop_table("party_members")
    op.drop_table("constituencies")
    op.drop_table("central_committees")
    op.drop_table("candidates")
    op.drop_table("statutes")
    op.drop_table("persons")
    op.drop_table("parties")
    op.drop_table("councils")
    op.drop_table("federations")
