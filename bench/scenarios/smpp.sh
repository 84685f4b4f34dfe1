#!/usr/bin/env bash
# Issue 9: SMPP. A customer ESME (bench/Cellgate.Bench.Smpp, on our SMPP library) with a window of 100 submit_sm on
# loopback against Cellgate's northbound SMPP server: submit_sm/s acknowledged (each submit_sm_resp follows the group
# commit) and submit→resp latency, then end to end to the attached simulated handsets with nothing lost. In the same
# run, Kannel (bearerbox + smsbox, when installed) on the same machine: sendsms over HTTP → bearerbox → SMPP to a sink
# SMSC played by the driver (Kannel's own SMPP client throughput), and Kannel as an ESME into Cellgate.
# Env: BENCH_SMS_DEVICES (1000), BENCH_SMPP_COUNT (200000), BENCH_SMPP_WARMUP (20000), BENCH_SMPP_WINDOW (100),
#      BENCH_DURATION (Kannel, REST and upstream rows, 15s), BENCH_SMPP_PARTS ("esme kannel upstream": the parts to run),
#      BENCH_SMPP_UPSTREAM_WARMUP (5s of load, not counted, after each restart of the upstream part),
#      BENCH_SMPP_DRAIN (200000: SMS queued for the upstream part's drain row), BENCH_SMPP_UPSTREAM_ROWS (all; "drain": that row only).
# Cellgate's SMPP port and account come from run.sh/server.sh (CELLGATE_SMPP_*). The upstream part (issue 9: "upstream
# submit throughput at least that of the REST path") restarts the server routing every SMS to a sink SMSC on loopback.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
source "$here/lib.sh"

devices=${BENCH_SMS_DEVICES:-1000}
count=${BENCH_SMPP_COUNT:-200000}
warmup=${BENCH_SMPP_WARMUP:-20000}
window=${BENCH_SMPP_WINDOW:-100}
duration=${BENCH_DURATION:-15s}
parts=" ${BENCH_SMPP_PARTS:-esme kannel upstream} "
upstream_warmup=${BENCH_SMPP_UPSTREAM_WARMUP:-5s}
db="$CELLGATE_DATA/cellgate.db"
driver="$root/bench/.smpp-driver/Cellgate.Bench.Smpp"
mkdir -p "$root/bench/results"
log="$root/bench/results/smpp-$(date -u +%Y%m%dT%H%M%S).log" # the raw driver and wrk output (bench/results is not committed)

dotnet publish "$root/bench/Cellgate.Bench.Smpp" -c Release -o "$root/bench/.smpp-driver" --nologo -v quiet >/dev/null

export CELLGATE_TOKEN
CELLGATE_TOKEN=$(auth_token)
read -r first _count < <(tool seed "$devices")
max_id() { tool window "$db" 1000000000 | json 'd["max_id"]'; }

# esme_row NAME ARGS...: one driver run against Cellgate; prints a table row, keeps the JSON in $log. CPU per submit_sm is
# the server process's CPU (user + system) from the row's start until every SMS of the row was delivered, divided by
# the submit_sm answered: it holds up when the machine is shared (the rate does not), and includes the delivery.
esme_row() {
  local name=$1 out cpu s0 s1 load0 submitted; shift
  load0=$(cut -d' ' -f1 /proc/loadavg)
  s0=$(proc_ticks "$CELLGATE_PID")
  cpu_begin
  out=$("$driver" esme --port "$CELLGATE_SMPP_PORT" --system-id "$CELLGATE_SMPP_SYSTEM_ID" --password "$CELLGATE_SMPP_PASSWORD" \
    --window "$window" --dest-prefix 99902 --dest-first 1 --dest-count "$devices" "$@") || true
  cpu=$(cpu_end)
  tool wait-drained 600 >/dev/null
  s1=$(proc_ticks "$CELLGATE_PID")
  echo "$name: $out" >>"$log"
  ESME_OK=$(json 'd["ok"]' <<<"$out")
  submitted=$(json 'd["submitted"]' <<<"$out")
  printf '| %s | %s | %s | %s ms | %s ms | %s ms | %s | %s | %s | %s | %s–%s |\n' "$name" "$submitted" \
    "$(json 'd["per_second"]' <<<"$out")" "$(json 'd["p50_ms"]' <<<"$out")" "$(json 'd["p99_ms"]' <<<"$out")" "$(json 'd["max_ms"]' <<<"$out")" \
    "$(json 'sum(d["errors"].values()) if d["errors"] else 0' <<<"$out")" "$(cut -d' ' -f1 <<<"$cpu")" "$(cut -d' ' -f2 <<<"$cpu")" \
    "$(us_per "$((s1 - s0))" "$submitted")" \
    "$load0" "$(cut -d' ' -f1 /proc/loadavg)"
}

