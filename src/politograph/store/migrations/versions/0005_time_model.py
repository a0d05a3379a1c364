"""The time model: seat counts say whether they were won at an election, and users' verdicts on contradictions.

`facts.won` keeps `Fact.won` (true: won at an election; false: held; NULL:
the text does not say, and every row stored before this revision), so the
seats view can let an election's result stand until the next election.
`verdicts` records a user's settle or dismiss decision on a contradiction
by its stable key, as `decisions` records merges and splits.  Two indexes
serve the time model's reads: election days (counts won, by day) and the
network's one pass over every relation report.

Revision ID: 0005
Revises: 0004
"""

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("facts", sa.Column("won", sa.Boolean))
    op.create_index("ix_facts_type_won_valid", "facts", ["type", "won", "valid_from"])
    # the network folds every relation report into terms: a covering index keeps that one pass over the index, not a row lookup each
    op.create_index("ix_facts_relations", "facts", ["type", "subject_id", "object_id", "valid_from", "modality", "recorded_at", "former", "end"])
    op.create_table(
        "verdicts",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("key", sa.String(40), nullable=False, unique=True),
        sa.Column("kind", sa.String(10), nullable=False),
        sa.Column("kept", sa.String(10)),
        sa.Column("what", sa.String(300)),
        sa.Column("rejected", sa.Text),
        sa.Column("note", sa.Text),
        sa.Column("made_at", sa.DateTime(timezone=True), nullable=False),
    )


def downgrade() -> None:
    op.drop_table("verdicts")
    op.drop_index("ix_facts_relations", table_name="facts")
    op.drop_index("ix_facts_type_won_valid", table_name="facts")
    with op.batch_alter_table("facts") as batch:
        batch.drop_column("won")
