#!/usr/bin/env bash
# A throwaway MariaDB for the mysql client's tests and benchmarks: 127.0.0.1 only, TLS with a
# self-signed certificate generated here, data in DIR (deleted by `stop`).
#
#   servers/mariadb.sh start DIR PORT   install a fresh datadir in DIR, start mariadbd, create the users
#   servers/mariadb.sh stop  DIR        stop the server started by `start`, delete DIR
#
# With SERVER_OWNER_PID=<pid> in the environment, `start` also leaves a watcher that runs `stop` as
# soon as that process is gone (a test JVM killed by a mutation-testing tool or a timeout, whose
# shutdown hooks never ran): a server never outlives the JVM that started it. `reap` stops such
# servers left behind anyway (the tests run it before they start one).
#
# Users: root/root (also on the socket), test/test (mysql_native_password, ALL on testdb),
# eduser/edpass (client_ed25519), tls/tls (REQUIRE SSL). DIR/server.crt is the CA to trust.
# Needs the Debian packages mariadb-server, mariadb-client, openssl (bin/install-test-deps).
# Runs mariadbd as the system user mysql when started as root (mariadbd refuses to run as root).
# Keep PORT below 32768: 32768-60999 is Linux's ephemeral client range.
set -euo pipefail
cmd=${1:?usage: $0 start|stop DIR [PORT] | reap}
D=${2:-}
[ "$cmd" = reap ] || [ -n "$D" ] || { echo "usage: $0 start|stop DIR [PORT] | reap" >&2; exit 2; }
PORT=${3:-23306}

stop() {
  if [ -s "$D/mariadbd.pid" ]; then
    local pid i
    pid=$(cat "$D/mariadbd.pid")
    kill -TERM "$pid" 2>/dev/null || true
    for i in $(seq 300); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill_group "$pid"
  fi
  rm -rf "$D"
}

# mariadbd was started by setsid: it leads its own process group; KILL its group (never the group this script runs in)
kill_group() {
  local pgid
  pgid=$(ps -o pgid= -p "$1" 2>/dev/null | tr -d ' ') || true
  if [ -n "$pgid" ] && [ "$pgid" != "$(ps -o pgid= -p $$ | tr -d ' ')" ]; then kill -KILL -- "-$pgid" 2>/dev/null || true; fi
  kill -KILL "$1" 2>/dev/null || true
}

# the owner is known by its pid and its start time (field 22 of /proc/PID/stat), so a reused pid is not it
started_at() {
  sed 's/.*) //' "/proc/$1/stat" 2>/dev/null | cut -d' ' -f20
}

# `reap`: stops the servers this script started whose owner is gone (a JVM killed before its hooks
# ran, whose watcher did not get to run `stop` either). Only processes named mariadbd whose
# environment names an owner (SERVER_OWNER_PID/SINCE, inherited from `start`) are looked at.
reap() {
  local pid owner since datadir
  for pid in $(pgrep -x mariadbd || true); do
    owner=$(tr '\0' '\n' 2>/dev/null < "/proc/$pid/environ" | sed -n 's/^SERVER_OWNER_PID=//p') || continue   # gone meanwhile
    since=$(tr '\0' '\n' 2>/dev/null < "/proc/$pid/environ" | sed -n 's/^SERVER_OWNER_SINCE=//p') || continue
    [ -n "$owner" ] && [ -n "$since" ] || continue
    [ "$(started_at "$owner")" = "$since" ] && continue   # its owner still runs
    datadir=$(tr '\0' '\n' 2>/dev/null < "/proc/$pid/cmdline" | sed -n 's/^--datadir=//p') || continue
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
  chmod 755 "$D"
  openssl req -x509 -newkey rsa:2048 -nodes -days 7 -subj /CN=localhost \
    -addext "subjectAltName=DNS:localhost,IP:127.0.0.1" \
    -keyout "$D/server.key" -out "$D/server.crt" 2>/dev/null
  chmod 600 "$D/server.key"
  local user=()
  if [ "$(id -u)" = 0 ]; then
    chown -R mysql:mysql "$D"
    chmod o+x "$(dirname "$D")"   # mysql must reach DIR (a test's temp dir is 0700)
    user=(--user=mysql)
  fi
  chmod 644 "$D/server.crt"
  mariadb-install-db --no-defaults --datadir="$D/data" "${user[@]}" --auth-root-authentication-method=normal \
    --skip-test-db --skip-name-resolve >"$D/install-db.log" 2>&1
  # --no-defaults ignores /etc/mysql; small buffers and no fsync: a fast throwaway instance
  setsid mariadbd --no-defaults "${user[@]}" --datadir="$D/data" --socket="$D/mysqld.sock" \
    --pid-file="$D/mariadbd.pid" --log-error="$D/error.log" --port="$PORT" --bind-address=127.0.0.1 \
    --skip-name-resolve --innodb-buffer-pool-size=32M --innodb-log-file-size=16M \
    --innodb-flush-log-at-trx-commit=0 --max-allowed-packet=64M --local-infile=1 \
    --ssl-cert="$D/server.crt" --ssl-key="$D/server.key" </dev/null >/dev/null 2>&1 &
  watch_owner   # at once: a caller killed during the rest of `start` must not leave the server behind
  local i
  for i in $(seq 600); do
    [ -S "$D/mysqld.sock" ] && break
    grep -q 'Aborting' "$D/error.log" 2>/dev/null && break   # e.g. the port was taken meanwhile
    sleep 0.1
  done
  [ -S "$D/mysqld.sock" ] || { echo "mariadbd did not start:" >&2; cat "$D/error.log" >&2; exit 1; }
  mariadb --no-defaults -S "$D/mysqld.sock" -uroot <<SQL
INSTALL SONAME 'auth_ed25519';
ALTER USER root@localhost IDENTIFIED BY 'root';
CREATE OR REPLACE USER root@'127.0.0.1' IDENTIFIED BY 'root'; GRANT ALL ON *.* TO root@'127.0.0.1' WITH GRANT OPTION;
CREATE DATABASE testdb;
CREATE USER test@'%' IDENTIFIED BY 'test'; GRANT ALL ON testdb.* TO test@'%';
GRANT PROCESS ON *.* TO test@'%';
CREATE USER eduser@'%' IDENTIFIED VIA ed25519 USING PASSWORD('edpass'); GRANT ALL ON testdb.* TO eduser@'%';
CREATE USER tls@'%' IDENTIFIED BY 'tls' REQUIRE SSL; GRANT ALL ON testdb.* TO tls@'%';
SQL
  echo "mariadb ready on 127.0.0.1:$PORT"
}

case $cmd in
  start) start ;;
  stop) stop ;;
  reap) reap ;;
  *) echo "usage: $0 start|stop DIR [PORT] | reap" >&2; exit 2 ;;
esac
