#!/usr/bin/env bash
# Issue 15: the connectivity data plane.
#  1. 10,000 endpoints (BENCH_DP_DEVICES) with 90 days (BENCH_DP_DAYS) of back-dated usage, BENCH_DP_PER_DAY records per
#     endpoint and day, through the usage feed (POST /api/simulator/usage, 10,000 records a request): the seeding rate,
#     and the storage per device-day (used database pages, WAL included).
#  2. SMS alone: paced REST SMS (wrk, sms_submit.lua, 1 thread, 8 connections, each waiting SMS_DELAY_MS after an answer,
#     about BENCH_DP_SMS_RATE SMS/s) to the first 1,000 endpoints (attached) for BENCH_DP_SMS_ALONE seconds: SMS/s, p99.
#     Then ingest: usage records of now for random endpoints (BENCH_DP_BATCH a request with an Idempotency-Key, so in
#     chunks of Cellgate:Usage:FeedWriteRecords; BENCH_DP_SENDERS connections) for BENCH_DURATION while the same paced
#     SMS run: records/s (each request returns after its fsync'd commit), request p50/p99, SMS/s and p99 alongside, the
#     writer's groups (from /metrics). "While SMS traffic runs" holds when the SMS p99 alongside is at most 50 ms and
#     the SMS rate alongside at least 90% of the rate alone (docs/connectivity.md); the scenario prints whether it does.
#  3. Statistics over that history with wrk (2 threads, 8 connections, BENCH_DP_QUERY_DURATION): an endpoint's
#     stats/daily over the 90 days (random endpoint), the organisation's stats, stats/daily over 90 days, stats/hourly.
# Prints a markdown fragment on stdout; progress on stderr. Run by bench/run.sh dataplane.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
source "$here/lib.sh"
tool() { python3 "$here/dataplane_tool.py" "$@"; }
log() { echo "[dataplane] $*" >&2; }

devices=${BENCH_DP_DEVICES:-10000}
days=${BENCH_DP_DAYS:-90}
per_day=${BENCH_DP_PER_DAY:-4}
duration=${BENCH_DURATION:-20}
senders=${BENCH_DP_SENDERS:-2}
batch=${BENCH_DP_BATCH:-5000}
qduration=${BENCH_DP_QUERY_DURATION:-15s}
sms_rate=${BENCH_DP_SMS_RATE:-500}
sms_alone=${BENCH_DP_SMS_ALONE:-10}
sms_delay=$(( 8 * 1000 / sms_rate ))
db="$CELLGATE_DATA/cellgate.db"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

export CELLGATE_TOKEN
CELLGATE_TOKEN=$(auth_token)
load_start=$(cut -d' ' -f1-3 /proc/loadavg)

log "seeding $devices endpoints"
seed_start=$(date +%s)
sms_devices=$(( devices < 1000 ? devices : 1000 ))
read -r first count < <(tool seed "$devices" "$sms_devices")
seed_seconds=$(( $(date +%s) - seed_start ))
read -r bytes0 _ _ _ _ < <(tool size "$db")

log "history: $days days x $per_day records per endpoint"
read -r hist_records hist_seconds < <(tool history "$first" "$count" "$days" "$per_day")
read -r bytes1 records1 rollups1 orgrollups1 pending1 < <(tool size "$db")

