#!/usr/bin/env bash
# Set everything up on a fresh machine, run the main job on the embedded default (SQLite), and serve
# the web UI on it: http://127.0.0.1:8000/ (Ctrl+C stops; POLITOGRAPH_NO_SERVE=1 stops after the summary).
source "$(dirname "$0")/env.sh"
export POLITOGRAPH_DB=${POLITOGRAPH_DB:-sqlite:///politograph.db}
.venv/bin/politograph ingest examples/ --quiet
.venv/bin/politograph stats
echo "Try: .venv/bin/politograph facts --entity 'Toru Hashimoto'"
if [ "${POLITOGRAPH_NO_SERVE:-0}" != "1" ]; then
  exec .venv/bin/politograph serve --port "${POLITOGRAPH_PORT:-8000}"
fi
