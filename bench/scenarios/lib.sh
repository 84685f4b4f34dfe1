# Helpers for scenario scripts (sourced). Env: CELLGATE_URL, CELLGATE_APP_TOKEN, CELLGATE_PID.
_bench_scenarios=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)

# tool ARGS...: bench/scenarios/sms_tool.py (a scenario with a tool of its own defines tool() again after sourcing this).
tool() { python3 "$_bench_scenarios/sms_tool.py" "$@"; }

# json EXPR: the Python expression EXPR over the JSON document on stdin (as d), printed.
json() { python3 -c "import json, sys; d = json.load(sys.stdin); print($1)"; }

auth_token() {
  curl -fs -X POST "$CELLGATE_URL/api/v1/authenticate" -H 'Content-Type: application/json' \
    -d "{\"application_token\":\"$CELLGATE_APP_TOKEN\"}" | sed -E 's/.*"auth_token":"([^"]+)".*/\1/'
}

rss_mib() { awk '/VmRSS/ {printf "%.0f", $2 / 1024}' "/proc/$CELLGATE_PID/status"; }

# wrk_run NAME ARGS... : runs wrk --latency, prints "| NAME | req/s | p50 | p99 | errors |" and keeps the raw output.
wrk_run() {
  local name=$1; shift
  local out
  out=$(wrk --latency "$@" 2>&1)
  echo "$out" >>"${WRK_LOG:-/dev/null}"
  local rps p50 p99 non2xx errors
  rps=$(awk '/Requests\/sec/ {print $2}' <<<"$out")
  p50=$(awk '$1 == "50%" {print $2}' <<<"$out")
  p99=$(awk '$1 == "99%" {print $2}' <<<"$out")
  non2xx=$(awk '/Non-2xx/ {print $NF}' <<<"$out")
  errors=$(awk '/Socket errors/ {print $0}' <<<"$out" | sed 's/.*Socket errors: //')
  printf '| %s | %s | %s | %s | %s |\n' "$name" "${rps%.*}" "$p50" "$p99" "${non2xx:-0} non-2xx${errors:+; $errors}"
}

# restart_server: stops the server and starts it again on the same database (a freshly started process, JIT cold);
# updates CELLGATE_PID in the caller's shell.
restart_server() {
  kill "$CELLGATE_PID"
  for _ in $(seq 1 150); do kill -0 "$CELLGATE_PID" 2>/dev/null || break; sleep 0.1; done
  bash "$(dirname "${BASH_SOURCE[0]}")/../server.sh" "$CELLGATE_DATA"
  CELLGATE_PID=$(cat "$CELLGATE_DATA/server.pid")
}

# CPU accounting, in clock ticks (getconf CLK_TCK, normally 100 per second):
# proc_ticks PID: user + system time of a process; busy_ticks: all cores' non-idle time since boot.
proc_ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }
busy_ticks() { awk '/^cpu / {print $2 + $3 + $4 + $7 + $8 + $9}' /proc/stat; }
idle_ticks() { awk '/^cpu / {print $5 + $6}' /proc/stat; }

# us_per TICKS N: TICKS of CPU time (clock ticks) per unit of N, in µs ("–" when N is 0).
us_per() { awk -v s="$1" -v n="$2" -v hz="$(getconf CLK_TCK)" 'BEGIN { if (n > 0) printf "%.0f", s / hz / n * 1e6; else print "–" }'; }

# cpu_begin / cpu_end: around a measurement; cpu_end prints "SERVER_CORES OTHER_CORES" — the cores' worth of CPU the
# server used and what everything else (the load generator included) used, averaged over the interval.
cpu_begin() { _cpu_t0=$(date +%s%N); _cpu_s0=$(proc_ticks "$CELLGATE_PID"); _cpu_b0=$(busy_ticks); }
cpu_end() {
  local t1 s1 b1 hz
  t1=$(date +%s%N); s1=$(proc_ticks "$CELLGATE_PID"); b1=$(busy_ticks); hz=$(getconf CLK_TCK)
  awk -v t="$(( t1 - _cpu_t0 ))" -v s="$(( s1 - _cpu_s0 ))" -v b="$(( b1 - _cpu_b0 ))" -v hz="$hz" \
    'BEGIN { sec = t / 1e9; printf "%.2f %.2f\n", s / hz / sec, (b - s) / hz / sec }'
}
