#!/usr/bin/env bash
# A/B of the SMS submit and delivery path on one fresh server per build, back to back (docs/benchmarks.md, issue 9/11
# notes of 2026-12-01). For each build LABEL=SERVER_DIR[:ENV=VALUE,...] given as an argument, in order:
#   a fresh server on a fresh SQLite file (bench/server.sh, BENCH_SERVER_DIR=SERVER_DIR, the ENV settings added),
#   AB_DEVICES attached endpoints (sms_tool.py seed), AB_WARMUP submit_sm of warm-up, then three measured cases:
#   smpp   bench/Cellgate.Bench.Smpp esme, window 100, one bind, AB_SMPP submit_sm round-robin over the endpoints
#   rest   wrk -t2 -c64 for AB_DURATION, POST /api/v1/endpoint/{id}/sms round-robin over the endpoints
#   rest1  the same to one endpoint
# Each case ends when every SMS of it was delivered. Printed per case: rate, p99, server CPU per SMS (user + system of
# the server process from the case's start to the end of its drain ÷ SMS), bytes the server wrote per SMS (wchar of
# /proc/PID/io over the same interval: the WAL, the checkpoints into the database file, logs) and write_bytes per SMS
# (what reached the block layer), and the 1-minute load average at the case's end.
# Env: CELLGATE_PORT, CELLGATE_SMPP_PORT (pick free ones), AB_DEVICES (1000), AB_WARMUP (10000), AB_SMPP (60000),
#      AB_DURATION (10s), AB_CASES ("smpp rest rest1"), AB_PERF (a path prefix: `perf record -F 499 -g` of the server
#      during each case into PREFIX.LABEL.CASE.perf; start the builds with DOTNET_PerfMapEnabled=1 in their ENV).
#      AB_TRACE (a path prefix: dotnet-trace, sampled thread time, 8 s of each case into PREFIX.LABEL.CASE.nettrace; then
#      `dotnet dotnet-trace convert F --format Speedscope` and bench/profile/breakdown.py).
#      Needs wrk, curl, python3 and the SMPP driver (dotnet publish bench/Cellgate.Bench.Smpp -c Release -o bench/.smpp-driver).
# Example: bench/profile/ab_sms.sh main=/tmp/main-build off=/tmp/new-build:Cellgate__Delivery__DeliverAtSubmit=false on=/tmp/new-build
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
here=$root/bench/scenarios
source "$here/lib.sh"
tool() { python3 "$here/sms_tool.py" "$@"; }
json() { python3 -c "import json, sys; d = json.load(sys.stdin); print($1)"; }
io() { awk -v k="$2" '$1 == k":" {print $2}' "/proc/$1/io"; }

devices=${AB_DEVICES:-1000}
warmup=${AB_WARMUP:-10000}
smpp=${AB_SMPP:-60000}
duration=${AB_DURATION:-10s}
export CELLGATE_APP_TOKEN="bench-$(head -c 24 /dev/urandom | base64 | tr -dc 'A-Za-z0-9')"
export CELLGATE_PASSWORD="bench-password" CELLGATE_USERNAME="bench@cellgate.local"
export CELLGATE_PORT=${CELLGATE_PORT:-5691} CELLGATE_SMPP_PORT=${CELLGATE_SMPP_PORT:-5692}
export CELLGATE_URL="http://127.0.0.1:$CELLGATE_PORT" CELLGATE_SMPP_SYSTEM_ID=bench CELLGATE_SMPP_PASSWORD=bench123
driver="$root/bench/.smpp-driver/Cellgate.Bench.Smpp"
hz=$(getconf CLK_TCK)

