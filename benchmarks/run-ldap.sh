#!/usr/bin/env bash
# LDAP benchmark of benchmarks/results/ldap.md: Shrapnel's LDAP client beside JNDI and UnboundID
# against one slapd that the harness starts and stops itself (servers/ldap.sh, 10,000 entries under
# ou=bulk, 127.0.0.1 ports 20380/20381). Prints CPU and wall time per operation and the ratio to the
# best peer's CPU.
#
#   benchmarks/run-ldap.sh [ops=4000] [rounds=3] [warmups=2] [port=20380] [ldapsPort=20381]
#   benchmarks/run-ldap.sh 400 1 1                  # small settings: a check that it runs
#
# NOBUILD=1 skips the Maven build (uses benchmarks/target/benchmarks.jar as it is). Run as root.
set -euo pipefail
cd "$(dirname "$0")/.."
JAVA_HOME="$(bin/java25)"; export JAVA_HOME
[ "${NOBUILD:-0}" = 1 ] || ./mvnw -q -B package -DskipTests -pl benchmarks -am
. benchmarks/flags.sh   # FLAGS: the JVM flags of the root pom
exec "$JAVA_HOME/bin/java" $FLAGS -Xms1g -Xmx1g -cp "${CLASSPATH_OVERRIDE:-benchmarks/target/benchmarks.jar}" \
  io.shrapnel.benchmarks.ldap.LdapBench "$@"
