#!/usr/bin/env bash
# One rxmap node, restarted whenever it dies (crash, SIGKILL, out of memory): a supervisor
# without systemd. The node reads the atlas from PostGIS and shares the Redis tile cache, so a
# restarted node serves the same tiles at once; nginx sends it requests again after its
# fail_timeout (deploy/nginx.conf).
#
#   deploy/run-node.sh PORT [more rxmap serve options...]      (deploy/cluster.sh starts these)
#
# Environment: RXMAP_BIN (build/rxmap), RXMAP_DB (postgresql://rxmap@127.0.0.1:5432/rxmap),
# RXMAP_DB_PREFIX (rxmap), RXMAP_CACHE (redis://127.0.0.1:6379), RXMAP_RAW (data/local/raw),
# RXMAP_RUN_DIR (/var/tmp/rxmap-cluster: node-PORT.log, node-PORT.pid), RXMAP_NODE_ARGS.
# SIGTERM/SIGINT stop the node (it finishes its requests) and then this script.
set -uo pipefail

REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd -P)"
cd "$REPO"
port="${1:?usage: deploy/run-node.sh PORT [rxmap serve options...]}"
shift
RXMAP_BIN="${RXMAP_BIN:-build/rxmap}"
RXMAP_DB="${RXMAP_DB:-postgresql://rxmap@127.0.0.1:5432/rxmap}"
RXMAP_DB_PREFIX="${RXMAP_DB_PREFIX:-rxmap}"
RXMAP_CACHE="${RXMAP_CACHE:-redis://127.0.0.1:6379}"
RXMAP_RAW="${RXMAP_RAW:-data/local/raw}"
RXMAP_RUN_DIR="${RXMAP_RUN_DIR:-/var/tmp/rxmap-cluster}"
read -r -a node_args <<<"${RXMAP_NODE_ARGS:-}"
mkdir -p "$RXMAP_RUN_DIR"
log="$RXMAP_RUN_DIR/node-$port.log"

child=""
stopping=0
on_stop() {
  stopping=1
  [[ -n "$child" ]] && kill -TERM "$child" 2>/dev/null
}
trap on_stop TERM INT

note() { printf '%s run-node[%s]: %s\n' "$(date -Is)" "$port" "$*" >>"$log"; }

pause=0.5
while :; do
  started=$SECONDS
  "$RXMAP_BIN" serve --address 127.0.0.1 --port "$port" --raw "$RXMAP_RAW" \
    --db "$RXMAP_DB" --db-prefix "$RXMAP_DB_PREFIX" --shared-cache "$RXMAP_CACHE" --trusted-proxy 127.0.0.1 \
    "${node_args[@]}" "$@" >>"$log" 2>&1 &
  child=$!
  echo "$child" >"$RXMAP_RUN_DIR/node-$port.pid"
  note "started rxmap (pid $child)"
  # `wait` returns early when a trapped signal arrives: wait until the node is really gone.
  status=0
  while kill -0 "$child" 2>/dev/null; do
    wait "$child"
    status=$?
  done
  child=""
  rm -f "$RXMAP_RUN_DIR/node-$port.pid"
  if ((stopping)); then
    note "stopped (status $status)"
    exit 0
  fi
  ran=$((SECONDS - started))
  # A node that ran a while is restarted at once; one that keeps dying at start, ever slower.
  ((ran > 30)) && pause=0.5
  note "rxmap exited with status $status after ${ran}s; restarting in ${pause}s"
  sleep "$pause" &
  wait $! || true
  ((stopping)) && exit 0
  pause=$(awk -v p="$pause" 'BEGIN { p *= 2; if (p > 30) p = 30; print p }')
done
