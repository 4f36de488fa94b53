#!/usr/bin/env bash
# Runs Liaison's load generator beside the peer brokers of shared/bench/peers, in one run, into one
# results file and one summary table (same keys, same sizes, mutual TLS, each broker durable).
#
#   Deploy/bench/run.sh                          # Liaison + NATS JetStream + RabbitMQ quorum, 3 repetitions
#   PEERS="nats" REPS=1 Deploy/bench/run.sh      # a subset
#   PEERS="" Deploy/bench/run.sh                 # Liaison alone
#
# Knobs: REPS (3), N (100000), SIZES ("512"), WINDOW (1000), RATE (1000), LAT_SECONDS (5), LAT_WARMUP (1),
# PEERS ("nats rabbitmq-quorum"), PEERS_DIR (../shared/bench/peers beside the repository), RESULTS (file).
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
export REPS=${REPS:-3} N=${N:-100000} SIZES=${SIZES:-512} WINDOW=${WINDOW:-1000}
export RATE=${RATE:-1000} LAT_SECONDS=${LAT_SECONDS:-5} LAT_WARMUP=${LAT_WARMUP:-1}
PEERS=${PEERS-"nats rabbitmq-quorum"}
PEERS_DIR=${PEERS_DIR:-$root/../shared/bench/peers}
out=${BENCH_OUT:-${TMPDIR:-/tmp}/liaison-bench}
mkdir -p "$out"
export RESULTS=${RESULTS:-$out/run-$(date +%Y%m%d-%H%M%S).txt}
log() { printf '[bench %s] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }

log "building liaisond and liaison in release"
(cd "$root" && swift build -c release --product liaisond >/dev/null && swift build -c release --product liaison >/dev/null)
bin=$(cd "$root" && swift build -c release --show-bin-path)

data=$(mktemp -d "${TMPDIR:-/tmp}/liaison-bench.XXXXXX")
broker_pid=
cleanup() {
  [ -n "$broker_pid" ] && kill "$broker_pid" 2>/dev/null && wait "$broker_pid" 2>/dev/null
  rm -rf "$data"
}
trap cleanup EXIT

# A fresh broker per repetition keeps every run on the same starting database size.
start_broker() {
  [ -n "$broker_pid" ] && kill "$broker_pid" 2>/dev/null && wait "$broker_pid" 2>/dev/null
  rm -rf "$data/dev"
  "$bin/liaisond" dev --data "$data/dev" --port 0 --directory "$root/Deploy/directory/directory.yaml" \
    --policies "$root/Deploy/policies" --calendar "$root/Deploy/calendar" \
    --authorization "$root/Deploy/authorization/channels.yaml" \
    --agency-requests-per-second 1000000 --agency-burst 1000000 \
    >"$data/broker.log" 2>&1 &
  broker_pid=$!
  for _ in $(seq 1 100); do
    port=$(sed -n 's/.*listening on 127.0.0.1:\([0-9]*\).*/\1/p' "$data/broker.log" | head -n 1)
    [ -n "$port" ] && return 0
    sleep 0.1
  done
  log "liaisond did not start:"; cat "$data/broker.log" >&2; exit 1
}

# CPU seconds (user + system) a process has used so far.
cpu_of() { awk -v hz="$(getconf CLK_TCK)" '{ printf "%.2f", ($14 + $15) / hz }' "/proc/$1/stat"; }

# Runs one scenario and appends its line with the broker's and the generator's CPU seconds (the keys
# the peer harness uses, so the summary shows CPU per message for Liaison too).
measured() {
  local before after line gen
  before=$(cpu_of "$broker_pid")
  line=$(/usr/bin/time -f "%U %S" -o "$data/time" "$@")
  after=$(cpu_of "$broker_pid")
  gen=$(awk '{ printf "%.2f", $1 + $2 }' "$data/time")
  printf '%s broker_cpu_s=%s gen_cpu_s=%s\n' "$line" "$(awk -v a="$after" -v b="$before" 'BEGIN { printf "%.2f", a - b }')" "$gen" \
    | tee -a "$RESULTS"
}

{
  echo "# liaison + peers benchmark $(date -Iseconds)"
  echo "# host: $(nproc) cpus, $(awk '/MemTotal/{printf "%.0f GiB", $2/1048576}' /proc/meminfo), kernel $(uname -r)"
  echo "# params: REPS=$REPS N=$N SIZES=\"$SIZES\" WINDOW=$WINDOW RATE=$RATE LAT_SECONDS=$LAT_SECONDS LAT_WARMUP=$LAT_WARMUP"
} >>"$RESULTS"

for ((rep = 1; rep <= REPS; rep++)); do
  for size in $SIZES; do
    start_broker
    log "liaison rep $rep size $size (port $port)"
    bench=("$bin/liaison" bench --dev-dir "$data/dev" --port "$port" --size "$size" --window "$WINDOW")
    "${bench[@]}" --scenario throughput --n 10000 >/dev/null # warm-up, not recorded
    measured "${bench[@]}" --scenario throughput --n "$N"
    measured "${bench[@]}" --scenario latency --rate "$RATE" --duration "$LAT_SECONDS" --warmup "$LAT_WARMUP"
  done
done
kill "$broker_pid" 2>/dev/null && wait "$broker_pid" 2>/dev/null || true
broker_pid=

if [ -n "$PEERS" ]; then
  if [ -x "$PEERS_DIR/run-all.sh" ]; then
    log "peers: $PEERS (their harness appends to the same results file)"
    PEERS="$PEERS" "$PEERS_DIR/run-all.sh" >&2 || log "the peer harness failed; Liaison's lines are still in $RESULTS"
  else
    log "no peer harness at $PEERS_DIR; Liaison only"
  fi
fi

if [ -f "$PEERS_DIR/lib/summarize.py" ]; then
  python3 "$PEERS_DIR/lib/summarize.py" "$RESULTS"
fi
log "raw results: $RESULTS"
