#!/usr/bin/env bash
# Issue 11: submit latency while a large backlog drains. A backlog of BENCH_BACKLOG_SMS (1,000,000) SMS is buffered for
# BENCH_SMS_DEVICES (1000) detached handsets; then those handsets attach (each attach makes its buffered SMS due at
# once) and, while the dispatcher delivers the backlog, REST submits go on to another BENCH_SMS_DEVICES attached
# handsets at 64 connections, in back-to-back 10-second wrk windows, until the backlog is delivered. Each window is one
# row: its accepted SMS/s, p50/p99/max and how much of the backlog was left at its end. The issue's target: p99 <= 15 ms
# in every 10-second window of the drain.
# Env: BENCH_SMS_DEVICES (1000), BENCH_BACKLOG_SMS (1000000), BENCH_BACKLOG_WINDOWS (90: at most that many windows).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
source "$here/lib.sh"

devices=${BENCH_SMS_DEVICES:-1000}
backlog=${BENCH_BACKLOG_SMS:-1000000}
max_windows=${BENCH_BACKLOG_WINDOWS:-90}
db="$CELLGATE_DATA/cellgate.db"
lua="$here/sms_submit.lua"
log=$(mktemp)

export CELLGATE_TOKEN
CELLGATE_TOKEN=$(auth_token)
read -r first count < <(tool seed "$(( 2 * devices ))")
backlog_first=$first
live_first=$(( first + devices ))
tool detach "$backlog_first" "$devices"

# SMS not yet final for the backlog's handsets (read from the SQLite file: costs the server no CPU). The filter is the
# queue's partial index's (ix_sms_pending_by_device), so the count visits the pending SMS only, not every stored one:
# a reader holds its snapshot while it counts, and the server's checkpoints cannot pass it meanwhile.
left() {
  python3 - "$db" "$backlog_first" "$devices" <<'PY'
import sqlite3, sys
con = sqlite3.connect(f"file:{sys.argv[1]}?mode=ro", uri=True)
first, n = int(sys.argv[2]), int(sys.argv[3])
print(con.execute('SELECT COUNT(*) FROM sms WHERE "DeviceId" BETWEEN ? AND ? AND "FinalDate" IS NULL AND "Type" = 1',
                  (first, first + n - 1)).fetchone()[0])
PY
}

# window NAME FIRST ARGS...: one wrk run of 64 connections to the handsets FIRST.. ; prints a row, sets RATE, P99, CREATED.
window() {
  local name=$1 to=$2 out cpu rps requests non2xx p50 p99 max rate created
  shift 2
  cpu_begin
  local done_file
  done_file=$(mktemp)
  out=$(SMS_TOKEN=$CELLGATE_TOKEN SMS_FIRST=$to SMS_COUNT=$devices SMS_THREADS=2 SMS_LIMIT=${LIMIT:-0} SMS_DONE_FILE=$done_file \
    wrk --latency -t2 -c64 "$@" -s "$lua" "$CELLGATE_URL" 2>&1)
  # With a LIMIT, the SMS answered 201 as the script counted them (wrk's count includes the GET /healthz fillers).
  created=$(awk '{s += $1} END {print s + 0}' "$done_file")
  rm -f "$done_file"
  cpu=$(cpu_end)
  echo "== $name" >>"$log"; echo "$out" >>"$log"
  rps=$(awk '/Requests\/sec/ {print $2}' <<<"$out")
  requests=$(awk '/requests in/ {print $1}' <<<"$out")
  non2xx=$(awk '/Non-2xx/ {print $NF}' <<<"$out"); non2xx=${non2xx:-0}
  p50=$(awk '$1 == "50%" {print $2}' <<<"$out")
  p99=$(awk '$1 == "99%" {print $2}' <<<"$out")
  max=$(awk '/Latency/ && !/Distribution/ {print $4; exit}' <<<"$out")
  rate=$(awk -v r="$rps" -v n="$requests" -v x="$non2xx" 'BEGIN {printf "%.0f", r * (n - x) / n}')
  RATE=$rate; P99=$p99; CREATED=$created
  ROW="| $name | $rate | $p50 | $p99 | $max | $non2xx | ${cpu% *} | ${cpu#* }"
}

