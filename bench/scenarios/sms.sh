#!/usr/bin/env bash
# Issue 4: the SMS service. REST submit with group commit (fresh server, then warm), end to end to attached simulated
# handsets (zero lost), and the memory of a server holding 1,000,000 SMS for detached handsets.
# Env: BENCH_SMS_DEVICES (1000), BENCH_DURATION (warm submit, 15s), BENCH_SMS_E2E (100000), BENCH_SMS_BUFFERED (1000000).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
source "$here/lib.sh"

devices=${BENCH_SMS_DEVICES:-1000}
duration=${BENCH_DURATION:-15s}
e2e=${BENCH_SMS_E2E:-100000}
buffered=${BENCH_SMS_BUFFERED:-1000000}
db="$CELLGATE_DATA/cellgate.db"
lua="$here/sms_submit.lua"
log=$(mktemp)

export CELLGATE_TOKEN
CELLGATE_TOKEN=$(auth_token)
seed_start=$(date +%s)
read -r first count < <(tool seed "$devices")
seed_seconds=$(( $(date +%s) - seed_start ))

# submit NAME LIMIT|-: one wrk run (2 threads, 64 connections). With a LIMIT, exactly that many SMS; without, $duration.
# Prints a table row and sets SUBMIT_RATE (SMS/s), SUBMIT_CREATED (201s counted by the script, LIMIT runs only):
# call it without a subshell (redirect its output instead) to see those.
submit() {
  local name=$1 limit=$2 out done_file cpu rps requests runtime rate p50 p99 max non2xx fillers created other
  done_file=$(mktemp)
  cpu_begin
  if [[ $limit == - ]]; then
    out=$(SMS_TOKEN=$CELLGATE_TOKEN SMS_FIRST=$first SMS_COUNT=$count SMS_DONE_FILE=$done_file \
      wrk --latency -t2 -c64 -d"$duration" -s "$lua" "$CELLGATE_URL" 2>&1)
  else
    out=$(SMS_TOKEN=$CELLGATE_TOKEN SMS_FIRST=$first SMS_COUNT=$count SMS_LIMIT=$limit SMS_THREADS=2 SMS_DONE_FILE=$done_file \
      wrk --latency -t2 -c64 -d900s -s "$lua" "$CELLGATE_URL" 2>&1)
  fi
  cpu=$(cpu_end)
  echo "== $name" >>"$log"; echo "$out" >>"$log"
  rps=$(awk '/Requests\/sec/ {print $2}' <<<"$out")
  requests=$(awk '/requests in/ {print $1}' <<<"$out")
  p50=$(awk '$1 == "50%" {print $2}' <<<"$out")
  p99=$(awk '$1 == "99%" {print $2}' <<<"$out")
  max=$(awk '/Latency/ && !/Distribution/ {print $4}' <<<"$out")
  non2xx=$(awk '/Non-2xx/ {print $NF}' <<<"$out")
  if [[ $limit == - ]]; then
    rate=${rps%.*}; fillers=0; SUBMIT_CREATED=""
  else
    read -r created other < <(awk '{c += $1; o += $2} END {print c + 0, o + 0}' "$done_file")
    runtime=$(awk -v n="$requests" -v r="$rps" 'BEGIN {printf "%.3f", n / r}')
    rate=$(awk -v n="$limit" -v t="$runtime" 'BEGIN {printf "%.0f", n / t}')
    fillers=$(( requests - limit ))
    SUBMIT_CREATED=$created
  fi
  SUBMIT_RATE=$rate
  rm -f "$done_file"
  printf '| %s | %s | %s | %s | %s | %s | %s | %s |\n' "$name" "$rate" "$p50" "$p99" "$max" "${non2xx:-0}" \
    "$(cut -d' ' -f1 <<<"$cpu")" "$(cut -d' ' -f2 <<<"$cpu")"
  echo "$fillers" >>"$CELLGATE_DATA/fillers"
}

drain() { tool wait-drained 300 >/dev/null; }
max_id() { tool window "$db" 1000000000 | json 'd["max_id"]'; }

# end_to_end NAME: exactly $e2e SMS to the attached handsets; waits until none is pending; prints a row.
end_to_end() {
  local name=$1 from before after w received dups row
  from=$(max_id)
  before=$(tool stats)
  submit "$name" "$e2e" >"$log.row"
  row=$(cat "$log.row")
  drain
  after=$(tool stats)
  w=$(tool window "$db" "$from")
  received=$(( $(json 'd["received"]' <<<"$after") - $(json 'd["received"]' <<<"$before") ))
  dups=$(( $(json 'd["duplicates_suppressed"]' <<<"$after") - $(json 'd["duplicates_suppressed"]' <<<"$before") ))
  printf '| %s | %s | %s | %s | %s | %s | %s | %s | %s ms | %s ms |\n' "$name" "$SUBMIT_CREATED" "$(json 'd["count"]' <<<"$w")" \
    "$(json 'd["delivered"]' <<<"$w")" "$received" "$dups" "$(json 'd["seconds"]' <<<"$w")" "$(json 'd["per_second"]' <<<"$w")" \
    "$(json 'd["p50_ms"]' <<<"$w")" "$(json 'd["p99_ms"]' <<<"$w")"
  echo "$name: submit row $row" >>"$log"
  E2E_NOT_DELIVERED=$(json 'sum(v for k, v in d["sms_by_status"].items() if k != "DELIVERED")' <<<"$after")
}

