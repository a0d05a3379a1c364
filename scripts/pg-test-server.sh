#!/usr/bin/env bash
# Start a throwaway PostgreSQL cluster on 127.0.0.1 for the test suite and print its URL.
# Installs Debian's server package when it is missing (needs root).  Safe to run twice.
set -euo pipefail
PORT=${POLITOGRAPH_PG_PORT:-54329}
DATA=${POLITOGRAPH_PG_DATA:-/tmp/politograph-pg}
if ! ls -d /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1; then
  DEBIAN_FRONTEND=noninteractive apt-get install -y -q postgresql >/dev/null
fi
PGBIN=$(dirname "$(ls -d /usr/lib/postgresql/*/bin/initdb | sort -V | tail -1)")
as_postgres() {
  if [ "$(id -u)" = 0 ]; then su postgres -s /bin/bash -c "$*"; else bash -c "$*"; fi
}
if [ ! -f "$DATA/PG_VERSION" ]; then
  mkdir -p "$DATA"
  [ "$(id -u)" = 0 ] && chown postgres "$DATA"
  as_postgres "'$PGBIN/initdb' -D '$DATA' -A trust -U postgres" >/dev/null
fi
if ! as_postgres "'$PGBIN/pg_ctl' -D '$DATA' status" >/dev/null 2>&1; then
  as_postgres "'$PGBIN/pg_ctl' -D '$DATA' -l '$DATA/server.log' -w -o \"-p $PORT -k /tmp -c listen_addresses=127.0.0.1\" start" >/dev/null
fi
echo "postgresql+psycopg://postgres@127.0.0.1:$PORT/postgres"
