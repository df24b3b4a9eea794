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


def _schema(pa, rows: list[dict[str, Any]]):
    """Column types from the first batch; a column with no value yet is text (later batches may fill it)."""
    fields = []
    for name in rows[0]:
        values = [r.get(name) for r in rows if r.get(name) is not None]
        if values and all(isinstance(v, bool) for v in values):
            typ = pa.bool_()
        elif values and all(isinstance(v, int) and not isinstance(v, bool) for v in values):
            typ = pa.int64()
        elif values and all(isinstance(v, int | float) and not isinstance(v, bool) for v in values):
            typ = pa.float64()
        elif values and all(isinstance(v, bytes) for v in values):
            typ = pa.binary()
        else:
            typ = pa.string()
        fields.append(pa.field(name, typ))
    return pa.schema(fields)


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
        rows = [_flat(r) for r in batch]
        if writer is None:
            writer = pq.ParquetWriter(str(output), _schema(pa, rows))
        writer.write_table(pa.Table.from_pylist(rows, schema=writer.schema))
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
