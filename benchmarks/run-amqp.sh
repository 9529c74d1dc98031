#!/usr/bin/env bash
# AMQP benchmark of benchmarks/results/amqp.md: Shrapnel's AMQP client beside RabbitMQ's amqp-client
# against one RabbitMQ 3.10 that the harness starts and stops itself (servers/rabbitmq-amqp.sh,
# 127.0.0.1:26680, state in a temp dir). Prints per-round figures and Shrapnel/amqp-client ratios.
#
#   benchmarks/run-amqp.sh [key=value...]     e.g. messages=20000 batch=100 prefetch=100 calls=2000 rounds=3
#   benchmarks/run-amqp.sh messages=2000 calls=200 rounds=1       # small settings: a check that it runs
#
# NOBUILD=1 skips the Maven build (uses benchmarks/target/benchmarks.jar as it is). Run as root.
set -euo pipefail
cd "$(dirname "$0")/.."
JAVA_HOME="$(bin/java25)"; export JAVA_HOME
[ "${NOBUILD:-0}" = 1 ] || ./mvnw -q -B package -DskipTests -pl benchmarks -am
. benchmarks/flags.sh   # FLAGS: the JVM flags of the root pom
exec "$JAVA_HOME/bin/java" $FLAGS -Xms1g -Xmx1g -cp "${CLASSPATH_OVERRIDE:-benchmarks/target/benchmarks.jar}" \
  io.shrapnel.benchmarks.amqp.AmqpClientBench "$@"