# rest_row NAME: $duration of REST submits (wrk, 2 threads, 64 keep-alive connections, POST /api/v1/endpoint/{id}/sms
# round-robin over the endpoints), then waits until every SMS left the pending states; prints a row of the submit
# table and sets REST_REQUESTS and REST_RPS.
rest_row() {
  local name=$1 load0 s0 s1 cpu rest
  load0=$(cut -d' ' -f1 /proc/loadavg)
  s0=$(proc_ticks "$CELLGATE_PID")
  cpu_begin
  rest=$(SMS_TOKEN=$CELLGATE_TOKEN SMS_FIRST=$first SMS_COUNT=$devices wrk --latency -t2 -c64 -d"$duration" -s "$here/sms_submit.lua" "$CELLGATE_URL" 2>&1)
  cpu=$(cpu_end)
  tool wait-drained 600 >/dev/null
  s1=$(proc_ticks "$CELLGATE_PID")
  echo "$name: $rest" >>"$log"
  REST_REQUESTS=$(awk '/requests in/ {print $1}' <<<"$rest")
  REST_RPS=$(awk '/Requests\/sec/ {printf "%.0f", $2}' <<<"$rest")
  printf '| %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s–%s |\n' "$name" "$REST_REQUESTS" \
    "$REST_RPS" "$(awk '$1 == "50%" {print $2}' <<<"$rest")" "$(awk '$1 == "99%" {print $2}' <<<"$rest")" \
    "$(awk '/Latency/ && !/Distribution/ {print $4}' <<<"$rest")" "$(awk '/Non-2xx/ {print $NF}' <<<"$rest" | grep . || echo 0)" \
    "$(cut -d' ' -f1 <<<"$cpu")" "$(cut -d' ' -f2 <<<"$cpu")" \
    "$(us_per "$((s1 - s0))" "$REST_REQUESTS")" \
    "$load0" "$(cut -d' ' -f1 /proc/loadavg)"
}

if [[ $parts == *" esme "* ]]; then
cat <<EOF
## SMPP (issue 9)

Setup: the 1000 endpoints of the SMS scenario (one imported batch of SIMs with MSISDNs 99902…, each handset attached),
and the demo organisation's bootstrap SMPP account. Load: \`bench/Cellgate.Bench.Smpp esme\`, one bind_transceiver over
loopback with exactly $window submit_sm in flight (a new one leaves as each submit_sm_resp arrives), round-robin over
the 1000 MSISDNs, one-part GSM text, no registered_delivery unless said. Latency is submit_sm written → its
submit_sm_resp read, in the driver. Each submit_sm_resp follows the group commit of its SMS (SQLite WAL,
synchronous=FULL); the dispatcher delivers to the handsets at the same time. Cores columns as in the SMS section;
"µs CPU/submit_sm" is the server's CPU from the row's start until all its SMS were delivered, per submit_sm (per REST
request in the REST row): the figure to compare between runs on a shared machine; "load" is the 1-minute load average
at the row's start and end.

### Submit over SMPP, window $window

