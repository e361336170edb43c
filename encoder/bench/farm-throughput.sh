#!/usr/bin/env bash
# Farm throughput: source seconds encoded per wall-clock second, with 1 and then 2 worker processes (one slot each).
#   encoder/bench/farm-throughput.sh [source-seconds=12] [height=360] [workers="1 2"]
# Needs Cassandra (CASSANDRA=127.0.0.1:9042 by default; ./streamplane stores starts the dev one) and a built encoder
# (./mvnw -o install -pl encoder -DskipTests). Starts its own coordinator on a free port with fresh keyspaces, a
# synthetic mixed-content source (flat, fractal and noisy shots with hard cuts), then for each worker count submits
# the title with the farm's default candidates (240p-1080p up to the source height, CRF 22/28/34, 5 rungs) and times
# submit -> DONE (ingest, candidates + VMAF, packaging, encryption, publish; no catalog).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
SECONDS_OF_SOURCE="${1:-12}"
HEIGHT="${2:-360}"
WORKER_COUNTS="${3:-1 2}"
CASSANDRA="${CASSANDRA:-127.0.0.1:9042}"
JAVA="${JAVA:-java}"
CP="$ROOT/encoder/target/encoder-0.1.0-SNAPSHOT.jar:$ROOT/encoder/target/lib/*"
DIR="$(mktemp -d /tmp/farm-bench.XXXXXX)"
PORT="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')"
RUN="$(date +%s)"
PIDS=()
cleanup() { for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; done; wait 2>/dev/null || true; }
trap cleanup EXIT

WIDTH=$(( HEIGHT * 16 / 9 / 2 * 2 ))
SHOT=$(python3 -c "print($SECONDS_OF_SOURCE/3)")
echo "source: ${WIDTH}x${HEIGHT} 24 fps, ${SECONDS_OF_SOURCE} s (flat / fractal / noisy), in $DIR"
"$JAVA" -cp "$CP" "$ROOT/encoder/bench/MakeSource.java" "$DIR/source.mp4" "$WIDTH" "$HEIGHT" "$SHOT"

"$JAVA" -Xmx256m -cp "$CP" io.streamplane.encoder.coordinator.CoordinatorMain --bind 127.0.0.1 --port "$PORT" \
  --cassandra "$CASSANDRA" --keyspace "encoder_bench_$RUN" --keystore-keyspace "keystore_bench_$RUN" \
  >"$DIR/coordinator.log" 2>&1 &
PIDS+=($!)
for _ in $(seq 1 120); do (exec 3<>"/dev/tcp/127.0.0.1/$PORT") 2>/dev/null && break; sleep 1; done

for n in $WORKER_COUNTS; do
  WORKERS=()
  for i in $(seq 1 "$n"); do
    "$JAVA" -Xmx384m -cp "$CP" io.streamplane.encoder.worker.WorkerMain --coordinator "127.0.0.1:$PORT" \
      --work "$DIR/work" --origin "$DIR/origin" --slots 1 --worker-id "bench-$n-$i" >"$DIR/worker-$n-$i.log" 2>&1 &
    WORKERS+=($!); PIDS+=($!)
  done
  sleep 3   # workers registered and ffmpeg located before the clock starts
  start=$(date +%s.%N)
  "$JAVA" -cp "$CP" io.streamplane.encoder.cli.EncodeClient --coordinator "127.0.0.1:$PORT" "$DIR/source.mp4" \
    --title-id "bench-$n" 2>/dev/null | tail -n 1
  end=$(date +%s.%N)
  python3 -c "w=$end-$start; print(f'$n worker(s): {w:.1f} s wall, {$SECONDS_OF_SOURCE/w:.3f} source s per wall s')"
  for p in "${WORKERS[@]}"; do kill "$p" 2>/dev/null || true; done
  wait "${WORKERS[@]}" 2>/dev/null || true
done
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg)"
