#!/usr/bin/env bash
# Net benchmarks of benchmarks/RESULTS.md, each beside its peers in the same run:
#  1. echo throughput (EchoBench): every server kind in its own JVM pinned to CPU 1, the same
#     load generator pinned to CPU 0; msgs/s and server CPU per message from /proc/<pid>/stat;
#  2. TCP round trip between two coros on one loop vs the hand-written selector floor (JMH);
#  3. memory per idle connection (IdleConnectionMemory), as many as the descriptor limit allows;
#  4. TcpServer's two ways of spreading connections over two loops (AcceptSpreadBench).
# Arguments go to EchoBench (e.g. sizes=64 conns=100 depths=16 rounds=1); ECHO_ONLY=1 stops after it.
set -euo pipefail
cd "$(dirname "$0")/.."
JAVA_HOME="$(bin/java25)"; export JAVA_HOME
./mvnw -q -B package -DskipTests -pl benchmarks -am
J="$JAVA_HOME/bin/java"
TMP=$(mktemp -d); trap 'rm -rf "$TMP"' EXIT
JAR="$TMP/benchmarks.jar"; cp benchmarks/target/benchmarks.jar "$JAR"   # a rebuild meanwhile cannot break the run
. benchmarks/flags.sh
echo "== echo (load on CPU 0, servers on CPU 1); $(nproc) CPUs, load average $(cut -d' ' -f1-3 /proc/loadavg)"
taskset -c 0 "$J" -cp "$JAR" io.shrapnel.benchmarks.net.EchoBench rounds=3 "$@"
[ "${ECHO_ONLY:-0}" = 1 ] && exit 0
echo "== TCP round trip (JMH)"
"$J" $FLAGS -Djmh.ignoreLock=true -jar "$JAR" 'net\.TcpRoundTripBenchmark' -f 1 -wi 5 -w 1 -i 10 -r 1 -jvmArgs "$FLAGS"
echo "== memory per idle connection (descriptor limit: $(ulimit -n))"
"$J" $FLAGS -cp "$JAR" io.shrapnel.benchmarks.net.IdleConnectionMemory 100000
echo "== TcpServer: SO_REUSEPORT per loop vs one acceptor handing off (2 loops, churn)"
"$J" -cp "$JAR" io.shrapnel.benchmarks.net.AcceptSpreadBench 4 4 3