# sms_run SECONDS OUT: paced REST SMS for SECONDS; prints "SMS_PER_S P99 NON2XX" (P99 as wrk prints it).
sms_run() {
  SMS_TOKEN=$CELLGATE_TOKEN SMS_FIRST=$first SMS_COUNT=$sms_devices SMS_DONE_FILE="$work/sms_done" SMS_DELAY_MS=$sms_delay \
    wrk --latency -t1 -c8 -d"$1s" -s "$here/sms_submit.lua" "$CELLGATE_URL" >"$2" 2>&1
}
sms_figures() {
  echo "$(awk '/Requests\/sec/ {printf "%.0f", $2}' "$1") $(awk '$1 == "99%" {print $2}' "$1") $(awk '/Non-2xx/ {print $NF}' "$1" | grep . || echo 0)"
}
# Bytes the server wrote (write(2) and pwrite(2), WAL frames and checkpoints; /proc/PID/io wchar) since it started.
io_written() { awk '/^wchar/ {print $2}' "/proc/$CELLGATE_PID/io"; }
# wrk prints latencies as 812.00us, 4.20ms or 1.47s: in ms.
to_ms() { awk -v v="$1" 'BEGIN { n = v + 0; if (v ~ /us$/) n /= 1000; else if (v ~ /ms$/) n = n; else if (v ~ /s$/) n *= 1000; printf "%.1f", n }'; }

log "SMS alone for ${sms_alone}s (about $sms_rate SMS/s)"
sms_run "$sms_alone" "$work/sms_alone.txt"
read -r alone_rps alone_p99 alone_non2xx < <(sms_figures "$work/sms_alone.txt")

log "ingest for ${duration}s with SMS traffic"
sms_out="$work/sms.txt"
sms_run "$(( duration + 2 ))" "$sms_out" &
sms_pid=$!
sleep 1
tool scrape "$work/metrics0"
cpu_begin
io0=$(io_written)
read -r in_records in_seconds in_requests in_p50 in_p99 < <(tool ingest "$first" "$count" "$duration" "$senders" "$batch")
io1=$(io_written)
cpu=$(cpu_end)
tool scrape "$work/metrics1"
wait "$sms_pid" || true
read -r sms_rps sms_p99 sms_non2xx < <(sms_figures "$sms_out")
read -r groups groups_over50 groups_p99 < <(tool groups "$work/metrics0" "$work/metrics1")
per_record=$(awk -v b="$(( io1 - io0 ))" -v r="$in_records" 'BEGIN { if (r > 0) printf "%.2f", b / r / 1000; else print "n/a" }')
if [[ -n "${BENCH_DP_KEEP_DB:-}" ]]; then sqlite3 "$db" ".backup '$BENCH_DP_KEEP_DB'"; log "database copied to $BENCH_DP_KEEP_DB"; fi
holds=$(awk -v p="$(to_ms "$sms_p99")" -v r="$sms_rps" -v a="$alone_rps" 'BEGIN { print (p <= 50 && r >= 0.9 * a) ? "yes" : "no" }')
read -r bytes2 records2 _ _ _ < <(tool size "$db")

log "statistics queries"
today=$(date -u +%F)
from=$(date -u -d "-$days days" +%F)
cat >"$work/endpoint.lua" <<LUA
wrk.headers["Authorization"] = "Bearer $CELLGATE_TOKEN"
math.randomseed(15)
request = function()
  return wrk.format("GET", "/api/v1/endpoint/" .. math.random($first, $(( first + count - 1 ))) .. "/stats/daily?start_date=$from&end_date=$today")
end
LUA
fixed() { printf 'wrk.headers["Authorization"] = "Bearer %s"\nrequest = function() return wrk.format("GET", "%s") end\n' "$CELLGATE_TOKEN" "$1" >"$work/$2.lua"; }
fixed "/api/v1/organisation/my/stats" org
fixed "/api/v1/organisation/my/stats/daily?start_date=$from&end_date=$today" orgdaily
fixed "/api/v1/organisation/my/stats/hourly" orghourly
for s in endpoint org orgdaily orghourly; do wrk -t1 -c2 -d3s -s "$work/$s.lua" "$CELLGATE_URL" >/dev/null; done
rows=$(
  wrk_run "\`GET /api/v1/endpoint/{random}/stats/daily\` ($days days)" -t2 -c8 -d"$qduration" -s "$work/endpoint.lua" "$CELLGATE_URL"
  wrk_run "\`GET /api/v1/organisation/my/stats\`" -t2 -c8 -d"$qduration" -s "$work/org.lua" "$CELLGATE_URL"
  wrk_run "\`GET /api/v1/organisation/my/stats/daily\` ($days days)" -t2 -c8 -d"$qduration" -s "$work/orgdaily.lua" "$CELLGATE_URL"
  wrk_run "\`GET /api/v1/organisation/my/stats/hourly\` (24 hours)" -t2 -c8 -d"$qduration" -s "$work/orghourly.lua" "$CELLGATE_URL"
)
load_end=$(cut -d' ' -f1-3 /proc/loadavg)
device_days=$(( count * days ))

