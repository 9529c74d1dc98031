#!/usr/bin/env bash
# MySQL client of benchmarks/results/mysql.md: Shrapnel's MySqlConnection beside MariaDB
# Connector/J on virtual threads, one JVM, one MariaDB 10.11 started by the harness (servers/mariadb.sh, 127.0.0.1:23390).
#
#   benchmarks/run-mysql.sh [clients=1,16,64 warmup=2 measure=5 rounds=5 batch=10000 batches=10 stream=100000]
#
# NOBUILD=1, CLASSPATH_OVERRIDE, TASKSET: see benchmarks/run-sql.sh.
exec "$(dirname "$0")/run-sql.sh" io.shrapnel.benchmarks.mysql.MySqlClientBench "$@"
