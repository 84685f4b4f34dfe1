#!/usr/bin/env bash
# PostgreSQL limits for Cellgate's SMS queue, measured with pgbench (docs/scaling.md).
#   PGHOST=/tmp/pgdocs PGPORT=55433 PGUSER=postgres bench/postgres/run.sh SCENARIO [SECONDS] [CLIENTS]
# Scenarios:
#   one        one SMS per transaction (tail read + insert, per-device advisory lock): the fsync-bound commit rate
#   group      the writer's group commit: GROUP (100) SMS per transaction, each in a savepoint, pipelined (LOCKS below)
#   group-nosp the same without savepoints
#   mixed      group submitters and two dispatchers (deliver_round: claim FOR UPDATE SKIP LOCKED, record, outbox)
#              at the same time: the whole lifecycle, steady state
# DEVICES (1000): how many devices the submissions go to (groups of random devices overlap less with more).
# Needs a database made with bench/postgres/schema.sql (PGDATABASE, default cellgate_bench). Prints the figures and
# the machine's load; runs are short on purpose (the machine is shared). Each run starts from empty sms and outbox
# tables (KEEP=1: keeps the rows) and a checkpoint.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
scenario=${1:?scenario}; seconds=${2:-20}; clients=${3:-4}
group=${GROUP:-100}
export PGDATABASE=${PGDATABASE:-cellgate_bench}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

q() { psql -X -qAt -c "$1"; }

# The group script: GROUP submissions of random devices in one pipelined transaction (Npgsql batching: no round trip per statement).
make_group() {
  local savepoints=$1 f=$work/group.sql
  : > "$f"
  for i in $(seq 1 "$group"); do echo "\\set d$i random(1, ${DEVICES:-1000})" >> "$f"; done
  echo '\startpipeline' >> "$f"
  echo 'BEGIN;' >> "$f"
  # LOCKS=sorted (default): the group takes its devices' advisory locks first, in device order, in one statement, so
  # two groups (two nodes' writers) never deadlock. LOCKS=each: each submission locks its device as it goes (random
  # order: concurrent groups deadlock). LOCKS=rows: row locks on the devices' rows, in device order (no shared lock
  # table entries; works when the tables are sharded). LOCKS=none: no lock (one node).
  local lock=true
  case ${LOCKS:-sorted} in
    sorted) lock=false
      printf 'SELECT count(pg_advisory_xact_lock(d)) FROM (SELECT DISTINCT d FROM unnest(ARRAY[%s]::bigint[]) d ORDER BY d) s;\n' \
        "$(seq -s, -f ':d%g' 1 "$group")" >> "$f" ;;
    rows) lock=false
      printf 'SELECT count(*) FROM (SELECT 1 FROM devices WHERE "Id" = ANY(ARRAY[%s]::bigint[]) ORDER BY "Id" FOR NO KEY UPDATE) s;\n' \
        "$(seq -s, -f ':d%g' 1 "$group")" >> "$f" ;;
    none) lock=false ;;
  esac
  for i in $(seq 1 "$group"); do
    if [ "$savepoints" = 1 ]; then printf "SAVEPOINT w;\nSELECT submit_sms(:d$i, $lock);\nRELEASE SAVEPOINT w;\n" >> "$f"
    else echo "SELECT submit_sms(:d$i, $lock);" >> "$f"; fi
  done
  echo 'COMMIT;' >> "$f"
  echo '\endpipeline' >> "$f"
  echo "$f"
}

cat > "$work/one.sql" <<'SQL'
\set d random(1, 1000)
SELECT submit_sms(:d, true);
SQL
cat > "$work/deliver.sql" <<'SQL'
SELECT deliver_round('node-' || :client_id, 1000, 16, true);
\sleep 2 ms
SQL

pg_pids() { local pm; pm=$(q "select pg_backend_pid()" >/dev/null; head -1 "$(q 'show data_directory')/postmaster.pid"); echo "$pm"; pgrep -P "$pm" || true; }
pg_cpu_ticks() { local t=0; for p in $(pg_pids); do [ -r /proc/$p/stat ] && t=$((t + $(awk '{print $14+$15+$16+$17}' /proc/$p/stat))); done; echo $t; }

