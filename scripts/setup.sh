#!/usr/bin/env bash
# Set everything up on a fresh machine and run the main job on the embedded default (SQLite).
source "$(dirname "$0")/env.sh"
export POLITOGRAPH_DB=${POLITOGRAPH_DB:-sqlite:///politograph.db}
.venv/bin/politograph ingest examples/ --quiet
.venv/bin/politograph stats
echo "Try: .venv/bin/politograph facts --entity 'Toru Hashimoto'"
