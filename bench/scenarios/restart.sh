#!/usr/bin/env bash
# Issue 16: a restart under load. A steady stream of REST submissions to attached handsets; halfway through, the node
# gets SIGTERM and is started again on the same database (what a rolling restart does to each node in turn). Reports
# SMS lost (201 without a stored SMS) or not delivered, duplicates at the handsets, how long clients saw no 201, and
# submit→delivery delay of all SMS and of those accepted in the 2 s before SIGTERM up to the restarted node's readiness.
# Env: BENCH_RESTART_RATE (SMS/s, 300), BENCH_RESTART_SECONDS (30), BENCH_RESTART_DEVICES (100).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
source "$here/lib.sh"

rate=${BENCH_RESTART_RATE:-300}
seconds=${BENCH_RESTART_SECONDS:-30}
devices=${BENCH_RESTART_DEVICES:-100}
db="$CELLGATE_DATA/cellgate.db"
accepted=$(mktemp)

export CELLGATE_TOKEN
CELLGATE_TOKEN=$(auth_token)
read -r first count < <(python3 "$here/sms_tool.py" seed "$devices")
before=$(python3 "$here/sms_tool.py" stats)

python3 "$here/restart_tool.py" load "$first" "$count" "$rate" "$seconds" "$accepted" >"$accepted.summary" &
load_pid=$!
sleep "$(( seconds / 2 ))"
t_sigterm=$(date +%s.%N)
kill "$CELLGATE_PID"   # SIGTERM
for _ in $(seq 1 600); do kill -0 "$CELLGATE_PID" 2>/dev/null || break; sleep 0.05; done
t_exited=$(date +%s.%N)
bash "$here/../server.sh" "$CELLGATE_DATA"   # the same database; returns when /readyz answers
CELLGATE_PID=$(cat "$CELLGATE_DATA/server.pid")
t_ready=$(date +%s.%N)
wait "$load_pid"
python3 "$here/sms_tool.py" wait-drained-db "$db" 120 >/dev/null
after=$(python3 "$here/sms_tool.py" stats)
load=$(cat "$accepted.summary")
report=$(python3 "$here/restart_tool.py" report "$db" "$accepted" "$t_sigterm" "$t_ready")
received=$(( $(json 'd["received"]' <<<"$after") - $(json 'd["received"]' <<<"$before") ))
dups=$(( $(json 'd["duplicates_suppressed"]' <<<"$after") - $(json 'd["duplicates_suppressed"]' <<<"$before") ))
downtime=$(awk -v a="$t_sigterm" -v b="$t_ready" 'BEGIN {printf "%.2f", b - a}')
stop=$(awk -v a="$t_sigterm" -v b="$t_exited" 'BEGIN {printf "%.2f", b - a}')

echo "## Restart under load (issue 16)"
echo
echo "$rate SMS/s submitted over REST for $seconds s (8 client threads, keep-alive; a refused connection or 503 is retried"
echo "after 50 ms, as a client would) to $devices attached simulated handsets, \`bench/scenarios/restart_tool.py\`. After"
echo "$(( seconds / 2 )) s the server gets SIGTERM; when it has exited it is started again on the same SQLite database (one"
echo "node: this is the worst case of a rolling restart — with several nodes the others keep accepting and delivering)."
echo
echo "| figure | value |"
echo "|---|---|"
echo "| SMS accepted (201) | $(json 'd["accepted"]' <<<"$report") |"
echo "| lost (201 without a stored SMS) | $(json 'd["lost"]' <<<"$report") |"
echo "| not delivered after the drain | $(json 'd["not_delivered"]' <<<"$report") |"
echo "| received by the handsets / duplicates dropped by them | $received / $dups |"
echo "| SIGTERM to the new process's readiness (stop + start) | $downtime s (stop: $stop s) |"
echo "| longest time without a 201 at the clients | $(json 'd["longest_gap_s"]' <<<"$load") s |"
echo "| client retries (refused connections, 503) | $(json 'd["retries"]' <<<"$load") |"
echo "| submit→delivery, all SMS: p50 / p99 / max | $(json 'd["p50_ms"]' <<<"$report") / $(json 'd["p99_ms"]' <<<"$report") / $(json 'd["max_ms"]' <<<"$report") ms |"
echo "| submit→delivery of the $(json 'd["restart_window_sms"]' <<<"$report") SMS accepted from 2 s before SIGTERM to readiness: p99 / max | $(json 'd["restart_window_p99_ms"]' <<<"$report") / $(json 'd["restart_window_max_ms"]' <<<"$report") ms |"
echo "| client's first attempt→delivery (includes the time the node was down): p99 / max | $(json 'd["client_p99_ms"]' <<<"$report") / $(json 'd["client_max_ms"]' <<<"$report") ms |"
echo
echo "An SMS accepted just before SIGTERM and not yet delivered waits for the restarted process; its delay is bounded by"
echo "the stop-and-start time above, not by \`LeaseSeconds\`, because the stopping node releases its leases."
rm -f "$accepted" "$accepted.summary"
