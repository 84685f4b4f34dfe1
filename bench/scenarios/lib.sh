# Helpers for scenario scripts (sourced). Env: CELLGATE_URL, CELLGATE_APP_TOKEN, CELLGATE_PID.

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
