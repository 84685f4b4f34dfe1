#!/usr/bin/env bash
# Which tables and indexes the SMS path writes, in WAL frames (4 KiB pages) per SMS (docs/benchmarks.md, 2026-12-03
# session 17). For each build LABEL=SERVER_DIR given as an argument: a fresh server on a fresh SQLite file
# (bench/server.sh) with Cellgate:Storage:SqliteWalBoundPages at its maximum, so that the log is not restarted during
# the run; WAL_DEVICES (1000) attached endpoints; a 6 s warm-up and its drain; then a WAL_DURATION (5s) wrk run of
# POST /api/v1/endpoint/{id}/sms (2 threads, 64 connections) to WAL_TO (default: all of them; 1: every SMS to the first)
# and its drain. The frames appended meanwhile are read from the -wal file and each page number is mapped to its b-tree
# by SQLite's dbstat table (python3's sqlite3) once the server stopped. Prints frames per SMS and per commit, in total and
# per table or index. A page written for a table read in rowid order (sms) is shared by many SMS; a page
# of an index keyed by device is one per device a commit touches: that is the difference between 1 and 1,000 endpoints.
# Env: CELLGATE_PORT (5795), WAL_DEVICES, WAL_TO, WAL_DURATION. Needs wrk, curl, python3.
# Example: bench/profile/wal_pages.sh head=bench/.server        WAL_TO=1 bench/profile/wal_pages.sh head=bench/.server
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
here=$root/bench/scenarios
source "$here/lib.sh"
export CELLGATE_APP_TOKEN="bench-$(head -c 24 /dev/urandom | base64 | tr -dc 'A-Za-z0-9')"
export CELLGATE_PASSWORD="bench-password" CELLGATE_USERNAME="bench@cellgate.local"
export CELLGATE_PORT=${CELLGATE_PORT:-5795} CELLGATE_SMPP_PORT=${CELLGATE_SMPP_PORT:-5796}
export CELLGATE_URL="http://127.0.0.1:$CELLGATE_PORT"
devices=${WAL_DEVICES:-1000}
sql() { python3 -c "import sqlite3, sys; print(sqlite3.connect(f'file:{sys.argv[1]}?mode=ro', uri=True).execute(sys.argv[2]).fetchone()[0])" "$@"; }
for spec in "$@"; do
  label=${spec%%=*}; dir=${spec#*=}
  data=$(mktemp -d /tmp/cellgate-wal.XXXXXX)
  export CELLGATE_DATA=$data
  Cellgate__Storage__SqliteWalBoundPages=1000000 BENCH_SERVER_DIR="$dir" bash "$root/bench/server.sh" "$data"
  pid=$(cat "$data/server.pid")
  export CELLGATE_TOKEN
  CELLGATE_TOKEN=$(auth_token)
  read -r first count < <(tool seed "$devices")
  load() { SMS_TOKEN=$CELLGATE_TOKEN SMS_FIRST=$first SMS_COUNT=${WAL_TO:-$count} SMS_THREADS=2 wrk -t2 -c64 -d"$1" -s "$here/sms_submit.lua" "$CELLGATE_URL" >/dev/null 2>&1; }
  db=$data/cellgate.db
  load 6s
  tool wait-drained 600 >/dev/null
  sleep 1
  last=$(sql "$db" 'SELECT MAX("Id") FROM sms')
  from=$(stat -c %s "$db-wal")
  load "${WAL_DURATION:-5s}"
  tool wait-drained 600 >/dev/null
  sleep 1
  to=$(stat -c %s "$db-wal")
  n=$(sql "$db" "SELECT COUNT(*) FROM sms WHERE \"Id\" > $last")
  cp "$db-wal" "$data/copy-wal"
  kill "$pid"
  for _ in $(seq 1 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
  echo "== $label: $n SMS to ${WAL_TO:-$count} endpoint(s)"
  python3 "$root/bench/profile/wal_frames.py" "$db" "$data/copy-wal" "$from" "$to" "$n"
  rm -rf "$data"
done
