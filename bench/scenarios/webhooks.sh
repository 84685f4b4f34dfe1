#!/usr/bin/env bash
# Issue 10: webhooks. MO SMS of attached simulated handsets to a short code, each a webhook (the service profile's API
# callback, signed) to a fast receiver on loopback (bench/WebhookSink): webhooks delivered/s, enqueue→delivery, nothing
# lost or duplicated (counted by webhook-id at the receiver); the dispatcher draining a backlog; a receiver outage
# under paced MO load with the server's RSS.
# Env: BENCH_WEBHOOK_DEVICES (1000), BENCH_DURATION (MO load, 20s), BENCH_WEBHOOK_BACKLOG_SECONDS (MO load while
#      the dispatcher is off, 15), BENCH_WEBHOOK_OUTAGE_SECONDS (60), BENCH_WEBHOOK_OUTAGE_DELAY_MS (pacing, 18: about
#      500 MO/s from 10 connections), BENCH_WEBHOOK_SINK_PORT (CELLGATE_PORT + 3), BENCH_METRICS_PORT (CELLGATE_PORT + 4),
#      BENCH_WEBHOOK_DEAD_PORT (CELLGATE_PORT + 5: a callback where nothing listens), BENCH_WEBHOOK_SUBMIT_SECONDS (15),
#      BENCH_WEBHOOK_DRAIN_TIMEOUT (how long the outage's backlog may take to arrive once the receiver is up, 900 s).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
source "$here/lib.sh"
wtool() { python3 "$here/webhook_tool.py" "$@"; }

devices=${BENCH_WEBHOOK_DEVICES:-1000}
duration=${BENCH_DURATION:-20s}
backlog_seconds=${BENCH_WEBHOOK_BACKLOG_SECONDS:-15}
outage_seconds=${BENCH_WEBHOOK_OUTAGE_SECONDS:-60}
outage_delay=${BENCH_WEBHOOK_OUTAGE_DELAY_MS:-18}
sink_port=${BENCH_WEBHOOK_SINK_PORT:-$((CELLGATE_PORT + 3))}
metrics_port=${BENCH_METRICS_PORT:-$((CELLGATE_PORT + 4))}
dead_port=${BENCH_WEBHOOK_DEAD_PORT:-$((CELLGATE_PORT + 5))}
submit_seconds=${BENCH_WEBHOOK_SUBMIT_SECONDS:-15}
drain_timeout=${BENCH_WEBHOOK_DRAIN_TIMEOUT:-900}
hz=$(getconf CLK_TCK)
# cpu_us TICKS0 N: server CPU (user + system) since TICKS0, in µs per item.
cpu_us() { awk -v t="$(( $(proc_ticks "$CELLGATE_PID") - $1 ))" -v n="$2" -v hz="$hz" 'BEGIN {if (n > 0) printf "%.0f", t * 1e6 / hz / n; else print "–"}'; }
metric() { wtool metric "http://127.0.0.1:$metrics_port/metrics" "$1"; }
sink_url="http://127.0.0.1:$sink_port"
db="$CELLGATE_DATA/cellgate.db"
mkdir -p "$root/bench/results"
log="$root/bench/results/webhooks-$(date -u +%Y%m%dT%H%M%S).log" # raw wrk output (bench/results is not committed)

dotnet publish "$root/bench/WebhookSink" -c Release -o "$root/bench/.webhook-sink" --nologo -v quiet >/dev/null
"$root/bench/.webhook-sink/WebhookSink" --port "$sink_port" >>"$log" 2>&1 &
sink_pid=$!
trap 'kill "$sink_pid" 2>/dev/null || true' EXIT
for _ in $(seq 1 100); do curl -fs "$sink_url/stats" >/dev/null 2>&1 && break; sleep 0.1; done

# The server with the receiver allowed by the SSRF guard and /metrics unauthenticated on its own loopback port; every
# other webhook setting is the default.
export Cellgate__Webhooks__AllowedTargets__0="127.0.0.1:$sink_port" Cellgate__Webhooks__AllowedTargets__1="127.0.0.1:$dead_port" Cellgate__Metrics__Port=$metrics_port
restart_server

