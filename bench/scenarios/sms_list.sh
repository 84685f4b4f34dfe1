#!/usr/bin/env bash
# Issue 7 item 10: the unpaged SMS list (and the simulator inbox) of one device with 100,000 SMS, read by 16 clients
# at once: the answers are streamed from the database (constant memory) under the heavy-read gate, and the rest of the
# API stays responsive. Env: BENCH_LIST_SMS (100000), BENCH_LIST_CLIENTS (16), BENCH_LIST_DURATION (30s).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
source "$here/lib.sh"

total=${BENCH_LIST_SMS:-100000}
clients=${BENCH_LIST_CLIENTS:-16}
duration=${BENCH_LIST_DURATION:-30s}
seconds=${duration%s}

export CELLGATE_TOKEN
CELLGATE_TOKEN=$(auth_token)
read -r device _ < <(tool seed 1)
done_file=$(mktemp)
SMS_TOKEN=$CELLGATE_TOKEN SMS_FIRST=$device SMS_COUNT=1 SMS_LIMIT=$total SMS_THREADS=2 SMS_DONE_FILE=$done_file \
  wrk -t2 -c32 -d900s -s "$here/sms_submit.lua" "$CELLGATE_URL" >/dev/null 2>&1
rm -f "$done_file"
tool wait-drained 300 >/dev/null
stored=$(curl -fs -H "Authorization: Bearer $CELLGATE_TOKEN" "$CELLGATE_URL/api/v1/endpoint/$device/sms?per_page=1" -D - -o /dev/null \
  | awk 'tolower($1) == "x-total-count:" {print $2}' | tr -d '\r')
list_bytes=$(curl -fs -H "Authorization: Bearer $CELLGATE_TOKEN" "$CELLGATE_URL/api/v1/endpoint/$device/sms" | wc -c)
inbox_bytes=$(curl -fs -H "Authorization: Bearer $CELLGATE_TOKEN" "$CELLGATE_URL/api/simulator/devices/$device/inbox" | wc -c)
idle=$(python3 "$here/list_probe.py" 5 "$CELLGATE_PID")

# read_run NAME PATH: $clients wrk connections reading PATH for $duration while list_probe.py samples /healthz and RSS.
read_run() {
  local name=$1 path=$2 out probe reads rps p50 p99 non2xx errors
  python3 "$here/list_probe.py" "$seconds" "$CELLGATE_PID" >"$CELLGATE_DATA/probe.json" &
  local probe_pid=$!
  out=$(wrk --latency -t2 -c"$clients" -d"$duration" --timeout 300s -H "Authorization: Bearer $CELLGATE_TOKEN" "$CELLGATE_URL$path" 2>&1)
  wait "$probe_pid"
  probe=$(cat "$CELLGATE_DATA/probe.json")
  reads=$(awk '/requests in/ {print $1}' <<<"$out")
  p50=$(awk '$1 == "50%" {print $2}' <<<"$out")
  p99=$(awk '$1 == "99%" {print $2}' <<<"$out")
  non2xx=$(awk '/Non-2xx/ {print $NF}' <<<"$out")
  errors=$(awk '/Socket errors/ {print $0}' <<<"$out" | sed 's/.*Socket errors: //')
  printf '| %s | %s | %s | %s | %s | %s ms | %s ms | %s ms | %s | %s / %s / %s |\n' "$name" "$reads" "$p50" "$p99" "${non2xx:-0}${errors:+; $errors}" \
    "$(json 'd["p50"]' <<<"$probe")" "$(json 'd["p99"]' <<<"$probe")" "$(json 'd["max"]' <<<"$probe")" "$(json 'd["n"]' <<<"$probe")" \
    "$(json 'd["rss_first"]' <<<"$probe")" "$(json 'd["rss_max"]' <<<"$probe")" "$(json 'd["rss_last"]' <<<"$probe")"
}

echo "### Unpaged SMS list and inbox of a device with $(printf "%'d" "$stored") SMS (issue 7, item 10)"
echo
echo "One endpoint with an attached handset; exactly $(printf "%'d" "$total") SMS submitted to it over the API and delivered, so its SMS"
echo "list (\`GET /api/v1/endpoint/{id}/sms\`, unpaged as EMnify: $((list_bytes / 1048576)) MiB of JSON) and its handset's inbox"
echo "(\`GET /api/simulator/devices/{id}/inbox\`: $((inbox_bytes / 1048576)) MiB) each hold $(printf "%'d" "$stored") entries. Then $clients clients read"
echo "one of them in a loop for $duration (\`wrk -t2 -c$clients -d$duration --timeout 300s --latency\`, JWT), while"
echo "\`bench/scenarios/list_probe.py\` sends \`GET /healthz\` one at a time every 20 ms and samples the server's RSS each second."
echo "Heavy-read gate at its defaults on this machine: $(( $(nproc) / 2 > 0 ? $(nproc) / 2 : 1 )) read(s) streaming at once, up to 64 waiting"
echo "(\`Cellgate:HeavyReads\`). Read latency is the wait for a permit plus the streaming of the whole answer."
echo
echo "| run | full reads | read p50 | read p99 | non-2xx / errors | /healthz p50 | /healthz p99 | /healthz max | /healthz probes | RSS MiB first / max / last |"
echo "|---|---|---|---|---|---|---|---|---|---|"
printf '| idle, 5 s | – | – | – | – | %s ms | %s ms | %s ms | %s | %s / %s / %s |\n' \
  "$(json 'd["p50"]' <<<"$idle")" "$(json 'd["p99"]' <<<"$idle")" "$(json 'd["max"]' <<<"$idle")" "$(json 'd["n"]' <<<"$idle")" \
  "$(json 'd["rss_first"]' <<<"$idle")" "$(json 'd["rss_max"]' <<<"$idle")" "$(json 'd["rss_last"]' <<<"$idle")"
read_run "SMS list, $clients clients" "/api/v1/endpoint/$device/sms"
read_run "inbox, $clients clients" "/api/simulator/devices/$device/inbox"
sleep 10
echo
echo "Server RSS 10 s after the last read: $(rss_mib) MiB."
echo
echo "Command: \`bench/run.sh sms_list\` (seeding and delivering the SMS takes about 20 s of it)."
