"""Indexes in the order lists are read: a page from a cursor, and a count, read one index range.

Facts are listed by (valid_from, recorded_at, id) — a fact's `recorded_at`
is its article's publication date — with the columns lists filter on
beside (type, valid_to, modality, confidence), so that a page is read and a
list counted from the index alone.  The type is not its first column: the
as-of queries' own (type, ...) indexes stay the planner's choice for them.
Articles are listed newest first (published descending, then id), entities
by name.  Before these a deep page of a million facts read and sorted every
match.  And (type, id): the latest fact of a type is one seek, which is
how what is derived from seat counts or relations knows it is still current.

Revision ID: 0006
Revises: 0005
"""

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index("ix_facts_listed", "facts", ["valid_from", "recorded_at", "id", "type", "valid_to", "modality", "confidence"])
    op.create_index("ix_facts_type_id", "facts", ["type", "id"])
    op.create_index("ix_documents_listed", "documents", ["kind", sa.text("published DESC"), "id"])
    op.create_index("ix_entities_name", "entities", ["name", "id"])


def downgrade() -> None:
    op.drop_index("ix_entities_name", table_name="entities")
    op.drop_index("ix_documents_listed", table_name="documents")
    op.drop_index("ix_facts_type_id", table_name="facts")
    op.drop_index("ix_facts_listed", table_name="facts")
