"""Alembic environment: migrations run on the connection the store hands over."""

from __future__ import annotations

from alembic import context

from readouts.store.schema import metadata

connection = context.config.attributes.get("connection")
if connection is None:  # pragma: no cover - only through readouts.store
    raise RuntimeError("readouts migrations run through readouts.store.open_store(), which passes a connection")
context.configure(connection=connection, target_metadata=metadata, render_as_batch=True)
with context.begin_transaction():
    context.run_migrations()
