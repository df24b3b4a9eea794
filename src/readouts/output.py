"""Writing rows as a table, JSON, JSON lines or CSV (used by the CLI's query commands)."""

from __future__ import annotations

import csv
import json
from collections.abc import Iterable, Sequence
from typing import Any, TextIO

FORMATS = ("table", "json", "jsonl", "csv")


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, list | tuple):
        return ", ".join(_cell(v) for v in value)
    if isinstance(value, dict):
        return json.dumps(value, ensure_ascii=False)
    return str(value)


def write(rows: Iterable[dict[str, Any]], fmt: str, out: TextIO, columns: Sequence[str] | None = None,
          max_width: int = 60) -> int:
    """Write rows; `columns` picks and orders the table/CSV columns (JSON keeps every field)."""
    n = 0
    if fmt == "jsonl":
        for r in rows:
            out.write(json.dumps(r, ensure_ascii=False, default=str) + "\n")
            n += 1
        return n
    rows = list(rows)
    if fmt == "json":
        json.dump(rows, out, ensure_ascii=False, indent=1, default=str)
        out.write("\n")
        return len(rows)
    cols = list(columns) if columns else (list(rows[0].keys()) if rows else [])
    if fmt == "csv":
        w = csv.writer(out)
        w.writerow(cols)
        for r in rows:
            w.writerow([_cell(r.get(c)) for c in cols])
        return len(rows)
    if not rows:
        out.write("(nothing)\n")
        return 0
    cells = [[_cell(r.get(c)) for c in cols] for r in rows]
    widths = [min(max_width, max(len(c), *(len(row[i]) for row in cells))) for i, c in enumerate(cols)]

    def line(values: list[str]) -> str:
        parts = []
        for v, wdt in zip(values, widths, strict=True):
            v = v if len(v) <= wdt else v[: wdt - 1] + "…"
            parts.append(v.ljust(wdt))
        return "  ".join(parts).rstrip() + "\n"

    out.write(line(cols))
    out.write(line(["-" * w for w in widths]))
    for row in cells:
        out.write(line(row))
    return len(rows)
