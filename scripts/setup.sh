#!/usr/bin/env bash
# Create ./.venv and install readouts with its test tools (idempotent).
set -euo pipefail
cd "$(dirname "$0")/.."
PY=${PYTHON:-python3.11}
command -v "$PY" >/dev/null 2>&1 || PY=python3
if [ ! -x .venv/bin/python ]; then
  "$PY" -m venv .venv
fi
log=$(mktemp)
if ! { .venv/bin/python -m pip install --quiet --upgrade pip && \
       .venv/bin/python -m pip install --quiet -e ".[test]"; } >"$log" 2>&1; then
  cat "$log" >&2
  echo "setup failed: see the pip output above" >&2
  exit 1
fi
rm -f "$log"
