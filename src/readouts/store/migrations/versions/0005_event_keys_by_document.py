"""Remove a document without scanning a table: an index of ``event_keys`` by document.

``event_keys`` is keyed by (key, doc_id, idx) for the resolution's look-ups, so deleting a document's
keys, and the foreign-key check of deleting the document itself, read the whole table (about 25 rows
per document) for every replaced or deleted document.

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-22
"""

from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.execute("CREATE INDEX IF NOT EXISTS ix_event_keys_doc ON event_keys (doc_id, idx)")


def downgrade() -> None:
    op.execute("DROP INDEX IF EXISTS ix_event_keys_doc")
