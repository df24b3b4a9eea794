"""Beyond one machine: the same extraction on a Dask cluster.

The client partitions the input paths; each Dask task reads its documents (the files must be
reachable from the workers: a shared file system), extracts them with the model loaded once per
worker process, and either

- writes them to the PostgreSQL store itself, each document in its own transaction (events left
  pending), or
- writes a Parquet dataset partitioned by publication month (``month=YYYY-MM/``) that
  ``readouts load`` puts into any store later, or
- (SQLite store, no --out) hands the records back to the client, which writes them.

Cross-document resolution then runs once, over the whole store.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from readouts.errors import ConfigError, LoadError, ReadoutsError
from readouts.settings import DEFAULTS, Settings

PARTITION_DOCS = 64


@dataclass
class DaskReport:
    new: int = 0
    updated: int = 0
    unchanged: int = 0
    failed: list[str] = field(default_factory=list)
    events: int | None = None
    parquet_files: int = 0

    def summary(self) -> str:
        tail = f", {self.events} events after resolution" if self.events is not None else ""
        files = f", {self.parquet_files} Parquet files" if self.parquet_files else ""
        return (f"{self.new} new, {self.updated} updated, {self.unchanged} unchanged, {len(self.failed)} failed"
                f"{files}{tail}")


def client_for(scheduler: str):
    """A Dask client: `local` starts a LocalCluster on this machine (one process per core)."""
    try:
        from distributed import Client, LocalCluster
    except ImportError as exc:
        raise ConfigError("Dask is not installed: pip install 'readouts[dask]'") from exc
    if scheduler == "local":
        return Client(LocalCluster(processes=True, threads_per_worker=1, dashboard_address=None))
    return Client(scheduler)


def _partitions(paths: list[str], size: int) -> list[list[str]]:
    return [paths[i:i + size] for i in range(0, len(paths), size)]


def process_partition(paths: list[str], settings: Settings, store_url: str | None, out: str | None,
                      version: str) -> dict[str, Any]:
    """One Dask task: read, skip unchanged, extract, write (store, Parquet) or return the records."""
    from readouts.batch.local import extract_chunk
    from readouts.load import read_input

    result: dict[str, Any] = {"new": 0, "updated": 0, "unchanged": 0, "failed": [], "records": [],
                              "parquet_files": 0}
    store = None
    if store_url and not out:
        from readouts.store import open_store

        store = open_store(store_url, migrate=False)
    items, plans = [], {}
    for path in paths:
        try:
            item = read_input(path, settings)
        except LoadError as exc:
            result["failed"].append(str(exc))
            continue
        fp = item.fingerprint(version)
        state, replaces = ("new", []) if store is None else store.document_state(item.id, item.path, fp)
        if state == "unchanged":
            result["unchanged"] += 1
            continue
        plans[item.path] = (state, replaces, fp)
        items.append(item)
    rows = []
    for item, ex in zip(items, extract_chunk(items, settings), strict=True):
        if isinstance(ex, ReadoutsError):
            result["failed"].append(str(ex))
            continue
        state, replaces, fp = plans[item.path]
        if store is not None:
            store.save(ex, fp, replaces, version, resolve=False)
            result[state] += 1
            continue
        row = {"doc_id": ex.doc.id, "path": ex.doc.path, "month": (ex.doc.published or "undated")[:7],
               "fingerprint": fp, "pipeline_version": version, "record": json.dumps(ex.to_record()),
               "text": ex.doc.text, "raw": ex.doc.raw if ex.doc.source_format == "html" else None}
        rows.append(row)
        result["new"] += 1
    if out is not None and rows:
        result["parquet_files"] = _write_parquet(rows, Path(out))
    elif rows:
        result["records"] = rows
    return result


PARQUET_COLUMNS = ("doc_id", "path", "month", "fingerprint", "pipeline_version", "record", "text", "raw")


def _write_parquet(rows: list[dict[str, Any]], out: Path) -> int:
    import pyarrow as pa
    import pyarrow.parquet as pq

    schema = pa.schema([("doc_id", pa.string()), ("path", pa.string()), ("month", pa.string()),
                        ("fingerprint", pa.string()), ("pipeline_version", pa.string()), ("record", pa.string()),
                        ("text", pa.string()), ("raw", pa.binary())])
    by_month: dict[str, list[dict[str, Any]]] = {}
    for r in rows:
        by_month.setdefault(r["month"], []).append(r)
    for month, group in by_month.items():
        folder = out / f"month={month}"
        folder.mkdir(parents=True, exist_ok=True)
        table = pa.Table.from_pylist([{k: r[k] for k in PARQUET_COLUMNS} for r in group], schema=schema)
        pq.write_table(table, folder / f"part-{uuid.uuid4().hex}.parquet")
    return len(by_month)


def ingest_dask(paths: Iterable[str], scheduler: str, store_url: str | None = None, out: str | None = None,
                settings: Settings = DEFAULTS, partition_docs: int = PARTITION_DOCS,
                on_progress: Callable[[int], None] | None = None, client=None) -> DaskReport:
    """Extract `paths` on a Dask cluster and write to the store (PostgreSQL by the workers, SQLite by
    this client) or to a Parquet dataset (`out`); resolve events once at the end when a store is written."""
    from distributed import as_completed

    from readouts import pipeline_version
    from readouts.load import discover

    version = pipeline_version()
    all_paths = [p for p in discover(paths) if p != "-"]
    if out is None and store_url is None:
        raise ConfigError("give a store (--db) or a Parquet dataset (--out PATH.parquet)")
    store = None
    workers_write = bool(store_url and out is None and store_url.startswith(("postgres", "postgresql")))
    if store_url and out is None:
        from readouts.store import open_store

        store = open_store(store_url)  # created and migrated once, here
    report = DaskReport()
    if store is not None and not workers_write:
        all_paths = _changed_only(store, all_paths, settings, version, report)
    own_client = client is None
    client = client or client_for(scheduler)
    try:
        futures = [client.submit(process_partition, part, settings, store_url if workers_write else None,
                                 out, version, pure=False)
                   for part in _partitions(all_paths, partition_docs)]
        for fut in as_completed(futures):
            res = fut.result()
            report.unchanged += res["unchanged"]
            report.failed.extend(res["failed"])
            report.parquet_files += res["parquet_files"]
            if store is not None and not workers_write:
                for row in res["records"]:  # SQLite: written by this process, one writer
                    state = _save_row(store, row)
                    setattr(report, state, getattr(report, state) + 1)
            else:
                report.new += res["new"]
                report.updated += res["updated"]
            if on_progress:
                on_progress(res["new"] + res["updated"] + res["unchanged"] + len(res["failed"]))
    finally:
        if own_client:
            cluster = getattr(client, "cluster", None)
            client.close()
            if cluster is not None:
                cluster.close()
    if store is not None:
        report.events = store.resolve_all(version)
    return report


def _changed_only(store, paths: list[str], settings: Settings, version: str, report: DaskReport) -> list[str]:
    """The paths whose documents are new or changed (the client reads bytes, parses nothing)."""
    from readouts.load import read_input

    out = []
    for path in paths:
        try:
            item = read_input(path, settings)
        except LoadError as exc:
            report.failed.append(str(exc))
            continue
        state, _ = store.document_state(item.id, item.path, item.fingerprint(version))
        if state == "unchanged":
            report.unchanged += 1
        else:
            out.append(path)
    return out


def _save_row(store, row: dict[str, Any]) -> str:
    from readouts.model import extraction_from_record

    ex = extraction_from_record(json.loads(row["record"]), row["text"], row.get("raw") or b"")
    state, replaces = store.document_state(ex.doc.id, ex.doc.path, row["fingerprint"])
    if state != "unchanged":
        store.save(ex, row["fingerprint"], replaces, row["pipeline_version"], resolve=False)
    return state


def load_parquet(dataset: str, store_url: str | None = None,
                 on_progress: Callable[[int], None] | None = None) -> DaskReport:
    """Put a Parquet dataset written by `ingest --dask ... --out` into a store, then resolve once."""
    import pyarrow.parquet as pq

    from readouts.store import open_store

    root = Path(dataset)
    if not root.exists():
        raise ConfigError(f"no Parquet dataset at {dataset}")
    store = open_store(store_url)
    report = DaskReport()
    files = sorted(root.rglob("*.parquet")) if root.is_dir() else [root]
    for f in files:
        for batch in pq.ParquetFile(f).iter_batches(batch_size=256, columns=list(PARQUET_COLUMNS)):
            for row in batch.to_pylist():
                state, _ = store.document_state(row["doc_id"], row["path"], row["fingerprint"])
                if state == "unchanged":
                    report.unchanged += 1
                else:
                    state = _save_row(store, row)
                    report.new += state == "new"
                    report.updated += state == "updated"
                if on_progress:
                    on_progress(1)
    report.events = store.resolve_all()
    return report
