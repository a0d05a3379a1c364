#!/usr/bin/env bash
# A throwaway PostgreSQL cluster on 127.0.0.1 for the test suite.
#   pg-test-server.sh          start it (if it is not running) and print its URL; safe to run twice
#   pg-test-server.sh running  exit 0 if it is running, 1 if not (installs nothing)
#   pg-test-server.sh stop     stop it if it is running (its data stays for the next start)
# Installs Debian's server package when it is missing (needs root).  POLITOGRAPH_PG_PORT and
# POLITOGRAPH_PG_DATA choose the port and the data folder.
set -euo pipefail
ACTION=${1:-start}
PORT=${POLITOGRAPH_PG_PORT:-54329}
DATA=${POLITOGRAPH_PG_DATA:-/tmp/politograph-pg}
as_postgres() {
  if [ "$(id -u)" = 0 ]; then su postgres -s /bin/bash -c "$*"; else bash -c "$*"; fi
}
pg_bin() {
  dirname "$(ls -d /usr/lib/postgresql/*/bin/initdb 2>/dev/null | sort -V | tail -1)"
}
running() {
  [ -f "$DATA/PG_VERSION" ] && ls -d /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 \
    && as_postgres "'$(pg_bin)/pg_ctl' -D '$DATA' status" >/dev/null 2>&1
}
case "$ACTION" in
  running)
    if running; then exit 0; else exit 1; fi
    ;;
  stop)
    if running; then
      as_postgres "'$(pg_bin)/pg_ctl' -D '$DATA' -m fast -w stop" >/dev/null
    fi
    exit 0
    ;;
  start) ;;
  *)
    echo "usage: $0 [start|running|stop]" >&2
    exit 2
    ;;
esac
if ! ls -d /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1; then
  DEBIAN_FRONTEND=noninteractive apt-get install -y -q postgresql >/dev/null
fi
PGBIN=$(pg_bin)
if [ ! -f "$DATA/PG_VERSION" ]; then
  mkdir -p "$DATA"
  [ "$(id -u)" = 0 ] && chown postgres "$DATA"
  as_postgres "'$PGBIN/initdb' -D '$DATA' -A trust -U postgres" >/dev/null
fi
if ! running; then
  as_postgres "'$PGBIN/pg_ctl' -D '$DATA' -l '$DATA/server.log' -w -o \"-p $PORT -k /tmp -c listen_addresses=127.0.0.1\" start" >/dev/null
fi
echo "postgresql+psycopg://postgres@127.0.0.1:$PORT/postgres"
