#!/usr/bin/env bash
# Benchmarks: bench/run.sh [scenario ...]   (default: every scenario in bench/scenarios/)
# Builds the server in Release, starts it on a fresh SQLite database on loopback, runs each scenario against it,
# and rewrites that scenario's section of docs/benchmarks.md (machine, date, commands, figures).
# Needs wrk (apt-get install -y wrk) and curl; talks only to 127.0.0.1.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)

command -v wrk >/dev/null || { echo "wrk is missing: apt-get update && apt-get install -y wrk" >&2; exit 1; }

scenarios=("$@")
if [[ ${#scenarios[@]} -eq 0 ]]; then
  for f in bench/scenarios/*.sh; do scenarios+=("$(basename "$f" .sh)"); done
fi

dotnet publish src/Cellgate.Server -c Release -o "$root/bench/.server" --nologo -v quiet >/dev/null

export CELLGATE_APP_TOKEN="bench-$(head -c 24 /dev/urandom | base64 | tr -dc 'A-Za-z0-9')"
export CELLGATE_PASSWORD="bench-password"
export CELLGATE_USERNAME="bench@cellgate.local"
export CELLGATE_PORT=${CELLGATE_PORT:-5181}
export CELLGATE_URL="http://127.0.0.1:$CELLGATE_PORT"

start_server() {
  local data
  data=$(mktemp -d /tmp/cellgate-bench.XXXXXX)
  (cd "$data" && \
    Cellgate__Storage__SqlitePath="$data/cellgate.db" \
    Cellgate__Bootstrap__Username="$CELLGATE_USERNAME" \
    Cellgate__Bootstrap__Password="$CELLGATE_PASSWORD" \
    Cellgate__Bootstrap__ApplicationToken="$CELLGATE_APP_TOKEN" \
    Cellgate__Auth__RateLimitPermits=100000000 \
    Logging__LogLevel__Default=Warning \
    exec "$root/bench/.server/Cellgate.Server" --urls "$CELLGATE_URL" >"$data/server.log" 2>&1) &
  CELLGATE_PID=$!
  export CELLGATE_PID CELLGATE_DATA=$data
  for _ in $(seq 1 100); do curl -fs "$CELLGATE_URL/readyz" >/dev/null 2>&1 && return 0; sleep 0.2; done
  echo "server did not start; log:" >&2; cat "$data/server.log" >&2; exit 1
}

stop_server() {
  kill "$CELLGATE_PID" 2>/dev/null || true
  wait "$CELLGATE_PID" 2>/dev/null || true
  rm -rf "$CELLGATE_DATA"
}

machine() {
  echo "Machine: $(nproc) cores, $(awk '/model name/ {sub(/.*: /, ""); print; exit}' /proc/cpuinfo), $(free -g | awk '/Mem:/ {print $2}') GiB RAM, $(. /etc/os-release; echo "$PRETTY_NAME"), .NET $(dotnet --version)."
}

for s in "${scenarios[@]}"; do
  echo "== scenario $s" >&2
  start_server
  fragment=$(mktemp)
  {
    echo "Run on $(date -u '+%Y-%m-%d %H:%M UTC') with \`bench/run.sh $s\`. $(machine)"
    echo "Load generator and server share the same cores; the server runs the Release build on a fresh SQLite file."
    echo
    bash "bench/scenarios/$s.sh"
  } >"$fragment"
  stop_server
  python3 - "$s" "$fragment" <<'PY'
import pathlib, re, sys
name, fragment = sys.argv[1], pathlib.Path(sys.argv[2]).read_text()
doc = pathlib.Path("docs/benchmarks.md")
text = doc.read_text() if doc.exists() else "# Benchmarks\n\nFigures written by `bench/run.sh`; each section says how it was produced.\n"
start, end = f"<!-- bench:{name}:start -->", f"<!-- bench:{name}:end -->"
section = f"{start}\n{fragment.rstrip()}\n{end}"
if start in text:
    text = re.sub(re.escape(start) + ".*?" + re.escape(end), lambda _: section, text, flags=re.S)
else:
    text = text.rstrip() + "\n\n" + section + "\n"
doc.write_text(text)
PY
  cat "$fragment"
  rm -f "$fragment"
done
