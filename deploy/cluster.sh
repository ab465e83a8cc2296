#!/usr/bin/env bash
# Several rxmap nodes on one machine behind nginx, sharing PostgreSQL/PostGIS (the atlas)
# and Redis (the tile cache). No systemd: every process is started here, in the background,
# with its pid in the run folder.
#
#   deploy/cluster.sh start     import into PostGIS if needed, start the nodes (run-node.sh) and nginx
#   deploy/cluster.sh stop      stop nginx and the nodes
#   deploy/cluster.sh status    /readyz of every node and nginx
#
# Environment (defaults):
#   RXMAP_BIN=build/rxmap  RXMAP_RAW=data/local/raw  RXMAP_STORE=data/local/store/rxmap.gpkg
#   RXMAP_DB=postgresql://rxmap@127.0.0.1:5432/rxmap  RXMAP_DB_PREFIX=rxmap
#   RXMAP_CACHE=redis://127.0.0.1:6379  RXMAP_NODES="8081 8082"  RXMAP_LISTEN=8080
#   RXMAP_RUN_DIR=/var/tmp/rxmap-cluster  RXMAP_NODE_ARGS=""  (more `rxmap serve` options)
#   RXMAP_SERVICES=1   also install/start local PostgreSQL+PostGIS and Redis (.ci/services.sh)
set -euo pipefail

REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd -P)"
cd "$REPO"
export RXMAP_BIN="${RXMAP_BIN:-build/rxmap}"
export RXMAP_RAW="${RXMAP_RAW:-data/local/raw}"
export RXMAP_DB="${RXMAP_DB:-postgresql://rxmap@127.0.0.1:5432/rxmap}"
export RXMAP_DB_PREFIX="${RXMAP_DB_PREFIX:-rxmap}"
export RXMAP_CACHE="${RXMAP_CACHE:-redis://127.0.0.1:6379}"
export RXMAP_RUN_DIR="${RXMAP_RUN_DIR:-/var/tmp/rxmap-cluster}"
export RXMAP_NODE_ARGS="${RXMAP_NODE_ARGS:-}"
RXMAP_STORE="${RXMAP_STORE:-data/local/store/rxmap.gpkg}"
RXMAP_NODES="${RXMAP_NODES:-8081 8082}"
RXMAP_LISTEN="${RXMAP_LISTEN:-8080}"
NGINX_PREFIX="$RXMAP_RUN_DIR/nginx"

say() { printf 'cluster: %s\n' "$*"; }
die() { printf 'cluster: %s\n' "$*" >&2; exit 1; }