export CELLGATE_TOKEN
CELLGATE_TOKEN=$(auth_token)
seed_start=$(date +%s)
read -r first count < <(tool seed "$devices")
seed_seconds=$(( $(date +%s) - seed_start ))
api() { curl -fs -X "$1" "$CELLGATE_URL$2" -H "Authorization: Bearer $CELLGATE_TOKEN" -H 'Content-Type: application/json' ${3:+-d "$3"} -D -; }
callback=$(api POST /api/v1/api_callback "{\"url\":\"$sink_url/hook\",\"purpose\":\"SMS\"}" | awk -F/ 'tolower($0) ~ /^location:/ {print $NF}' | tr -d '\r')
secret=$(api POST /api/v1/api_secret '{"secret":"bench-webhook-secret-0123456789abcdef","purpose":"SMS"}' | awk -F/ 'tolower($0) ~ /^location:/ {print $NF}' | tr -d '\r')
profile=$(curl -fs "$CELLGATE_URL/api/v1/service_profile" -H "Authorization: Bearer $CELLGATE_TOKEN" | json 'd[0]["id"]')
api PATCH "/api/v1/service_profile/$profile" "{\"api_callback\":{\"id\":$callback},\"api_secret\":{\"id\":$secret}}" >/dev/null

sink() { curl -fs "$sink_url/stats"; }
# mo NAME WRK_ARGS...: MO load; sets MO_CREATED, MO_OTHER, MO_RPS, MO_SECONDS (wall time of the wrk run).
mo() {
  local name=$1 out t0; shift
  t0=$(date +%s%N)
  out=$(MO_TOKEN=$CELLGATE_TOKEN MO_FIRST=$first MO_COUNT=$count MO_THREADS=${MO_THREADS:-2} MO_DELAY_MS=${MO_DELAY_MS:-0} \
    wrk --latency -s "$here/mo_inject.lua" "$@" "$CELLGATE_URL" 2>&1)
  MO_SECONDS=$(awk -v t="$(( $(date +%s%N) - t0 ))" 'BEGIN {printf "%.1f", t / 1e9}')
  echo "== $name" >>"$log"; echo "$out" >>"$log"
  MO_CREATED=$(awk '/^mo_created/ {print $2}' <<<"$out")
  MO_OTHER=$(awk '/^mo_created/ {print $4}' <<<"$out")
  MO_RPS=$(awk '/Requests\/sec/ {printf "%.0f", $2}' <<<"$out")
  MO_P99=$(awk '$1 == "99%" {print $2}' <<<"$out")
}
# wait_unique N TIMEOUT_S: until the receiver holds N distinct webhook-ids; prints the seconds waited.
wait_unique() {
  local t0 u
  t0=$(date +%s%N)
  for _ in $(seq 1 $(( $2 * 10 ))); do
    u=$(sink | json 'd["unique"]'); [[ $u -ge $1 ]] && break; sleep 0.1
  done
  awk -v t="$(( $(date +%s%N) - t0 ))" 'BEGIN {printf "%.1f", t / 1e9}'
}
# enqueued FROM_ID: outbox rows after FROM_ID, once the MO load's last answers are in (wrk does not count answers that
# arrive after its stop, so the outbox can hold a few more than its 201s).
enqueued() { sleep 0.5; wtool window "$db" "$1" | json 'd["count"]'; }
reset_sink() { curl -fs -X POST "$sink_url/control/reset"; }
rate() { awk -v n="$1" -v ms="$2" 'BEGIN {if (ms > 0) printf "%.0f", n * 1000 / ms; else print "–"}'; }

# Warm-up: 5 s of MO, all delivered, then the receiver forgets them.
MO_THREADS=2 mo warm-up -t2 -c32 -d5s
wait_unique "$(enqueued 0)" 120 >/dev/null
reset_sink
load_before=$(cut -d' ' -f1-3 /proc/loadavg)

cat <<EOF
## Webhooks (issue 10)

