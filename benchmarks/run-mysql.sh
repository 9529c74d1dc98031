#!/usr/bin/env bash
# MySQL client of benchmarks/results/mysql.md: Shrapnel's MySqlConnection beside MariaDB
# Connector/J on virtual threads, one JVM, one MariaDB 10.11 started by the harness (servers/mariadb.sh, 127.0.0.1:23390).
#
#   benchmarks/run-mysql.sh [clients=1,16,64 warmup=2 measure=5 rounds=5 batch=10000 stream=100000]
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
exec ${TASKSET:-} "$J" $FLAGS -cp "${CLASSPATH_OVERRIDE:-benchmarks/target/benchmarks.jar}" \
  io.shrapnel.benchmarks.mysql.MySqlClientBench "$@"