ready() { [[ "$(curl -s -o /dev/null -m 2 -w '%{http_code}' "http://127.0.0.1:$1/readyz" || true)" == 200 ]]; }

nginx_conf() {
  # deploy/nginx.conf with this cluster's addresses.
  local servers="" p
  for p in $RXMAP_NODES; do
    servers+="        server 127.0.0.1:$p max_fails=1 fail_timeout=3s;\n"
  done
  awk -v listen="$RXMAP_LISTEN" -v servers="$servers" '
    /server 127\.0\.0\.1:808[12] max_fails/ { if (!done) { printf "%s", servers; done = 1 } next }
    { sub(/listen 127\.0\.0\.1:8080;/, "listen 127.0.0.1:" listen ";"); print }
  ' deploy/nginx.conf >"$NGINX_PREFIX/nginx.conf"
}

start() {
  command -v nginx >/dev/null || die "nginx is not installed (apt-get install nginx)"
  command -v curl >/dev/null || die "curl is not installed"
  [[ -x "$RXMAP_BIN" ]] || die "$RXMAP_BIN not built (./setup.sh build)"
  if [[ "${RXMAP_SERVICES:-0}" == 1 ]]; then bash .ci/services.sh; fi
  mkdir -p "$RXMAP_RUN_DIR" "$NGINX_PREFIX/logs" "$NGINX_PREFIX/tmp"

  say "import into $RXMAP_DB (a no-op when it holds the current data)"
  "$RXMAP_BIN" import --raw "$RXMAP_RAW" --store "$RXMAP_STORE" --db "$RXMAP_DB" --db-prefix "$RXMAP_DB_PREFIX" \
    2>&1 | grep -E '^(database|store|importing)' || true

  local p
  for p in $RXMAP_NODES; do
    if [[ -f "$RXMAP_RUN_DIR/run-node-$p.pid" ]] && kill -0 "$(cat "$RXMAP_RUN_DIR/run-node-$p.pid")" 2>/dev/null; then
      say "node :$p already running"
      continue
    fi
    setsid deploy/run-node.sh "$p" </dev/null >/dev/null 2>&1 &
    echo $! >"$RXMAP_RUN_DIR/run-node-$p.pid"
  done
  for p in $RXMAP_NODES; do
    local i
    for i in $(seq 1 240); do ready "$p" && break; sleep 0.5; done
    ready "$p" || die "node :$p not ready after 120 s; see $RXMAP_RUN_DIR/node-$p.log"
    say "node :$p ready"
  done

  nginx_conf
  if [[ -f "$NGINX_PREFIX/nginx.pid" ]] && kill -0 "$(cat "$NGINX_PREFIX/nginx.pid")" 2>/dev/null; then
    nginx -p "$NGINX_PREFIX/" -c "$NGINX_PREFIX/nginx.conf" -s reload
  else
    nginx -p "$NGINX_PREFIX/" -c "$NGINX_PREFIX/nginx.conf" -t -q
    nginx -p "$NGINX_PREFIX/" -c "$NGINX_PREFIX/nginx.conf"
  fi
  for i in $(seq 1 40); do ready "$RXMAP_LISTEN" && break; sleep 0.25; done
  ready "$RXMAP_LISTEN" || die "nginx on :$RXMAP_LISTEN does not answer; see $NGINX_PREFIX/logs/error.log"
  say "nginx on http://127.0.0.1:$RXMAP_LISTEN/ -> nodes $RXMAP_NODES"
}

stop() {
  if [[ -f "$NGINX_PREFIX/nginx.pid" ]]; then
    nginx -p "$NGINX_PREFIX/" -c "$NGINX_PREFIX/nginx.conf" -s quit 2>/dev/null || true
  fi
  local p pid
  for p in $RXMAP_NODES; do
    pid="$(cat "$RXMAP_RUN_DIR/run-node-$p.pid" 2>/dev/null || true)"
    [[ -n "$pid" ]] && kill -TERM "$pid" 2>/dev/null || true
  done
  for p in $RXMAP_NODES; do
    pid="$(cat "$RXMAP_RUN_DIR/run-node-$p.pid" 2>/dev/null || true)"
    [[ -n "$pid" ]] || continue
    for i in $(seq 1 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    if kill -0 "$pid" 2>/dev/null; then
      say "node :$p did not stop in 10 s; killing it"
      kill -KILL "$(cat "$RXMAP_RUN_DIR/node-$p.pid" 2>/dev/null)" "$pid" 2>/dev/null || true
    fi
    rm -f "$RXMAP_RUN_DIR/run-node-$p.pid"
  done
  for i in $(seq 1 50); do [[ -f "$NGINX_PREFIX/nginx.pid" ]] || break; sleep 0.1; done
  say "stopped"
}

status() {
  local p rc=0
  for p in $RXMAP_NODES $RXMAP_LISTEN; do
    if ready "$p"; then say ":$p ready"; else say ":$p DOWN"; rc=1; fi
  done
  return $rc
}

case "${1:-}" in
  start) start ;;
  stop) stop ;;
  status) status ;;
  *) sed -n '2,17s/^# \{0,1\}//p' "${BASH_SOURCE[0]}"; exit 2 ;;
esac
