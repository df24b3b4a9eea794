"""The store: extraction records in SQLite (default) or PostgreSQL, resolved across documents.

``open_store(db)`` opens (creating and migrating as needed) and returns a ``Store``.
Writing one document is one transaction (``Store.save``); cross-document resolution
runs inside it, so a store killed at any moment stays consistent.
"""

from readouts.store.store import Store, open_store

__all__ = ["Store", "open_store"]
