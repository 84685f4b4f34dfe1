#!/usr/bin/env bash
# Issue 11: Cellgate against Kannel (Debian's kannel: bearerbox + smsbox, store file on), side by side in one invocation.
# Both forward SMS that arrive over HTTP: Kannel's GET /cgi-bin/sendsms to an SMPP sink SMSC (bench/SmppSink, accepts
# every submit_sm at once), Cellgate's POST /api/v1/endpoint/{id}/sms to the attached simulated handsets. Same load
# tool (wrk, 2 threads), same 64 keep-alive connections, the two alternated run by run.
# Per run: accepted SMS/s over the load window, p50/p99, and CPU per message = the server processes' CPU time (user +
# system; for Kannel bearerbox + smsbox) from the start of the load until every accepted message was forwarded (Kannel:
# the sink counted them; Cellgate: no MT SMS pending or in progress), divided by the messages accepted.
# Env: BENCH_KANNEL_CASES ("1000 1": devices / recipients per case, in this order), BENCH_DURATION (10s), BENCH_ROUNDS (2),
#      BENCH_DRAIN_TIMEOUT (180 s: the longest wait for the forwarding to finish after a run),
#      BENCH_KANNEL_PORT (23000: admin, +1 box, +13 sendsms, +75 sink).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
source "$here/lib.sh"

cases=${BENCH_KANNEL_CASES:-1000 1}
duration=${BENCH_DURATION:-10s}
rounds=${BENCH_ROUNDS:-2}
drain_timeout=${BENCH_DRAIN_TIMEOUT:-180}
base=${BENCH_KANNEL_PORT:-23000}
admin_port=$base; box_port=$((base + 1)); sendsms_port=$((base + 13)); sink_port=$((base + 75))
db="$CELLGATE_DATA/cellgate.db"
kdir="$CELLGATE_DATA/kannel"
log="$CELLGATE_DATA/kannel-bench.log"
hz=$(getconf CLK_TCK)
mkdir -p "$kdir"

# Kannel itself, guarded: installed once from Debian's packages (as root), its init script not used.
if ! command -v bearerbox >/dev/null || ! command -v smsbox >/dev/null; then
  if [[ $(id -u) -ne 0 ]]; then echo "kannel is missing: apt-get install -y kannel (as root)" >&2; exit 1; fi
  echo "installing kannel (apt)" >&2
  apt-get install -y kannel >/dev/null 2>&1 || { apt-get update >/dev/null && apt-get install -y kannel >/dev/null; }
