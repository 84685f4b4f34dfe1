#!/usr/bin/env bash
# A fresh server against a warm one, per build, alternated (docs/benchmarks.md, "A fresh server", issue 11):
#   bench/profile/fresh_ab.sh ROUNDS LABEL=SERVER_DIR[:ENV=VALUE,...] ...
# Each round, for each build: (re)start that published build (bench/server.sh, BENCH_SERVER_DIR, the ENV settings
# added) on one shared database of 1,000 attached endpoints (seeded on the first call, kept in AB_DATA), then
#   fresh20k  exactly 20,000 POST /api/v1/endpoint/{id}/sms (bench/scenarios/sms_submit.lua, wrk -t2 -c64)
#   warm10s   after a drain and 8 s of load, 10 s of the same load (AB_NO_WARM=1 leaves these out)
# and prints per run: SMS/s, p50, p99, server CPU per SMS (µs), the server's and everything else's cores, the load.
# ENV may hold PREWARM=N (N real SMS sent from outside before the fresh run) or PRE404=S (S seconds of submits to an
# endpoint that does not exist). AB_COUNTERS=PREFIX: dotnet-counters (System.Runtime, 1 s) into PREFIX.LABEL.ROUND.csv.
# Env: CELLGATE_PORT / CELLGATE_SMPP_PORT (5700 / 5701), AB_DATA (a folder of its own; /tmp/cellgate-fresh-ab).
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
export CELLGATE_PORT=${CELLGATE_PORT:-5700} CELLGATE_SMPP_PORT=${CELLGATE_SMPP_PORT:-5701}
export CELLGATE_URL=http://127.0.0.1:$CELLGATE_PORT
export CELLGATE_APP_TOKEN=bench-fresh-ab-token-ABCDEFGHIJ CELLGATE_PASSWORD=bench-password CELLGATE_USERNAME=bench@cellgate.local
export CELLGATE_SMPP_SYSTEM_ID=bench CELLGATE_SMPP_PASSWORD=bench123
export CELLGATE_DATA=${AB_DATA:-/tmp/cellgate-fresh-ab}
source $root/bench/scenarios/lib.sh
lua=$root/bench/scenarios/sms_submit.lua
rounds=$1; shift
mkdir -p $CELLGATE_DATA
start() { # dir envs
  local dir=$1 envs=$2
  ( IFS=,; for kv in $envs; do export "$kv"; done; BENCH_SERVER_DIR=$dir bash $root/bench/server.sh $CELLGATE_DATA )
  CELLGATE_PID=$(cat $CELLGATE_DATA/server.pid)
}
stop() { kill $CELLGATE_PID 2>/dev/null || true; for _ in $(seq 1 150); do kill -0 $CELLGATE_PID 2>/dev/null || break; sleep 0.1; done; }
if [[ ! -f $CELLGATE_DATA/seed ]]; then
  first_build=${1#*=}; start "${first_build%%:*}" ""
  export CELLGATE_TOKEN; CELLGATE_TOKEN=$(auth_token)
  tool seed 1000 > $CELLGATE_DATA/seed
  stop
fi
read -r first count < $CELLGATE_DATA/seed
run() { # name limit|duration
  local name=$1 limit=$2 done_file out t0 t1 s0 s1 rps requests p99 p50 rate n
  done_file=$(mktemp); s0=$(proc_ticks $CELLGATE_PID); b0=$(busy_ticks); t0=$(date +%s%N)
  if [[ $limit == *s ]]; then
    out=$(SMS_TOKEN=$CELLGATE_TOKEN SMS_FIRST=$first SMS_COUNT=$count SMS_DONE_FILE=$done_file wrk --latency -t2 -c64 -d$limit -s $lua $CELLGATE_URL 2>&1)
  else
    out=$(SMS_TOKEN=$CELLGATE_TOKEN SMS_FIRST=$first SMS_COUNT=$count SMS_LIMIT=$limit SMS_THREADS=2 SMS_DONE_FILE=$done_file wrk --latency -t2 -c64 -d900s -s $lua $CELLGATE_URL 2>&1)
  fi
  s1=$(proc_ticks $CELLGATE_PID); b1=$(busy_ticks); t1=$(date +%s%N)
  rps=$(awk '/Requests\/sec/ {print $2}' <<<"$out"); requests=$(awk '/requests in/ {print $1}' <<<"$out")
  p50=$(awk '$1 == "50%" {print $2}' <<<"$out"); p99=$(awk '$1 == "99%" {print $2}' <<<"$out")
  if [[ $limit == *s ]]; then rate=${rps%.*}; n=$requests; else n=$limit; rate=$(awk -v n=$limit -v q=$requests -v r=$rps 'BEGIN {printf "%.0f", n / (q / r)}'); fi
  local sec; sec=$(awk -v t=$((t1-t0)) 'BEGIN{print t/1e9}')
  printf '%s %s rate=%s p50=%s p99=%s us/sms=%s srv_cores=%s other_cores=%s load=%s\n' "$VNAME" "$name" "$rate" "$p50" "$p99" \
    "$(us_per $((s1-s0)) $n)" "$(awk -v s=$((s1-s0)) -v t=$sec 'BEGIN{printf "%.2f", s/100/t}')" "$(awk -v s=$((s1-s0)) -v b=$((b1-b0)) -v t=$sec 'BEGIN{printf "%.2f", (b-s)/100/t}')" "$(cut -d' ' -f1 /proc/loadavg)"
  rm -f $done_file
}
for r in $(seq 1 $rounds); do
  for v in "$@"; do
    VNAME=${v%%=*}; rest=${v#*=}; dir=${rest%%:*}; envs=""; [[ $rest == *:* ]] && envs=${rest#*:}
    start $dir "$envs"
    export CELLGATE_TOKEN; CELLGATE_TOKEN=$(auth_token)
    if [[ -n ${AB_COUNTERS:-} ]]; then (cd $root && exec dotnet dotnet-counters collect -p $CELLGATE_PID --refresh-interval 1 --format csv -o $AB_COUNTERS.$VNAME.$r.csv >/dev/null 2>&1) & cpid=$!; sleep 2; fi
    if [[ $envs == *PREWARM=* ]]; then pw=${envs#*PREWARM=}; pw=${pw%%,*}; SMS_TOKEN=$CELLGATE_TOKEN SMS_FIRST=$first SMS_COUNT=$count SMS_LIMIT=$pw SMS_THREADS=2 SMS_DONE_FILE=$(mktemp) wrk -t2 -c64 -d900s -s $lua $CELLGATE_URL >/dev/null 2>&1; sleep ${PRESLEEP:-1}; fi
    if [[ $envs == *PRE404=* ]]; then pw=${envs#*PRE404=}; pw=${pw%%,*}; SMS_TOKEN=$CELLGATE_TOKEN SMS_FIRST=900000000 SMS_COUNT=1 SMS_DONE_FILE=$(mktemp) wrk -t2 -c64 -d${pw}s -s $lua $CELLGATE_URL >/dev/null 2>&1; sleep ${PRESLEEP:-1}; fi
    run fresh20k 20000
    tool wait-drained 300 >/dev/null
    if [[ -z ${AB_NO_WARM:-} ]]; then
      run warmup 8s >/dev/null; tool wait-drained 300 >/dev/null
      run warm10s 10s; tool wait-drained 300 >/dev/null
    fi
    [[ -n ${AB_COUNTERS:-} ]] && kill $cpid 2>/dev/null
    stop
  done
done