echo "## SMS (issue 4)"
echo
echo "Setup through the API: an IP address space, one imported batch of $devices SIMs, $devices enabled endpoints with"
echo "those SIMs, each handset attached in the network simulator ($seed_seconds s). Then the server is restarted on that"
echo "database, so the first rows below are a freshly started process. Load: wrk 4.1, 2 threads, 64 keep-alive"
echo "connections, \`bench/scenarios/sms_submit.lua\`: \`POST /api/v1/endpoint/{id}/sms\` with a JWT, round-robin over the"
echo "$devices endpoints, body \`{\"source_address\":\"+4912345678\",\"payload\":\"Cellgate benchmark SMS number N\"}\` (one part)."
echo "Every 201 follows the group commit of that SMS (SQLite WAL, synchronous=FULL). The dispatcher delivers to the"
echo "attached handsets at the same time, on the same writer. CPU columns: cores' worth used by the server, and by"
echo "everything else on the machine (wrk included) during the run."
echo
echo "### Submit"
echo
echo "Fresh: the first 20,000 SMS a just-started server accepts (SMS/s over exactly those 20,000). Warm: after a 20 s"
echo "warm-up, $duration of load."
echo
echo "| run | accepted SMS/s | p50 | p99 | max | non-2xx | server cores | other cores |"
echo "|---|---|---|---|---|---|---|---|"
restart_server
CELLGATE_TOKEN=$(auth_token)
submit "fresh server, first 20,000" 20000
fresh_rate=$SUBMIT_RATE
drain
duration=20s submit "warm-up (20 s)" - >/dev/null
drain
submit "warm, $duration" -
warm_rate=$SUBMIT_RATE
drain
fillers=$(awk '{s += $1} END {print s + 0}' "$CELLGATE_DATA/fillers")
echo
echo "A fresh server accepts $(( 100 * fresh_rate / warm_rate )) % of the warm rate. (Count-limited runs end with at most a few hundred"
echo "cheap \`GET /healthz\` requests from connections whose share was sent while the last SMS were answered: $fillers here, in"
echo "the latency figures but not in SMS/s.)"
echo
echo "### End to end"
echo
echo "Exactly $(printf "%'d" "$e2e") SMS to the $devices attached handsets, then wait until none is pending. Delivered/s runs from the"
echo "first SMS's submit time to the last one's delivery time (as stored), so it includes the submission; latency is"
echo "submit to delivery per SMS. Zero lost: 201s counted by wrk = new SMS rows = delivered = new entries in the handsets'"
echo "inboxes (\`/api/simulator/stats\`), with no duplicate."
echo
echo "| run | 201s | SMS stored | delivered | received by handsets | duplicates | seconds | delivered/s | p50 submit→delivery | p99 |"
echo "|---|---|---|---|---|---|---|---|---|---|"
end_to_end "warm server"
warm_lost=$E2E_NOT_DELIVERED
restart_server
CELLGATE_TOKEN=$(auth_token)
end_to_end "fresh server"
fresh_lost=$E2E_NOT_DELIVERED
echo
echo "SMS of the organisation not in status DELIVERED after each run: $warm_lost (warm), $fresh_lost (fresh)."
echo
echo "### $(printf "%'d" "$buffered") SMS buffered for detached handsets"
echo
tool detach "$first" "$count"
rss_before=$(rss_mib)
sampler=$(mktemp)
( while kill -0 "$CELLGATE_PID" 2>/dev/null; do echo "$(date +%s) $(rss_mib)" >>"$sampler"; sleep 1; done ) &
sampler_pid=$!
start=$(date +%s%N)
submit "buffer" "$buffered" >"$log.row"
row=$(cat "$log.row")
seconds=$(awk -v t="$(( $(date +%s%N) - start ))" 'BEGIN {printf "%.0f", t / 1e9}')
rss_after=$(rss_mib)
sleep 30
rss_later=$(rss_mib)
kill "$sampler_pid" 2>/dev/null || true
rss_max=$(awk '$2 > m {m = $2} END {print m}' "$sampler")
stats=$(tool stats)
echo "All $devices handsets detached, then exactly $(printf "%'d" "$buffered") SMS submitted as above (the dispatcher claims them, finds the"
echo "handsets absent and buffers them with the retry schedule, all the while): $seconds s, $SUBMIT_RATE accepted SMS/s;"
echo "submit row: $row"
echo
echo "| server RSS | MiB |"
echo "|---|---|"
echo "| before (after the runs above) | $rss_before |"
echo "| highest while buffering (sampled each second) | $rss_max |"
echo "| after the last 201 | $rss_after |"
echo "| 30 s later | $rss_later |"
echo
echo "SMS by status afterwards: $(json 'd["sms_by_status"]' <<<"$stats"). Database file $(du -m "$db" | cut -f1) MiB, WAL $(du -m "$db-wal" 2>/dev/null | cut -f1) MiB."
rm -f "$sampler" "$log" "$log.row"
