#!/usr/bin/env bash
# Segment serving, the appliance vs nginx, side by side on loopback with the same files and the same wrk load.
# Ours runs with token checking on (every request carries a signed URL token); nginx serves the files plainly.
# Scenarios: whole 2 MiB segments, and 64 KiB ranges of them. Prints requests/s, throughput and p99 for both, and the
# server CPU time per request (from /proc; steadier than throughput when the machine is shared). A second appliance
# with TCP_CORK switched off (-Dstreamplane.oca.tcp-cork=off) runs the same scenarios, to show what corking is worth.
#
# Needs: java 17, nginx and wrk (Debian: apt-get install nginx wrk), oca/server/target/oca-server.jar
# (built here when missing). Usage: oca/server/bench/nginx-compare.sh [seconds per run, default 10] [connections, 256]
# OCA_ARGS adds appliance flags, e.g. OCA_ARGS="--ram-tier-mib 0" to serve everything with sendfile.
set -euo pipefail

DURATION="${1:-10}"
CONNECTIONS="${2:-256}"
THREADS="${WRK_THREADS:-2}"
HERE="$(cd "$(dirname "$0")" && pwd)"
MODULE="$(dirname "$HERE")"
ROOT="$(cd "$MODULE/../.." && pwd)"
JAR="$MODULE/target/oca-server.jar"

for tool in java nginx wrk python3; do
  command -v "$tool" >/dev/null || { echo "missing: $tool (apt-get install nginx wrk)" >&2; exit 2; }
done
if [[ ! -f "$JAR" ]]; then
  (cd "$ROOT" && flock /tmp/sp-oca-server.lock ./mvnw -B -q install -pl oca/server -DskipTests)
fi

WORK="$(mktemp -d /tmp/oca-bench.XXXXXX)"
chmod 755 "$WORK"
OCA_PID=""
UNCORKED_PID=""
NGINX_PID=""
cleanup() {
  local pid
  for pid in $OCA_PID $UNCORKED_PID; do kill "$pid" 2>/dev/null && wait "$pid" 2>/dev/null || true; done
  [[ -n "$NGINX_PID" ]] && kill "$NGINX_PID" 2>/dev/null && wait "$NGINX_PID" 2>/dev/null || true
  rm -rf "$WORK"
}
trap cleanup EXIT

# Content: the same 2 MiB segment for both servers, in the appliance's layout.
mkdir -p "$WORK/store/titles/bench/video"
head -c $((2 * 1024 * 1024)) /dev/urandom > "$WORK/store/titles/bench/video/seg-00001.m4s"
chmod -R a+rX "$WORK/store"

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }

KEY="$(head -c 32 /dev/urandom | base64 -w0)"
# start_appliance NAME [JVM flags...]: starts one appliance on the shared store; sets STARTED_PID and STARTED_PORT.
start_appliance() {
  local name="$1"; shift
  java -Xmx512m --add-modules jdk.incubator.foreign --enable-native-access=ALL-UNNAMED \
    --add-exports java.base/sun.nio.ch=ALL-UNNAMED "$@" -jar "$JAR" --store "$WORK/store" --host 127.0.0.1 \
    --http-port 0 --grpc-port 0 --prefixes 127.0.0.0/8 --signing-keys "k1=$KEY" ${OCA_ARGS:-} \
    > "$WORK/$name.log" 2>&1 &
  STARTED_PID=$!
  for _ in $(seq 1 100); do grep -q 'oca-server: HTTP' "$WORK/$name.log" && break; sleep 0.2; done
  STARTED_PORT="$(grep -o 'HTTP on 127.0.0.1:[0-9]*' "$WORK/$name.log" | cut -d: -f2)"
  [[ -n "$STARTED_PORT" ]] || { cat "$WORK/$name.log" >&2; exit 1; }
}
start_appliance oca
OCA_PID=$STARTED_PID
OCA_PORT=$STARTED_PORT
if grep 'TCP_CORK unavailable' "$WORK/oca.log" >&2; then exit 1; fi
# The same appliance without TCP_CORK, to show what corking is worth in the same run.
start_appliance uncorked -Dstreamplane.oca.tcp-cork=off
UNCORKED_PID=$STARTED_PID
UNCORKED_PORT=$STARTED_PORT
TOKEN="$(java -jar "$JAR" sign --signing-keys "k1=$KEY" --path-prefix /titles/bench/ --client-prefix 127.0.0.0/8 \
  --session bench --valid-seconds 3600)"
OCA_URL="http://127.0.0.1:$OCA_PORT/s/$TOKEN/titles/bench/video/seg-00001.m4s"
UNCORKED_URL="http://127.0.0.1:$UNCORKED_PORT/s/$TOKEN/titles/bench/video/seg-00001.m4s"

