#!/usr/bin/env bash
# Bytes the server allocates per SMS (docs/benchmarks.md, 2026-12-03 session 16): for each build LABEL=SERVER_DIR given
# as an argument, a fresh server on a fresh SQLite file (bench/server.sh), ALLOC_DEVICES (1000) attached endpoints, a 5 s
# warm-up, then dotnet-counters (System.Runtime, 1 s intervals) over a 10 s wrk run of POST /api/v1/endpoint/{id}/sms
# (2 threads, 64 connections, round-robin over the endpoints) and its drain; prints KiB allocated per SMS, GC pause and
# collections (bench/profile/counters.py). Unlike CPU time on a shared machine, the allocation per SMS barely moves
# between runs, so it shows a change in the request path that a CPU A/B cannot tell from the noise.
# Env: CELLGATE_PORT (5791), ALLOC_DEVICES. Needs wrk, curl, python3 and `dotnet tool restore` (dotnet-counters).
# Example: bench/profile/alloc_sms.sh before=/tmp/build-a after=/tmp/build-b
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
here=$root/bench/scenarios
source "$here/lib.sh"
export CELLGATE_APP_TOKEN="bench-$(head -c 24 /dev/urandom | base64 | tr -dc 'A-Za-z0-9')"
export CELLGATE_PASSWORD="bench-password" CELLGATE_USERNAME="bench@cellgate.local"
export CELLGATE_PORT=${CELLGATE_PORT:-5791} CELLGATE_SMPP_PORT=${CELLGATE_SMPP_PORT:-5792}
export CELLGATE_URL="http://127.0.0.1:$CELLGATE_PORT"
for spec in "$@"; do
  label=${spec%%=*}; dir=${spec#*=}
  data=$(mktemp -d /tmp/cellgate-alloc.XXXXXX)
  export CELLGATE_DATA=$data
  BENCH_SERVER_DIR="$dir" bash "$root/bench/server.sh" "$data"
  pid=$(cat "$data/server.pid")
  export CELLGATE_TOKEN
  CELLGATE_TOKEN=$(auth_token)
  read -r first count < <(tool seed "${ALLOC_DEVICES:-1000}")
  load() { SMS_TOKEN=$CELLGATE_TOKEN SMS_FIRST=$first SMS_COUNT=$count SMS_THREADS=2 wrk -t2 -c64 -d"$1" -s "$here/sms_submit.lua" "$CELLGATE_URL" 2>&1; }
  load 5s >/dev/null
  tool wait-drained 600 >/dev/null
  (cd "$root" && timeout 120 dotnet dotnet-counters collect -p "$pid" --counters System.Runtime --format csv -o "$data/counters.csv" \
    --refresh-interval 1 --duration 00:00:00:16 >/dev/null 2>&1) &
  counters=$!
  sleep 2
  out=$(load 10s)
  tool wait-drained 600 >/dev/null
  wait "$counters" || true
  n=$(awk '/requests in/ {print $1}' <<<"$out")
  echo "$label: $n SMS; $(python3 "$root/bench/profile/counters.py" "$data/counters.csv" "$n")"
  kill "$pid"; sleep 1
  rm -rf "$data"
done
