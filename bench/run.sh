#!/usr/bin/env bash
# Benchmarks: bench/run.sh [scenario ...]   (default: every scenario in bench/scenarios/)
# Builds the server in Release, starts it on a fresh SQLite database on loopback, runs each scenario against it,
# and rewrites that scenario's section of docs/benchmarks.md (machine, date, commands, figures).
# Needs wrk (apt-get install -y wrk) and curl; talks only to 127.0.0.1. The kannel scenario installs Debian's kannel if it
# is missing (as root) and builds bench/SmppSink; the webhooks scenario builds bench/WebhookSink (its receiver, on loopback).
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)

command -v wrk >/dev/null || { echo "wrk is missing: apt-get update && apt-get install -y wrk" >&2; exit 1; }

scenarios=("$@")
if [[ ${#scenarios[@]} -eq 0 ]]; then
  for f in bench/scenarios/*.sh; do scenarios+=("$(basename "$f" .sh)"); done
fi

# BENCH_PUBLISH_ARGS adds publish options for an experiment (e.g. -p:TieredCompilation=false); BENCH_NO_PUBLISH=1 reuses bench/.server;
# BENCH_NO_DOCS=1 prints the figures without touching docs/benchmarks.md (experiments).
if [[ -z "${BENCH_NO_PUBLISH:-}" ]]; then
  rm -rf "$root/bench/.server"
  # For this machine's runtime, so that the assemblies are precompiled (ReadyToRun, see Cellgate.Server.csproj).
  rid=$(dotnet --info | awk '/^ *RID:/ {print $2; exit}')
  # shellcheck disable=SC2086
  dotnet publish src/Cellgate.Server -c Release -r "$rid" --self-contained false -o "$root/bench/.server" --nologo -v quiet ${BENCH_PUBLISH_ARGS:-} >/dev/null
fi

export CELLGATE_APP_TOKEN="bench-$(head -c 24 /dev/urandom | base64 | tr -dc 'A-Za-z0-9')"
export CELLGATE_PASSWORD="bench-password"
export CELLGATE_USERNAME="bench@cellgate.local"
export CELLGATE_PORT=${CELLGATE_PORT:-5181}
export CELLGATE_URL="http://127.0.0.1:$CELLGATE_PORT"
# The northbound SMPP listener and the demo organisation's bootstrap SMPP account (bench/scenarios/smpp.sh binds with it).
export CELLGATE_SMPP_PORT=${CELLGATE_SMPP_PORT:-5182}
export CELLGATE_SMPP_SYSTEM_ID="bench" CELLGATE_SMPP_PASSWORD="bench123"

start_server() {
  local data
  data=$(mktemp -d /tmp/cellgate-bench.XXXXXX)
  export CELLGATE_DATA=$data
  bash bench/server.sh "$data"
}

# The scenario may have restarted the server (lib.sh restart_server): the current process id is in server.pid.
stop_server() {
  local pid
  pid=$(cat "$CELLGATE_DATA/server.pid")
  kill "$pid" 2>/dev/null || true
  for _ in $(seq 1 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
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
    CELLGATE_PID=$(cat "$CELLGATE_DATA/server.pid") bash ${BENCH_TRACE:+-x} "bench/scenarios/$s.sh"
  } >"$fragment"
  stop_server
  [[ -n "${BENCH_NO_DOCS:-}" ]] || python3 - "$s" "$fragment" <<'PY'
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
