#!/usr/bin/env bash
# The profiler's overhead on the echo server (benchmarks/RESULTS.md, monitoring): the server JVM on
# core 1 alternates profiler off/on phases, the load generator JVM on core 0 keeps the connections busy.
# Usage: benchmarks/run-monitoring.sh [connections=50] [phase-seconds=10] [rounds=3] [sample-period-ms=1] [cpu|exec]
#        benchmarks/run-monitoring.sh register   (time of Monitoring.registerMBeans() in fresh JVMs, from a coro and from the loop thread)
set -euo pipefail
cd "$(dirname "$0")/.."
JAVA_HOME="$(bin/java25)"; export JAVA_HOME
./mvnw -q -B package -DskipTests -pl benchmarks -am
J="$JAVA_HOME/bin/java"
JAR=benchmarks/target/benchmarks.jar
. benchmarks/flags.sh
if [ "${1:-}" = register ]; then
  for how in none coro thread none coro thread; do
    "$J" $FLAGS -cp "$JAR" io.shrapnel.benchmarks.monitoring.RegisterMBeansTime "$how"
  done
  exit 0
fi
CONNS=${1:-50}; PHASE=${2:-10}; ROUNDS=${3:-3}; SAMPLE=${4:-1}; SAMPLING=${5:-cpu}
PORT=${PORT:-19000}
MAIN=io.shrapnel.benchmarks.monitoring.ProfilerOverhead
taskset -c 1 "$J" $FLAGS -cp "$JAR" $MAIN server "$PORT" "$PHASE" "$ROUNDS" "$SAMPLE" "$SAMPLING" &
SERVER=$!
trap 'kill $SERVER 2>/dev/null || true' EXIT
for _ in $(seq 100); do (echo > /dev/tcp/127.0.0.1/"$PORT") 2>/dev/null && break; sleep 0.1; done
taskset -c 0 "$J" $FLAGS -cp "$JAR" $MAIN client "$PORT" "$CONNS" $(( PHASE * (2 * ROUNDS + 1) + 30 )) &
CLIENT=$!
wait $SERVER
kill $CLIENT 2>/dev/null || true