snapshot() {
  q "select (select count(*) from sms), (select count(*) from sms where \"Status\" = 4), pg_current_wal_lsn() - '0/0'::pg_lsn,
            (select wal_sync from pg_stat_wal), (select wal_fpi from pg_stat_wal), (select xact_commit from pg_stat_database where datname = current_database())"
}

echo "== $scenario, ${seconds}s, $clients clients, $(date -u +%FT%TZ)"
echo "load before: $(cut -d' ' -f1-3 /proc/loadavg)"
[ "${KEEP:-0}" = 1 ] || q "truncate sms, webhook_outbox restart identity" >/dev/null   # KEEP=1: on top of the rows already there
q "checkpoint" >/dev/null
before=$(snapshot); cpu0=$(pg_cpu_ticks); stat0=$(awk '/^cpu /{print $2+$3+$4+$6+$7+$8, $5}' /proc/stat)
case $scenario in
  one)        pgbench -n -j 1 -c "$clients" -T "$seconds" -f "$work/one.sql" -P 5 -r 2>&1 | grep -E 'latency|tps|progress|error|abort' ;;
  group)      pgbench -n -j 1 -c "$clients" -T "$seconds" -M prepared -f "$(make_group 1)" -P 5 2>&1 | grep -E 'latency|tps|progress|error|abort' ;;
  group-nosp) pgbench -n -j 1 -c "$clients" -T "$seconds" -M prepared -f "$(make_group 0)" -P 5 2>&1 | grep -E 'latency|tps|progress|error|abort' ;;
  mixed)
    pgbench -n -j 1 -c 2 -T "$seconds" -f "$work/deliver.sql" > "$work/deliver.out" 2>&1 &
    dpid=$!
    pgbench -n -j 1 -c "$clients" -T "$seconds" -M prepared -f "$(make_group 1)" -P 5 2>&1 | grep -E 'latency|tps|progress|error|abort'
    wait $dpid; echo "dispatchers:"; grep -E 'latency|tps' "$work/deliver.out" ;;
  *) echo "unknown scenario $scenario" >&2; exit 2 ;;
esac
after=$(snapshot); cpu1=$(pg_cpu_ticks); stat1=$(awk '/^cpu /{print $2+$3+$4+$6+$7+$8, $5}' /proc/stat)
echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)"
python3 - "$before" "$after" "$cpu0" "$cpu1" "$seconds" "$stat0" "$stat1" <<'PY'
import sys
b = [float(x) for x in sys.argv[1].split('|')]; a = [float(x) for x in sys.argv[2].split('|')]
cpu = (int(sys.argv[4]) - int(sys.argv[3])) / 100.0; secs = float(sys.argv[5])
s0 = [int(x) for x in sys.argv[6].split()]; s1 = [int(x) for x in sys.argv[7].split()]
busy = (s1[0] - s0[0]) / max(1, (s1[0] - s0[0]) + (s1[1] - s0[1]))
ins, dlv, wal, syncs, fpi, commits = (a[i] - b[i] for i in range(6))
print(f"SMS inserted {ins:.0f} ({ins/secs:.0f}/s), delivered {dlv:.0f} ({dlv/secs:.0f}/s), commits {commits:.0f} ({commits/secs:.0f}/s), WAL fsyncs {syncs:.0f} ({syncs/secs:.0f}/s)")
print(f"WAL {wal/1e6:.1f} MB ({wal/secs/1e6:.2f} MB/s), full-page images {fpi:.0f}; per SMS inserted: {wal/max(ins,1):.0f} bytes WAL")
print(f"PostgreSQL CPU {cpu:.1f} s = {cpu/secs:.2f} cores; {1e6*cpu/max(ins+dlv,1):.0f} us per SMS row operation (insert or delivery); machine busy {100*busy:.0f} %")
PY
q "select 'sms table ' || pg_size_pretty(pg_relation_size('sms')) || ', its indexes ' || pg_size_pretty(pg_indexes_size('sms')) || ', dead tuples ' || n_dead_tup || ', live ' || n_live_tup || ', updates ' || n_tup_upd || ' (HOT ' || n_tup_hot_upd || ')' from pg_stat_user_tables where relname = 'sms'"
