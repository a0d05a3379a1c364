"""The first schema: documents, entities, aliases, per-document entities, mentions, facts.

Written out table by table (not `metadata.create_all`) so this revision stays
what it was when later revisions change `schema.py`; a test compares the
migrated database with `schema.py` and fails if they drift apart.

Revision ID: 0001
Revises:
"""

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "documents",
        sa.Column("id", sa.String(200), primary_key=True),
        sa.Column("hash", sa.String(64), nullable=False, unique=True),
        sa.Column("published", sa.Date, nullable=False),
        sa.Column("source", sa.String(300)),
        sa.Column("url", sa.Text),
        sa.Column("title", sa.Text),
        sa.Column("text", sa.Text, nullable=False),
        sa.Column("ingested_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_table(
        "entities",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("key", sa.String(300), nullable=False, unique=True),
        sa.Column("name", sa.String(300), nullable=False),
        sa.Column("type", sa.String(20), nullable=False),
        sa.Column("pack_id", sa.String(200)),
    )
    op.create_table(
        "aliases",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("entity_id", sa.Integer, sa.ForeignKey("entities.id", ondelete="CASCADE"), nullable=False),
        sa.Column("alias", sa.String(300), nullable=False),
        sa.Column("folded", sa.String(300), nullable=False),
        sa.Column("source", sa.String(20), nullable=False),
        sa.UniqueConstraint("entity_id", "folded", name="uq_alias_entity_folded"),
    )
    op.create_index("ix_aliases_folded", "aliases", ["folded"])
    op.create_table(
        "doc_entities",
        sa.Column("doc_id", sa.String(200), sa.ForeignKey("documents.id", ondelete="CASCADE"), primary_key=True),
        sa.Column("entity_id", sa.Integer, sa.ForeignKey("entities.id", ondelete="CASCADE"), primary_key=True),
        sa.Column("name", sa.String(300), nullable=False),
        sa.Column("type", sa.String(20), nullable=False),
        sa.Column("aliases", sa.Text, nullable=False),
    )
    op.create_table(
        "mentions",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("doc_id", sa.String(200), sa.ForeignKey("documents.id", ondelete="CASCADE"), nullable=False),
        sa.Column("entity_id", sa.Integer, sa.ForeignKey("entities.id", ondelete="CASCADE")),
        sa.Column("start", sa.Integer, nullable=False),
        sa.Column("end", sa.Integer, nullable=False),
        sa.Column("text", sa.String(300), nullable=False),
        sa.Column("type", sa.String(20), nullable=False),
    )
    op.create_index("ix_mentions_doc_id", "mentions", ["doc_id"])
    op.create_index("ix_mentions_entity_id", "mentions", ["entity_id"])
    op.create_table(
        "facts",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("doc_id", sa.String(200), sa.ForeignKey("documents.id", ondelete="CASCADE"), nullable=False),
        sa.Column("type", sa.String(20), nullable=False),
        sa.Column("subject_id", sa.Integer, sa.ForeignKey("entities.id")),
        sa.Column("subject", sa.String(300)),
        sa.Column("object_id", sa.Integer, sa.ForeignKey("entities.id")),
        sa.Column("object", sa.String(300)),
        sa.Column("role", sa.String(40)),
        sa.Column("value", sa.Integer),
        sa.Column("qualifier", sa.String(20)),
        sa.Column("scope", sa.String(300)),
        sa.Column("outcome", sa.String(300)),
        sa.Column("polarity", sa.String(10)),
        sa.Column("result", sa.String(300)),
        sa.Column("former", sa.Boolean),
        sa.Column("when", sa.String(40)),
        sa.Column("start", sa.String(40)),
        sa.Column("end", sa.String(40)),
        sa.Column("valid_from", sa.Date),
        sa.Column("valid_to", sa.Date),
        sa.Column("modality", sa.String(10), nullable=False),
        sa.Column("sentence", sa.Text),
        sa.Column("sentence_start", sa.Integer),
        sa.Column("sentence_end", sa.Integer),
        sa.Column("confidence", sa.Float, nullable=False),
        sa.Column("recorded_at", sa.Date, nullable=False),
    )
    op.create_index("ix_facts_doc_id", "facts", ["doc_id"])
    op.create_index("ix_facts_subject_id", "facts", ["subject_id"])
    op.create_index("ix_facts_object_id", "facts", ["object_id"])
    op.create_index("ix_facts_type_subject", "facts", ["type", "subject_id"])


def downgrade() -> None:
    for table in ("facts", "mentions", "doc_entities", "aliases", "entities", "documents"):
        op.drop_table(table)
