"""Indexes for as-of queries: a role of a body, and seat counts by chamber and day.

Revision ID: 0002
Revises: 0001
"""

from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index("ix_facts_type_object_role", "facts", ["type", "object_id", "role"])
    op.create_index("ix_facts_type_scope_valid", "facts", ["type", "scope", "valid_from"])


def downgrade() -> None:
    op.drop_index("ix_facts_type_scope_valid", table_name="facts")
    op.drop_index("ix_facts_type_object_role", table_name="facts")
