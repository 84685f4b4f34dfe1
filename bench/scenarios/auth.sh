#!/usr/bin/env bash
# Issue 2: authenticated GET vs an anonymous minimal JSON endpoint; POST /authenticate with an application token;
# the cost of one password login.
set -euo pipefail
source "$(dirname "$0")/lib.sh"
duration=${BENCH_DURATION:-15s}
token=$(auth_token)
lua=$(mktemp --suffix .lua)
cat >"$lua" <<LUA
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.body = '{"application_token":"$CELLGATE_APP_TOKEN"}'
LUA

# Warm up each path so that the JIT's tiering does not decide the comparison.
wrk -t2 -c64 -d5s "$CELLGATE_URL/healthz" >/dev/null
wrk -t2 -c64 -d5s -H "Authorization: Bearer $token" "$CELLGATE_URL/api/v1/organisation/my" >/dev/null
wrk -t2 -c64 -d5s -s "$lua" "$CELLGATE_URL/api/v1/authenticate" >/dev/null

echo "## Authentication (issue 2)"
echo
echo "wrk, 2 threads, 64 keep-alive connections, $duration per row, after a 5 s warm-up of each path."
echo
echo "| request | req/s | p50 | p99 | errors |"
echo "|---|---|---|---|---|"
anon=$(wrk_run "GET /healthz (anonymous, minimal JSON)" -t2 -c64 -d"$duration" "$CELLGATE_URL/healthz")
echo "$anon"
authd=$(wrk_run "GET /api/v1/organisation/my (JWT)" -t2 -c64 -d"$duration" -H "Authorization: Bearer $token" "$CELLGATE_URL/api/v1/organisation/my")
echo "$authd"
login=$(wrk_run "POST /api/v1/authenticate (application token)" -t2 -c64 -d"$duration" -s "$lua" "$CELLGATE_URL/api/v1/authenticate")
echo "$login"
a=$(cut -d'|' -f3 <<<"$anon" | tr -d ' '); b=$(cut -d'|' -f3 <<<"$authd" | tr -d ' ')
echo
echo "Authenticated GET throughput is $(awk -v a="$a" -v b="$b" 'BEGIN {printf "%.0f", 100 * b / a}') % of the anonymous endpoint (target ≥ 50 %)."

# The password path is deliberately slow (PBKDF2-HMAC-SHA512, 210,000 iterations): time sequential logins.
sha=$(printf %s "$CELLGATE_PASSWORD" | sha1sum | cut -d' ' -f1)
n=20
start=$(date +%s%N)
for _ in $(seq 1 $n); do
  curl -fs -o /dev/null -X POST "$CELLGATE_URL/api/v1/authenticate" -H 'Content-Type: application/json' \
    -d "{\"username\":\"$CELLGATE_USERNAME\",\"password\":\"$sha\"}"
done
end=$(date +%s%N)
echo
echo "Password login (PBKDF2-HMAC-SHA512, 210,000 iterations): $(( (end - start) / n / 1000000 )) ms per login, sequential, $n logins over curl."
echo "Server RSS after the run: $(rss_mib) MiB."
rm -f "$lua"
