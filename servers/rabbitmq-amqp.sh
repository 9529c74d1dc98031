#!/usr/bin/env bash
# A throwaway RabbitMQ 3.10 for the amqp client's tests and benchmarks: 127.0.0.1 only, state in DIR.
#
#   servers/rabbitmq-amqp.sh start DIR [PORT]   fresh node: AMQP on PORT (default 26610), Erlang
#                                               distribution on PORT+1, its own epmd on PORT+2,
#                                               AMQPS on PORT+3 (TLS; client certificates optional)
#   servers/rabbitmq-amqp.sh ctl DIR ARGS...    rabbitmqctl against that node (e.g. list_connections)
#   servers/rabbitmq-amqp.sh stop DIR           stop the node and its epmd, delete DIR
#   servers/rabbitmq-amqp.sh guard DIR PID      wait until process PID (a test JVM) is gone, then stop
#
# Users: test/test (administrator) and guest/guest on vhost "/"; test-external logs in with SASL
# EXTERNAL (plugin rabbitmq_auth_mechanism_ssl) by the client certificate DIR/client.crt + client.key
# (CN=test-external). DIR/ca.crt is the CA of the server's and the client's certificates.
# The node name, epmd port and distribution port are the node's own so that it never meets another
# RabbitMQ on this machine (the system one uses epmd 4369). Runs as root, as Debian 12 CI does.
# Needs the Debian package rabbitmq-server (bin/install-test-deps). Keep PORT below 32768.
set -euo pipefail
cmd=${1:?usage: $0 start|ctl|stop DIR [PORT|ARGS]}
D=${2:?directory}

env_for() {   # the environment rabbitmq-server and rabbitmqctl need to find this node
  local port=$1
  export HOME=$D                                  # .erlang.cookie
  export RABBITMQ_CONF_ENV_FILE=$D/rabbitmq-env.conf
  export RABBITMQ_NODENAME=rabbit_amqp_$port@localhost
  export ERL_EPMD_PORT=$((port + 2))
  export ERL_EPMD_ADDRESS=127.0.0.1
  export RABBITMQ_CTL_ERL_ARGS="-kernel inet_dist_use_interface {127,0,0,1}"
  export PATH=/usr/lib/rabbitmq/bin:$PATH         # the real scripts, not Debian's su wrapper
}

start() {
  local port=${1:-26610} i
  for p in "$port" $((port + 1)) $((port + 2)) $((port + 3)); do
    if (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null; then echo "port $p already in use" >&2; exit 1; fi
  done
  mkdir -p "$D/mnesia" "$D/log"
  echo "$port" > "$D/port"
  env_for "$port"
  head -c 15 /dev/urandom | base64 | tr -dc A-Za-z0-9 > "$D/.erlang.cookie"; chmod 400 "$D/.erlang.cookie"
  cat > "$D/rabbitmq-env.conf" <<ENV
MNESIA_BASE=$D/mnesia
LOG_BASE=$D/log
PID_FILE=$D/rabbit.pid
CONFIG_FILE=$D/rabbitmq.conf
ADVANCED_CONFIG_FILE=$D/advanced.config
ENABLED_PLUGINS_FILE=$D/enabled_plugins
DIST_PORT=$((port + 1))
SERVER_ADDITIONAL_ERL_ARGS="-kernel inet_dist_use_interface {127,0,0,1}"
ENV
  certificates
  cat > "$D/rabbitmq.conf" <<CONF
listeners.tcp.1 = 127.0.0.1:$port
listeners.ssl.1 = 127.0.0.1:$((port + 3))
ssl_options.cacertfile = $D/ca.crt
ssl_options.certfile = $D/server.crt
ssl_options.keyfile = $D/server.key
ssl_options.verify = verify_peer
ssl_options.fail_if_no_peer_cert = false
auth_mechanisms.1 = PLAIN
auth_mechanisms.2 = AMQPLAIN
auth_mechanisms.3 = EXTERNAL
ssl_cert_login_from = common_name
default_user = test
default_pass = test
default_user_tags.administrator = true
log.console = false
log.file.level = warning
CONF
  echo '[rabbitmq_auth_mechanism_ssl].' > "$D/enabled_plugins"
  epmd -daemon -address 127.0.0.1 -port "$ERL_EPMD_PORT"
  setsid rabbitmq-server </dev/null >"$D/log/startup.log" 2>&1 &
  echo $! > "$D/group"   # setsid made it a process group of its own: stop kills the whole group
  rabbitmqctl -q wait "$D/rabbit.pid" --timeout 90 >/dev/null || { cat "$D/log/startup.log" >&2; exit 1; }
  rabbitmqctl -q add_user guest guest >/dev/null 2>&1 || true
  rabbitmqctl -q set_permissions -p / guest '.*' '.*' '.*' >/dev/null
  rabbitmqctl -q add_user test-external "$(head -c 12 /dev/urandom | base64)" >/dev/null
  rabbitmqctl -q set_permissions -p / test-external '.*' '.*' '.*' >/dev/null
  for i in $(seq 100); do (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null && return 0; sleep 0.1; done
  echo "rabbitmq does not listen on $port" >&2; exit 1
}

certificates() {   # a CA, a server certificate for 127.0.0.1/localhost, a client certificate CN=test-external
  openssl req -x509 -newkey rsa:2048 -nodes -days 7 -subj /CN=amqp-test-ca -keyout "$D/ca.key" -out "$D/ca.crt" 2>/dev/null
  openssl req -newkey rsa:2048 -nodes -subj /CN=localhost -keyout "$D/server.key" -out "$D/server.csr" 2>/dev/null
  printf 'subjectAltName=DNS:localhost,IP:127.0.0.1\n' > "$D/server.ext"
  openssl x509 -req -in "$D/server.csr" -CA "$D/ca.crt" -CAkey "$D/ca.key" -CAcreateserial -days 7 \
    -extfile "$D/server.ext" -out "$D/server.crt" 2>/dev/null
  openssl req -newkey rsa:2048 -nodes -subj /CN=test-external -keyout "$D/client.key" -out "$D/client.csr" 2>/dev/null
  openssl x509 -req -in "$D/client.csr" -CA "$D/ca.crt" -CAkey "$D/ca.key" -CAcreateserial -days 7 \
    -out "$D/client.crt" 2>/dev/null
  chmod 600 "$D/ca.key" "$D/server.key" "$D/client.key"
}

stop() {
  [ -s "$D/port" ] || { rm -rf "$D"; return 0; }
  env_for "$(cat "$D/port")"
  if [ -s "$D/rabbit.pid" ] && kill -0 "$(cat "$D/rabbit.pid")" 2>/dev/null; then
    local pid i
    pid=$(cat "$D/rabbit.pid")
    timeout 60 rabbitmqctl -q stop "$D/rabbit.pid" >/dev/null 2>&1 || true
    for i in $(seq 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -KILL "$pid" 2>/dev/null || true
  fi
  if [ -s "$D/group" ]; then kill -KILL -- "-$(cat "$D/group")" 2>/dev/null || true; fi
  epmd -port "$ERL_EPMD_PORT" -kill >/dev/null 2>&1 || true
  rm -rf "$D"
}

case $cmd in
  start) start "${3:-}" ;;
  stop) stop ;;
  guard)   # next to the broker: stops it once process $3 (the test JVM) is gone, however it ended
    while kill -0 "${3:?usage: $0 guard DIR PID}" 2>/dev/null; do sleep 1; done
    stop ;;
  ctl) env_for "$(cat "$D/port")"; shift 2; exec rabbitmqctl "$@" ;;
  *) echo "unknown command $cmd" >&2; exit 2 ;;
esac
