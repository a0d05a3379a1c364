"""The first schema: documents, entities, aliases, per-document entities, mentions, facts.

Revision ID: 0001
Revises:
"""

from alembic import op

from politograph.store.schema import metadata

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None

TABLES = ["documents", "entities", "aliases", "doc_entities", "mentions", "facts"]


def upgrade() -> None:
    bind = op.get_bind()
    metadata.create_all(bind, tables=[metadata.tables[name] for name in TABLES])


def downgrade() -> None:
    bind = op.get_bind()
    metadata.drop_all(bind, tables=[metadata.tables[name] for name in reversed(TABLES)])
