"""Where the store lives: a SQLite file by default, PostgreSQL for a shared server."""

from __future__ import annotations

import os
from pathlib import Path

from sqlalchemy import Engine, create_engine, event

from readouts.errors import StoreError

DEFAULT_PATH = "readouts.db"
ENV_VAR = "READOUTS_DB"


def resolve_url(db: str | None = None) -> str:
    """A database URL from --db, $READOUTS_DB, or ./readouts.db; a plain path means SQLite."""
    value = db or os.environ.get(ENV_VAR) or DEFAULT_PATH
    if "://" in value:
        if value.startswith("postgres://"):
            value = "postgresql://" + value[len("postgres://"):]
        if value.startswith("postgresql://"):
            value = "postgresql+psycopg://" + value[len("postgresql://"):]
        return value
    return f"sqlite:///{Path(value).expanduser()}"


def make_engine(url: str) -> Engine:
    if url.startswith("sqlite"):
        path = url.split("///", 1)[-1]
        if path and path != ":memory:":
            parent = Path(path).parent
            if not parent.exists():
                raise StoreError(f"cannot create the store {path}: folder {parent} does not exist")
        engine = create_engine(url, connect_args={"timeout": 60})
        event.listen(engine, "connect", _sqlite_pragmas)
        return engine
    try:
        return create_engine(url, pool_pre_ping=True)
    except Exception as exc:  # noqa: BLE001 - SQLAlchemy raises several types for a bad URL or driver
        raise StoreError(f"cannot open database {url!r}: {exc}") from exc


def _sqlite_pragmas(dbapi_conn, _record) -> None:
    cur = dbapi_conn.cursor()
    cur.execute("PRAGMA journal_mode=WAL")  # readers work while an ingest writes
    cur.execute("PRAGMA foreign_keys=ON")
    cur.execute("PRAGMA synchronous=NORMAL")
    cur.execute("PRAGMA busy_timeout=60000")
    cur.execute("PRAGMA wal_autocheckpoint=20000")  # a long ingest writes back to the file in big batches
    cur.close()
