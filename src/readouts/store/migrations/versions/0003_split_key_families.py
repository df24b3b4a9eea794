"""Blocking keys refiled: dated and undated tellings use separate hint, name and place families.

Before, a dated event filed and searched the year-free keys that other years' events file under,
so the store's incremental resolution re-clustered a busy official's whole calendar. The rows of
``event_keys`` are recomputed from ``event_sources`` (the keys are a function of those rows).

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-22
"""

import sqlalchemy as sa
from alembic import op

from readouts.store.resolution import to_source

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None

_BATCH = 5000


def upgrade() -> None:
    conn = op.get_bind()
    keys = sa.table("event_keys", sa.column("key"), sa.column("doc_id"), sa.column("idx"))
    conn.execute(sa.delete(keys))
    rows = conn.execute(sa.text("SELECT * FROM event_sources ORDER BY doc_id, idx"),
                        execution_options={"yield_per": _BATCH})
    batch = []
    for row in rows.mappings():
        filed = sorted(to_source(row).block_keys())
        batch.extend({"key": k, "doc_id": row["doc_id"], "idx": row["idx"]} for k in filed)
        if len(batch) >= _BATCH:
            conn.execute(keys.insert(), batch)
            batch = []
    if batch:
        conn.execute(keys.insert(), batch)


def downgrade() -> None:
    raise NotImplementedError("the old key families are not restored; re-ingest into a fresh store instead")
