#!/usr/bin/env bash
# Set up (if needed), ingest the bundled example documents into ./readouts.db (SQLite),
# and print the timeline of engagements they tell.
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/setup.sh
.venv/bin/readouts ingest examples/docs --db readouts.db
.venv/bin/readouts events --db readouts.db
