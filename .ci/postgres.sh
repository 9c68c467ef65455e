#!/usr/bin/env bash
# Starts a throwaway PostgreSQL on loopback for the tests and prints its connection string.
#   eval "$(bash .ci/postgres.sh)"   # sets CASETRACKER_TEST_POSTGRES
# Installs PostgreSQL from the Debian packages when it is missing. The cluster lives in a temporary folder
# owned by the 'postgres' user (the server refuses to run as root) and listens on 127.0.0.1:${PGPORT:-55432}.
set -euo pipefail
PORT="${PGPORT:-55432}"
DIR="${CASETRACKER_PG_DIR:-/tmp/casetracker-pg}"

bindir=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)
if [ -z "$bindir" ]; then
  apt-get update -qq >&2 && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >&2
  bindir=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)
fi

as_postgres() {
  if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

if ! as_postgres "$bindir/pg_isready" -q -h 127.0.0.1 -p "$PORT"; then
  if [ ! -f "$DIR/PG_VERSION" ]; then
    mkdir -p "$DIR"
    [ "$(id -u)" -eq 0 ] && chown postgres:postgres "$DIR"
    as_postgres "$bindir/initdb" -D "$DIR" -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 >&2
  fi
  as_postgres "$bindir/pg_ctl" -D "$DIR" -l "$DIR/server.log" -w \
    -o "-c listen_addresses=127.0.0.1 -p $PORT -k /tmp -c max_connections=400 -c fsync=on" start >&2
fi
as_postgres "$bindir/psql" -h 127.0.0.1 -p "$PORT" -U postgres -d postgres -v ON_ERROR_STOP=1 -q >&2 <<'SQL'
SELECT 'CREATE ROLE casetracker LOGIN CREATEDB PASSWORD ''casetracker'''
WHERE NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'casetracker') \gexec
SQL
echo "export CASETRACKER_TEST_POSTGRES='Host=127.0.0.1;Port=$PORT;Username=casetracker;Password=casetracker'"
