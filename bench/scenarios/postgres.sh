#!/usr/bin/env bash
# Issue 12: REST SMS submit on PostgreSQL (one node, then two nodes on the same database) against the SQLite figure of
# the same run (the server bench/run.sh started, on its fresh SQLite file). PostgreSQL is a throw-away cluster of
# Debian's packages (installed if missing, as root) on a private port and socket folder, with the durability of a real
# installation: fsync=on, synchronous_commit=on, full_page_writes=on.
# Figures per run: accepted SMS/s, p50/p99 (wrk), CPU per accepted SMS of the server process(es) and of all PostgreSQL
# processes (from /proc: the postmaster with its reaped children, and its live children), and, for PostgreSQL, what the
# database executed per SMS (pg_stat_database commits, pg_stat_statements calls: the round trips of the SMS path).
# BENCH_PG_AB_SERVER_DIR: another published build (an experiment) measured as a third PostgreSQL row, one node, after the
# two-node run, on the same database; BENCH_PG_AB_NAME names it. BENCH_PG_AB_ENV: settings for that node only (e.g.
# "Cellgate__Delivery__PostgresWriterConnections=2"), with this build unless BENCH_PG_AB_SERVER_DIR names another.
# Env: BENCH_SMS_DEVICES (1000), BENCH_WARMUP (10s), BENCH_DURATION (15s), BENCH_PG_PORT (47383), BENCH_NODE_PORTS ("47391 47392"):
# ports that must be free (checked: the machine is shared and a server of someone else would answer /readyz).
# BENCH_PG_CONF: more server settings ("-c name=value ..."), e.g. auto_explain to see slow plans; BENCH_PG_KEEP_LOG=FILE
# copies PostgreSQL's log there at the end. BENCH_PG_ONE_NODE=1 skips the two-node run (a shorter A/B of one node against another build or setting).
# Each PostgreSQL run also prints where PostgreSQL's CPU went (by process kind) and its statements by execution time.
set -euo pipefail
[[ -n "${BENCH_TRACE:-}" ]] && set -x
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
source "$here/lib.sh"

devices=${BENCH_SMS_DEVICES:-1000}
warmup=${BENCH_WARMUP:-10s}
duration=${BENCH_DURATION:-15s}
pg_port=${BENCH_PG_PORT:-47383}
read -r -a node_ports <<<"${BENCH_NODE_PORTS:-47391 47392}"
lua="$here/sms_submit.lua"
hz=$(getconf CLK_TCK)
log=$(mktemp)
load() { cut -d' ' -f1-3 /proc/loadavg; }

port_free() { ! ss -ltnH "sport = :$1" | grep -q .; }
for p in "$pg_port" "${node_ports[@]}"; do port_free "$p" || { echo "port $p is in use (BENCH_PG_PORT, BENCH_NODE_PORTS)" >&2; exit 1; }; done

