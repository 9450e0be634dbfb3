#!/usr/bin/env bash
# Starts a throwaway PostgreSQL cluster for the test suite, as the `postgres` user, listening on
# loopback only, and prints the URL to export as CONTRACTWATCH_TEST_POSTGRES_URL.
#
#   eval "$(scripts/start-postgres.sh)"     # sets CONTRACTWATCH_TEST_POSTGRES_URL
#
# The cluster lives in a new temporary directory and trusts no one but loopback connections
# with the password below; nothing of it outlives the machine. Stop it with
# `pg_ctl -D "$CONTRACTWATCH_TEST_POSTGRES_DATA" stop` (run as postgres).
set -euo pipefail
port="${CONTRACTWATCH_TEST_POSTGRES_PORT:-54329}"
bin="$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)"
data="$(mktemp -d /tmp/contractwatch-postgres.XXXXXX)"
password="contractwatch-test"
chown postgres "$data"
printf '%s\n' "$password" > "$data.pw" && chown postgres "$data.pw"
run() { if [ "$(id -un)" = postgres ]; then "$@"; else su postgres -s /bin/sh -c "$(printf '%q ' "$@")"; fi; }
run "$bin/initdb" -D "$data/cluster" -U postgres --pwfile="$data.pw" -A scram-sha-256 -E UTF8 --locale=C.UTF-8 >/dev/null
rm -f "$data.pw"
if ! run "$bin/pg_ctl" -D "$data/cluster" -l "$data/server.log" -w \
    -o "-c listen_addresses=127.0.0.1 -p $port -k $data -c fsync=off -c max_connections=200" start >/dev/null; then
  # Most often the port is taken (another cluster, or an earlier run's): say so, with the log.
  echo "start-postgres.sh: PostgreSQL did not start on 127.0.0.1:$port; its log, $data/server.log, ends:" >&2
  tail -n 5 "$data/server.log" >&2 || true
  echo "start-postgres.sh: set CONTRACTWATCH_TEST_POSTGRES_PORT to a free port, or stop what holds $port" >&2
  exit 1
fi
echo "export CONTRACTWATCH_TEST_POSTGRES_URL=postgres://postgres:$password@127.0.0.1:$port/postgres"
echo "export CONTRACTWATCH_TEST_POSTGRES_DATA=$data/cluster"
