#!/usr/bin/env bash
# PostgreSQL client of benchmarks/results/postgres.md: Shrapnel's PgConnection beside pgjdbc on
# virtual threads, one JVM, one PostgreSQL 15 started by the harness (servers/postgres.sh, 127.0.0.1:25420).
#
#   benchmarks/run-postgres.sh [clients=1,16,64 seconds=5 warmup=2 rounds=5 batches=10]   the side-by-side table
#   benchmarks/run-postgres.sh probe [queries=20000 rounds=2]    one client's latency, path by path
#
# NOBUILD=1 skips the Maven build (uses benchmarks/target/benchmarks.jar as it is). On a quiet
# machine pin the server and the client apart, e.g. TASKSET="taskset -c 0" (the server's script
# runs unpinned; pin it with taskset -p afterwards or start the whole run under taskset).
set -euo pipefail
cd "$(dirname "$0")/.."
JAVA_HOME="$(bin/java25)"; export JAVA_HOME
[ "${NOBUILD:-0}" = 1 ] || ./mvnw -q -B package -DskipTests -pl benchmarks -am
J="$JAVA_HOME/bin/java"
. benchmarks/flags.sh   # FLAGS: the JVM flags of the root pom
main=io.shrapnel.benchmarks.postgres.PgClientBench
if [ "${1:-}" = probe ]; then shift; main=io.shrapnel.benchmarks.postgres.PgLatencyProbe; fi
exec ${TASKSET:-} "$J" $FLAGS -cp "${CLASSPATH_OVERRIDE:-benchmarks/target/benchmarks.jar}" "$main" "$@"