| run | submit_sm | submit_sm/s | p50 | p99 | max | errors | server cores | other cores | µs CPU/submit_sm | load |
|---|---|---|---|---|---|---|---|---|---|---|
EOF
from=$(max_id)
esme_row "warm-up ($warmup, not counted)" --count "$warmup" --warmup 0 >/dev/null || true
esme_row "window $window, 1 bind" --count "$count" --warmup 0
ok_main=$ESME_OK
esme_row "window $window, 1 bind, registered_delivery" --count "$((count / 4))" --warmup 0 --registered-delivery --receipt-wait-seconds 120
receipts=$(tail -1 "$log" | sed 's/^[^{]*//' | json 'd["receipts"]')
ok_receipts=$ESME_OK
esme_row "window 50 × 2 binds" --count "$count" --warmup 0 --binds 2 --window 50
ok_two=$ESME_OK
# The REST submit path on the same server at the same moment, for comparison (as in the SMS scenario).
rest_row "REST POST /api/v1/endpoint/{id}/sms (wrk, 64 connections, $duration)"
rest_requests=$REST_REQUESTS
w=$(tool window "$db" "$from")
echo
echo "End to end over all rows above (warm-up included): SMS stored $(json 'd["count"]' <<<"$w"), delivered $(json 'd["delivered"]' <<<"$w");"
echo "submit_sm answered ESME_ROK: $((warmup + ok_main + ok_receipts + ok_two)), plus $rest_requests REST requests. Receipts (deliver_sm) received by the driver for the"
echo "registered_delivery row: $receipts of $ok_receipts. Submit→delivery p50 $(json 'd.get("p50_ms")' <<<"$w") ms, p99 $(json 'd.get("p99_ms")' <<<"$w") ms."
echo "SMS by status afterwards: $(tool stats | json 'd["sms_by_status"]')."
fi

