"""SQLite full-text rows under rowids worked out from the document (``readouts.store.fulltext``), so
replacing or deleting a document finds its rows without reading the whole full-text index.

The two FTS5 tables are made anew and filled from ``documents`` and ``quotes`` (what they were filled
from); PostgreSQL, which indexes those tables themselves, has nothing to do.

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-22
"""

from alembic import op

from readouts.store import fulltext

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    bind = op.get_bind()
    if bind.dialect.name != "sqlite":
        return
    op.execute("DROP TABLE IF EXISTS quotes_fts")
    op.execute("DROP TABLE IF EXISTS documents_fts")
    for sql in fulltext.SQLITE_TABLES:
        op.execute(sql)
    fulltext.refile(bind)


def downgrade() -> None:
    """Rows keep their rowids: the older code deletes them by document id, which finds them too."""
