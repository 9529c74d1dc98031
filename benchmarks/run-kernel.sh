#!/usr/bin/env bash
# Kernel benchmarks of benchmarks/RESULTS.md: JMH (switch, spawn, withTimeout) and the two harnesses
# (memory per parked coro, sleep accuracy), each beside its peer in the same run.
set -euo pipefail
cd "$(dirname "$0")/.."
JAVA_HOME="$(bin/java25)"; export JAVA_HOME
./mvnw -q -B package -DskipTests -pl benchmarks -am
J="$JAVA_HOME/bin/java"
JAR=benchmarks/target/benchmarks.jar
. benchmarks/flags.sh
"$J" $FLAGS -jar "$JAR" 'kernel\.(Switch|Spawn|Timeout)Benchmark' -f 1 -wi 3 -w 2 -i 5 -r 2 "$@"
echo "== switch ratio pair by pair (coro ping-pong vs the floor, alternating in one JVM)"
"$J" $FLAGS -cp "$JAR" io.shrapnel.benchmarks.kernel.SwitchPairs 40
"$J" $FLAGS -Xmx8g -cp "$JAR" io.shrapnel.benchmarks.kernel.ParkedCoroMemory 1000000
echo "== the same without the JDK's registry of every virtual thread (-Djdk.trackAllThreads=false)"
"$J" $FLAGS -Djdk.trackAllThreads=false -Xmx8g -cp "$JAR" io.shrapnel.benchmarks.kernel.ParkedCoroMemory 1000000
for n in 300000 1000000; do
  "$J" $FLAGS -Xmx8g -cp "$JAR" io.shrapnel.benchmarks.kernel.SleepAccuracy $n
done
echo "== 1,000,000 sleepers with a young generation big enough that no GC runs"
"$J" $FLAGS -Xms12g -Xmx12g -Xmn8g -cp "$JAR" io.shrapnel.benchmarks.kernel.SleepAccuracy 1000000
