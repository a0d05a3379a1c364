"""Publication dates at any precision: how finely each document's date is known.

Archives often date an article only by its month or year; `published` stays
the period's first day and this column says which period it stands for.
Rows stored before it are NULL, which reads as "day" (every date was one).

Revision ID: 0004
Revises: 0003
"""

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("documents", sa.Column("published_precision", sa.String(5)))


def downgrade() -> None:
    with op.batch_alter_table("documents") as batch:
        batch.drop_column("published_precision")