if [[ $parts == *" kannel "* && -x /usr/sbin/bearerbox && -x /usr/sbin/smsbox ]]; then
  kdir=$(mktemp -d /tmp/cellgate-bench-kannel.XXXXXX)
  kannel_conf() { # SMSC_PORT SYSTEM_ID PASSWORD WINDOW
    cat <<CONF
group = core
admin-port = 13910
admin-interface = 127.0.0.1
admin-password = bench
admin-allow-ip = "127.0.0.1"
smsbox-port = 13911
smsbox-interface = 127.0.0.1
box-allow-ip = "127.0.0.1"
log-file = "$kdir/bearerbox.log"
log-level = 2
dlr-storage = internal

group = smsc
smsc = smpp
smsc-id = bench
host = 127.0.0.1
port = $1
transceiver-mode = true
smsc-username = "$2"
smsc-password = "$3"
system-type = ""
interface-version = 34
max-pending-submits = $4
reconnect-delay = 1
source-addr-ton = 1
source-addr-npi = 1
dest-addr-ton = 1
dest-addr-npi = 1

group = smsbox
bearerbox-host = 127.0.0.1
bearerbox-port = 13911
sendsms-port = 13912
sendsms-interface = 127.0.0.1
log-file = "$kdir/smsbox.log"
log-level = 2

group = sendsms-user
username = bench
password = bench
max-messages = 1
CONF
  }
  kannel_start() {
    kannel_conf "$@" >"$kdir/kannel.conf"
    timeout -s KILL 900 /usr/sbin/bearerbox "$kdir/kannel.conf" >>"$kdir/boxes.out" 2>&1 & bb=$!
    sleep 1
    timeout -s KILL 900 /usr/sbin/smsbox "$kdir/kannel.conf" >>"$kdir/boxes.out" 2>&1 & sb=$!
    for _ in $(seq 1 100); do
      curl -fs "http://127.0.0.1:13910/status.txt?password=bench" 2>/dev/null | grep -q "bench\[bench\].*(online" \
        && curl -s -o /dev/null "http://127.0.0.1:13912/cgi-bin/sendsms" && return 0
      sleep 0.2
    done
    echo "Kannel did not come online; $(tail -5 "$kdir/bearerbox.log")" >&2; return 1
  }
  kannel_stop() { kill "$sb" 2>/dev/null || true; sleep 0.5; kill "$bb" 2>/dev/null || true; wait "$sb" "$bb" 2>/dev/null || true; }
  # kannel_sent: "SENT QUEUED" from bearerbox's status (SMS sent = submit_sm answered OK; queued = not yet sent).
  kannel_sent() { curl -fs "http://127.0.0.1:13910/status.txt?password=bench" | awk '/^SMS: received/ {gsub("[,(]", ""); print $7, $8}'; }
  # wrk_kannel NAME: $duration of sendsms (2 threads, 64 connections), one SMS per request, round-robin over the MSISDNs.
  wrk_kannel() {
    local out
    out=$(SMPP_DEVICES=$devices wrk --latency -t2 -c64 -d"$duration" -s "$here/smpp_sendsms.lua" "http://127.0.0.1:13912" 2>&1)
    echo "$1: $out" >>"$log"
    KANNEL_RPS=$(awk '/Requests\/sec/ {printf "%.0f", $2}' <<<"$out")
    KANNEL_P99=$(awk '$1 == "99%" {print $2}' <<<"$out")
  }

  echo
  echo "### Kannel on the same machine (Kannel $(dpkg-query -W -f '${Version}' kannel 2>/dev/null))"
  echo
  echo "Kannel has no SMPP server side (bearerbox is an SMPP client); its SMPP throughput is measured as an ESME: load"
  echo "enters through smsbox's HTTP sendsms (wrk, 2 threads, 64 connections, $duration), smsbox → bearerbox → one SMPP"
  echo "bind_transceiver with max-pending-submits (Kannel's window) $window. bearerbox runs without a message store"
  echo "(nothing durable on Kannel's side). Rate = submit_sm acknowledged by the SMSC per second, as the SMSC counted them."
  echo
  echo "| path | HTTP req/s accepted by smsbox | submit_sm/s at the SMSC | HTTP p99 | server cores (Cellgate) |"
  echo "|---|---|---|---|---|"
  # (1) Kannel → a sink SMSC (the driver's smsc mode: answers every submit_sm at once, counts them).
  "$driver" smsc --idle-seconds 5 --timeout-seconds 300 >"$kdir/sink.out" &
  sink=$!
  for _ in $(seq 1 50); do [[ -s "$kdir/sink.out" ]] && break; sleep 0.1; done
  sink_port=$(head -1 "$kdir/sink.out" | json 'd["port"]')
  if kannel_start "$sink_port" kannel kannel "$window"; then
    wrk_kannel "kannel-sink"
    wait "$sink" || true
    sink_json=$(tail -1 "$kdir/sink.out")
    kannel_sink_rate=$(json 'd["per_second"]' <<<"$sink_json")
    echo "kannel-sink smsc: $sink_json" >>"$log"
    echo "| wrk → Kannel → sink SMSC (driver) | $KANNEL_RPS | $(json 'd["per_second"]' <<<"$sink_json") ($(json 'd["submits"]' <<<"$sink_json") in $(json 'd["seconds"]' <<<"$sink_json") s) | $KANNEL_P99 | – |"
    kannel_stop
  fi
  kill "$sink" 2>/dev/null || true
  # (2) Kannel as the ESME into Cellgate (the same account as the driver).
  from=$(max_id)
  if kannel_start "$CELLGATE_SMPP_PORT" "$CELLGATE_SMPP_SYSTEM_ID" "$CELLGATE_SMPP_PASSWORD" "$window"; then
    read -r before _ < <(kannel_sent)
    t0=$(date +%s.%N)
    cpu_begin
    wrk_kannel "kannel-cellgate"
    # Kannel drains its queue after wrk stops: wait until nothing is queued (at most 300 s).
    for _ in $(seq 1 3000); do read -r now queued < <(kannel_sent); [[ $queued == 0 ]] && break; sleep 0.1; done
    # …and its last window answered: the sent counter still for half a second.
    last=-1; while [[ $now != "$last" ]]; do last=$now; sleep 0.5; read -r now _ < <(kannel_sent); done
    cpu=$(cpu_end)
    t1=$(date +%s.%N)
    sent=$(( now - before ))
    echo "| wrk → Kannel → Cellgate | $KANNEL_RPS | $(awk -v n="$sent" -v a="$t0" -v b="$t1" 'BEGIN {printf "%.0f", n / (b - a - 0.5)}') ($sent submit_sm_resp ESME_ROK counted by Kannel) | $KANNEL_P99 | $(cut -d' ' -f1 <<<"$cpu") |"
    kannel_stop
    tool wait-drained 300 >/dev/null
    echo
    echo "Cellgate stored $(tool window "$db" "$from" | json 'd["count"]') SMS from Kannel in that row (Kannel counted $sent sent)."
  fi
  rm -rf "$kdir"
