#!/usr/bin/env bash
# Cross-region throughput: a Tianjin sender on the Tianjin broker, a Beijing receiver on the Beijing
# broker (two liaisond processes, federation over mutual TLS, both durable), against the same run on
# one broker (Tianjin sender, Tianjin receiver). Release builds; prints one line per run and a summary.
#
#   Deploy/bench/federation.sh            # 3 repetitions of N=100000 512-byte events
#   REPS=1 N=20000 Deploy/bench/federation.sh
#   LATENCY=1 Deploy/bench/federation.sh  # then also latency at 1,000 events/s, single and cross-region
#   BJ_DB_DIR=/dev/shm/bj LATENCY=1 ...    # Beijing's database elsewhere (the brokers no longer share a disk)
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
REPS=${REPS:-3} N=${N:-100000} SIZE=${SIZE:-512} WINDOW=${WINDOW:-1000}
log() { printf '[federation-bench %s] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }

log "building liaisond and liaison in release"
(cd "$root" && swift build -c release --product liaisond >/dev/null && swift build -c release --product liaison >/dev/null)
bin=$(cd "$root" && swift build -c release --show-bin-path)
data=$(mktemp -d "${TMPDIR:-/tmp}/liaison-federation.XXXXXX")
pids=()
stop_all() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null && wait "$pid" 2>/dev/null; done
  pids=()
}
trap 'stop_all; rm -rf "$data"' EXIT
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }

# start REGION PORT [PEER=PORT]: a dev broker sharing the dev CA in $data/dev, its own database.
start() {
  local region=$1 port=$2 peer=${3:-}
  local extra=()
  [ -n "$peer" ] && extra=(--peer "$peer")
  local folder=$data
  [ "$region" = bj ] && [ -n "${BJ_DB_DIR:-}" ] && folder=$BJ_DB_DIR && mkdir -p "$folder" && rm -f "$folder"/bj.sqlite*
  "$bin/liaisond" dev --region "$region" --data "$data/dev" --database "$folder/$region.sqlite" --port "$port" \
    --directory "$root/Deploy/directory/directory.yaml" --policies "$root/Deploy/policies" \
    --calendar "$root/Deploy/calendar" --authorization "$root/Deploy/authorization/channels.yaml" \
    --agency-requests-per-second 1000000 --agency-burst 1000000 "${extra[@]}" >"$data/$region.log" 2>&1 &
  pids+=($!)
  for _ in $(seq 1 200); do
    grep -q "listening on" "$data/$region.log" && return 0
    sleep 0.1
  done
  log "liaisond $region did not start:"; cat "$data/$region.log" >&2; exit 1
}

bench() {
  "$bin/liaison" bench --dev-dir "$data/dev" --scenario throughput --size "$SIZE" --window "$WINDOW" "$@"
}

latency() {
  "$bin/liaison" bench --dev-dir "$data/dev" --scenario latency --size "$SIZE" "$@"
}

# Fresh databases, the broker(s) of a scenario started and warmed up; `route` holds the scenario's
# load-generator arguments.
up_single() {
  rm -rf "$data"/*.sqlite*
  local tj
  tj=$(free_port)
  start tj "$tj"
  route=(--port "$tj" --producer tj.scjg --consumer tj.hp.scjg)
  bench "${route[@]}" --n 10000 >/dev/null
}
up_cross() {
  rm -rf "$data"/*.sqlite*
  local tj bj
  tj=$(free_port) bj=$(free_port)
  start tj "$tj" "bj=127.0.0.1:$bj"
  start bj "$bj" "tj=127.0.0.1:$tj"
  route=(--port "$tj" --consumer-port "$bj" --producer tj.scjg --consumer bj.scjg)
  bench "${route[@]}" --n 10000 >/dev/null
}

single=() cross=()
for ((rep = 1; rep <= REPS; rep++)); do
  up_single
  line=$(bench "${route[@]}" --n "$N")
  echo "single-broker rep $rep: $line"
  single+=("$(sed -n 's/.*msgs_per_s=\([0-9.]*\).*/\1/p' <<<"$line")")
  stop_all

  up_cross
  line=$(bench "${route[@]}" --n "$N")
  echo "cross-region rep $rep (tj.scjg@tj -> bj.scjg@bj): $line"
  cross+=("$(sed -n 's/.*msgs_per_s=\([0-9.]*\).*/\1/p' <<<"$line")")
  stop_all
done
median() { printf '%s\n' "$@" | sort -n | awk '{ a[NR] = $1 } END { print a[int((NR + 1) / 2)] }'; }
s=$(median "${single[@]}") c=$(median "${cross[@]}")
echo "| scenario | events | size | msgs/s (median of $REPS) | runs |"
echo "|---|---|---|---|---|"
echo "| single broker (tj → tj) | $N | $SIZE | $s | ${single[*]} |"
echo "| cross-region (tj → bj, federated) | $N | $SIZE | $c | ${cross[*]} |"
awk -v s="$s" -v c="$c" 'BEGIN { printf "cross-region / single-broker = %.2f\n", c / s }'

if [ "${LATENCY:-0}" = 1 ]; then
  up_single
  echo "single-broker latency: $(latency "${route[@]}")"
  stop_all
  up_cross
  echo "cross-region latency: $(latency "${route[@]}")"
  stop_all
fi
