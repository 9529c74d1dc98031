#!/usr/bin/env bash
# A local unbound for the DNS tests and benchmarks: 127.0.0.1 only, UDP and TCP on one port, acting
# as the recursive server a stub resolver talks to (RA=1) but serving only the zones below from
# files: "test." and the reverse zone "127.in-addr.arpa.". Every other name is REFUSED and nothing
# is ever sent upstream (no recursion, no root hints used, DNSSEC validator off).
#
#   servers/unbound.sh config DIR PORT   write DIR/unbound.conf and the zone files (for `unbound -d -c`)
#   servers/unbound.sh start  DIR PORT   config, then start unbound as a daemon and check it with dig
#   servers/unbound.sh stop   DIR        stop the daemon started by `start`, delete DIR
#
# Needs the Debian packages unbound (and dnsutils for the check in `start`); .ci/run installs them.
# Keep PORT below 32768: 32768-60999 is Linux's ephemeral client range.
set -euo pipefail
cmd=${1:?usage: $0 config|start|stop DIR [PORT]}
D=${2:?directory}
PORT=${3:-20053}

config() {
  mkdir -p "$D"
  local big
  big=$(printf '"%0200d" ' 1 2 3 4 5 6 7 8)   # 8 strings of 200 digits: a 1.6 KB TXT, over 1232 bytes
  cat > "$D/test.zone" <<ZONE
\$ORIGIN test.
\$TTL 300
@          IN SOA   ns1.test. hostmaster.test. ( 2024010101 3600 600 86400 60 )
@          IN NS    ns1.test.
ns1        IN A     127.0.0.1
@          IN A     127.0.0.1
www        IN A     127.0.0.10
www        IN AAAA  ::1
multi      IN A     127.0.0.11
multi      IN A     127.0.0.12
v6only     IN AAAA  ::1
alias      IN CNAME www.test.
chain      IN CNAME alias.test.
dangling   IN CNAME nowhere.test.
short  60  IN A     127.0.0.13
long 999999 IN A    127.0.0.14
@          IN MX    10 mail.test.
@          IN MX    20 mail2.test.
mail       IN A     127.0.0.25
mail2      IN A     127.0.0.26
@          IN TXT   "v=spf1 -all"
txt        IN TXT   "hello world" "second string"
big        IN TXT   $big
caa        IN CAA   0 issue "ca.test"
_ldap._tcp IN SRV   0 5 20389 ldap.test.
_sip._udp  IN SRV   10 60 5060 sip1.test.
_sip._udp  IN SRV   10 40 5060 sip2.test.
ldap       IN A     127.0.0.1
sip1       IN A     127.0.0.1
sip2       IN A     127.0.0.1
host.corp  IN A     127.0.0.30
*.many     IN A     127.0.0.40
ZONE
  cat > "$D/127.zone" <<ZONE
\$ORIGIN 127.in-addr.arpa.
\$TTL 300
@          IN SOA   ns1.test. hostmaster.test. ( 2024010101 3600 600 86400 60 )
@          IN NS    ns1.test.
10.0.0     IN PTR   www.test.
ZONE
  cat > "$D/unbound.conf" <<CONF
server:
  username: ""
  chroot: ""
  directory: "$D"
  pidfile: "$D/unbound.pid"
  logfile: "$D/unbound.log"
  use-syslog: no
  verbosity: 1
  interface: 127.0.0.1@$PORT
  port: $PORT
  do-ip6: no
  outgoing-interface: 127.0.0.1
  access-control: 127.0.0.0/8 allow
  num-threads: 1
  so-reuseport: no
  # Bursts of thousands of queries (the benchmarks) overflow the default ~200 KB socket buffer,
  # and a dropped query costs its client a timeout. Capped by net.core.rmem_max / wmem_max.
  so-rcvbuf: 4m
  so-sndbuf: 4m
  do-daemonize: yes
  module-config: "iterator"
  local-zone: "." refuse
  local-zone: "test." transparent
  local-zone: "127.in-addr.arpa." transparent
  msg-cache-size: 16m
  rrset-cache-size: 32m
auth-zone:
  name: "test."
  zonefile: "$D/test.zone"
  for-downstream: no
  for-upstream: yes
  fallback-enabled: no
auth-zone:
  name: "127.in-addr.arpa."
  zonefile: "$D/127.zone"
  for-downstream: no
  for-upstream: yes
  fallback-enabled: no
remote-control:
  control-enable: no
CONF
  unbound-checkconf "$D/unbound.conf" >/dev/null
}

case $cmd in
  config) config ;;
  start)
    config
    unbound -c "$D/unbound.conf"                       # daemonizes, writes the pidfile
    for _ in $(seq 100); do
      dig @127.0.0.1 -p "$PORT" +time=1 +tries=1 +short www.test A 2>/dev/null | grep -q 127.0.0.10 && break
      sleep 0.1
    done
    [ "$(dig @127.0.0.1 -p "$PORT" +short +tcp www.test A)" = 127.0.0.10 ]
    echo "unbound on 127.0.0.1:$PORT (udp+tcp), zone test., pid $(cat "$D/unbound.pid")"
    ;;
  stop)
    if [ -s "$D/unbound.pid" ]; then
      pid=$(cat "$D/unbound.pid")
      kill -TERM "$pid" 2>/dev/null || true
      for _ in $(seq 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
      kill -KILL "$pid" 2>/dev/null || true
    fi
    rm -rf "$D"
    ;;
  *) echo "usage: $0 config|start|stop DIR [PORT]" >&2; exit 2 ;;
esac
