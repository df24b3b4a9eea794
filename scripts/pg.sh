#!/usr/bin/env bash
# Install (Debian packages) and start a throw-away PostgreSQL server on loopback for the tests.
# Prints the URL to use; `scripts/pg.sh stop` stops it. Never touches a server already running.
set -euo pipefail
PORT=${READOUTS_PG_PORT:-54329}
DIR=${READOUTS_PG_DIR:-/tmp/readouts-pg}
URL="postgresql://readouts@127.0.0.1:${PORT}/postgres"

find_bin() {
  local b
  b=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
  [ -n "$b" ] && [ -x "$b/pg_ctl" ] && echo "$b"
}

if [ "${1:-start}" = "stop" ]; then
  BIN=$(find_bin) || exit 0
  [ -d "$DIR/data" ] && su postgres -s /bin/sh -c "$BIN/pg_ctl -D $DIR/data -m fast stop" >/dev/null 2>&1 || true
  exit 0
fi

BIN=$(find_bin || true)
if [ -z "$BIN" ]; then
  echo "installing PostgreSQL from Debian packages..." >&2
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >&2
  apt-get install -y -qq postgresql >&2
  BIN=$(find_bin)
fi
id postgres >/dev/null 2>&1 || useradd --system --home "$DIR" postgres
mkdir -p "$DIR"
chown postgres "$DIR"
if [ ! -s "$DIR/data/PG_VERSION" ]; then
  su postgres -s /bin/sh -c "$BIN/initdb -D $DIR/data -U readouts --auth=trust -E UTF8 --locale=C.UTF-8" >/dev/null
fi
if ! su postgres -s /bin/sh -c "$BIN/pg_ctl -D $DIR/data status" >/dev/null 2>&1; then
  su postgres -s /bin/sh -c "$BIN/pg_ctl -D $DIR/data -l $DIR/server.log -w -t 60 \
    -o '-p $PORT -k $DIR -c listen_addresses=127.0.0.1 -c fsync=off -c full_page_writes=off' start" >/dev/null
fi
echo "$URL"
