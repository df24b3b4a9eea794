#!/usr/bin/env bash
# Set up (if needed) and run the main job on the bundled example documents.
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/setup.sh
.venv/bin/readouts extract examples/docs --format table