# p99 as milliseconds (wrk prints us, ms or s).
ms() { awk -v v="$1" 'BEGIN { n = v + 0; if (v ~ /us$/) n /= 1000; else if (v ~ /[0-9]s$/ && v !~ /ms$/) n *= 1000; printf "%.2f", n }'; }

echo "## Submit latency while a backlog drains (issue 11)"
echo
echo "Setup: $(( 2 * devices )) endpoints with SIMs (as in the SMS section); the first $devices handsets detached. Load: wrk 4.1, 2"
echo "threads, 64 keep-alive connections, \`bench/scenarios/sms_submit.lua\` (\`POST /api/v1/endpoint/{id}/sms\`, JWT, one-part"
echo "text). Every 201 follows the fsync'd group commit. Cores: the server's, and everything else's (wrk included)."
echo

# 1. The backlog: exactly $backlog SMS to the detached handsets (the dispatcher buffers them meanwhile).
start=$(date +%s%N)
LIMIT=$backlog window "buffer $backlog SMS" "$backlog_first" -d3600s
buffer_row=$ROW; buffered_created=$CREATED
tool wait-drained-db "$db" 600 >/dev/null
buffer_seconds=$(awk -v t="$(( $(date +%s%N) - start ))" 'BEGIN {printf "%.0f", t / 1e9}')
echo "Backlog: $buffered_created SMS accepted for the $devices detached handsets in $buffer_seconds s (until all were buffered); that run:"
echo
echo "| run | accepted SMS/s | p50 | p99 | max | non-2xx | server cores | other cores |"
echo "|---|---|---|---|---|---|---|---|"
echo "$buffer_row |"
echo

# 2. A warm window with nothing draining, for comparison.
window "no backlog draining (warm)" "$live_first" -d10s >/dev/null
window "no backlog draining (warm)" "$live_first" -d10s
baseline_row=$ROW; baseline_p99=$P99; baseline_rate=$RATE

# 3. The handsets attach; 10-second windows of submits to the other handsets until the backlog is delivered.
drain_start=$(date +%s%N)
attach_done=$(mktemp)
( tool attach "$backlog_first" "$devices"; awk -v t="$(( $(date +%s%N) - drain_start ))" 'BEGIN {printf "%.1f", t / 1e9}' >"$attach_done" ) &
attach_pid=$!
rows=(); worst=0; over=0; n=0; remaining=$(left)
while (( remaining > 0 && n < max_windows )); do
  n=$((n + 1))
  window "$n" "$live_first" -d10s
  remaining=$(left)
  rows+=("$ROW | $remaining |")
  p=$(ms "$P99")
  worst=$(awk -v a="$worst" -v b="$p" 'BEGIN {print (b > a) ? b : a}')
  over=$(awk -v o="$over" -v b="$p" 'BEGIN {print (b > 15) ? o + 1 : o}')
done
wait "$attach_pid"
attach_seconds=$(cat "$attach_done"); rm -f "$attach_done"
drain_seconds=$(awk -v t="$(( $(date +%s%N) - drain_start ))" 'BEGIN {printf "%.0f", t / 1e9}')

echo "Then the $devices handsets attach (the $devices attach calls took $attach_seconds s), and from the first of them 10-second windows of submits to"
echo "the other $devices (attached) handsets, back to back, until none of the backlog was left (or $max_windows windows):"
echo
echo "| window | accepted SMS/s | p50 | p99 | max | non-2xx | server cores | other cores | backlog left after it |"
echo "|---|---|---|---|---|---|---|---|---|"
echo "$baseline_row | 0 (before the attach) |"
printf '%s\n' "${rows[@]}"
echo
stats=$(tool stats)
echo "Backlog left after the last window: $remaining of $buffered_created; drained in about $drain_seconds s from the first attach"
echo "($n windows). Worst window p99: $worst ms; windows with p99 above 15 ms: $over of $n (target: none). Warm rate"
echo "without a backlog draining: $baseline_rate SMS/s at p99 $baseline_p99."
echo "SMS by status afterwards: $(json 'd["sms_by_status"]' <<<"$stats"); handsets received $(json 'd["received"]' <<<"$stats"),"
echo "duplicates suppressed $(json 'd["duplicates_suppressed"]' <<<"$stats"). Database file $(du -m "$db" | cut -f1) MiB."
echo
echo "Load on the machine (1-minute load average at the end): $(cut -d' ' -f1 /proc/loadavg)."
rm -f "$log"
