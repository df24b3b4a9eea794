#!/usr/bin/env bash
# Set up (if needed), ingest the bundled example documents into ./readouts.db (SQLite),
# print the timeline of engagements they tell, then serve the web UI and API on
# http://127.0.0.1:${PORT:-8000}/ (Ctrl-C stops it; DEMO_NO_SERVE=1 skips it).
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/setup.sh
.venv/bin/readouts ingest examples/docs --db readouts.db
.venv/bin/readouts events --db readouts.db
if [ -z "${DEMO_NO_SERVE:-}" ]; then
  exec .venv/bin/readouts serve --db readouts.db --port "${PORT:-8000}"
fi
