"""One index for a post's reports in time order: (type, body, role, day) with what the windows read beside.

A person's timeline needs, for each one-holder post they held, the other
holders' reports from their first day there to the first successor after
their last (`query.asof._other_holders`).  By (type, object_id, role) alone
each such window read every report of the post from the table, twice (the
successor's day, then the window): a hundred row reads per post, a thousand
for a person who led ten parties.  With the day next and the columns the
windows filter on beside (modality, the holder, the report's date), each
window is two seeks of this index and no row.  It begins with the old
(type, object_id, role) index's columns, so it serves every query that one
did (`who`, the network's posts), and replaces it.

Revision ID: 0008
Revises: 0007
"""

from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index("ix_facts_posts", "facts", ["type", "object_id", "role", "valid_from", "modality", "subject_id", "recorded_at"])
    op.drop_index("ix_facts_type_object_role", table_name="facts")


def downgrade() -> None:
    op.create_index("ix_facts_type_object_role", "facts", ["type", "object_id", "role"])
    op.drop_index("ix_facts_posts", table_name="facts")