# --- PostgreSQL cluster -------------------------------------------------------------------------------------------
if ! ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1; then
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null
fi
pg_bin=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)
pg_dir=$(mktemp -d /tmp/cellgate-bench-pg.XXXXXX)
chown postgres "$pg_dir"
node_dirs=()
node_pids=()
cleanup() {
  [[ -n "${BENCH_PG_KEEP_LOG:-}" ]] && cp "$pg_dir/server.log" "$BENCH_PG_KEEP_LOG" 2>/dev/null
  for pid in "${node_pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${node_pids[@]}"; do for _ in $(seq 1 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done; done
  runuser -u postgres -- "$pg_bin/pg_ctl" -D "$pg_dir/data" -m fast stop >/dev/null 2>&1 || true
  rm -rf "$pg_dir" "${node_dirs[@]}" "$log"
}
trap cleanup EXIT
runuser -u postgres -- "$pg_bin/initdb" -D "$pg_dir/data" -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 >"$pg_dir/initdb.log" 2>&1
runuser -u postgres -- "$pg_bin/pg_ctl" -D "$pg_dir/data" -l "$pg_dir/server.log" -w -o \
  "-p $pg_port -k $pg_dir -c listen_addresses=127.0.0.1 -c max_connections=200 -c shared_buffers=256MB -c max_wal_size=2GB \
   -c fsync=on -c synchronous_commit=on -c full_page_writes=on -c shared_preload_libraries=pg_stat_statements \
   -c pg_stat_statements.track=all ${BENCH_PG_CONF:-}" start >/dev/null
psql_su() { psql -X -qAt -h 127.0.0.1 -p "$pg_port" -U postgres -d "${2:-cellgate}" -c "$1"; }
psql_su "CREATE ROLE cellgate LOGIN PASSWORD 'cellgate'" postgres
psql_su "CREATE DATABASE cellgate OWNER cellgate" postgres
psql_su "CREATE EXTENSION pg_stat_statements"
pg_version=$("$pg_bin/postgres" --version | awk '{print $3}')
pg_conn="Host=127.0.0.1;Port=$pg_port;Username=cellgate;Password=cellgate;Database=cellgate"
postmaster=$(head -1 "$pg_dir/data/postmaster.pid")

# CPU ticks of every PostgreSQL process: the postmaster with the children it reaped (fields 14-17) and the live ones.
pg_ticks() {
  local total pid
  total=$(awk '{print $14 + $15 + $16 + $17}' "/proc/$postmaster/stat")
  for pid in $(ps -o pid= --ppid "$postmaster"); do
    total=$(( total + $(awk '{print $14 + $15}' "/proc/$pid/stat" 2>/dev/null || echo 0) ))
  done
  echo "$total"
}
# Ticks per kind of PostgreSQL process ("backend", "walwriter", "checkpointer", "autovacuum", ...), one "KIND TICKS" a line;
# children the postmaster reaped (autovacuum workers, backends that ended) count as "reaped".
pg_ticks_by_kind() {
  local pid kind
  echo "reaped $(awk '{print $16 + $17}' "/proc/$postmaster/stat")"
  echo "postmaster $(awk '{print $14 + $15}' "/proc/$postmaster/stat")"
  for pid in $(ps -o pid= --ppid "$postmaster"); do
    kind=$( { tr '\0' ' ' <"/proc/$pid/cmdline"; } 2>/dev/null | awk '{ if ($2 == "cellgate" || $2 == "postgres" && $3 ~ /^(cellgate|postgres)$/) print "backend"; else if ($2 == "autovacuum") print "autovacuum"; else print $2 }' || true)
    echo "${kind:-other} $(awk '{print $14 + $15}' "/proc/$pid/stat" 2>/dev/null || echo 0)"
  done
}
servers_ticks() { local t=0 pid; for pid in "$@"; do t=$(( t + $(proc_ticks "$pid") )); done; echo "$t"; }
deadlocks() { psql_su "SELECT deadlocks FROM pg_stat_database WHERE datname = 'cellgate'"; }
statements_run() { psql_su "SELECT COALESCE(sum(calls), 0) FROM pg_stat_statements WHERE dbid = (SELECT oid FROM pg_database WHERE datname = 'cellgate')"; }

start_node() { # start_node PORT [SERVER_DIR [ENV...]]: a node on the shared database; appends its pid and data folder
  local port=$1 server=${2:-${BENCH_SERVER_DIR:-}} dir
  shift; [[ $# -gt 0 ]] && shift
  dir=$(mktemp -d /tmp/cellgate-bench-node.XXXXXX)
  node_dirs+=("$dir")
  env "$@" BENCH_SERVER_DIR=$server CELLGATE_URL="http://127.0.0.1:$port" CELLGATE_SMPP_PORT=0 Cellgate__Storage__Provider=postgresql Cellgate__Storage__ConnectionString="$pg_conn" \
    bash "$root/bench/server.sh" "$dir"
  node_pids+=("$(cat "$dir/server.pid")")
}

# --- one measured run ---------------------------------------------------------------------------------------------
# measure NAME DB PID... with URLS set to the nodes' base URLs: a warm-up, then $duration of load split evenly over the
# nodes (one wrk per node, 64 connections in all), then waits until delivered. Prints a table row; sets RUN_RATE.
measure() {
  local name=$1 db=$2; shift 2
  local pids=("$@") n=${#URLS[@]} t0 t1 s0 s1 p0 p1 c0 c1 q1 l0 l1 i outs=() rps=0 p50s=() p99s=() non2xx=0 seconds rate
  local threads=$(( n == 1 ? 2 : 1 )) conns=$(( 64 / n ))
  for u in "${URLS[@]}"; do
    SMS_TOKEN=$CELLGATE_TOKEN SMS_FIRST=$first SMS_COUNT=$count SMS_THREADS=$threads \
      wrk -t"$threads" -c"$conns" -d"$warmup" -s "$lua" "$u" >/dev/null 2>&1 &
  done
  wait
  CELLGATE_URL=${URLS[0]} tool wait-drained 300 >/dev/null
  [[ $db == pg ]] && psql_su "SELECT pg_stat_statements_reset()" >/dev/null
  l0=$(load); t0=$(date +%s%N); s0=$(servers_ticks "${pids[@]}"); [[ $db == pg ]] && { p0=$(pg_ticks); c0=$(deadlocks); pg_ticks_by_kind >"$log.k0"; }
  for i in "${!URLS[@]}"; do
    SMS_TOKEN=$CELLGATE_TOKEN SMS_FIRST=$first SMS_COUNT=$count SMS_THREADS=$threads \
      wrk --latency -t"$threads" -c"$conns" -d"$duration" -s "$lua" "${URLS[$i]}" >"$log.$i" 2>&1 &
  done
  wait
  t1=$(date +%s%N); s1=$(servers_ticks "${pids[@]}"); [[ $db == pg ]] && { p1=$(pg_ticks); c1=$(deadlocks); q1=$(statements_run); pg_ticks_by_kind >"$log.k1"; }
  l1=$(load)
  for i in "${!URLS[@]}"; do
    echo "== $name node $i" >>"$log"; cat "$log.$i" >>"$log"
    rps=$(awk -v a="$rps" '/Requests\/sec/ {printf "%.0f", a + $2}' "$log.$i")
    p50s+=("$(awk '$1 == "50%" {print $2}' "$log.$i")")
    p99s+=("$(awk '$1 == "99%" {print $2}' "$log.$i")")
    non2xx=$(( non2xx + $(awk '/Non-2xx/ {n = $NF} END {print n + 0}' "$log.$i") ))
    rm -f "$log.$i"
  done
  seconds=$(awk -v t="$(( t1 - t0 ))" 'BEGIN {printf "%.2f", t / 1e9}')
  local accepted
  accepted=$(awk -v r="$rps" -v s="$seconds" 'BEGIN {printf "%.0f", r * s}')
  [[ $accepted -gt 0 ]] || accepted=1 # nothing accepted: per-SMS figures show the whole run's cost
  local server_us pg_us pg_cores commits_per
  server_us=$(awk -v t="$(( s1 - s0 ))" -v hz="$hz" -v n="$accepted" 'BEGIN {printf "%.0f", t / hz * 1e6 / n}')
  if [[ $db == pg ]]; then
    pg_us=$(awk -v t="$(( p1 - p0 ))" -v hz="$hz" -v n="$accepted" 'BEGIN {printf "%.0f", t / hz * 1e6 / n}')
    pg_cores=$(awk -v t="$(( p1 - p0 ))" -v hz="$hz" -v s="$seconds" 'BEGIN {printf "%.2f", t / hz / s}')
    commits_per="$(awk -v q="$q1" -v n="$accepted" 'BEGIN {printf "%.1f", q / n}') / $(( c1 - c0 ))"
  else
    pg_us="–"; pg_cores="–"; commits_per="–"
  fi
  local server_cores
  server_cores=$(awk -v t="$(( s1 - s0 ))" -v hz="$hz" -v s="$seconds" 'BEGIN {printf "%.2f", t / hz / s}')
  RUN_RATE=$rps
  RUN_KINDS=""
  if [[ $db == pg ]]; then
    # µs of CPU per accepted SMS by kind of PostgreSQL process (backends: the node's connections' work).
    RUN_KINDS=$(awk -v hz="$hz" -v n="$accepted" 'NR == FNR {a[$1] += $2; next} {b[$1] += $2} END {
        for (k in b) { d = b[k] - a[k]; if (d > 0) printf "%s %.0f µs, ", k, d / hz * 1e6 / n } }' "$log.k0" "$log.k1" | sed 's/, $//')
    rm -f "$log.k0" "$log.k1"
  fi
  printf '| %s | %s | %s | %s | %s | %s µs (%s cores) | %s µs (%s cores) | %s | %s → %s |\n' "$name" "$rps" \
    "$(IFS=/; echo "${p50s[*]}")" "$(IFS=/; echo "${p99s[*]}")" "$non2xx" "$server_us" "$server_cores" "$pg_us" "$pg_cores" \
    "$commits_per" "${l0%% *}" "${l1%% *}"
  CELLGATE_URL=${URLS[0]} tool wait-drained 300 >/dev/null
}

# What PostgreSQL executed per accepted SMS during the last run (pg_stat_statements since its reset): the statements
# of the SMS path with calls, rows and execution time per SMS.
statements() {
  local per=$1
  [[ $per -gt 0 ]] || per=1
  echo "| statement (first 110 characters) | calls per 1,000 SMS | rows per call | µs per call (execution in PostgreSQL) |"
  echo "|---|---|---|---|"
  psql_su "SELECT left(regexp_replace(query, '\\s+', ' ', 'g'), 110), calls, rows, total_exec_time FROM pg_stat_statements
           WHERE dbid = (SELECT oid FROM pg_database WHERE datname = 'cellgate') ORDER BY calls DESC LIMIT 20" |
    awk -F'|' -v n="$per" '{gsub(/`/, "", $1); printf "| `%s` | %.0f | %.1f | %.0f |\n", $1, $2 * 1000 / n, $3 / ($2 ? $2 : 1), $4 * 1000 / ($2 ? $2 : 1)}'
}

# The statements that took most of PostgreSQL's execution time in the last run: total per 1,000 SMS.
statements_by_time() {
  local per=$1
  [[ $per -gt 0 ]] || per=1
  echo "| statement (first 110 characters) | execution ms per 1,000 SMS | calls per 1,000 SMS | µs per call |"
  echo "|---|---|---|---|"
  psql_su "SELECT left(regexp_replace(query, '\\s+', ' ', 'g'), 110), total_exec_time, calls FROM pg_stat_statements
           WHERE dbid = (SELECT oid FROM pg_database WHERE datname = 'cellgate') ORDER BY total_exec_time DESC LIMIT 12" |
    awk -F'|' -v n="$per" '{gsub(/`/, "", $1); printf "| `%s` | %.1f | %.0f | %.0f |\n", $1, $2 * 1000 / n, $3 * 1000 / n, $2 * 1000 / ($3 ? $3 : 1)}'
}

# One round trip to PostgreSQL at this moment: pgbench, one client, SELECT 1 (simple protocol) for 5 s; the mean latency.
round_trip() {
  local f; f=$(mktemp); echo 'SELECT 1;' >"$f"
  PGPASSWORD=cellgate "$pg_bin/pgbench" -n -h 127.0.0.1 -p "$pg_port" -U cellgate -c 1 -T 5 -f "$f" cellgate 2>/dev/null |
    awk '/latency average/ {print $4 " " $5}'
  rm -f "$f"
}

header='| run | accepted SMS/s | p50 (per node) | p99 (per node) | non-2xx | server CPU per SMS | PostgreSQL CPU per SMS | statements per SMS / deadlocks | load before → after |'
rule='|---|---|---|---|---|---|---|---|---|'

echo "## SMS submit on PostgreSQL (issue 12)"
echo
echo "PostgreSQL $pg_version from Debian's packages, a cluster of its own for the run on loopback: \`fsync=on\`,"
echo "\`synchronous_commit=on\`, \`full_page_writes=on\`, \`shared_buffers=256MB\`, \`max_wal_size=2GB\`, \`pg_stat_statements\`"
echo "loaded. The same Release build, the same wrk load as the SMS section (\`bench/scenarios/sms_submit.lua\`: 64 keep-alive"
echo "connections, round-robin over $devices attached endpoints, one-part SMS) and the same setup (\`sms_tool.py seed $devices\`) on"
echo "each database; each run after a $warmup warm-up and a drain, $duration of load, the dispatcher delivering to the"
echo "simulated handsets at the same time (inline delivery, the default). Two nodes: one wrk per node, 32 connections"
echo "each, both over all $devices endpoints (a round-robin load balancer: both nodes write to the same devices)."
echo "CPU per SMS: CPU time of the server process(es), and of all PostgreSQL processes, during the measured $duration,"
echo "divided by the SMS accepted in it (the delivery of those SMS included). Statements per SMS: statements PostgreSQL"
echo "executed (pg_stat_statements, utility statements such as SAVEPOINT included) per accepted SMS; deadlocks: PostgreSQL's"
echo "count of deadlocks it broke (\`pg_stat_database.deadlocks\`) during the run."
echo
echo "Settings: BENCH_SMS_DEVICES=$devices, BENCH_WARMUP=$warmup, BENCH_DURATION=$duration; PostgreSQL on port $pg_port, the nodes on ${node_ports[*]}${BENCH_PG_AB_SERVER_DIR:+; experiment build ${BENCH_PG_AB_SERVER_DIR}}."
echo
echo "The load average before and after each run is in the last column: on a machine shared with other work (load well"
echo "above 2 on these 2 cores) absolute figures are low and noisy; compare the ratios within one run."
echo
echo "$header"
echo "$rule"

# SQLite: the server bench/run.sh started.
export CELLGATE_TOKEN
CELLGATE_TOKEN=$(auth_token)
read -r first count < <(tool seed "$devices")
URLS=("$CELLGATE_URL")
measure "SQLite, 1 node" sqlite "$CELLGATE_PID"
sqlite_rate=$RUN_RATE
sqlite_url=$CELLGATE_URL
kill "$CELLGATE_PID" # frees its CPU for the PostgreSQL runs (run.sh's stop_server finds it gone)
for _ in $(seq 1 100); do kill -0 "$CELLGATE_PID" 2>/dev/null || break; sleep 0.1; done

# PostgreSQL, one node, then two.
rtt_before=$(round_trip)
start_node "${node_ports[0]}"
CELLGATE_URL="http://127.0.0.1:${node_ports[0]}"
CELLGATE_TOKEN=$(auth_token)
read -r first count < <(CELLGATE_URL=$CELLGATE_URL tool seed "$devices")
URLS=("$CELLGATE_URL")
measure "PostgreSQL, 1 node" pg "${node_pids[0]}"
pg1_rate=$RUN_RATE
pg1_kinds=$RUN_KINDS
pg1_n=$(awk -v r="$pg1_rate" -v d="${duration%s}" 'BEGIN {printf "%.0f", r * d}')
pg1_statements=$(statements "$pg1_n")
pg1_by_time=$(statements_by_time "$pg1_n")
pg2_rate=0
pg2_statements=""
if [[ -z "${BENCH_PG_ONE_NODE:-}" ]]; then
  start_node "${node_ports[1]}"
  URLS=("http://127.0.0.1:${node_ports[0]}" "http://127.0.0.1:${node_ports[1]}")
  measure "PostgreSQL, 2 nodes" pg "${node_pids[0]}" "${node_pids[1]}"
  pg2_rate=$RUN_RATE
  pg2_statements=$(statements "$(awk -v r="$pg2_rate" -v d="${duration%s}" 'BEGIN {printf "%.0f", r * d}')")
fi
ab_statements=""
ab_kinds=""
if [[ -n "${BENCH_PG_AB_SERVER_DIR:-}${BENCH_PG_AB_ENV:-}" ]]; then
  for pid in "${node_pids[@]}"; do kill "$pid"; done
  for pid in "${node_pids[@]}"; do for _ in $(seq 1 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done; done
  node_pids=()
  # shellcheck disable=SC2086
  start_node "${node_ports[0]}" "${BENCH_PG_AB_SERVER_DIR:-}" ${BENCH_PG_AB_ENV:-}
  URLS=("http://127.0.0.1:${node_ports[0]}")
  measure "PostgreSQL, 1 node, ${BENCH_PG_AB_NAME:-experiment}" pg "${node_pids[0]}"
  ab_rate=$RUN_RATE
  ab_kinds=$RUN_KINDS
  ab_n=$(awk -v r="$ab_rate" -v d="${duration%s}" 'BEGIN {printf "%.0f", r * d}')
  ab_statements=$(statements "$ab_n")
  ab_by_time=$(statements_by_time "$ab_n")
fi

rtt_after=$(round_trip)
echo
echo "One round trip to PostgreSQL (pgbench, one client, \`SELECT 1\`, 5 s, mean latency): $rtt_before before the PostgreSQL"
echo "runs, $rtt_after after them."
echo
if [[ -n "$pg2_statements" ]]; then
  echo "One node on PostgreSQL accepts $(( 100 * pg1_rate / sqlite_rate )) % of the SQLite rate (target: at least 70 %); two nodes"
  echo "$(( 100 * pg2_rate / sqlite_rate )) %. Two nodes on two shared cores share the same CPU with PostgreSQL and wrk: the second node adds"
  echo "no core, so this shows what running several nodes costs, not how they scale on separate machines."
else
  echo "One node on PostgreSQL accepts $(( 100 * pg1_rate / sqlite_rate )) % of the SQLite rate (target: at least 70 %); two nodes not run (BENCH_PG_ONE_NODE)."
fi
echo
echo "PostgreSQL's CPU per accepted SMS by process kind, one node: $pg1_kinds${ab_kinds:+; ${BENCH_PG_AB_NAME:-experiment}: $ab_kinds}."
echo
echo "What PostgreSQL executed per 1,000 accepted SMS, one node (pg_stat_statements over the measured run; a call is a"
echo "statement, so calls are the round trips where they are not pipelined in one batch):"
echo
echo "$pg1_statements"
echo
echo "The same run's statements by execution time inside PostgreSQL (lock waits included):"
echo
echo "$pg1_by_time"
if [[ -n "$pg2_statements" ]]; then
  echo
  echo "Two nodes:"
  echo
  echo "$pg2_statements"
fi
if [[ -n "$ab_statements" ]]; then
  echo
  echo "${BENCH_PG_AB_NAME:-experiment} ($(( 100 * ab_rate / sqlite_rate )) % of the SQLite rate):"
  echo
  echo "$ab_statements"
  echo
  echo "By execution time:"
  echo
  echo "$ab_by_time"
fi
: "$sqlite_url"
# What deadlocked, if anything did: PostgreSQL's own report of the first one (the processes' statements).
if grep -q 'deadlock detected' "$pg_dir/server.log"; then
  echo
  echo "PostgreSQL's report of the first deadlock it broke (its log; \`$(grep -c 'deadlock detected' "$pg_dir/server.log")\` in all):"
  echo
  echo '```'
  grep -m1 -A8 'deadlock detected' "$pg_dir/server.log" | cut -c1-400 | sed -E 's/^[0-9-]+ [0-9:.]+ [A-Z]+ \[[0-9]+\] //'
  echo '```'
fi
