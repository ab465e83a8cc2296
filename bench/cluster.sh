#!/usr/bin/env bash
# Load test of a cluster on one machine: nginx + 2 rxmap nodes + PostgreSQL/PostGIS + Redis,
# all on 127.0.0.1 (deploy/cluster.sh), wrk over a fixed tile list for DURATION seconds, and
# one node killed with SIGKILL in the middle (its supervisor, deploy/run-node.sh, restarts it).
#
#   bench/cluster.sh          (as root on Debian 12; installs nginx, wrk, curl if missing and
#                              starts PostgreSQL + Redis with .ci/services.sh; about 1.5 minutes)
#
# 1. `rxmap import --db` (a no-op when current), then the tiles of the list are seeded into a
#    fresh Redis key prefix by two `rxmap seed --shard i/2 --shared-cache …` processes;
# 2. the cluster starts on that prefix; wrk -t2 -cCONNECTIONS -dDURATION (≤ 60 s) GETs the list
#    through nginx; at KILL_AT s one node's rxmap gets SIGKILL;
# 3. prints requests/s and latency percentiles (wrk), non-2xx and socket errors, what nginx saw
#    (statuses, requests retried on the other node, each node's share before and after the
#    kill), the killed node's time back to ready, and each node's renders and cache hits.
#
# Environment: BUILD_DIR (build), DURATION (40), KILL_AT (15), CONNECTIONS (32), LISTEN (18180),
# NODES ("18181 18182"), LAYERS ("population aging/2050 population-change/2050"), ZOOMS (5-12),
# BBOX (138.9,35.2,140.2,36.1: 東京圏), SEED=0 skips step 1's seeding (cold: the nodes render during
# the run), KEEP=1 keeps the run folder. Every request goes to
# 127.0.0.1, every step is bounded in time, and what this script started is stopped at exit
# (PostgreSQL and Redis keep running: .ci/services.sh started them as services).
set -euo pipefail

REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd -P)"
cd "$REPO"
BUILD_DIR="${BUILD_DIR:-build}"
DURATION="${DURATION:-40}"
KILL_AT="${KILL_AT:-15}"
CONNECTIONS="${CONNECTIONS:-32}"
LISTEN="${LISTEN:-18180}"
NODES="${NODES:-18181 18182}"
LAYERS="${LAYERS:-population aging/2050 population-change/2050}"
ZOOMS="${ZOOMS:-5-12}"
BBOX="${BBOX:-138.9,35.2,140.2,36.1}"
((DURATION <= 60)) || { echo "bench/cluster.sh: DURATION is at most 60 s" >&2; exit 2; }
((KILL_AT < DURATION)) || { echo "bench/cluster.sh: KILL_AT must fall inside DURATION" >&2; exit 2; }
RXMAP="$BUILD_DIR/rxmap"
[[ "$RXMAP" == /* ]] || RXMAP="$REPO/$RXMAP"
T0=$(date +%s)
step() { printf '\n==> [%3ds] %s\n' "$(($(date +%s) - T0))" "$*" >&2; }

# --- packages and services ---------------------------------------------------------------
missing=()
for p in nginx wrk curl python3; do
  [[ "$(dpkg-query -W -f='${db:Status-Status}' "$p" 2>/dev/null || true)" == installed ]] || missing+=("$p")
done
if ((${#missing[@]})); then
  step "installing ${missing[*]}"
  made_policy=0
  if [[ ! -e /usr/sbin/policy-rc.d ]]; then  # keep Debian's nginx service (port 80) from starting
    printf '#!/bin/sh\nexit 101\n' >/usr/sbin/policy-rc.d && chmod +x /usr/sbin/policy-rc.d && made_policy=1
  fi
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -q >/dev/null
  apt-get install -y -q --no-install-recommends "${missing[@]}" >/dev/null
  ((made_policy)) && rm -f /usr/sbin/policy-rc.d
fi
step "PostgreSQL + PostGIS and Redis (.ci/services.sh)"
bash .ci/services.sh
[[ -x "$RXMAP" ]] || { step "building rxmap"; cmake -S . -B "$BUILD_DIR" >/dev/null; cmake --build "$BUILD_DIR" -j "$(nproc)" --target rxmap >/dev/null; }

WORK="$(mktemp -d /tmp/rxmap-cluster-bench.XXXXXX)"
export RXMAP_BIN="$RXMAP"
export RXMAP_RUN_DIR="$WORK/run"
export RXMAP_DB="postgresql://rxmap@127.0.0.1:5432/rxmap"
export RXMAP_DB_PREFIX="rxbench"
export RXMAP_CACHE="redis://127.0.0.1:6379/0?prefix=rxbench-$(date +%s):"
export RXMAP_NODES="$NODES"
export RXMAP_LISTEN="$LISTEN"
pids=()
cleanup() {
  for p in "${pids[@]+"${pids[@]}"}"; do kill "$p" 2>/dev/null || true; done
  deploy/cluster.sh stop >/dev/null 2>&1 || true
  # The bench's keys (Redis evicts them anyway) and, unless KEEP=1, the run folder.
  redis-cli -h 127.0.0.1 --scan --pattern "${RXMAP_CACHE#*prefix=}*" 2>/dev/null | xargs -r -n 500 redis-cli -h 127.0.0.1 DEL >/dev/null 2>&1 || true
  if [[ "${KEEP:-0}" == 1 ]]; then echo "run folder kept: $WORK" >&2; else rm -rf "$WORK"; fi
}
trap cleanup EXIT

# --- the tile list -----------------------------------------------------------------------
python3 - "$BBOX" "$ZOOMS" $LAYERS >"$WORK/paths.txt" <<'PY'
import math, sys
lon0, lat0, lon1, lat1 = map(float, sys.argv[1].split(","))
z0, z1 = map(int, sys.argv[2].split("-"))
def tile(lon, lat, z):
    n = 2 ** z
    y = (1 - math.log(math.tan(math.radians(lat)) + 1 / math.cos(math.radians(lat))) / math.pi) / 2 * n
    return int((lon + 180) / 360 * n), int(y)
for layer in sys.argv[3:]:
    for z in range(z0, z1 + 1):
        (xa, ya), (xb, yb) = tile(lon0, lat1, z), tile(lon1, lat0, z)
        for y in range(ya, yb + 1):
            for x in range(xa, xb + 1):
                print(f"/tiles/{layer}/{z}/{x}/{y}.png")
PY
TILES=$(wc -l <"$WORK/paths.txt")

step "import into PostGIS (prefix $RXMAP_DB_PREFIX)"
"$RXMAP" import --raw data/local/raw --db "$RXMAP_DB" --db-prefix "$RXMAP_DB_PREFIX" 2>&1 | grep -E '^database' >&2

seed_start=$(date +%s.%N)
seeds=(0 1)
if [[ "${SEED:-1}" == 1 ]]; then
  step "seed $TILES tiles ($LAYERS, z$ZOOMS, bbox $BBOX) into the shared cache: 2 processes, --shard 0/2 and 1/2"
else
  step "no seeding (SEED=0): the nodes render every metatile of the list during the run"
  seeds=()
  : >"$WORK/seed-none.log"
fi
for i in "${seeds[@]}"; do
  timeout 300 "$RXMAP" seed --raw data/local/raw --db "$RXMAP_DB" --db-prefix "$RXMAP_DB_PREFIX" \
    --layer $LAYERS --zoom "$ZOOMS" --bbox "$BBOX" --threads 1 --shard "$i/2" \
    --shared-cache "$RXMAP_CACHE" --out "$WORK/seed-$i.mbtiles" 2>"$WORK/seed-$i.log" &
  pids+=($!)
done
for p in "${pids[@]+"${pids[@]}"}"; do wait "$p"; done
pids=()
seed_seconds=$(awk -v a="$seed_start" -v b="$(date +%s.%N)" 'BEGIN { printf "%.1f", b - a }')
{ grep -h '^seed ' "$WORK"/seed-*.log || true; } | sed 's/^/  /' >&2
metatiles=$({ grep -h '^seed ' "$WORK"/seed-*.log || true; } | sed -n 's/.* in \([0-9]*\) metatiles rendered.*/\1/p' | awk '{ s += $1 } END { print s + 0 }')

step "cluster: nginx :$LISTEN -> nodes $NODES"
deploy/cluster.sh start >&2

# --- load, and SIGKILL of the first node at KILL_AT ---------------------------------------
victim="${NODES%% *}"
(
  sleep "$KILL_AT"
  pid="$(cat "$RXMAP_RUN_DIR/node-$victim.pid")"
  date +%s.%N >"$WORK/killed_at"
  kill -KILL "$pid"
  # Back: the supervisor restarted it and it answers /readyz again.
  for _ in $(seq 1 600); do
    if [[ "$(curl -s -o /dev/null -m 1 -w '%{http_code}' "http://127.0.0.1:$victim/readyz")" == 200 ]] &&
       [[ "$(cat "$RXMAP_RUN_DIR/node-$victim.pid" 2>/dev/null)" != "$pid" ]]; then
      date +%s.%N >"$WORK/ready_at"
      break
    fi
    sleep 0.1
  done
) &
pids+=($!)
step "wrk -t2 -c$CONNECTIONS -d${DURATION}s over $TILES tiles; SIGKILL of node :$victim at ${KILL_AT}s"
wrk_start=$(date +%s.%N)
wrk -t2 -c"$CONNECTIONS" -d"${DURATION}s" --timeout 10s --latency -s bench/tiles.lua \
  "http://127.0.0.1:$LISTEN" -- "$WORK/paths.txt" >"$WORK/wrk.txt" 2>&1
wait "${pids[@]+"${pids[@]}"}" 2>/dev/null || true
pids=()
sleep 2.5  # nginx flushes its access log every 2 s

# --- report -------------------------------------------------------------------------------
killed_at=$(cat "$WORK/killed_at")
ready_at=$(cat "$WORK/ready_at" 2>/dev/null || echo "")
back=$( [[ -n "$ready_at" ]] && awk -v a="$killed_at" -v b="$ready_at" 'BEGIN { printf "%.2f s", b - a }' || echo "not within 60 s")
LOG="$RXMAP_RUN_DIR/nginx/logs/access.log"
killed_iso=$(date -u -d "@${killed_at%.*}" +%Y-%m-%dT%H:%M:%S)
ready_iso=$( [[ -n "$ready_at" ]] && date -u -d "@${ready_at%.*}" +%Y-%m-%dT%H:%M:%S || echo 9999)
metric() { curl -s -m 2 "http://127.0.0.1:$1/metrics" | awk -v m="$2" '$1 == m { print $2 }'; }

cat "$WORK/wrk.txt"
echo
echo "## rxmap cluster load test ($(date -u +%Y-%m-%d), $(nproc) cores)"
echo
echo "command: bench/cluster.sh (DURATION=$DURATION KILL_AT=$KILL_AT CONNECTIONS=$CONNECTIONS)"
if ((${#seeds[@]})); then
  echo "tiles: $TILES ($LAYERS; z$ZOOMS; bbox $BBOX), seeded into Redis by 2 shards in ${seed_seconds} s ($metatiles metatiles rendered)"
else
  echo "tiles: $TILES ($LAYERS; z$ZOOMS; bbox $BBOX), not seeded (SEED=0): rendered by the nodes during the run"
fi
awk '
  /Requests\/sec/ { rps = $2 }
  /^ +50%/ { p50 = $2 } /^ +90%/ { p90 = $2 } /^ +99%/ { p99 = $2 }
  /requests in/ { total = $1 }
  /Non-2xx/ { non2xx = $NF }
  /Socket errors/ { sock = $0; sub(/^ *Socket errors: */, "", sock) }
  END {
    printf "wrk: %s requests, %s requests/s, p50 %s, p90 %s, p99 %s\n", total, rps, p50, p90, p99
    printf "wrk: non-2xx/3xx responses: %s; socket errors: %s\n", (non2xx == "" ? 0 : non2xx), (sock == "" ? "none" : sock)
  }' "$WORK/wrk.txt"
echo "node :$victim SIGKILLed at ${KILL_AT}s; restarted by run-node.sh and ready again after $back"
awk -v k="$killed_iso" -v r="$ready_iso" -v a="127.0.0.1:$victim" '
  { t = substr($1, 1, 19); n++; if (match($0, /" [0-9][0-9][0-9] /)) status[substr($0, RSTART + 2, 3)]++ }
  / upstream=[^ ]*, / { retried++ }
  index($0, "upstream=" a) && t < k { before++ }
  index($0, "upstream=" a) && t >= r { after++ }
  END {
    printf "nginx: %d requests; by status:", n
    for (s in status) printf " %s ×%d", s, status[s]
    printf "; retried on the other node: %d\n", retried
    printf "nginx: node :%s served %d requests before the kill and %d after it was back\n", substr(a, 11), before, after
  }' "$LOG"
for p in $NODES; do
  echo "node :$p (since its start): renders $(metric "$p" rxmap_engine_renders_total), redis hits $(metric "$p" 'rxmap_engine_cache_hits_total{store="redis"}'), memory hits $(metric "$p" 'rxmap_engine_cache_hits_total{store="memory"}'), shared-cache errors $(metric "$p" rxmap_shared_cache_errors_total)"
done
echo "elapsed: $(($(date +%s) - T0)) s"
