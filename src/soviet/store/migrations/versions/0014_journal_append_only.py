"""The journal refuses every change but an append: triggers on both engines refuse an
UPDATE or DELETE of its rows (and, on PostgreSQL, a TRUNCATE), beside the hash chain.

Whoever holds the database can drop the triggers, so they are no proof: they turn a
careless or scripted edit into an error, and the heads signed outside the database
(`soviet journal sign`) catch a forger who drops them and recomputes the chain.

Revision ID: 0014
Revises: 0013
Create Date: 2026-12-03 06:20:00.000000
"""

from __future__ import annotations

from alembic import op

revision = "0014"
down_revision = "0013"
branch_labels = None
depends_on = None

#: The message both engines give, with the statement refused.
REFUSAL = "the journal is append-only: its entries cannot be changed or removed"

SQLITE = [
    f"CREATE TRIGGER journal_no_update BEFORE UPDATE ON journal "
    f"BEGIN SELECT RAISE(ABORT, '{REFUSAL} (UPDATE refused)'); END",
    f"CREATE TRIGGER journal_no_delete BEFORE DELETE ON journal "
    f"BEGIN SELECT RAISE(ABORT, '{REFUSAL} (DELETE refused)'); END",
]
POSTGRESQL = [
    "CREATE FUNCTION journal_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$ "
    f"BEGIN RAISE EXCEPTION '{REFUSAL} (% refused)', TG_OP "
    "USING ERRCODE = 'restrict_violation'; END $$",
    "CREATE TRIGGER journal_append_only BEFORE UPDATE OR DELETE ON journal "
    "FOR EACH ROW EXECUTE FUNCTION journal_refuse_change()",
    "CREATE TRIGGER journal_no_truncate BEFORE TRUNCATE ON journal "
    "FOR EACH STATEMENT EXECUTE FUNCTION journal_refuse_change()",
]


def upgrade() -> None:
    statements = SQLITE if op.get_context().dialect.name == "sqlite" else POSTGRESQL
    for statement in statements:
        op.execute(statement)


def downgrade() -> None:
    if op.get_context().dialect.name == "sqlite":
        op.execute("DROP TRIGGER journal_no_update")
        op.execute("DROP TRIGGER journal_no_delete")
    else:
        op.execute("DROP TRIGGER journal_no_truncate ON journal")
        op.execute("DROP TRIGGER journal_append_only ON journal")
        op.execute("DROP FUNCTION journal_refuse_change()")
