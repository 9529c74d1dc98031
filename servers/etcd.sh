#!/bin/sh
# A throwaway single-member etcd (Debian's etcd-server 3.4) on 127.0.0.1, for the rpc-cluster tests
# and bin/cluster-demo.
#
#   servers/etcd.sh CLIENT_PORT PEER_PORT DATA_DIR [OWNER_PID [extra etcd flags...]]
#
# Runs etcd in the foreground (logs on stdout/stderr) until it exits or this script is killed.
# Start it as the leader of its own process group (setsid), so that `kill -KILL -- -PID` reaches
# etcd and this script together. With OWNER_PID (> 0) a guard kills etcd and deletes DATA_DIR
# once that process is gone, even if it died by SIGKILL and could not clean up (a killed test JVM,
# a PIT minion): nothing is left running.
set -eu
if [ $# -lt 3 ]; then
    echo "usage: $0 CLIENT_PORT PEER_PORT DATA_DIR [OWNER_PID [etcd flags...]]" >&2
    exit 2
fi
client=$1
peer=$2
data=$3
owner=${4:-0}
shift 3
[ $# -gt 0 ] && shift
name="e$client"
mkdir -p "$data"

etcd --name "$name" --data-dir "$data" \
    --listen-client-urls "http://127.0.0.1:$client" --advertise-client-urls "http://127.0.0.1:$client" \
    --listen-peer-urls "http://127.0.0.1:$peer" --initial-advertise-peer-urls "http://127.0.0.1:$peer" \
    --initial-cluster "$name=http://127.0.0.1:$peer" --log-level error --logger zap "$@" &
etcd_pid=$!
trap 'kill -KILL $etcd_pid 2>/dev/null || true' EXIT HUP INT TERM

if [ "$owner" -gt 0 ]; then
    while kill -0 "$owner" 2>/dev/null && kill -0 "$etcd_pid" 2>/dev/null; do
        sleep 0.5
    done
    if ! kill -0 "$owner" 2>/dev/null; then
        kill -KILL "$etcd_pid" 2>/dev/null || true
        wait "$etcd_pid" 2>/dev/null || true
        rm -rf "$data"
        exit 0
    fi
fi
wait "$etcd_pid"
