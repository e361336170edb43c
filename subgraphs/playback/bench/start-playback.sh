#!/usr/bin/env bash
# startPlayback/stopPlayback latency of the playback subgraph alone (its peers' contracts answered in-process), on the
# local stack's Cassandra and memcached (./streamplane stores). Usage: bench/start-playback.sh [--clients 32]
# [--seconds 30] [--warmup 10]. Env: STREAMPLANE_CASSANDRA (127.0.0.1:9042), STREAMPLANE_MEMCACHED (127.0.0.1:11211).
set -euo pipefail
MODULE="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
ROOT="$(cd "$MODULE/../.." && pwd)"
cd "$ROOT"
./mvnw -B -q -o test-compile dependency:build-classpath -pl subgraphs/playback -Dmdep.includeScope=test \
  -Dmdep.outputFile="$MODULE/target/bench.classpath"
exec java -Xmx512m -cp "$MODULE/target/test-classes:$MODULE/target/classes:$(cat "$MODULE/target/bench.classpath")" \
  -Dstreamplane.cassandra="${STREAMPLANE_CASSANDRA:-127.0.0.1:9042}" \
  -Dstreamplane.memcached="${STREAMPLANE_MEMCACHED:-127.0.0.1:11211}" \
  io.streamplane.playback.bench.StartPlaybackBench "$@"
