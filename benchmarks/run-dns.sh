#!/usr/bin/env bash
# DNS benchmarks of benchmarks/RESULTS.md: cached lookups (JMH) and N distinct names resolved at
# once (DnsConcurrentLookups), Shrapnel's resolver beside InetAddress (getaddrinfo) and dnsjava.
#
# getaddrinfo only asks the servers of /etc/resolv.conf, on port 53. So the whole run happens in
# private network and mount namespaces (unshare, needs root): a loopback of its own, an unbound from
# servers/unbound.sh on 127.0.0.1:53, and a resolv.conf naming it bind-mounted over /etc/resolv.conf
# for this run only. Nothing outside the namespaces changes.
#
#   benchmarks/run-dns.sh [names=10000] [runs=3] [warmups=4] [threads=128]
set -euo pipefail
cd "$(dirname "$0")/.."
JAVA_HOME="$(bin/java25)"; export JAVA_HOME
./mvnw -q -B package -DskipTests -pl benchmarks -am
exec unshare --mount --net bash -s -- "$@" <<'INNER'
set -euo pipefail
ip link set lo up
work=$(mktemp -d /tmp/shrapnel-dns-bench.XXXXXX)
trap 'servers/unbound.sh stop "$work/unbound" || true; rm -rf "$work"' EXIT
echo "nameserver 127.0.0.1" > "$work/resolv.conf"
mount --bind "$work/resolv.conf" /etc/resolv.conf
servers/unbound.sh start "$work/unbound" 53
J="$JAVA_HOME/bin/java"
JAR=benchmarks/target/benchmarks.jar
. benchmarks/flags.sh
FLAGS="$FLAGS -Xms2g -Xmx2g"
"$J" $FLAGS -cp "$JAR" io.shrapnel.benchmarks.dns.DnsConcurrentLookups "$@"
[ "${SKIP_JMH:-0}" = 1 ] || "$J" $FLAGS -jar "$JAR" 'dns\.DnsCachedLookupBenchmark' -f 1 -wi 3 -w 2 -i 5 -r 2
INNER
