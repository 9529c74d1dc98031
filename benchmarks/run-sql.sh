#!/usr/bin/env bash
# The SQL clients' benchmarks (benchmarks/results/postgres.md, mysql.md), through run-postgres.sh and
# run-mysql.sh: builds the benchmarks jar (NOBUILD=1 skips it), then runs MAIN with the root pom's
# JVM flags. TASKSET="taskset -c 0" pins the client JVM.
#
#   benchmarks/run-sql.sh MAIN-CLASS [key=value ...]
set -euo pipefail
cd "$(dirname "$0")/.."
JAVA_HOME="$(bin/java25)"; export JAVA_HOME
[ "${NOBUILD:-0}" = 1 ] || ./mvnw -q -B package -DskipTests -pl benchmarks -am
. benchmarks/flags.sh   # FLAGS: the JVM flags of the root pom
main=${1:?main class}; shift
exec ${TASKSET:-} "$JAVA_HOME/bin/java" $FLAGS -cp "${CLASSPATH_OVERRIDE:-benchmarks/target/benchmarks.jar}" "$main" "$@"