fi
for p in "$admin_port" "$box_port" "$sendsms_port" "$sink_port"; do
  if (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null; then echo "port $p is taken (BENCH_KANNEL_PORT moves them)" >&2; exit 1; fi
done

dotnet build "$root/bench/SmppSink" -c Release -o "$kdir/sink" --nologo -v quiet >/dev/null
"$kdir/sink/SmppSink" "$sink_port" "$kdir/sink.count" >"$kdir/sink.log" 2>&1 &
sink_pid=$!

cat >"$kdir/kannel.conf" <<CONF
group = core
admin-port = $admin_port
admin-password = bench
admin-interface = 127.0.0.1
smsbox-port = $box_port
smsbox-interface = 127.0.0.1
box-allow-ip = 127.0.0.1
log-file = "$kdir/bearerbox.log"
log-level = 2
store-type = file
store-location = "$kdir/kannel.store"
dlr-storage = internal

group = smsc
smsc = smpp
smsc-id = sink
host = 127.0.0.1
port = $sink_port
transceiver-mode = true
smsc-username = kannel
system-type = bench
smsc-password = bench
max-pending-submits = 64
log-level = 2

group = smsbox
bearerbox-host = 127.0.0.1
bearerbox-port = $box_port
sendsms-port = $sendsms_port
sendsms-interface = 127.0.0.1
log-file = "$kdir/smsbox.log"
log-level = 2

group = sendsms-user
username = bench
password = bench
CONF
bearerbox -v 2 "$kdir/kannel.conf" >>"$kdir/bearerbox.out" 2>&1 &
bb_pid=$!
for _ in $(seq 1 100); do (exec 3<>"/dev/tcp/127.0.0.1/$box_port") 2>/dev/null && break; sleep 0.1; done
smsbox -v 2 "$kdir/kannel.conf" >>"$kdir/smsbox.out" 2>&1 &
sb_pid=$!
cleanup() { kill "$sb_pid" "$bb_pid" "$sink_pid" 2>/dev/null || true; wait "$sb_pid" "$bb_pid" "$sink_pid" 2>/dev/null || true; }
trap cleanup EXIT
for _ in $(seq 1 100); do
  curl -fs "http://127.0.0.1:$admin_port/status.txt?password=bench" 2>/dev/null | grep -q "sink.*online" && \
    curl -s "http://127.0.0.1:$sendsms_port/" >/dev/null 2>&1 && break
  sleep 0.2
done
curl -fs "http://127.0.0.1:$admin_port/status.txt?password=bench" | grep -q "sink.*online" || {
  echo "kannel did not come up; logs:" >&2; for f in "$kdir"/*.out "$kdir"/*.log; do echo "== $f" >&2; tail -n 20 "$f" >&2; done; exit 1; }

export CELLGATE_TOKEN
CELLGATE_TOKEN=$(auth_token)
max_devices=$(tr ' ' '\n' <<<"$cases" | sort -n | tail -1)
read -r first _ < <(tool seed "$max_devices")

sink_count() { cat "$kdir/sink.count" 2>/dev/null || echo 0; }
ticks_kannel() { echo $(( $(proc_ticks "$bb_pid") + $(proc_ticks "$sb_pid") )); }
ticks_cellgate() { proc_ticks "$CELLGATE_PID"; }

# measure WHO N: one wrk run against Kannel or Cellgate with N recipients / endpoints, then waits until every accepted
# message was forwarded. Sets ROW (table row) and RATE, CPU_US.
measure() {
  local who=$1 n=$2 out t0 t1 requests non2xx accepted rps p50 p99 sink0 waited=0
  if [[ $who == kannel ]]; then
    sink0=$(sink_count); t0=$(ticks_kannel)
    out=$(KANNEL_FIRST=4917000000 KANNEL_COUNT=$n KANNEL_USER=bench KANNEL_PASSWORD=bench SMS_THREADS=2 \
      wrk --latency -t2 -c64 -d"$duration" -s "$here/kannel_sendsms.lua" "http://127.0.0.1:$sendsms_port" 2>&1)
  else
    t0=$(ticks_cellgate)
    out=$(SMS_TOKEN=$CELLGATE_TOKEN SMS_FIRST=$first SMS_COUNT=$n SMS_THREADS=2 \
      wrk --latency -t2 -c64 -d"$duration" -s "$here/sms_submit.lua" "$CELLGATE_URL" 2>&1)
  fi
  echo "== $who $n" >>"$log"; echo "$out" >>"$log"
  requests=$(awk '/requests in/ {print $1}' <<<"$out")
  non2xx=$(awk '/Non-2xx/ {print $NF}' <<<"$out"); non2xx=${non2xx:-0}
  accepted=$(( requests - non2xx ))
  rps=$(awk '/Requests\/sec/ {print $2}' <<<"$out")
  RATE=$(awk -v r="$rps" -v n="$requests" -v a="$accepted" 'BEGIN {printf "%.0f", r * a / n}')
  p50=$(awk '$1 == "50%" {print $2}' <<<"$out")
  p99=$(awk '$1 == "99%" {print $2}' <<<"$out")
  if [[ $who == kannel ]]; then
    while (( $(sink_count) - sink0 < accepted && waited < drain_timeout * 5 )); do sleep 0.2; waited=$((waited + 1)); done
    t1=$(ticks_kannel)
    forwarded=$(( $(sink_count) - sink0 ))
  else
    forwarded=$(( accepted - $(tool wait-drained-db "$db" "$drain_timeout") ))
    t1=$(ticks_cellgate)
  fi
  # Per SMS accepted, or per SMS forwarded when the wait ran out first (wrk does not count the requests still in flight
  # when it stops, so Kannel's sink may count a few dozen more than were accepted).
  CPU_US=$(awk -v t="$(( t1 - t0 ))" -v hz="$hz" -v a="$accepted" -v f="$forwarded" 'BEGIN {n = f < a ? f : a; printf "%.0f", t / hz / n * 1e6}')
  ACCEPTED=$accepted; FORWARDED=$forwarded
  ROW=$(printf '| %s | %s | %s | %s | %s | %s | %s | %s |' "$who" "$n" "$RATE" "$p50" "$p99" "$CPU_US µs" "$forwarded of $accepted" "$non2xx")
}

echo "## Cellgate and Kannel side by side (issue 11)"
echo
echo "Kannel $(dpkg-query -W -f '${Version}' kannel 2>/dev/null) (Debian): bearerbox with \`store-type = file\` (it does not fsync), smsbox, one SMPP"
echo "transceiver (\`max-pending-submits = 64\`) to a sink SMSC on loopback (\`bench/SmppSink\`, on our SMPP library,"
echo "answers every submit_sm at once); log level 2 (warnings), like the Cellgate server (Warning). Cellgate: the Release"
echo "build (ReadyToRun), every 201 after the fsync'd group commit, delivery to attached simulated handsets in the same"
echo "process. Load: wrk 4.1, 2 threads, 64 keep-alive connections, $duration per run, Kannel and Cellgate alternated,"
echo "up to $rounds rounds per case, after a 5 s warm-up of each (first case only); the same one-part text. Kannel: \`GET /cgi-bin/sendsms\`"
echo "(\`bench/scenarios/kannel_sendsms.lua\`); Cellgate: \`POST /api/v1/endpoint/{id}/sms\` with a JWT"
echo "(\`bench/scenarios/sms_submit.lua\`). Cases: every SMS to one recipient / endpoint, and round-robin over 1,000."
echo "CPU per SMS: the server processes' user + system time (Kannel: bearerbox + smsbox; the sink is not counted;"
echo "Cellgate: its one process, simulator included) from the start of the load until every accepted SMS was forwarded,"
echo "divided by the accepted SMS. \"forwarded\": SMS the sink received (Kannel) / that left the pending states (Cellgate)."
echo
echo "| server | recipients | accepted SMS/s | p50 | p99 | CPU per SMS | forwarded | non-2xx |"
echo "|---|---|---|---|---|---|---|---|"
summary=(); notes=()
warm=""
for n in $cases; do
  if [[ -z $warm ]]; then
    # Warm-up, first case only (both stay warm for the next); measure waits until each has forwarded everything.
    saved=$duration; duration=5s
    measure kannel "$n"; measure cellgate "$n"
    duration=$saved; warm=1
  fi
  k_rate=0; c_rate=0; k_cpu=0; c_cpu=0; done_rounds=0
  for r in $(seq 1 "$rounds"); do
    measure kannel "$n"; echo "$ROW"; k_rate=$((k_rate + RATE)); k_cpu=$((k_cpu + CPU_US))
    measure cellgate "$n"; echo "$ROW"; c_rate=$((c_rate + RATE)); c_cpu=$((c_cpu + CPU_US))
    done_rounds=$r
    if (( FORWARDED < ACCEPTED )); then
      # Cellgate's backlog is still draining: a further run would share the CPU with it. Stop this case here.
      notes+=("$n recipients: Cellgate had not forwarded every SMS ${drain_timeout} s after the load ($FORWARDED of $ACCEPTED); rounds after $r skipped, and the backlog went on draining during any later run.")
      break
    fi
  done
  summary+=("$(awk -v n="$n" -v kr="$k_rate" -v cr="$c_rate" -v kc="$k_cpu" -v cc="$c_cpu" -v r="$done_rounds" 'BEGIN {
    printf "| %s | %d | %.0f | %.0f | **%.2f** | %.0f µs | %.0f µs | **%.2f** |", n, r, kr / r, cr / r, cr / kr, kc / r, cc / r, cc / kc }')")
done
echo
echo "Means over the rounds; ratios Cellgate ÷ Kannel (rate: higher is better for Cellgate; CPU: lower is better)."
echo
echo "| recipients | rounds | Kannel SMS/s | Cellgate SMS/s | rate ratio | Kannel CPU/SMS | Cellgate CPU/SMS | CPU ratio |"
echo "|---|---|---|---|---|---|---|---|"
printf '%s\n' "${summary[@]}"
for note in "${notes[@]}"; do echo; echo "$note"; done
echo
echo "Load on the machine during the run (1-minute load average at the end): $(cut -d' ' -f1 /proc/loadavg)."