NGINX_PORT="$(free_port)"
mkdir -p "$WORK/nginx/logs" "$WORK/nginx/tmp"
cat > "$WORK/nginx/nginx.conf" <<CONF
worker_processes auto;
pid $WORK/nginx/nginx.pid;
error_log $WORK/nginx/logs/error.log warn;
events { worker_connections 4096; }
http {
  access_log off;
  sendfile on;
  tcp_nopush on;
  keepalive_requests 100000;
  client_body_temp_path $WORK/nginx/tmp;
  types { video/iso.segment m4s; }
  server {
    listen 127.0.0.1:$NGINX_PORT;
    root $WORK/store;
    location /titles/ { etag on; }
  }
}
CONF
nginx -p "$WORK/nginx" -c "$WORK/nginx/nginx.conf" -g 'daemon off;' &
NGINX_PID=$!
NGINX_URL="http://127.0.0.1:$NGINX_PORT/titles/bench/video/seg-00001.m4s"
for _ in $(seq 1 50); do curl -sf -o /dev/null "$NGINX_URL" && break; sleep 0.2; done

# Both must serve the same bytes before anything is measured.
cmp <(curl -sf "$OCA_URL") <(curl -sf "$NGINX_URL")
cmp <(curl -sf "$UNCORKED_URL") <(curl -sf "$NGINX_URL")
[[ "$(curl -s -o /dev/null -w '%{http_code}' "${OCA_URL/\/s\/$TOKEN/\/s\/forged.token}")" == 403 ]]

cpu_ticks() { # user+system clock ticks of the given processes
  local total=0 pid
  for pid in "$@"; do total=$((total + $(awk '{print $14 + $15}' "/proc/$pid/stat"))); done
  echo "$total"
}

to_ms() { # wrk latency text (e.g. 950.00us, 12.5ms, 1.2s) to milliseconds
  python3 -c 'import sys,re; v,u=re.match(r"([0-9.]+)(us|ms|s)",sys.argv[1]).groups(); print(round(float(v)*{"us":0.001,"ms":1,"s":1000}[u],2))' "$1"
}

run() { # name url pids [range]
  local name="$1" url="$2" pids="$3" range="${4:-}" out before after
  local args=(-t"$THREADS" -c"$CONNECTIONS" -d"${DURATION}s" --latency --timeout 30s)
  [[ -n "$range" ]] && args+=(-H "Range: $range")
  wrk "${args[@]}" "$url" > /dev/null 2>&1 || true   # warm-up (JIT, page cache, RAM tier admission)
  before="$(cpu_ticks $pids)"
  out="$(timeout $((DURATION + 60)) wrk "${args[@]}" "$url")"
  after="$(cpu_ticks $pids)"
  local rps transfer p99 errors requests cpu_us
  requests="$(awk '/requests in/ {print $1}' <<<"$out")"
  cpu_us="$(( (after - before) * 1000000 / $(getconf CLK_TCK) / (requests > 0 ? requests : 1) ))"
  rps="$(awk '/Requests\/sec/ {print $2}' <<<"$out")"
  transfer="$(awk '/Transfer\/sec/ {print $2}' <<<"$out")"
  p99="$(to_ms "$(awk '$1=="99%" {print $2}' <<<"$out")")"
  errors="$(grep -E 'Non-2xx|Socket errors' <<<"$out" | tr '\n' ' ' || true)"
  printf '%-22s %12s %12s %10s %10s  %s\n' "$name" "$rps" "$transfer" "$p99" "$cpu_us" "$errors"
}

echo "load: wrk -t$THREADS -c$CONNECTIONS -d${DURATION}s on loopback; $(nproc) cores; load average $(cut -d' ' -f1-3 /proc/loadavg)"
NGINX_WORKERS="$(pgrep -P "$NGINX_PID" | tr '\n' ' ')"
printf '%-22s %12s %12s %10s %10s\n' "scenario" "requests/s" "transfer/s" "p99 ms" "CPU us/req"
run "nginx  2MiB whole" "$NGINX_URL" "$NGINX_PID $NGINX_WORKERS"
run "oca    2MiB whole" "$OCA_URL" "$OCA_PID"
run "uncork 2MiB whole" "$UNCORKED_URL" "$UNCORKED_PID"
run "nginx  64KiB range" "$NGINX_URL" "$NGINX_PID $NGINX_WORKERS" "bytes=65536-131071"
run "oca    64KiB range" "$OCA_URL" "$OCA_PID" "bytes=65536-131071"
run "uncork 64KiB range" "$UNCORKED_URL" "$UNCORKED_PID" "bytes=65536-131071"
