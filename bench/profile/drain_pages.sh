#!/usr/bin/env bash
# What a backlog's drain writes, in WAL frames (4 KiB pages) per drained SMS, by table and index (docs/benchmarks.md,
# session 20; the drain's counterpart of wal_pages.sh). For each build LABEL=SERVER_DIR[:ENV=VALUE,...] given as an
# argument: a fresh server on a fresh SQLite file (bench/server.sh) with Cellgate:Storage:SqliteWalBoundPages at its
# maximum, so that the log is not restarted during the run; DP_DEVICES (1000) endpoints whose handsets are detached;
# DP_SMS (100000) SMS submitted to them round-robin (wrk, 64 connections) and buffered; then every handset attaches and
# the backlog drains with no other load. The frames appended from the attach to the end of the drain are read from the
# -wal file and each page mapped to its b-tree by SQLite's dbstat once the server stopped (pages of the queue's partial
# indexes, empty by then, are named by the kind of b-tree page the frame held: "freed by the end: index leaf page").
# Also printed: the drain's time and the server's CPU per drained SMS.
# Env: CELLGATE_PORT (5795), DP_DEVICES, DP_SMS. Needs wrk, curl, python3. Keep DP_SMS x 4 frames under the WAL bound.
# Example: bench/profile/drain_pages.sh head=bench/.server
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
here=$root/bench/scenarios
source "$here/lib.sh"
export CELLGATE_APP_TOKEN="bench-$(head -c 24 /dev/urandom | base64 | tr -dc 'A-Za-z0-9')"
export CELLGATE_PASSWORD="bench-password" CELLGATE_USERNAME="bench@cellgate.local"
export CELLGATE_PORT=${CELLGATE_PORT:-5795} CELLGATE_SMPP_PORT=${CELLGATE_SMPP_PORT:-5796}
export CELLGATE_URL="http://127.0.0.1:$CELLGATE_PORT"
devices=${DP_DEVICES:-1000}; total=${DP_SMS:-100000}
sql() { python3 -c "import sqlite3, sys; print(sqlite3.connect(f'file:{sys.argv[1]}?mode=ro', uri=True).execute(sys.argv[2]).fetchone()[0])" "$@"; }
for spec in "$@"; do
  label=${spec%%=*}; rest=${spec#*=}; dir=${rest%%:*}; envs=""
  [[ $rest == *:* ]] && envs=${rest#*:}
  data=$(mktemp -d /tmp/cellgate-dp.XXXXXX)
  export CELLGATE_DATA=$data
  # shellcheck disable=SC2086
  env ${envs//,/ } Cellgate__Storage__SqliteWalBoundPages=1000000 BENCH_SERVER_DIR="$dir" bash "$root/bench/server.sh" "$data"
  pid=$(cat "$data/server.pid")
  export CELLGATE_TOKEN
  CELLGATE_TOKEN=$(auth_token)
  read -r first count < <(tool seed "$devices")
  tool detach "$first" "$devices" >/dev/null
  db=$data/cellgate.db
  SMS_TOKEN=$CELLGATE_TOKEN SMS_FIRST=$first SMS_COUNT=$devices SMS_THREADS=2 SMS_LIMIT=$total SMS_DONE_FILE=$(mktemp) wrk -t2 -c64 -d600s -s "$here/sms_submit.lua" "$CELLGATE_URL" >/dev/null 2>&1
  tool wait-drained-db "$db" 600 >/dev/null
  sleep 2
  n=$(sql "$db" 'SELECT COUNT(*) FROM sms WHERE "FinalDate" IS NULL AND "Type" = 1')
  from=$(stat -c %s "$db-wal")
  t0=$(date +%s%N); c0=$(proc_ticks "$pid")
  tool attach "$first" "$devices" >/dev/null
  for _ in $(seq 1 1200); do
    left=$(sql "$db" 'SELECT COUNT(*) FROM sms WHERE "FinalDate" IS NULL AND "Type" = 1')
    [[ $left == 0 ]] && break; sleep 0.5
  done
  t1=$(date +%s%N); c1=$(proc_ticks "$pid")
  sleep 1
  to=$(stat -c %s "$db-wal")
  cp "$db-wal" "$data/copy-wal"
  kill "$pid"
  for _ in $(seq 1 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
  echo "== $label: $n SMS drained over $devices handsets in $(( (t1 - t0) / 1000000 )) ms, CPU $(awk -v c=$((c1 - c0)) -v hz=$(getconf CLK_TCK) -v n=$n 'BEGIN {printf "%.0f", c / hz / n * 1e6}') us per SMS"
  python3 "$root/bench/profile/wal_frames.py" "$db" "$data/copy-wal" "$from" "$to" "$n" 14
  rm -rf "$data"
done
