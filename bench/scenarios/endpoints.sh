#!/usr/bin/env bash
# Endpoint list benchmark (issue 3): 100,000 endpoints in the caller's organisation, then
#   GET /api/v1/endpoint?page=N&per_page=100        (N uniformly random over all pages)
#   GET /api/v1/endpoint?q=name:<prefix>&per_page=100 (random prefix matching 10 endpoints)
# each with wrk, 2 threads, 16 connections. Prints a markdown fragment on stdout; progress goes to stderr.
#
# Needs: a running Release server and
#   CELLGATE_URL        e.g. http://127.0.0.1:5190 (loopback only)
#   CELLGATE_APP_TOKEN  an application token of the organisation to fill (the operator's will do)
#   CELLGATE_PID        the server's process id, for its resident memory (optional)
# Optional: BENCH_ENDPOINTS (100000), BENCH_DURATION (30s), BENCH_SEED_PARALLEL (8), BENCH_CIDR (10.112.0.0/15).
# Tools: curl (7.75+), jq, wrk.  Re-running reuses the endpoints already seeded.
set -euo pipefail

: "${CELLGATE_URL:?set CELLGATE_URL}"
: "${CELLGATE_APP_TOKEN:?set CELLGATE_APP_TOKEN}"
N=${BENCH_ENDPOINTS:-100000}
DURATION=${BENCH_DURATION:-30s}
PARALLEL=${BENCH_SEED_PARALLEL:-8}
CIDR=${BENCH_CIDR:-10.112.0.0/15}
URL=${CELLGATE_URL%/}

case "$URL" in
  http://127.0.0.1:*|http://localhost:*|http://\[::1\]:*) ;;
  *) echo "endpoints.sh: CELLGATE_URL must be a loopback http URL, got $URL" >&2; exit 2 ;;
esac
for tool in curl jq wrk; do command -v "$tool" >/dev/null || { echo "endpoints.sh: $tool is required" >&2; exit 2; }; done
log() { echo "[endpoints] $*" >&2; }
rss_kb() { if [[ -n "${CELLGATE_PID:-}" && -r /proc/$CELLGATE_PID/status ]]; then awk '/^VmRSS/ {print $2}' "/proc/$CELLGATE_PID/status"; else echo ""; fi; }
mb() { if [[ -n "$1" ]]; then awk -v k="$1" 'BEGIN { printf "%.0f MiB", k / 1024 }'; else echo "n/a (CELLGATE_PID not set)"; fi; }

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

TOKEN=$(curl -sf -X POST "$URL/api/v1/authenticate" -H 'Content-Type: application/json' \
  -d "{\"application_token\":\"$CELLGATE_APP_TOKEN\"}" | jq -r .auth_token)
[[ -n "$TOKEN" && "$TOKEN" != null ]] || { echo "endpoints.sh: authentication failed" >&2; exit 1; }
AUTH="Authorization: Bearer $TOKEN"
api() { curl -sf -H "$AUTH" -H 'Content-Type: application/json' "$@"; }
total_of() { curl -sf -o /dev/null -D - -H "$AUTH" "$URL/api/v1/endpoint?per_page=1&q=$1" | tr -d '\r' | awk -F': ' 'tolower($1)=="x-total-count" {print $2}'; }

# --- setup: profiles and an IP address space big enough (a /15 holds 131,070 addresses) -------------------------
sp=$(api "$URL/api/v1/service_profile" | jq -r '[.[] | select(.name=="bench")][0].id // empty')
[[ -n "$sp" ]] || { api -X POST "$URL/api/v1/service_profile" -d '{"name":"bench"}' >/dev/null; sp=$(api "$URL/api/v1/service_profile" | jq -r '[.[] | select(.name=="bench")][0].id'); }
tp=$(api "$URL/api/v1/tariff_profile" | jq -r '[.[] | select(.name=="bench")][0].id // empty')
[[ -n "$tp" ]] || { api -X POST "$URL/api/v1/tariff_profile" -d '{"name":"bench"}' >/dev/null; tp=$(api "$URL/api/v1/tariff_profile" | jq -r '[.[] | select(.name=="bench")][0].id'); }
space=$(api "$URL/api/v1/ip_address_space" | jq -r --arg c "$CIDR" '[.[] | select(.ip_address_space==$c)][0].id // empty')
[[ -n "$space" ]] || space=$(api -X POST "$URL/api/v1/ip_address_space" -d "{\"ip_address_space\":\"$CIDR\",\"ip_address_version\":4}" | jq -r .id)

