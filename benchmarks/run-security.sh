#!/usr/bin/env bash
# Issue 16's measurements: static files of 64 KB (StaticFiles reads off the loop now) and plaintext,
# our server beside Netty 4.2, wrk as the load. Server on core 1, wrk on core 0; WARM s of warm-up,
# RUNS runs of DUR s; the median req/s and the server's CPU time per request (utime+stime from
# /proc/PID/stat over each run). Results go to benchmarks/results/security.md by hand.
#   benchmarks/run-security.sh                  (DUR=5 WARM=2 RUNS=3 PORT=28190)
#   SERVERS="ShrapnelHello" SCENARIOS="static64k" benchmarks/run-security.sh
set -euo pipefail
cd "$(dirname "$0")/.."
JAVA_HOME="$(bin/java25)"; export JAVA_HOME
for tool in wrk taskset curl; do
  command -v "$tool" >/dev/null || { echo "needs $tool (apt-get install wrk util-linux curl)" >&2; exit 1; }
done
[ "${BUILD:-yes}" = no ] || ./mvnw -q -B package -DskipTests -pl benchmarks -am >&2
JAR=benchmarks/target/benchmarks.jar
. benchmarks/flags.sh
PORT=${PORT:-28190}; DUR=${DUR:-5}; WARM=${WARM:-2}; RUNS=${RUNS:-3}
HZ=$(getconf CLK_TCK)
WORK=$(mktemp -d); trap 'rm -rf "$WORK"; [ -n "${SPID:-}" ] && kill "$SPID" 2>/dev/null || true' EXIT
head -c 65536 /dev/urandom > "$WORK/64k.bin"

cpu_ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }
median() { sort -g | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }

start_server() { # class
  # shellcheck disable=SC2086
  taskset -c 1 "$JAVA_HOME/bin/java" $FLAGS -Xms512m -Xmx512m -cp "$JAR" "io.shrapnel.benchmarks.http.$1" "$PORT" "$WORK" \
    > "$WORK/server.log" 2>&1 &
  SPID=$!
  for _ in $(seq 100); do curl -sf -o /dev/null "http://127.0.0.1:$PORT/plaintext" && return; sleep 0.1; done
  echo "server $1 did not start:" >&2; cat "$WORK/server.log" >&2; exit 1
}

scenario() { # name, then wrk arguments
  local name=$1; shift
  case " ${SCENARIOS:-static64k c64} " in *" $name "*) ;; *) return ;; esac
  taskset -c 0 wrk -t1 -d"${WARM}s" "$@" > /dev/null
  local rps=() cpu=()
  for _ in $(seq "$RUNS"); do
    local t0 out t1 reqs
    t0=$(cpu_ticks "$SPID")
    out=$(taskset -c 0 wrk -t1 -d"${DUR}s" "$@")
    t1=$(cpu_ticks "$SPID")
    reqs=$(echo "$out" | awk '/requests in/ {print $1}')
    if echo "$out" | grep -q 'Non-2xx\|Socket errors'; then echo "$out" | grep 'Non-2xx\|Socket errors' >&2; fi
    rps+=("$(echo "$out" | awk '/Requests\/sec/ {print $2}')")
    cpu+=("$(awk -v d="$((t1 - t0))" -v hz="$HZ" -v n="$reqs" 'BEGIN {printf "%.2f", d * 1e6 / hz / n}')")
  done
  printf '%-14s %-10s %10s req/s %8s us CPU/req   (runs: %s)\n' "$SERVER" "$name" \
    "$(printf '%s\n' "${rps[@]}" | median)" "$(printf '%s\n' "${cpu[@]}" | median)" "${rps[*]}"
}

echo "# $(git rev-parse --short HEAD)$(git diff --quiet HEAD -- codecs/http || echo '+changes'), $(date -u +%FT%TZ), load $(cut -d' ' -f1-3 /proc/loadavg)"
for SERVER in ${SERVERS:-ShrapnelHello NettyHello}; do
  start_server "$SERVER"
  U="http://127.0.0.1:$PORT"
  scenario static64k -c64 "$U/static/64k.bin"
  scenario c64 -c64 "$U/plaintext"
  kill "$SPID"; wait "$SPID" 2>/dev/null || true; SPID=
done
