#!/usr/bin/env bash
# Sync-primitive benchmarks of benchmarks/RESULTS.md: Mutex and Fifo between coros, each beside
# ReentrantLock / ArrayBlockingQueue between plain virtual threads in the same JMH run; then the same
# scenarios as CPU time per operation (SyncCpuPerOp), which a shared machine distorts less.
set -euo pipefail
cd "$(dirname "$0")/.."
JAVA_HOME="$(bin/java25)"; export JAVA_HOME
./mvnw -q -B package -DskipTests -pl benchmarks -am
. benchmarks/flags.sh
"$JAVA_HOME/bin/java" $FLAGS -jar benchmarks/target/benchmarks.jar 'kernel\.(Mutex|Fifo)Benchmark' -f 1 -wi 3 -w 2 -i 5 -r 2 "$@"
"$JAVA_HOME/bin/java" $FLAGS -cp benchmarks/target/benchmarks.jar io.shrapnel.benchmarks.kernel.SyncCpuPerOp 9
