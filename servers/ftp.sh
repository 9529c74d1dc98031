#!/usr/bin/env bash
# A local pure-ftpd for the FTP tests and benchmarks: 127.0.0.1 only, explicit TLS (AUTH TLS)
# offered but not required, one virtual user test/test (no system account; files owned by nobody)
# chrooted to DIR/home, which holds hello.txt. No anonymous login.
#
#   servers/ftp.sh config DIR                       write DIR/server.{crt,key,pem}, DIR/pureftpd.pdb, DIR/home
#   servers/ftp.sh run    DIR PORT PASV_FROM PASV_TO   config, then run pure-ftpd in the foreground (exec)
#   servers/ftp.sh start  DIR PORT PASV_FROM PASV_TO   config, then start it as a daemon and check it with curl
#   servers/ftp.sh stop   DIR                       stop the daemon started by `start`, delete DIR
#
# Needs the Debian packages pure-ftpd, openssl (and curl for the check in `start`); .ci/run installs
# them. Must run as root (pure-ftpd switches to nobody for the virtual user). Keep PORT and the
# passive range below 32768: 32768-60999 is Linux's ephemeral client range.
set -euo pipefail
cmd=${1:?usage: $0 config|run|start|stop DIR [PORT PASV_FROM PASV_TO]}
D=${2:?directory}
PORT=${3:-20001}
PASV_FROM=${4:-20120}
PASV_TO=${5:-20169}

config() {
  mkdir -p "$D/home"
  openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -days 7 -subj /CN=localhost \
    -addext "subjectAltName=DNS:localhost,IP:127.0.0.1,IP:::1" \
    -keyout "$D/server.key" -out "$D/server.crt" 2>/dev/null
  chmod 600 "$D/server.key"
  cat "$D/server.key" "$D/server.crt" > "$D/server.pem"
  chmod 600 "$D/server.pem"
  echo "hello from pure-ftpd" > "$D/home/hello.txt"
  chown -R nobody:nogroup "$D/home"
  # `pure-pw useradd` would hash with argon2id (seconds per login): write a SHA-512-crypt entry in
  # the same file format instead, then compile it with pure-pw mkdb.
  echo "test:$(openssl passwd -6 test):$(id -u nobody):$(id -g nobody)::$D/home/./::::::::::::" > "$D/pureftpd.passwd"
  pure-pw mkdb "$D/pureftpd.pdb" -f "$D/pureftpd.passwd"
}

# -S bind  -l auth  -E no anonymous  -A chroot everyone  -H no DNS  -p passive range  -u 1 no uid 0
# -c/-C clients  -Y 1 TLS optional  -2 cert+key  -d debug log (commands) to syslog is left off
args() {
  echo -S "127.0.0.1,$PORT" -l "puredb:$D/pureftpd.pdb" -E -A -H -p "$PASV_FROM:$PASV_TO" -u 1 \
    -c 200 -C 200 -Y 1 -2 "$D/server.pem"
}

case $cmd in
  config) config ;;
  run)
    config
    # shellcheck disable=SC2046
    exec /usr/sbin/pure-ftpd $(args)
    ;;
  start)
    config
    # shellcheck disable=SC2046
    /usr/sbin/pure-ftpd $(args) -B -g "$D/pure-ftpd.pid"
    for _ in $(seq 100); do (exec 3<>"/dev/tcp/127.0.0.1/$PORT") 2>/dev/null && break; sleep 0.1; done
    curl -sS --max-time 10 -u test:test "ftp://127.0.0.1:$PORT/hello.txt" | grep -q "hello from pure-ftpd"
    echo "pure-ftpd on 127.0.0.1:$PORT (passive $PASV_FROM-$PASV_TO), user test/test, CA $D/server.crt"
    ;;
  stop)
    if [ -s "$D/pure-ftpd.pid" ]; then kill "$(cat "$D/pure-ftpd.pid")" 2>/dev/null || true; fi
    rm -rf "$D"
    ;;
  *) echo "usage: $0 config|run|start|stop DIR [PORT PASV_FROM PASV_TO]" >&2; exit 2 ;;
esac