elif [[ $parts == *" kannel "* ]]; then
  echo
  echo "Kannel is not installed (apt-get install -y kannel); its rows were not measured."
fi

if [[ $parts == *" upstream "* ]]; then
  # Southbound: the server restarted with one upstream SMSC (a sink on loopback) and every SMS routed to it. REST in,
  # SMPP out — the path Kannel's "→ sink SMSC" row takes. The sink is bench/SmppSink (answers every submit_sm at once).
  # Two rows: the upstream configured without receipts (an accepted submit_sm is the SMS's final DELIVERED), and with
  # them (the sink's --receipts: a delivery receipt for each submit_sm at once; the SMS waits in IN PROGRESS for its
  # receipt, and per-device order holds the device's next SMS until then).
  udir=$(mktemp -d /tmp/cellgate-bench-upstream.XXXXXX)
  dotnet build "$root/bench/SmppSink" -c Release -o "$udir/sink" --nologo -v quiet >/dev/null
  # The baseline of the same run when the esme part did not run: REST to the simulator.
  if [[ $parts != *" esme "* ]]; then
    echo "## SMPP (issue 9): southbound only (BENCH_SMPP_PARTS=\"$BENCH_SMPP_PARTS\")"
    echo
    echo "| run | requests | req/s | p50 | p99 | max | non-2xx | server cores | other cores | µs CPU/request | load |"
    echo "|---|---|---|---|---|---|---|---|---|---|---|"
    rest_row "REST POST /api/v1/endpoint/{id}/sms to the simulator (wrk, 64 connections, $duration)"
  fi
  rest_rps=$REST_RPS
  cat <<EOF

### Through an upstream SMSC (southbound)

