#!/usr/bin/env bash
# bench/server.sh DATA_DIR : starts the published server (bench/.server) on DATA_DIR/cellgate.db in the background,
# writes its process id to DATA_DIR/server.pid, appends its output to DATA_DIR/server.log and waits for /readyz (up to 120 s).
# Env (exported by bench/run.sh): CELLGATE_URL, CELLGATE_USERNAME, CELLGATE_PASSWORD, CELLGATE_APP_TOKEN, CELLGATE_SMPP_*; any DOTNET_* or
# Cellgate__* variable in the environment reaches the server too; BENCH_SERVER_DIR runs another published build (A/B).
# The demo service profile gets no API callback unless Cellgate__Demo__WebhookReceiverUrl is set: the bench's endpoints use
# that profile, and a callback to an address where nothing listens would add a failing delivery report per SMS.
# DOTNET_GCgen0size: 64 MiB unless set, as in the container image (docs/operations.md, "Runtime tuning").
# Used by run.sh and by lib.sh's restart_server.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
data=$1
(cd "$data" && \
  Cellgate__Storage__SqlitePath="$data/cellgate.db" \
  Cellgate__Bootstrap__Username="$CELLGATE_USERNAME" \
  Cellgate__Bootstrap__Password="$CELLGATE_PASSWORD" \
  Cellgate__Bootstrap__ApplicationToken="$CELLGATE_APP_TOKEN" \
  Cellgate__Smpp__Port="${CELLGATE_SMPP_PORT:-0}" \
  Cellgate__Bootstrap__SmppSystemId="${CELLGATE_SMPP_SYSTEM_ID:-bench}" \
  Cellgate__Bootstrap__SmppPassword="${CELLGATE_SMPP_PASSWORD:-bench123}" \
  Cellgate__Auth__RateLimitPermits=100000000 \
  Cellgate__Demo__WebhookReceiverUrl="${Cellgate__Demo__WebhookReceiverUrl-}" \
  Logging__LogLevel__Default=Warning \
  DOTNET_GCgen0size="${DOTNET_GCgen0size:-0x4000000}" \
  exec "${BENCH_SERVER_DIR:-$root/bench/.server}/Cellgate.Server" --urls "$CELLGATE_URL" >>"$data/server.log" 2>&1) &
echo $! >"$data/server.pid"
# /readyz answers 503 "Starting" until the start-up warm-up ended (Cellgate:Startup:WarmUp; seconds on a busy machine).
for _ in $(seq 1 600); do curl -fs "$CELLGATE_URL/readyz" >/dev/null 2>&1 && exit 0; sleep 0.2; done
echo "server did not start; log:" >&2; cat "$data/server.log" >&2; exit 1
