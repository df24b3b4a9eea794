"""Exports of the store: JSON lines, CSV, Parquet (streamed in batches, never all in memory)."""

from __future__ import annotations

import csv
import json
import sys
from pathlib import Path
from typing import Any

from readouts.errors import ConfigError
from readouts.store import Store, queries

PARQUET_BATCH = 5000


def _flat(row: dict[str, Any]) -> dict[str, Any]:
    return {k: json.dumps(v, ensure_ascii=False) if isinstance(v, list | dict) else v for k, v in row.items()}


def export(store: Store, what: str, fmt: str, output: Path | None = None) -> int:
    """Write every row of `what` in `fmt` to `output` (stdout when None); return the row count."""
    if fmt == "parquet" and output is None:
        raise ConfigError("parquet needs a file: add -o FILE.parquet")
    n = 0
    with store.connect() as conn:
        rows = queries.export_rows(conn, what)
        if fmt == "parquet":
            return _parquet(rows, output)
        out = output.open("w", encoding="utf-8", newline="") if output else sys.stdout
        try:
            if fmt in ("jsonl", "json"):
                for row in rows:
                    out.write(json.dumps(row, ensure_ascii=False, default=str) + "\n")
                    n += 1
            else:
                writer = None
                for row in rows:
                    flat = _flat(row)
                    if writer is None:
                        writer = csv.DictWriter(out, fieldnames=list(flat))
                        writer.writeheader()
                    writer.writerow(flat)
                    n += 1
        finally:
            if output:
                out.close()
    return n


def _parquet(rows, output: Path) -> int:
    try:
        import pyarrow as pa
        import pyarrow.parquet as pq
    except ImportError as exc:
        raise ConfigError("Parquet export needs pyarrow: pip install 'readouts[parquet]'") from exc
    writer = None
    batch: list[dict[str, Any]] = []
    n = 0

    def flush() -> None:
        nonlocal writer
        if not batch:
            return
        table = pa.Table.from_pylist([_flat(r) for r in batch])
        if writer is None:
            writer = pq.ParquetWriter(str(output), table.schema)
        writer.write_table(table.cast(writer.schema))
        batch.clear()

    for row in rows:
        batch.append(row)
        n += 1
        if len(batch) >= PARQUET_BATCH:
            flush()
    flush()
    if writer is not None:
        writer.close()
    return n
