#!/usr/bin/env bash
# tools/dashboard/render.sh [SECONDS]: a screenshot of docs/grafana-dashboard.json with real data, without Grafana
# (Grafana cannot be installed here). Starts the Release server on a fresh SQLite file with the metrics port, Debian's
# Prometheus scraping it every 2 s, the README's first steps as traffic for SECONDS (default 150: REST MT and MO with
# webhooks to the demo receiver, a detach/attach cycle, failed logins, an SMPP transceiver submitting with receipts),
# then draws every panel's PromQL through tools/dashboard/preview.html in headless chromium → docs/grafana-dashboard.png.
# Needs: apt-get install -y prometheus chromium; npm ci --prefix tests/Cellgate.Smpp.Tests/interop. Loopback only.
set -euo pipefail
cd "$(dirname "$0")/../.."
root=$(pwd)
seconds=${1:-150}
port=${DASH_PORT:-5787}; smpp_port=$((port + 1)); metrics_port=$((port + 2)); prom_port=$((port + 3)); web_port=$((port + 4))
work=$(mktemp -d /tmp/cellgate-dashboard.XXXXXX)
pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; wait 2>/dev/null || true; rm -rf "$work"; }
trap cleanup EXIT

command -v prometheus >/dev/null || { echo "prometheus is missing: apt-get install -y prometheus" >&2; exit 1; }
chromium=$(command -v chromium || command -v chromium-browser) || { echo "chromium is missing: apt-get install -y chromium" >&2; exit 1; }
[[ -d tests/Cellgate.Smpp.Tests/interop/node_modules/smpp ]] || npm ci --prefix tests/Cellgate.Smpp.Tests/interop --silent
if [[ ! -x bench/.server/Cellgate.Server ]]; then
  dotnet publish src/Cellgate.Server -c Release -o bench/.server --nologo -v quiet >/dev/null
fi

export CELLGATE_URL="http://127.0.0.1:$port" CELLGATE_APP_TOKEN="dashboard-$(head -c 16 /dev/urandom | od -An -tx1 | tr -d ' \n')"
(cd "$work" && \
  Cellgate__Storage__SqlitePath="$work/cellgate.db" Cellgate__Bootstrap__Username=ops@cellgate.local \
  Cellgate__Bootstrap__Password="dashboard-$RANDOM$RANDOM" Cellgate__Bootstrap__ApplicationToken="$CELLGATE_APP_TOKEN" \
  Cellgate__Bootstrap__SmppSystemId=dash Cellgate__Bootstrap__SmppPassword=dash123 \
  Cellgate__Metrics__Port=$metrics_port Cellgate__Smpp__Port=$smpp_port \
  Cellgate__Demo__WebhookReceiverUrl="$CELLGATE_URL/api/v1/demo/webhook_receiver" Cellgate__Webhooks__AllowedTargets__0="127.0.0.1:$port" \
  Logging__LogLevel__Default=Warning exec "$root/bench/.server/Cellgate.Server" --urls "$CELLGATE_URL" >"$work/server.log" 2>&1) &
pids+=($!)
for _ in $(seq 1 300); do curl -fs "$CELLGATE_URL/readyz" >/dev/null 2>&1 && break; sleep 0.2; done
curl -fs "$CELLGATE_URL/readyz" >/dev/null || { cat "$work/server.log" >&2; exit 1; }

cat >"$work/prometheus.yml" <<YAML
global: { scrape_interval: 2s }
scrape_configs:
  - job_name: cellgate
    static_configs: [{ targets: ["127.0.0.1:$metrics_port"] }]
YAML
prometheus --config.file="$work/prometheus.yml" --storage.tsdb.path="$work/tsdb" --web.listen-address="127.0.0.1:$prom_port" \
  --web.cors.origin='.*' >"$work/prometheus.log" 2>&1 &
pids+=($!)

echo "traffic for $seconds s ..."
msisdn=$(python3 - <<'PY'
import http.client, json, os, urllib.parse
u = urllib.parse.urlparse(os.environ["CELLGATE_URL"])
c = http.client.HTTPConnection(u.hostname, u.port)
c.request("POST", "/api/v1/authenticate", json.dumps({"application_token": os.environ["CELLGATE_APP_TOKEN"]}), {"Content-Type": "application/json"})
token = json.loads(c.getresponse().read())["auth_token"]
c.request("GET", "/api/v1/endpoint", headers={"Authorization": "Bearer " + token})
print(next(d["sim"]["msisdn"] for d in json.loads(c.getresponse().read()) if d["status"]["id"] == 0 and d.get("sim")))
PY
)
python3 tools/dashboard/load.py "$seconds" &
load=$!
sleep 5
NODE_PATH="$root/tests/Cellgate.Smpp.Tests/interop/node_modules" node tools/dashboard/smpp_load.js "$smpp_port" dash dash123 "$msisdn" $((seconds - 10)) &
smpp=$!
wait "$load" "$smpp"
sleep 6   # two more scrapes

python3 -m http.server "$web_port" --bind 127.0.0.1 --directory "$root" >/dev/null 2>&1 &
pids+=($!)
sleep 1
"$chromium" --headless --no-sandbox --disable-gpu --hide-scrollbars --virtual-time-budget=30000 --window-size=1280,2560 \
  --screenshot="$root/docs/grafana-dashboard.png" \
  "http://127.0.0.1:$web_port/tools/dashboard/preview.html?prom=http://127.0.0.1:$prom_port&seconds=$((seconds + 15))" 2>/dev/null
echo "wrote docs/grafana-dashboard.png"