# --- seed: POST /api/v1/endpoint, $PARALLEL at a time over keep-alive connections (curl --parallel) ---------------
have=$(total_of "name:bench-")
log "organisation has $have bench endpoints; target $N"
seed_start=$(date +%s)
next=$have
while (( next < N )); do
  end=$(( next + 5000 < N ? next + 5000 : N ))
  cfg="$work/seed.cfg"
  : > "$cfg"
  for (( i = next; i < end; i++ )); do
    printf 'url = "%s/api/v1/endpoint"\nrequest = "POST"\nheader = "%s"\nheader = "Content-Type: application/json"\ndata = "{\\"name\\":\\"bench-%06d\\",\\"status\\":{\\"id\\":%d},\\"tags\\":\\"bench\\",\\"service_profile\\":{\\"id\\":%s},\\"tariff_profile\\":{\\"id\\":%s},\\"ip_address_space\\":{\\"id\\":%s}}"\noutput = "/dev/null"\nwrite-out = "%%{http_code}\\n"\n' \
      "$URL" "$AUTH" "$i" $(( i % 7 == 0 ? 1 : 0 )) "$sp" "$tp" "$space"
    if (( i + 1 < end )); then echo next; fi
  done >> "$cfg"
  failed=$(curl -s --no-progress-meter --parallel --parallel-immediate --parallel-max "$PARALLEL" -K "$cfg" | grep -vc '^201$' || true)
  (( failed == 0 )) || { echo "endpoints.sh: $failed creates failed in [$next, $end)" >&2; exit 1; }
  next=$end
  log "seeded $next / $N"
done
seed_seconds=$(( $(date +%s) - seed_start ))
count=$(total_of "")
log "organisation has $count endpoints"

# --- measure --------------------------------------------------------------------------------------------------------
pages=$(( (count + 99) / 100 ))
cat > "$work/pages.lua" <<LUA
wrk.headers["Authorization"] = "Bearer $TOKEN"
math.randomseed(42)
request = function()
  return wrk.format("GET", "/api/v1/endpoint?page=" .. math.random(1, $pages) .. "&per_page=100")
end
LUA
cat > "$work/names.lua" <<LUA
wrk.headers["Authorization"] = "Bearer $TOKEN"
math.randomseed(7)
request = function()
  return wrk.format("GET", string.format("/api/v1/endpoint?q=name:bench-%05d&per_page=100", math.random(0, $(( N / 10 - 1 )))))
end
LUA

rss_before=$(rss_kb)
load_before=$(cut -d' ' -f1-3 /proc/loadavg)
log "warming up"
wrk -t2 -c16 -d5s -s "$work/pages.lua" "$URL" >/dev/null
wrk -t2 -c16 -d5s -s "$work/names.lua" "$URL" >/dev/null
log "measuring pages for $DURATION"
wrk -t2 -c16 -d"$DURATION" --latency -s "$work/pages.lua" "$URL" > "$work/pages.txt"
rss_mid=$(rss_kb)
log "measuring name filter for $DURATION"
wrk -t2 -c16 -d"$DURATION" --latency -s "$work/names.lua" "$URL" > "$work/names.txt"
rss_after=$(rss_kb)
load_after=$(cut -d' ' -f1-3 /proc/loadavg)

pct() { awk -v p="$2" '$1==p {print $2}' "$1"; }
rps() { awk '/^Requests\/sec/ {print $2}' "$1"; }
errors() { awk '/Non-2xx|Socket errors/ {sub(/^ +/, ""); printf "%s; ", $0}' "$1"; }
row() { echo "| $1 | $(pct "$2" 50%) | $(pct "$2" 90%) | $(pct "$2" 99%) | $(rps "$2") | $(errors "$2")|"; }

cat <<MD
### Endpoint lists with $count endpoints

Machine: $(nproc) CPUs, $(awk -F': ' '/^model name/ {print $2; exit}' /proc/cpuinfo); $(date -u +%Y-%m-%d); load average (1/5/15 min) $load_before before and $load_after after the runs (wrk and the server share the machine). Seeding $((N - have)) endpoints over the API took ${seed_seconds} s.

| Query (wrk -t2 -c16 -d$DURATION --latency) | p50 | p90 | p99 | requests/s | errors |
|---|---|---|---|---|---|
$(row "\`GET /api/v1/endpoint?page=N&per_page=100\`, N random in 1..$pages" "$work/pages.txt")
$(row "\`GET /api/v1/endpoint?q=name:bench-NNNNN&per_page=100\` (10 matches)" "$work/names.txt")

Server resident memory: $(mb "$rss_before") before, $(mb "$rss_mid") after the page run, $(mb "$rss_after") after the filter run.

Commands:
\`\`\`
wrk -t2 -c16 -d$DURATION --latency -s pages.lua $URL   # pages.lua: random page=1..$pages, per_page=100
wrk -t2 -c16 -d$DURATION --latency -s names.lua $URL   # names.lua: q=name:bench-<5 random digits>, per_page=100
\`\`\`
MD