The same server restarted with \`Cellgate:Smpp:Upstreams:0\` = one transceiver bind, window $window, to a sink SMSC on
loopback, and \`Cellgate:Delivery:Routing:Default\` = that upstream: every SMS leaves over SMPP instead of reaching the
simulator. Load as in the REST row above (wrk, 64 connections, $duration, the same $devices endpoints), after $upstream_warmup of it
not counted (the process is fresh) and drained. "delivered/s"
runs from the first SMS's submit to the last one's final state (as stored); "at the SMSC" is what the sink counted.
The first row is the reference for them: the same restart and warm-up with no upstream (every SMS to the simulator),
so that both paths are measured at the same age of the process and after the same growth of the database.

| upstream | REST req/s (201) | p99 | SMS delivered | at the SMSC | delivered/s | submit→delivered p50 / p99 | µs CPU per SMS (server) | server cores | load |
|---|---|---|---|---|---|---|---|---|---|
EOF
  # upstream_row NAME RECEIPTS [--receipts]: starts bench/SmppSink (it counts the submit_sm it answered into a file once
  # a second), restarts Cellgate routed to it, warms up, runs the REST load, waits until no SMS is pending, prints a row.
  # RECEIPTS "simulator": the reference row — no sink, the server restarted with its default route (the simulator) and
  # measured the same way, so that the upstream rows are compared with the REST path at the same age of the process
  # (a restarted process still compiles its hot methods for several seconds) and the same growth of the database.
  upstream_row() {
    local name=$1 receipts=$2 port out load0 s0 s1 cpu w from requests c0 c1 count_file=$udir/count; shift 2
    port=$(( CELLGATE_SMPP_PORT + 10 ))
    rm -f "$count_file"
    usink=""
    if [[ $receipts == simulator ]]; then
      restart_server
    else
      "$udir/sink/SmppSink" "$port" "$count_file" "$@" >"$udir/sink.out" 2>&1 &
      usink=$!
      for _ in $(seq 1 50); do [[ -s "$count_file" ]] && break; sleep 0.1; done
      Cellgate__Smpp__Upstreams__0__Name=sink Cellgate__Smpp__Upstreams__0__Host=127.0.0.1 Cellgate__Smpp__Upstreams__0__Port=$port \
        Cellgate__Smpp__Upstreams__0__SystemId=cellgate Cellgate__Smpp__Upstreams__0__Password=bench \
        Cellgate__Smpp__Upstreams__0__WindowSize=$window Cellgate__Smpp__Upstreams__0__RequestReceipts=$receipts \
        Cellgate__Delivery__Routing__Default=sink restart_server
      for _ in $(seq 1 100); do
        curl -fs -H "Authorization: Bearer $CELLGATE_TOKEN" "$CELLGATE_URL/api/v1/admin/smpp_upstream" | grep -q '"binds_up":1' && break
        sleep 0.1
      done
    fi
    # A just-restarted process: warm it up on the same path first (not counted), and let that drain.
    SMS_TOKEN=$CELLGATE_TOKEN SMS_FIRST=$first SMS_COUNT=$devices wrk -t2 -c64 -d"$upstream_warmup" -s "$here/sms_submit.lua" "$CELLGATE_URL" >/dev/null 2>&1
    tool wait-drained 600 >/dev/null
    sleep 1.2 # the sink writes its count once a second
    c0=$(cat "$count_file" 2>/dev/null || echo 0)
    from=$(max_id)
    load0=$(cut -d' ' -f1 /proc/loadavg)
    s0=$(proc_ticks "$CELLGATE_PID")
    cpu_begin
    out=$(SMS_TOKEN=$CELLGATE_TOKEN SMS_FIRST=$first SMS_COUNT=$devices wrk --latency -t2 -c64 -d"$duration" -s "$here/sms_submit.lua" "$CELLGATE_URL" 2>&1)
    tool wait-drained 600 >/dev/null
    cpu=$(cpu_end)
    s1=$(proc_ticks "$CELLGATE_PID")
    echo "upstream $name: $out" >>"$log"
    w=$(tool window "$db" "$from")
    requests=$(json 'd["count"]' <<<"$w")
    sleep 1.2
    c1=$(cat "$count_file" 2>/dev/null || echo 0)
    if [[ -n $usink ]]; then kill "$usink" 2>/dev/null || true; wait "$usink" 2>/dev/null || true; fi
    UPSTREAM_DELIVERED_RATE=$(json 'd.get("per_second")' <<<"$w")
    printf '| %s | %s | %s | %s of %s | %s | %s | %s / %s ms | %s | %s | %s–%s |\n' "$name" \
      "$(awk '/Requests\/sec/ {printf "%.0f", $2}' <<<"$out")" "$(awk '$1 == "99%" {print $2}' <<<"$out")" \
      "$(json 'd["delivered"]' <<<"$w")" "$requests" "$( [[ -n $usink ]] && echo "$(( c1 - c0 ))" || echo –)" "$UPSTREAM_DELIVERED_RATE" \
      "$(json 'd.get("p50_ms")' <<<"$w")" "$(json 'd.get("p99_ms")' <<<"$w")" \
      "$(us_per "$((s1 - s0))" "$requests")" \
      "$(cut -d' ' -f1 <<<"$cpu")" "$load0" "$(cut -d' ' -f1 /proc/loadavg)"
  }
  no_receipts_rate=– receipts_rate=– reference_rate=–
  if [[ ${BENCH_SMPP_UPSTREAM_ROWS:-all} != drain ]]; then
    upstream_row "reference: no upstream, to the simulator (restarted and warmed up the same way)" simulator
    reference_rate=$UPSTREAM_DELIVERED_RATE
    upstream_row "no receipts requested (a submit_sm answered OK is DELIVERED)" false
    no_receipts_rate=$UPSTREAM_DELIVERED_RATE
    upstream_row "receipts requested (the sink sends one per submit_sm at once)" true --receipts
    receipts_rate=$UPSTREAM_DELIVERED_RATE
  fi
  # The upstream submit throughput alone: SMS queued while the dispatcher was off (REST accept done), then a restart
  # with it on drains them to the sink SMSC; nothing else runs. Rate from the SMS's delivery times (as stored).
  drain_count=${BENCH_SMPP_DRAIN:-200000}
  Cellgate__Smpp__Upstreams__0__Name=sink Cellgate__Smpp__Upstreams__0__Host=127.0.0.1 Cellgate__Smpp__Upstreams__0__Port=$(( CELLGATE_SMPP_PORT + 10 )) \
    Cellgate__Smpp__Upstreams__0__SystemId=cellgate Cellgate__Smpp__Upstreams__0__Password=bench \
    Cellgate__Delivery__Routing__Default=sink Cellgate__Delivery__Enabled=false restart_server
  from=$(max_id)
  SMS_TOKEN=$CELLGATE_TOKEN SMS_FIRST=$first SMS_COUNT=$devices SMS_LIMIT=$drain_count SMS_THREADS=2 SMS_DONE_FILE=$(mktemp) \
    wrk -t2 -c64 -d900s -s "$here/sms_submit.lua" "$CELLGATE_URL" >/dev/null 2>&1
  rm -f "$udir/count"
  "$udir/sink/SmppSink" "$(( CELLGATE_SMPP_PORT + 10 ))" "$udir/count" >"$udir/sink.out" 2>&1 &
  usink=$!
  for _ in $(seq 1 50); do [[ -s "$udir/count" ]] && break; sleep 0.1; done
  load0=$(cut -d' ' -f1 /proc/loadavg)
  Cellgate__Smpp__Upstreams__0__Name=sink Cellgate__Smpp__Upstreams__0__Host=127.0.0.1 Cellgate__Smpp__Upstreams__0__Port=$(( CELLGATE_SMPP_PORT + 10 )) \
    Cellgate__Smpp__Upstreams__0__SystemId=cellgate Cellgate__Smpp__Upstreams__0__Password=bench \
    Cellgate__Smpp__Upstreams__0__WindowSize=$window Cellgate__Smpp__Upstreams__0__RequestReceipts=false Cellgate__Delivery__Routing__Default=sink restart_server
  cpu_begin
  tool wait-drained-db "$db" 600 >/dev/null
  cpu=$(cpu_end)
  s1=$(proc_ticks "$CELLGATE_PID")
  sleep 1.2
  at_sink=$(cat "$udir/count")
  kill "$usink" 2>/dev/null || true; wait "$usink" 2>/dev/null || true
  d=$(tool drain "$db" "$from")
  drain_rate=$(json 'd.get("middle_per_second")' <<<"$d")
  cat <<EOF

Upstream submit throughput alone: $drain_count SMS accepted over REST while the dispatcher was off
(\`Cellgate:Delivery:Enabled=false\`), then the server restarted with it on and drained them to the sink SMSC (window
$window, no receipts), nothing else running. Rates from the SMS's stored delivery times; CPU is everything the restarted
process used (its start-up and JIT included) until none was pending, per SMS.

| SMS queued | delivered | at the SMSC | submit_sm/s (5th–95th percentile of the drain) | over the whole drain | seconds | µs CPU per SMS (server) | server cores | load |
|---|---|---|---|---|---|---|---|---|
| $(json 'd["count"]' <<<"$d") | $(json 'd["delivered"]' <<<"$d") | $at_sink | $drain_rate | $(json 'd.get("per_second")' <<<"$d") | $(json 'd.get("seconds")' <<<"$d") | $(us_per "$s1" "$(json 'd["delivered"]' <<<"$d")") | $(cut -d' ' -f1 <<<"$cpu") | $load0–$(cut -d' ' -f1 /proc/loadavg) |
EOF
  echo
  echo "Against the REST path to the simulator in the same run ($rest_rps SMS/s accepted; $reference_rate SMS/s delivered by the"
  echo "reference row, restarted and warmed up as the upstream rows were): through the upstream"
  echo "$no_receipts_rate SMS/s delivered without receipts, $receipts_rate with them, while accepting them; the upstream submit"
  echo "throughput alone (the drain): $drain_rate submit_sm/s$( [[ -n ${kannel_sink_rate:-} ]] && echo "; Kannel → sink SMSC in this run: $kannel_sink_rate submit_sm/s (not durable)")."
  rm -rf "$udir"
fi

echo
echo "Server RSS after the run: $(rss_mib) MiB."