echo "## Connectivity data plane (issue 15)"
echo
echo "Load average (1, 5, 15 min) at the start: $load_start; at the end: $load_end (the machine's other users included)."
echo
echo "**Seeding.** $count endpoints in ${seed_seconds} s (REST, 4 connections). History: $hist_records usage records ($per_day per endpoint and day, $days days)"
echo "through the usage feed in ${hist_seconds} s = $(awk -v r="$hist_records" -v s="$hist_seconds" 'BEGIN { printf "%.0f", r / s }') records/s (10,000 a request, 2 senders, no other traffic)."
echo
echo "**Storage.** $(awk -v b="$(( bytes1 - bytes0 ))" -v d="$device_days" 'BEGIN { printf "%.0f", b / d }') bytes per device-day"
echo "($(( (bytes1 - bytes0) / 1048576 )) MiB of used pages for $device_days device-days: $records1 usage records, $rollups1 device rollups (hour, day, month), $orgrollups1 organisation rollups, $pending1 rows still pending for the roller);"
echo "$(awk -v b="$(( bytes1 - bytes0 ))" -v r="$hist_records" 'BEGIN { printf "%.0f", b / r }') bytes per usage record with its share of the rollups."
echo
echo "**Ingest while SMS traffic runs** (${duration} s; $senders connections, $batch records a request with an Idempotency-Key, so in chunks of the server's \`Cellgate:Usage:FeedWriteRecords\`; each request answers after its fsync'd commit)."
echo "SMS: REST, 8 connections, each waiting ${sms_delay} ms after an answer (about $sms_rate SMS/s), to $sms_devices attached endpoints; alone for ${sms_alone} s just before: $alone_rps SMS/s, p99 $alone_p99, ${alone_non2xx} non-2xx."
echo
echo "| usage records/s | records per server CPU-second | requests | request p50 | request p99 | server CPU (cores) | others' CPU (cores) | SMS/s alongside (alone) | SMS p99 alongside (alone) | SMS non-2xx | writer groups (> 50 ms; p99 bucket) | KB written per record |"
echo "|---|---|---|---|---|---|---|---|---|---|---|---|"
echo "| $(awk -v r="$in_records" -v s="$in_seconds" 'BEGIN { printf "%.0f", r / s }') | $(awk -v r="$in_records" -v s="$in_seconds" -v c="${cpu% *}" 'BEGIN { if (c > 0) printf "%.0f", r / s / c; else print "n/a" }') | $in_requests | ${in_p50} ms | ${in_p99} ms | ${cpu% *} | ${cpu#* } | $sms_rps ($alone_rps) | $sms_p99 ($alone_p99) | ${sms_non2xx:-0} | $groups (${groups_over50}%; ≤ ${groups_p99} ms) | $per_record |"
echo
echo "SMS while the feed ingests (SMS p99 at most 50 ms and SMS/s at least 90% of alone): **$holds**."
echo "Target: at least 50,000 usage records/s while SMS traffic runs as above. Database after ingest: $records2 usage records."
echo
echo "**Statistics** over the history above (wrk, 2 threads, 8 connections, $qduration each; target p99 < 50 ms):"
echo
echo "| request | req/s | p50 | p99 | errors |"
echo "|---|---|---|---|---|"
echo "$rows"
