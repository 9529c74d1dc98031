#!/usr/bin/env bash
# FTP benchmarks of benchmarks/results/ftp.md: Shrapnel's FtpClient beside Apache Commons Net and
# curl, all downloading from one pure-ftpd on 127.0.0.1 (servers/ftp.sh, control port 20011,
# passive ports 20050-20299: pure-ftpd admits at most half as many clients as it has passive ports): one big file, and many clients at once fetching a small one.
#
#   benchmarks/run-ftp.sh [sizeMB=1024] [concurrent=100] [smallKB=16] [rounds=3] [warmups=1]
#
# NOBUILD=1 skips the Maven build (uses benchmarks/target/benchmarks.jar as it is).
set -euo pipefail
cd "$(dirname "$0")/.."
JAVA_HOME="$(bin/java25)"; export JAVA_HOME
[ "${NOBUILD:-0}" = 1 ] || ./mvnw -q -B package -DskipTests -pl benchmarks -am
SIZE_MB=${1:-1024}; SMALL_KB=${3:-16}
work=$(mktemp -d /tmp/shrapnel-ftp-bench.XXXXXX)
trap 'servers/ftp.sh stop "$work/ftp" || true; rm -rf "$work"' EXIT
servers/ftp.sh start "$work/ftp" 20011 20050 20299
head -c $((SIZE_MB << 20)) /dev/urandom > "$work/ftp/home/big.bin"
head -c $((SMALL_KB << 10)) /dev/urandom > "$work/ftp/home/small.bin"
chown nobody:nogroup "$work/ftp/home/"*.bin
cat "$work/ftp/home/big.bin" > /dev/null   # into the page cache: every client reads it from memory
J="$JAVA_HOME/bin/java"
. benchmarks/flags.sh   # FLAGS: the JVM flags of the root pom
"$J" $FLAGS -Xms1g -Xmx1g -cp "${CLASSPATH_OVERRIDE:-benchmarks/target/benchmarks.jar}" io.shrapnel.benchmarks.ftp.FtpTransferBench 20011 "$@"
