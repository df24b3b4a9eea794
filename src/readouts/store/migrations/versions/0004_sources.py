"""Fetched sources: addresses of documents, the fetch log, HTTP validators, near-duplicate signatures.

Creates ``document_urls``, ``fetch_log``, ``http_cache``, ``doc_minhash`` and ``doc_buckets`` (if the
first migration, which creates every table of the current schema, has not) and computes the
signature of every stored document that has none, so a page fetched later is recognised as a
near-duplicate of a document ingested before.

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-22
"""

import sqlalchemy as sa
from alembic import op

from readouts.store import schema as t
from readouts.store.signatures import signature_rows

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None

TABLES = (t.document_urls, t.fetch_log, t.http_cache, t.doc_minhash, t.doc_buckets)


def upgrade() -> None:
    bind = op.get_bind()
    t.metadata.create_all(bind, tables=list(TABLES), checkfirst=True)
    for table in TABLES:
        for index in table.indexes:
            index.create(bind, checkfirst=True)
    missing = sa.select(t.documents.c.id, t.documents.c.text).where(
        ~sa.exists().where(t.doc_minhash.c.doc_id == t.documents.c.id)).order_by(t.documents.c.id)
    pending: dict = {t.doc_minhash: [], t.doc_buckets: []}
    for doc_id, text in bind.execute(missing, execution_options={"yield_per": 1000}):
        for table, rows in signature_rows(doc_id, text).items():
            pending[table].extend(rows)
        if len(pending[t.doc_buckets]) >= 16_000:
            _flush(bind, pending)
    _flush(bind, pending)


def _flush(bind, pending: dict) -> None:
    for table in (t.doc_minhash, t.doc_buckets):
        if pending[table]:
            bind.execute(table.insert(), pending[table])
            pending[table] = []


def downgrade() -> None:
    bind = op.get_bind()
    t.metadata.drop_all(bind, tables=list(TABLES))