echo "| build | case | SMS | rate/s | p99 | µs CPU/SMS | wchar bytes/SMS | write_bytes/SMS | load at end |"
echo "|---|---|---|---|---|---|---|---|---|"
for spec in "$@"; do
  label=${spec%%=*}; rest=${spec#*=}; dir=${rest%%:*}; envs=""
  [[ $rest == *:* ]] && envs=${rest#*:}
  data=$(mktemp -d /tmp/cellgate-ab.XXXXXX)
  export CELLGATE_DATA=$data
  # shellcheck disable=SC2086
  env ${envs//,/ } BENCH_SERVER_DIR="$dir" bash "$root/bench/server.sh" "$data"
  CELLGATE_PID=$(cat "$data/server.pid")
  export CELLGATE_TOKEN
  CELLGATE_TOKEN=$(auth_token)
  read -r first _ < <(tool seed "$devices")
  "$driver" esme --port "$CELLGATE_SMPP_PORT" --system-id bench --password bench123 --window 100 --dest-prefix 99902 --dest-first 1 \
    --dest-count "$devices" --count "$warmup" --warmup 0 >/dev/null
  tool wait-drained 600 >/dev/null
  measure() { # CASE COMMAND...: prints the row; the command prints "SMS RATE P99"
    local name=$1 s0 w0 b0 out s1 w1 b1; shift
    s0=$(proc_ticks "$CELLGATE_PID"); w0=$(io "$CELLGATE_PID" wchar); b0=$(io "$CELLGATE_PID" write_bytes)
    local perf=""
    if [[ -n "${AB_PERF:-}" ]]; then
      perf record -F 499 -g -p "$CELLGATE_PID" -o "$AB_PERF.$label.$name.perf" >/dev/null 2>&1 &
      perf=$!
    fi
    if [[ -n "${AB_TRACE:-}" ]]; then
      (cd "$root" && dotnet dotnet-trace collect -p "$CELLGATE_PID" --profile dotnet-sampled-thread-time --duration 00:00:00:08 \
        -o "$AB_TRACE.$label.$name.nettrace" >/dev/null 2>&1) &
      perf=$!
    fi
    out=$("$@")
    if [[ -n "${AB_TRACE:-}" ]]; then wait "$perf" || true; perf=""; fi
    if [[ -n "$perf" ]]; then kill -INT "$perf"; wait "$perf" || true; fi
    tool wait-drained 600 >/dev/null
    s1=$(proc_ticks "$CELLGATE_PID"); w1=$(io "$CELLGATE_PID" wchar); b1=$(io "$CELLGATE_PID" write_bytes)
    read -r n rate p99 <<<"$out"
    awk -v l="$label" -v c="$name" -v n="$n" -v r="$rate" -v p="$p99" -v s="$((s1 - s0))" -v w="$((w1 - w0))" -v b="$((b1 - b0))" -v hz="$hz" \
      -v load="$(cut -d' ' -f1 /proc/loadavg)" \
      'BEGIN { printf "| %s | %s | %d | %.0f | %s | %.0f | %.0f | %.0f | %s |\n", l, c, n, r, p, s / hz / n * 1e6, w / n, b / n, load }'
  }
  run_smpp() {
    local out
    out=$("$driver" esme --port "$CELLGATE_SMPP_PORT" --system-id bench --password bench123 --window 100 --dest-prefix 99902 --dest-first 1 \
      --dest-count "$devices" --count "$smpp" --warmup 0)
    echo "$(json 'd["ok"]' <<<"$out") $(json 'd["per_second"]' <<<"$out") $(json 'd["p99_ms"]' <<<"$out")ms"
  }
  run_rest() { # ENDPOINTS
    local out
    out=$(SMS_TOKEN=$CELLGATE_TOKEN SMS_FIRST=$first SMS_COUNT=$1 wrk --latency -t2 -c64 -d"$duration" -s "$here/sms_submit.lua" "$CELLGATE_URL" 2>&1)
    echo "$(awk '/requests in/ {print $1}' <<<"$out") $(awk '/Requests\/sec/ {print $2}' <<<"$out") $(awk '$1 == "99%" {print $2}' <<<"$out")"
  }
  for c in ${AB_CASES:-smpp rest rest1}; do
    case $c in
      smpp) measure smpp run_smpp ;;
      rest) measure rest run_rest "$devices" ;;
      rest1) measure rest1 run_rest 1 ;;
    esac
  done
  kill "$CELLGATE_PID"
  for _ in $(seq 1 100); do kill -0 "$CELLGATE_PID" 2>/dev/null || break; sleep 0.1; done
  rm -rf "$data"
done
