#!/usr/bin/env bash
# The dashboard's overhead on the echo server (benchmarks/results/dashboard.md): the server JVM on core 1
# alternates phases without and with the dashboard (running, one page open), the load generator JVM on
# core 0 (ProfilerOverhead's client) keeps the connections busy. Also the time to the first page.
# Usage: benchmarks/run-dashboard.sh [connections=50] [phase-seconds=10] [rounds=3]
#        benchmarks/run-dashboard.sh snapshot [connections=50] [snapshots=300]   (SnapshotCost: one snapshot's CPU)
set -euo pipefail
cd "$(dirname "$0")/.."
JAVA_HOME="$(bin/java25)"; export JAVA_HOME
./mvnw -q -B install -DskipTests -pl benchmarks,dashboard -am
J="$JAVA_HOME/bin/java"
# the benchmarks module does not depend on the dashboard (yet): its jar goes on the class path here
CP=benchmarks/target/benchmarks.jar:dashboard/target/shrapnel-dashboard-0.1.0-SNAPSHOT.jar
. benchmarks/flags.sh
if [ "${1:-}" = snapshot ]; then
  # the cost of one snapshot alone (SnapshotCost): run-dashboard.sh snapshot [connections=50] [snapshots=300]
  exec taskset -c 1 "$J" $FLAGS -cp "$CP" io.shrapnel.benchmarks.dashboard.SnapshotCost "${PORT:-19020}" "${2:-50}" "${3:-300}"
fi
CONNS=${1:-50}; PHASE=${2:-10}; ROUNDS=${3:-3}
PORT=${PORT:-19020}; DASHBOARD_PORT=${DASHBOARD_PORT:-28490}
taskset -c 1 "$J" $FLAGS -cp "$CP" io.shrapnel.benchmarks.dashboard.DashboardOverhead "$PORT" "$DASHBOARD_PORT" "$PHASE" "$ROUNDS" &
SERVER=$!
trap 'kill $SERVER 2>/dev/null || true' EXIT
for _ in $(seq 100); do (echo > /dev/tcp/127.0.0.1/"$PORT") 2>/dev/null && break; sleep 0.1; done
taskset -c 0 "$J" $FLAGS -cp "$CP" io.shrapnel.benchmarks.monitoring.ProfilerOverhead client "$PORT" "$CONNS" $(( PHASE * (2 * ROUNDS + 1) + 60 )) &
CLIENT=$!
wait $SERVER
kill $CLIENT 2>/dev/null || true
