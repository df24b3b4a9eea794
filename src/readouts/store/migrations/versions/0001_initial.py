"""Initial store: documents, persons, mentions, events and their sources, quotes, turns,
topics, statements, and full-text search (FTS5 on SQLite, tsvector GIN indexes on PostgreSQL).

Revision ID: 0001
Revises:
Create Date: 2026-11-22

This first revision creates the tables as ``readouts.store.schema`` defines them; a later
revision that changes a table must alter it with ``op`` and leave this one as it is.
"""

from alembic import op

from readouts.store.fulltext import SQLITE_TABLES as SQLITE_FTS
from readouts.store.schema import metadata

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None

POSTGRES_FTS = (
    "CREATE INDEX IF NOT EXISTS ix_documents_fts ON documents USING gin "
    "(to_tsvector('english', coalesce(title, '') || ' ' || text))",
    "CREATE INDEX IF NOT EXISTS ix_quotes_fts ON quotes USING gin (to_tsvector('english', speaker || ' ' || text))",
)


def upgrade() -> None:
    bind = op.get_bind()
    metadata.create_all(bind, checkfirst=True)  # idempotent: a migration killed half-way runs again
    for table in metadata.sorted_tables:  # indexes of a table created before the kill
        for index in table.indexes:
            index.create(bind, checkfirst=True)
    for sql in SQLITE_FTS if bind.dialect.name == "sqlite" else POSTGRES_FTS:
        op.execute(sql)


def downgrade() -> None:
    bind = op.get_bind()
    if bind.dialect.name == "sqlite":
        op.execute("DROP TABLE IF EXISTS quotes_fts")
        op.execute("DROP TABLE IF EXISTS documents_fts")
    metadata.drop_all(bind)
