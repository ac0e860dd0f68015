"""An election's tallies (the constituencies it covered, the votes counted, the seats won)
hold their ids without foreign keys: their projections read each id they write in the same
transaction, nothing they name is ever deleted, and `verify` rebuilds them from the journal.
On PostgreSQL each key was checked row by row, six times the cost of the insert itself.

Revision ID: 0021
Revises: 0020
Create Date: 2026-12-05 14:40:00.000000
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0021"
down_revision = "0020"
branch_labels = None
depends_on = None

#: Each tally's columns and the table each named until now.
TALLIES = {
    "election_constituencies": {"election_id": "elections", "constituency_id": "constituencies"},
    "election_votes": {
        "election_id": "elections",
        "constituency_id": "constituencies",
        "party_id": "parties",
    },
    "election_seats": {
        "election_id": "elections",
        "constituency_id": "constituencies",
        "party_id": "parties",
    },
}


def upgrade() -> None:
    inspector = sa.inspect(op.get_bind())
    for table in TALLIES:
        # Only the keys there are: a database whose tables were made from the schema
        # (a test's, say) has none to drop.
        names = [key["name"] for key in inspector.get_foreign_keys(table) if key["name"]]
        with op.batch_alter_table(table) as batch:
            for name in names:
                batch.drop_constraint(name, type_="foreignkey")


def downgrade() -> None:
    for table, columns in TALLIES.items():
        with op.batch_alter_table(table) as batch:
            for column, referred in columns.items():
                batch.create_foreign_key(
                    f"fk_{table}_{column}_{referred}", referred, [column], ["id"]
                )
