"""A store made by an older version opens and is upgraded to the current schema."""

from __future__ import annotations

from importlib import resources

from alembic import command
from alembic.config import Config
from sqlalchemy import text

from readouts.store import open_store
from readouts.store.engine import make_engine, resolve_url


def _config(conn) -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", str(resources.files("readouts.store") / "migrations"))
    cfg.attributes["connection"] = conn
    return cfg


def _indexes(conn) -> set[str]:
    sql = ("SELECT name FROM sqlite_master WHERE type = 'index'" if conn.dialect.name == "sqlite"
           else "SELECT indexname FROM pg_indexes WHERE tablename = 'events'")
    return {r[0] for r in conn.execute(text(sql))}


def test_a_store_at_the_first_revision_is_upgraded_when_opened(store_url):
    engine = make_engine(resolve_url(store_url))
    with engine.begin() as conn:
        command.upgrade(_config(conn), "0001")
    with engine.connect() as conn:
        assert conn.execute(text("SELECT version_num FROM alembic_version")).scalar_one() == "0001"
        assert "ix_events_timeline" not in _indexes(conn)
    engine.dispose()
    store = open_store(store_url)
    with store.connect() as conn:
        assert conn.execute(text("SELECT version_num FROM alembic_version")).scalar_one() == "0002"
        assert "ix_events_timeline" in _indexes(conn)
