"""Review decisions: a user's flag on a wrong fact, and a dismissed "possible duplicate", kept in `decisions`.

A flag names its fact by a stable signature (document, type, both ends,
role, value, valid day), not by row id, since `ingest --reprocess` stores
the facts again under new ids; the signature is kept as JSON in `fact`.
Every decision may now carry a note and who made it, which the review
export (`export --format review`) writes out beside the decision.

Revision ID: 0007
Revises: 0006
"""

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("decisions") as batch:
        batch.add_column(sa.Column("fact", sa.Text))
        batch.add_column(sa.Column("note", sa.Text))
        batch.add_column(sa.Column("made_by", sa.String(100)))
    op.create_index("ix_decisions_kind", "decisions", ["kind", "id"])


def downgrade() -> None:
    op.drop_index("ix_decisions_kind", table_name="decisions")
    with op.batch_alter_table("decisions") as batch:
        batch.drop_column("made_by")
        batch.drop_column("note")
        batch.drop_column("fact")
