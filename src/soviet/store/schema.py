"""The tables. The journal is the record; every other table is a projection of it."""

from __future__ import annotations

import sqlalchemy as sa

metadata = sa.MetaData(
    naming_convention={
        "pk": "pk_%(table_name)s",
        "uq": "uq_%(table_name)s_%(column_0_name)s",
        "ck": "ck_%(table_name)s_%(constraint_name)s",
        "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
        "ix": "ix_%(table_name)s_%(column_0_name)s",
    }
)

#: The append-only, hash-chained record of every act.
journal = sa.Table(
    "journal",
    metadata,
    sa.Column(
        "seq",
        sa.BigInteger().with_variant(sa.Integer(), "sqlite"),
        primary_key=True,
        autoincrement=False,
    ),
    sa.Column("recorded_at", sa.String(32), nullable=False),
    sa.Column("actor", sa.String(200), nullable=False),
    sa.Column("kind", sa.String(100), nullable=False),
    sa.Column("payload", sa.Text(), nullable=False),
    sa.Column("prev_hash", sa.String(64), nullable=False),
    sa.Column("hash", sa.String(64), nullable=False, unique=True),
)

#: One row: the newest entry. Its row lock orders concurrent writers, and it remembers
#: the head so that a journal cut short at its end is noticed.
journal_head = sa.Table(
    "journal_head",
    metadata,
    sa.Column("id", sa.Integer(), primary_key=True, autoincrement=False),
    sa.Column("seq", sa.BigInteger(), nullable=False),
    sa.Column("hash", sa.String(64), nullable=False),
    sa.CheckConstraint("id = 1", name="single_row"),
)