Setup through the API: $devices endpoints with SIMs, each handset attached in the simulator ($seed_seconds s, as in the SMS
scenario), their service profile given an API callback \`$sink_url/hook\` and an API secret (so every webhook is signed:
JWT + \`webhook-signature\`). The receiver is \`bench/WebhookSink\` (Kestrel minimal API on loopback, reads the body,
answers 200 and records each \`webhook-id\`'s arrivals; it alone takes about 45,000 req/s from wrk on this machine).
MO load: wrk 4.1, \`bench/scenarios/mo_inject.lua\`: \`POST /api/simulator/devices/{id}/mo\`
\`{"dest_address":"12345","payload":"…"}\` round-robin over the $devices endpoints; each 201 follows the commit of the MO SMS and
its outbox row (one transaction). Webhook settings: the defaults (\`BatchSize\` 500, \`MaxConcurrencyPerDestination\`
16, \`PollMilliseconds\` 1000, one receiver = one destination, ordering per device) except
\`Cellgate:Webhooks:AllowedTargets\` = \`127.0.0.1:$sink_port\`, \`127.0.0.1:$dead_port\` (nothing listens there: the last
section's dead callback); \`Cellgate:Metrics:Port\` = $metrics_port. After a 5 s warm-up.
Load average before the runs: $load_before (the machine is shared; other work may be running).

Enqueue→delivery is per webhook from the SQLite file: the outbox row's \`Created\` (in the MO's transaction) to the
recorded time of its 2xx attempt (\`webhook_attempts.At\`); the \`cellgate.webhook.delivery.duration\` histogram on
/metrics gives the share ≤ 100 ms (its bucket bound). Lost = webhooks enqueued (outbox rows) − distinct webhook-ids received;
duplicates = arrivals of a webhook-id already received. CPU per webhook is the server process's user + system time
(/proc/PID/stat) over the run divided by the webhooks delivered (under MO load: per MO and its webhook together); it moves
far less with other load on the machine than the rates do.

### MO load and delivery at the same time

| run | MO 201/s (wrk) | MO p99 | MO 201s (wrk) / webhooks enqueued | webhooks received (distinct) | duplicates | lost | delivered/s (first→last arrival) | drain after the load | p50 enqueue→delivery | p99 | max | server CPU per MO + webhook | server cores | other cores |
|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|
EOF
# row NAME FROM_ID: after mo; waits for delivery, prints a table row.
row() {
  local name=$1 from=$2 drain s w cpu enq
  enq=$(enqueued "$from")
  drain=$(wait_unique "$enq" 600)
  cpu=$(cpu_end)
  s=$(sink); w=$(wtool window "$db" "$from")
  echo "$name: sink $s window $w" >>"$log"
  printf '| %s | %s | %s | %s | %s | %s | %s | %s | %s s | %s ms | %s ms | %s ms | %s µs | %s | %s |\n' "$name" "$MO_RPS" "$MO_P99" "$MO_CREATED / $enq" \
    "$(json 'd["unique"]' <<<"$s")" "$(json 'd["duplicates"]' <<<"$s")" "$(( enq - $(json 'd["unique"]' <<<"$s") ))" \
    "$(rate "$(json 'd["unique"]' <<<"$s")" "$(json 'd["last_ms"] - d["first_ms"]' <<<"$s")")" "$drain" \
    "$(json 'd["p50_ms"]' <<<"$w")" "$(json 'd["p99_ms"]' <<<"$w")" "$(json 'd["max_ms"]' <<<"$w")" \
    "$(cpu_us "$ticks0" "$enq")" "$(cut -d' ' -f1 <<<"$cpu")" "$(cut -d' ' -f2 <<<"$cpu")"
}
from=$(wtool max-id "$db"); cpu_begin; ticks0=$(proc_ticks "$CELLGATE_PID")
MO_THREADS=2 mo "full speed" -t2 -c64 -d"$duration"
row "wrk 2 threads, 64 connections, $duration" "$from"
reset_sink
from=$(wtool max-id "$db"); cpu_begin; ticks0=$(proc_ticks "$CELLGATE_PID")
MO_THREADS=1 mo "16 connections" -t1 -c16 -d"$duration"
row "wrk 1 thread, 16 connections, $duration" "$from"
reset_sink
hist=$(wtool histogram "http://127.0.0.1:$metrics_port/metrics")
echo
echo "\`cellgate.webhook.delivery.duration\` over the whole process (warm-up and both rows): $(json 'd["count"]' <<<"$hist") delivered,"
echo "$(json 'round(100 * d["buckets"].get("0.1", 0) / max(d["count"], 1), 2)' <<<"$hist") % within 0.1 s, $(json 'round(100 * d["buckets"].get("0.025", 0) / max(d["count"], 1), 2)' <<<"$hist") % within 25 ms."

# Backlog: the dispatcher off (Cellgate:Webhooks:Enabled=false) while MO arrive, then a restart with it on: the rate of
# the dispatcher alone, without MO load.
echo
echo "### Draining a backlog"
echo
echo "MO accepted for ${backlog_seconds} s (wrk, 2 threads, 64 connections) with the dispatcher off"
echo "(\`Cellgate__Webhooks__Enabled=false\`), then the server restarted with it on (a fresh process): the dispatcher alone, no"
echo "MO load. With the default \`MaxConcurrencyPerDestination\` (16), then — non-default, to show where the time goes — 64."
echo "CPU per webhook: the process's CPU time at the last arrival minus that of the previous start (to /readyz, the"
echo "dispatcher off), over the webhooks; it includes the fresh process's JIT. The dispatcher starts before /readyz answers,"
echo "so \"/readyz → all received\" understates the drain; \"delivered/s\" is from the receiver's first to its last arrival."
echo
echo "| MaxConcurrencyPerDestination | webhooks enqueued | received (distinct) | duplicates | lost | /readyz → all received | delivered/s (first→last arrival) | attempts | server CPU per webhook | server cores | other cores |"
echo "|---|---|---|---|---|---|---|---|---|---|---|"
for concurrency in 16 64; do
  export Cellgate__Webhooks__Enabled=false
  restart_server
  start_ticks=$(proc_ticks "$CELLGATE_PID") # the CPU of a start (to /readyz) without the dispatcher: subtracted below
  from=$(wtool max-id "$db")
  MO_THREADS=2 mo "backlog" -t2 -c64 -d"${backlog_seconds}s"
  backlog=$(enqueued "$from")
  export Cellgate__Webhooks__Enabled=true Cellgate__Webhooks__MaxConcurrencyPerDestination=$concurrency
  restart_server
  cpu_begin
  drain=$(wait_unique "$backlog" 600)
  drain_cpu=$(cpu_us "$start_ticks" "$backlog")
  cpu=$(cpu_end)
  s=$(sink); w=$(wtool window "$db" "$from")
  echo "backlog $concurrency: sink $s window $w" >>"$log"
  echo "| $concurrency | $backlog | $(json 'd["unique"]' <<<"$s") | $(json 'd["duplicates"]' <<<"$s") | $(( backlog - $(json 'd["unique"]' <<<"$s") )) | $drain s | $(rate "$(json 'd["unique"]' <<<"$s")" "$(json 'd["last_ms"] - d["first_ms"]' <<<"$s")") | $(json 'd["attempts"]' <<<"$w") | $drain_cpu µs | $(cut -d' ' -f1 <<<"$cpu") | $(cut -d' ' -f2 <<<"$cpu") |"
  reset_sink
done
unset Cellgate__Webhooks__MaxConcurrencyPerDestination
restart_server

# Outage: paced MO, the receiver answering 503 for the first $outage_seconds s, then 200; RSS each second.
echo
echo "### Receiver outage under MO load"
echo
from=$(wtool max-id "$db")
sampler=$(mktemp)
( while kill -0 "$CELLGATE_PID" 2>/dev/null; do echo "$(date +%s) $(rss_mib)" >>"$sampler"; sleep 1; done ) &
sampler_pid=$!
rss_before=$(rss_mib)
curl -fs -X POST "$sink_url/control/down"
MO_THREADS=1 MO_DELAY_MS=$outage_delay mo "outage" -t1 -c10 -d"${outage_seconds}s"
outage_created=$(enqueued "$from"); outage_rate=$(awk -v n="$MO_CREATED" -v s="$MO_SECONDS" 'BEGIN {printf "%.0f", n / s}')
rss_down=$(awk '$2 > m {m = $2} END {print m}' "$sampler")
refused=$(sink | json 'd["refused"]')
backlog_w=$(wtool window "$db" "$from")
up_at=$(date +%s)
curl -fs -X POST "$sink_url/control/up"
drain=$(wait_unique "$outage_created" "$drain_timeout")
rss_after=$(rss_mib)
sleep 10
rss_later=$(rss_mib)
kill "$sampler_pid" 2>/dev/null || true
rss_drain=$(awk -v t="$up_at" '$1 >= t && $2 > m {m = $2} END {print m}' "$sampler")
s=$(sink); w=$(wtool window "$db" "$from")
echo "outage: sink $s window $w" >>"$log"
echo "The issue asks for 10 minutes × 1,000 MO/s; this run: ${outage_seconds} s × about $outage_rate MO/s (wrk, 1 thread, 10 connections, each waiting"
echo "${outage_delay} ms before each request): the receiver answers 503 to everything for those ${outage_seconds} s (it refused $refused requests:"
echo "attempts and retries, the circuit breaker opening and half-opening), then 200 again."
echo
echo "| | |"
echo "|---|---|"
echo "| MO during the outage: 201s counted by wrk / webhooks enqueued | $MO_CREATED / $outage_created (other answers: $MO_OTHER) |"
echo "| outbox at the end of the outage | $(json 'd["states"]' <<<"$backlog_w") |"
echo "| receiver up → every webhook-id received | $drain s |"
echo "| distinct received / duplicates / lost | $(json 'd["unique"]' <<<"$s") / $(json 'd["duplicates"]' <<<"$s") / $(( outage_created - $(json 'd["unique"]' <<<"$s") )) |"
echo "| outbox afterwards | $(json 'd["states"]' <<<"$w"), $(json 'd["attempts"]' <<<"$w") attempts |"
echo "| server RSS before | $rss_before MiB |"
echo "| highest during the outage (sampled each second) | $rss_down MiB |"
echo "| highest while draining | $rss_drain MiB |"
echo "| after the drain / 10 s later | $rss_after / $rss_later MiB |"
rm -f "$sampler"

# SMS submit with the service profile's callback dead (nothing listens on dead_port) against no callback: the dead
# destination's webhooks must not take the writer from submissions (docs/benchmarks.md, "Regression found …").
echo
echo "### REST SMS submit while the API callback is dead"
echo
echo "\`POST /api/v1/endpoint/{id}/sms\` (wrk, 2 threads, 64 connections, ${submit_seconds} s each, \`bench/scenarios/sms_submit.lua\`) to the"
echo "$devices attached endpoints: each SMS is delivered at once, and its final status enqueues a delivery report (PATCH) when the"
echo "service profile has an API callback. First without a callback, then with one to \`http://127.0.0.1:$dead_port/hook\`, where"
echo "nothing listens (connection refused: retries, the circuit opens, the backlog is parked), then without again. Writer"
echo "transactions: \`cellgate.writer.group.size\` count over the run; webhook requests: \`cellgate.webhook.attempts\`."
echo
echo "| callback | SMS 201/s | p99 | server CPU per SMS | writer transactions | writes per transaction | webhook requests | reports pending after | server cores | other cores |"
echo "|---|---|---|---|---|---|---|---|---|---|"
dead_callback=$(api POST /api/v1/api_callback "{\"url\":\"http://127.0.0.1:$dead_port/hook\",\"purpose\":\"dead\"}" | awk -F/ 'tolower($0) ~ /^location:/ {print $NF}' | tr -d '\r')
submit_row() {
  local name=$1 callback=$2 out groups0 writes0 attempts0 groups writes created
  api PATCH "/api/v1/service_profile/$profile" "{\"api_callback\":$callback}" >/dev/null
  groups0=$(metric cellgate_writer_group_size_count); writes0=$(metric cellgate_writer_group_size_sum)
  attempts0=$(metric cellgate_webhook_attempts_total); from=$(wtool max-id "$db")
  cpu_begin; ticks0=$(proc_ticks "$CELLGATE_PID")
  out=$(SMS_TOKEN=$CELLGATE_TOKEN SMS_FIRST=$first SMS_COUNT=$count wrk --latency -t2 -c64 -d"${submit_seconds}s" -s "$here/sms_submit.lua" "$CELLGATE_URL" 2>&1)
  echo "== submit $name" >>"$log"; echo "$out" >>"$log"
  created=$(awk '/Requests\/sec/ {printf "%.0f", $2}' <<<"$out")
  local n; n=$(awk -v r="$created" -v s="${submit_seconds}" 'BEGIN {printf "%.0f", r * s}')
  local c; c=$(cpu_end); local us; us=$(cpu_us "$ticks0" "$n")
  groups=$(( $(metric cellgate_writer_group_size_count) - groups0 )); writes=$(( $(metric cellgate_writer_group_size_sum) - writes0 ))
  echo "| $name | $created | $(awk '$1 == "99%" {print $2}' <<<"$out") | $us µs | $groups | $(awk -v w="$writes" -v g="$groups" 'BEGIN {if (g > 0) printf "%.1f", w / g; else print "–"}') | $(( $(metric cellgate_webhook_attempts_total) - attempts0 )) | $(wtool window "$db" "$from" | json 'd["states"].get("pending", 0)') | $(cut -d' ' -f1 <<<"$c") | $(cut -d' ' -f2 <<<"$c") |"
}
submit_row "none" '{"id":null}'
submit_row "dead (connection refused)" "{\"id\":$dead_callback}"
submit_row "none (again)" '{"id":null}'

echo
echo "Load average after the runs: $(cut -d' ' -f1-3 /proc/loadavg). Raw output: bench/results/ (not committed)."
