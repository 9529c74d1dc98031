#!/usr/bin/env bash
# PostgreSQL client of benchmarks/results/postgres.md: Shrapnel's PgConnection beside pgjdbc on
# virtual threads, one JVM, one PostgreSQL 15 started by the harness (servers/postgres.sh, 127.0.0.1:25420).
#
#   benchmarks/run-postgres.sh [clients=1,16,64 seconds=5 warmup=2 rounds=5 batches=10]   the side-by-side table
#       loops=1,2 (the default): point selects also with Shrapnel's clients spread over 2 loops, one per core
#       pooled=16,2 (the default; pooled= for none): also both sides' clients sharing a pool of 16, then of 2
#   benchmarks/run-postgres.sh probe [queries=20000 rounds=2]    one client's latency, path by path
#
# NOBUILD=1, CLASSPATH_OVERRIDE, TASKSET: see benchmarks/run-sql.sh.
main=io.shrapnel.benchmarks.postgres.PgClientBench
if [ "${1:-}" = probe ]; then shift; main=io.shrapnel.benchmarks.postgres.PgLatencyProbe; fi
exec "$(dirname "$0")/run-sql.sh" "$main" "$@"
