"""Cross-article resolution: users' merge/split decisions, how each entity was resolved, reference documents; a covering index for seats.

Revision ID: 0003
Revises: 0002
"""

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


SEATS_INDEX = ["type", "scope", "subject_id", "subject", "valid_from", "modality", "recorded_at", "doc_id"]
"""Covers the latest-count-per-group reduction of `seats`, so it never reads the table."""


def upgrade() -> None:
    op.create_index("ix_facts_seats_latest", "facts", SEATS_INDEX)
    op.add_column("documents", sa.Column("kind", sa.String(20), nullable=False, server_default="article"))
    op.add_column("doc_entities", sa.Column("resolved_by", sa.String(20)))
    op.create_table(
        "decisions",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("kind", sa.String(10), nullable=False),
        sa.Column("source_key", sa.String(300), nullable=False),
        sa.Column("target_key", sa.String(300), nullable=False),
        sa.Column("type", sa.String(20)),
        sa.Column("name", sa.String(300)),
        sa.Column("doc_id", sa.String(200)),
        sa.Column("made_at", sa.DateTime(timezone=True), nullable=False),
    )


def downgrade() -> None:
    op.drop_index("ix_facts_seats_latest", table_name="facts")
    op.drop_table("decisions")
    with op.batch_alter_table("doc_entities") as batch:
        batch.drop_column("resolved_by")
    with op.batch_alter_table("documents") as batch:
        batch.drop_column("kind")
