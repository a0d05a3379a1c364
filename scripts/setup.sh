#!/usr/bin/env bash
# Set everything up on a fresh machine, run the main job on the embedded default (SQLite), and serve
# the web UI on it: http://127.0.0.1:8000/ (Ctrl+C stops; POLITOGRAPH_NO_SERVE=1 stops after the summary).
source "$(dirname "$0")/env.sh"
# From Debian, as .ci/run installs them: Graphviz's dot lays out the lineage charts (without it the page draws a simpler chart and says so).
missing=()
command -v dot >/dev/null 2>&1 || missing+=(graphviz)
if [ ${#missing[@]} -gt 0 ]; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    apt-get update -q >/dev/null
    DEBIAN_FRONTEND=noninteractive apt-get install -y -q "${missing[@]}" >/dev/null
  else
    echo "setup: please install ${missing[*]} (sudo apt-get install ${missing[*]}); the lineage charts use a simpler drawing until then" >&2
  fi
fi
export POLITOGRAPH_DB=${POLITOGRAPH_DB:-sqlite:///politograph.db}
.venv/bin/politograph ingest examples/ --quiet
.venv/bin/politograph stats
echo "Try: .venv/bin/politograph facts --entity 'Toru Hashimoto'"
if [ "${POLITOGRAPH_NO_SERVE:-0}" != "1" ]; then
  exec .venv/bin/politograph serve --port "${POLITOGRAPH_PORT:-8000}"
fi
