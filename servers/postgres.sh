#!/usr/bin/env bash
# A throwaway PostgreSQL for the postgres client's tests and benchmarks: 127.0.0.1 only, TLS with a
# self-signed certificate generated here, data in DIR (deleted by `stop`).
#
#   servers/postgres.sh start DIR PORT   initdb in DIR, start postgres, create the users
#   servers/postgres.sh stop  DIR        stop the server started by `start`, delete DIR
#
# With SERVER_OWNER_PID=<pid> in the environment, `start` also leaves a watcher that runs `stop` as
# soon as that process is gone (a test JVM killed by a mutation-testing tool or a timeout, whose
# shutdown hooks never ran): a server never outlives the JVM that started it. `reap` stops such
# servers left behind anyway (the tests run it before they start one).
#
# Users (database testdb, owned by test): postgres/postgres (superuser), test/test (scram-sha-256),
# md5user/md5pass (md5), clearuser/clearpass (cleartext "password"), tlsuser/tlspass (hostssl only).
# DIR/server.crt is the CA to trust. Needs the Debian packages postgresql and openssl
# (bin/install-test-deps). As root it runs initdb and postgres as the system user postgres
# (postgres refuses to run as root). Keep PORT below 32768 (Linux's ephemeral range starts there).
set -euo pipefail
cmd=${1:?usage: $0 start|stop DIR [PORT] | reap}
D=${2:-}
[ "$cmd" = reap ] || [ -n "$D" ] || { echo "usage: $0 start|stop DIR [PORT] | reap" >&2; exit 2; }
PORT=${3:-25432}
BIN=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)

as_owner() {
  if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

stop() {
  if [ -f "$D/data/postmaster.pid" ]; then
    local pid
    pid=$(head -1 "$D/data/postmaster.pid")
    as_owner "$BIN/pg_ctl" -D "$D/data" -m immediate -w -t 30 -s stop || true
    kill_tree "$pid"
  fi
  rm -rf "$D"
}

# the postmaster and each of its children lead sessions of their own (postgres calls setsid): if
# pg_ctl left any of them, KILL the postmaster's children by parent pid, then the postmaster
kill_tree() {
  local child
  for child in $(ps -o pid= --ppid "$1" 2>/dev/null); do kill -KILL "$child" 2>/dev/null || true; done
  kill -KILL "$1" 2>/dev/null || true
}

# the owner is known by its pid and its start time (field 22 of /proc/PID/stat), so a reused pid is not it
started_at() {
  sed 's/.*) //' "/proc/$1/stat" 2>/dev/null | cut -d' ' -f20
}

# `reap`: stops the servers this script started whose owner is gone (a JVM killed before its hooks
# ran, whose watcher did not get to run `stop` either). Only processes named postgres whose
# environment names an owner (SERVER_OWNER_PID/SINCE, inherited from `start`) are looked at.
reap() {
  local pid owner since datadir
  for pid in $(pgrep -x postgres || true); do
    owner=$(tr '\0' '\n' 2>/dev/null < "/proc/$pid/environ" | sed -n 's/^SERVER_OWNER_PID=//p') || continue   # gone meanwhile
    since=$(tr '\0' '\n' 2>/dev/null < "/proc/$pid/environ" | sed -n 's/^SERVER_OWNER_SINCE=//p') || continue
    [ -n "$owner" ] && [ -n "$since" ] || continue
    [ "$(started_at "$owner")" = "$since" ] && continue   # its owner still runs
    datadir=$(tr '\0' '\n' 2>/dev/null < "/proc/$pid/cmdline" | sed -n '/^-D$/{n;p;q}') || continue
    [ -n "$datadir" ] || continue
    echo "reaping the server of dead process $owner in $(dirname "$datadir")"
    D=$(dirname "$datadir") stop || true
  done
}

watch_owner() {
  [ -n "${SERVER_OWNER_PID:-}" ] || return 0
  local since=$SERVER_OWNER_SINCE
  setsid bash -c 'while [ "$(sed "s/.*) //" "/proc/$1/stat" 2>/dev/null | cut -d" " -f20)" = "$4" ] && [ -d "$2" ]; do sleep 1; done
    [ -d "$2" ] && exec "$3" stop "$2"; exit 0' \
    watcher "$SERVER_OWNER_PID" "$D" "$(readlink -f "$0")" "$since" </dev/null >/dev/null 2>&1 &
}

start() {
  if [ -n "${SERVER_OWNER_PID:-}" ]; then
    SERVER_OWNER_SINCE=$(started_at "$SERVER_OWNER_PID"); export SERVER_OWNER_SINCE   # the server inherits both
  fi
  if (exec 3<>"/dev/tcp/127.0.0.1/$PORT") 2>/dev/null; then echo "port $PORT already in use" >&2; exit 1; fi
  mkdir -p "$D"
  openssl req -x509 -newkey rsa:2048 -nodes -days 7 -subj /CN=localhost \
    -addext "subjectAltName=DNS:localhost,IP:127.0.0.1" \
    -keyout "$D/server.key" -out "$D/server.crt" 2>/dev/null
  chmod 600 "$D/server.key"
  chmod 644 "$D/server.crt"
  echo postgres > "$D/pwfile"
  if [ "$(id -u)" = 0 ]; then
    chown -R postgres:postgres "$D"
    chmod 755 "$D"
    chmod o+x "$(dirname "$D")"   # postgres must reach DIR (a test's temp dir is 0700)
  fi
  as_owner "$BIN/initdb" -D "$D/data" -U postgres --pwfile="$D/pwfile" --auth=scram-sha-256 \
    -E UTF8 --locale=C.UTF-8 -N >"$D/initdb.log" 2>&1
  cat > "$D/data/pg_hba.conf" <<HBA
local     all     all                      scram-sha-256
host      all     md5user    127.0.0.1/32  md5
host      all     clearuser  127.0.0.1/32  password
hostnossl all     tlsuser    127.0.0.1/32  reject
host      all     all        127.0.0.1/32  scram-sha-256
HBA
  # fsync off & co: a fast throwaway instance; max_connections for the pool and benchmark tests
  as_owner "$BIN/pg_ctl" -D "$D/data" -l "$D/postgres.log" -w -t 60 -s start -o \
    "-p $PORT -c listen_addresses=127.0.0.1 -k $D -c fsync=off -c synchronous_commit=off \
     -c full_page_writes=off -c max_connections=200 -c ssl=on -c ssl_cert_file=$D/server.crt \
     -c ssl_key_file=$D/server.key"
  watch_owner   # at once: a caller killed during the rest of `start` must not leave the server behind
  PGPASSWORD=postgres psql -h 127.0.0.1 -p "$PORT" -U postgres -d postgres -v ON_ERROR_STOP=1 -qX <<SQL
CREATE ROLE test LOGIN PASSWORD 'test';
CREATE DATABASE testdb OWNER test;
CREATE ROLE clearuser LOGIN PASSWORD 'clearpass';
CREATE ROLE tlsuser LOGIN PASSWORD 'tlspass';
SET password_encryption = 'md5';
CREATE ROLE md5user LOGIN PASSWORD 'md5pass';
GRANT ALL ON DATABASE testdb TO md5user, clearuser, tlsuser;
SQL
  echo "postgres ready on 127.0.0.1:$PORT"
}

case $cmd in
  start) start ;;
  stop) stop ;;
  reap) reap ;;
  *) echo "usage: $0 start|stop DIR [PORT] | reap" >&2; exit 2 ;;
esac
