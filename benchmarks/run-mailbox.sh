#!/usr/bin/env bash
# Actor benchmarks of benchmarks/RESULTS.md, each beside Apache Pekko typed in the same run:
# JMH (ping-pong, fan-in, streaming; the kernel's coro switch as the coro actors' baseline), the same
# scenarios timed by CPU time, spawn rate and heap per idle actor, one-way latency to a parked receiver.
set -euo pipefail
cd "$(dirname "$0")/.."
JAVA_HOME="$(bin/java25)"; export JAVA_HOME
./mvnw -q -B package -DskipTests -pl benchmarks -am
J="$JAVA_HOME/bin/java"
JAR=benchmarks/target/benchmarks.jar
. benchmarks/flags.sh
"$J" $FLAGS -jar "$JAR" 'mailbox\.(PingPong|FanIn|Streaming)Benchmark|kernel\.SwitchBenchmark\.coroPingPong' \
    -f 1 -wi 3 -w 2 -i 5 -r 2 "$@"
"$J" $FLAGS -cp "$JAR" io.shrapnel.benchmarks.mailbox.CpuPerMessage 15
for heap in "-Xmx8g" "-Xms8g -Xmx8g -Xmn6g"; do
  echo "heap: $heap"
  for kind in handler handler-used coro coro-used pekko; do
    "$J" $FLAGS $heap -cp "$JAR" io.shrapnel.benchmarks.mailbox.ActorFootprint "$kind" 1000000
  done
done
"$J" $FLAGS -cp "$JAR" io.shrapnel.benchmarks.mailbox.OneWayLatency 20000
