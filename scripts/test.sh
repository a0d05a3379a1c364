#!/usr/bin/env bash
# Run the test suite (sets up .venv first if needed).  Store tests also run on PostgreSQL when a
# server is given in POLITOGRAPH_TEST_PG, or when PostgreSQL is installed here (a throwaway cluster,
# stopped again when the tests end unless it was already running; a server the caller gave is left alone).
source "$(dirname "$0")/env.sh"
if [ -z "${POLITOGRAPH_TEST_PG:-}" ] && ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1; then
  if ! bash scripts/pg-test-server.sh running; then
    trap 'bash scripts/pg-test-server.sh stop' EXIT
    trap 'exit 130' INT
    trap 'exit 143' TERM
  fi
  POLITOGRAPH_TEST_PG=$(bash scripts/pg-test-server.sh) && export POLITOGRAPH_TEST_PG || unset POLITOGRAPH_TEST_PG
fi
.venv/bin/python -m pytest "$@"
