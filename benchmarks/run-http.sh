#!/usr/bin/env bash
# HTTP benchmarks, side by side: our server, Netty 4.2 and Helidon 4 SE answer "Hello, World!" and a
# 64 KB file; wrk loads them. Server on core 1, wrk on core 0 (taskset), one event loop per server.
# For each scenario: WARM s of warm-up, then RUNS runs of DUR s; prints the median req/s and the
# server's CPU time per request (utime+stime from /proc/PID/stat over the measured run).
# Then our HttpClient against the JDK's java.net.http.HttpClient, both against our server.
#   benchmarks/run-http.sh            (DUR=10 WARM=3 RUNS=3 PORT=28090)
#   SERVERS="ShrapnelHello NettyHello" SCENARIOS="static64k" CLIENTS=no benchmarks/run-http.sh   (a subset)
set -euo pipefail
cd "$(dirname "$0")/.."
JAVA_HOME="$(bin/java25)"; export JAVA_HOME
for tool in wrk taskset curl; do
  command -v "$tool" >/dev/null || { echo "needs $tool (apt-get install wrk util-linux curl)" >&2; exit 1; }
done
./mvnw -q -B package -DskipTests -pl benchmarks -am >&2
JAR=benchmarks/target/benchmarks.jar
. benchmarks/flags.sh
PORT=${PORT:-28090}; DUR=${DUR:-10}; WARM=${WARM:-3}; RUNS=${RUNS:-3}
HZ=$(getconf CLK_TCK)
WORK=$(mktemp -d); trap 'rm -rf "$WORK"; [ -n "${SPID:-}" ] && kill "$SPID" 2>/dev/null || true' EXIT
head -c 65536 /dev/urandom > "$WORK/64k.bin"
PIPELINE=codecs/http/src/test/resources/wrk-pipeline.lua

cpu_ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }
median() { sort -g | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }

start_server() { # class
  taskset -c 1 "$JAVA_HOME/bin/java" $FLAGS -Xms512m -Xmx512m -cp "$JAR" "io.shrapnel.benchmarks.http.$1" "$PORT" "$WORK" \
    > "$WORK/server.log" 2>&1 &
  SPID=$!
  for _ in $(seq 100); do curl -sf -o /dev/null "http://127.0.0.1:$PORT/plaintext" && return; sleep 0.1; done
  echo "server $1 did not start:" >&2; cat "$WORK/server.log" >&2; exit 1
}

# scenario name, then wrk arguments
scenario() {
  local name=$1; shift
  case " ${SCENARIOS:-c64 c256 pipe16 static64k} " in *" $name "*) ;; *) return ;; esac
  taskset -c 0 wrk -t1 -d"${WARM}s" "$@" > /dev/null
  local rps=() cpu=()
  for _ in $(seq "$RUNS"); do
    local t0 out t1 reqs
    t0=$(cpu_ticks "$SPID")
    out=$(taskset -c 0 wrk -t1 -d"${DUR}s" "$@")
    t1=$(cpu_ticks "$SPID")
    reqs=$(echo "$out" | awk '/requests in/ {print $1}')
    if echo "$out" | grep -q 'Non-2xx\|Socket errors'; then echo "$out" | grep 'Non-2xx\|Socket errors' >&2; fi
    rps+=("$(echo "$out" | awk '/Requests\/sec/ {print $2}')")
    cpu+=("$(awk -v d="$((t1 - t0))" -v hz="$HZ" -v n="$reqs" 'BEGIN {printf "%.2f", d * 1e6 / hz / n}')")
  done
  printf '%-10s %-12s %12s req/s %8s us CPU/req   (runs: %s)\n' "$SERVER" "$name" \
    "$(printf '%s\n' "${rps[@]}" | median)" "$(printf '%s\n' "${cpu[@]}" | median)" "${rps[*]}"
}

for SERVER in ${SERVERS:-ShrapnelHello NettyHello HelidonHello}; do
  start_server "$SERVER"
  head -1 "$WORK/server.log" >&2
  U="http://127.0.0.1:$PORT"
  scenario c64 -c64 "$U/plaintext"
  scenario c256 -c256 "$U/plaintext"
  scenario pipe16 -c64 -s "$PIPELINE" "$U/plaintext" -- 16
  scenario static64k -c64 "$U/static/64k.bin"
  kill "$SPID"; wait "$SPID" 2>/dev/null || true; SPID=
done

[ "${CLIENTS:-yes}" = no ] && exit 0
echo "== clients against our server (server on core 1, client on core 0, 16 concurrent requests)"
start_server ShrapnelHello
for c in shrapnel jdk; do
  for _ in $(seq "$RUNS"); do
    taskset -c 0 "$JAVA_HOME/bin/java" $FLAGS -cp "$JAR" io.shrapnel.benchmarks.http.HttpClientThroughput "$c" \
      "http://127.0.0.1:$PORT/plaintext" 16 "$WARM" "$DUR"
  done
done
