#!/usr/bin/env bash
# rxmap against renderd + mod_tile (Debian 12 packages) on the same style and data:
# cold seeding of all Japan z0-z10, warm viewer traffic at concurrency 1/8/64, peak memory; and the
# physical limit of warm serving: nginx sending the same tile files from disk, with the same list.
#
#   bench/run.sh            (as root on Debian 12; installs renderd, libapache2-mod-tile, apache2, wrk,
#                            nginx, curl, gdal-bin, time if missing; ~6 min on a quiet 2-core machine,
#                            ~12 at most)
#
# Prints a side-by-side table and writes it, with the issue's targets, to bench/results.md.
# Environment: BUILD_DIR (default build), DURATION (wrk seconds per run, default 10),
# CONCURRENCY ("1 8 64"), RX_PORT (18080), MT_PORT (18081), NG_PORT (18082), RESULTS (bench/results.md),
# PROFILE (1 if perf is installed: a perf profile of a shorter seed and of warm serving, +~40 s),
# RXMAP_ARGS (extra `rxmap serve` options). Everything listens on 127.0.0.1 only, every step is
# bounded in time, and everything started here is stopped at exit.
set -euo pipefail

REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd -P)"
cd "$REPO"
BUILD_DIR="${BUILD_DIR:-build}"
DURATION="${DURATION:-10}"
CONCURRENCY="${CONCURRENCY:-1 8 64}"
RX_PORT="${RX_PORT:-18080}"
MT_PORT="${MT_PORT:-18081}"
NG_PORT="${NG_PORT:-18082}"
RESULTS="${RESULTS:-$REPO/bench/results.md}"
RXMAP="$BUILD_DIR/rxmap"
[[ "$RXMAP" == /* ]] || RXMAP="$REPO/$RXMAP"
BBOX="122.9,24.0,146.0,45.6"
T0=$(date +%s)

step() { printf '\n==> [%3ds] %s\n' "$(($(date +%s) - T0))" "$*" >&2; }
now() { date +%s.%N; }

# --- packages (bench only; not in setup.sh) ---------------------------------
BENCH_PACKAGES=(renderd libapache2-mod-tile apache2 nginx wrk curl gdal-bin time)
missing=()
for p in "${BENCH_PACKAGES[@]}"; do
  [[ "$(dpkg-query -W -f='${db:Status-Status}' "$p" 2>/dev/null || true)" == installed ]] || missing+=("$p")
done
if ((${#missing[@]})); then
  step "installing ${missing[*]}"
  # Keep the packages' own services (apache and nginx on :80, renderd) from starting.
  made_policy=0
  if [[ ! -e /usr/sbin/policy-rc.d ]]; then
    printf '#!/bin/sh\nexit 101\n' >/usr/sbin/policy-rc.d && chmod +x /usr/sbin/policy-rc.d && made_policy=1
  fi
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -q >/dev/null
  apt-get install -y -q --no-install-recommends "${missing[@]}" >/dev/null
  ((made_policy)) && rm -f /usr/sbin/policy-rc.d
fi
if [[ ! -x "$RXMAP" ]]; then
  step "building rxmap in $BUILD_DIR"
  cmake -S . -B "$BUILD_DIR" -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
  cmake --build "$BUILD_DIR" -j "$(nproc)" --target rxmap >/dev/null
fi
if [[ -z "${PROFILE:-}" ]]; then
  if command -v perf >/dev/null && perf stat -e task-clock true >/dev/null 2>&1; then PROFILE=1; else PROFILE=0; fi
fi

NPROC="$(nproc)"
WORK="$(mktemp -d /tmp/rxmap-bench.XXXXXX)"
chmod 755 "$WORK"
STORE="$WORK/store/rxmap.gpkg"  # the bench's own import (~2 s): never races other runs over the default store
PIDS=()
cleanup() {
  local pid
  for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done
  [[ -f "$WORK/apache.pid" ]] && kill "$(cat "$WORK/apache.pid")" 2>/dev/null || true
  [[ -f "$WORK/nginx.pid" ]] && kill "$(cat "$WORK/nginx.pid")" 2>/dev/null || true
  wait 2>/dev/null || true
}
trap cleanup EXIT

wait_http() {  # url seconds
  local _
  for _ in $(seq 1 $(($2 * 10))); do
    curl -s -o /dev/null --max-time 2 "$1" && return 0
    sleep 0.1
  done
  echo "bench: $1 did not answer" >&2
  return 1
}
status_kb() {  # field pids... -> sum of that /proc/PID/status field (kB)
  local field=$1 total=0 pid v
  shift
  for pid in "$@"; do
    v="$(awk -v f="$field:" '$1 == f {print $2}' "/proc/$pid/status" 2>/dev/null || true)"
    total=$((total + ${v:-0}))
  done
  echo "$total"
}
apache_pids() { pgrep -f "apache2 -f $WORK/apache.conf" || true; }
nginx_pids() {  # the master and its workers
  local m
  m="$(cat "$WORK/nginx.pid" 2>/dev/null)" || return 0
  echo "$m"
  pgrep -P "$m" || true
}
metric() {  # name -> value from rxmap's /metrics (awk reads it all: an early exit would fail curl)
  curl -s --max-time 5 "http://127.0.0.1:$RX_PORT/metrics" | awk -v m="$1" '$1 == m && v == "" {v = $2} END {print v + 0}'
}
# CPU accounting, so that the figures hold on a machine that is not idle: busy ticks of the whole
# machine (/proc/stat) against those of the processes measured.
TCK="$(getconf CLK_TCK)"
busy_ticks() { awk '$1 == "cpu" {print $2 + $3 + $4 + $7 + $8 + $9; exit}' /proc/stat; }
proc_ticks() {  # pids... -> utime + stime, summed
  local total=0 pid v
  for pid in "$@"; do
    v="$(sed 's/^.*) //' "/proc/$pid/stat" 2>/dev/null | awk '{print $12 + $13}' || true)"
    total=$((total + ${v:-0}))
  done
  echo "$total"
}
# Wait (at most QUIET_WAIT s) for a second in which the machine is < 15 % busy: other work on the
# machine (a build, another test run) would distort the timings. Sets QUIET (1 = it was quiet).
QUIET_WAIT="${QUIET_WAIT:-60}"
QUIET_BUDGET="${QUIET_BUDGET:-180}"  # seconds of waiting in all, so that the run stays bounded
QUIET_BUDGET_START=$QUIET_BUDGET
wait_quiet() {
  local wait=$((QUIET_WAIT < QUIET_BUDGET ? QUIET_WAIT : QUIET_BUDGET)) start b0 b1
  start=$(date +%s)
  local end=$((start + wait))
  QUIET=0
  while (($(date +%s) < end)); do
    b0=$(busy_ticks); sleep 1; b1=$(busy_ticks)
    if (((b1 - b0) * 100 < 15 * TCK * NPROC)); then QUIET=1; break; fi
  done
  QUIET_BUDGET=$((QUIET_BUDGET - ($(date +%s) - start)))
  if ((!QUIET)); then
    if ((wait > 0)); then echo "bench: the machine stayed busy for ${wait} s (other processes); measuring anyway" >&2
    else echo "bench: quiet-wait budget used up; measuring without waiting (see the 'other CPU' figures)" >&2; fi
  fi
}
# Share (%) of the machine's CPU used by processes other than the measured ones during a phase.
foreign_pct() {  # busy_ticks_delta own_ticks_delta seconds
  awk -v b="$1" -v o="$2" -v s="$3" -v t="$TCK" -v n="$NPROC" 'BEGIN { f = (b - o) / (t * n * s) * 100; if (f < 0) f = 0; printf "%.0f", f }'
}

# --- the same style and data for renderd ------------------------------------
step "rxmap export-style --layer population (imports the data into $STORE first)"
"$RXMAP" export-style --layer population --out "$WORK/style" --store "$STORE" 2>"$WORK/export.log" >/dev/null

mkdir -p "$WORK/renderd-tiles"
chmod 777 "$WORK/renderd-tiles"
cat >"$WORK/renderd.conf" <<CONF
[renderd]
num_threads=$NPROC
tile_dir=$WORK/renderd-tiles
stats_file=$WORK/renderd.stats
socketname=$WORK/renderd.sock

[mapnik]
plugins_dir=/usr/lib/mapnik/3.1/input
font_dir=/usr/share/fonts/opentype/noto
font_dir_recurse=true

[population]
URI=/population/
TILEDIR=$WORK/renderd-tiles
XML=$WORK/style/map.xml
HOST=localhost
TILESIZE=256
MAXZOOM=20

[population2x]
URI=/population2x/
TILEDIR=$WORK/renderd-tiles
XML=$WORK/style/map.xml
HOST=localhost
TILESIZE=512
SCALE=2.0
MAXZOOM=20
CONF

# Apache at its best for this: no access log, unlimited keep-alive requests (its default of 100
# would make wrk reconnect), threads enough for 64 connections.
cat >"$WORK/apache.conf" <<CONF
ServerRoot /etc/apache2
ServerName localhost
Listen 127.0.0.1:$MT_PORT
PidFile $WORK/apache.pid
DefaultRuntimeDir $WORK
Mutex file:$WORK default
ErrorLog $WORK/apache-error.log
LogLevel warn
User www-data
Group www-data
KeepAlive On
MaxKeepAliveRequests 0
KeepAliveTimeout 30
StartServers 2
ThreadsPerChild 64
MaxRequestWorkers 256
LoadModule mpm_event_module /usr/lib/apache2/modules/mod_mpm_event.so
LoadModule authz_core_module /usr/lib/apache2/modules/mod_authz_core.so
LoadModule tile_module /usr/lib/apache2/modules/mod_tile.so
<VirtualHost 127.0.0.1:$MT_PORT>
  LoadTileConfigFile $WORK/renderd.conf
  ModTileRenderdSocketName $WORK/renderd.sock
  ModTileTileDir $WORK/renderd-tiles
  ModTileRequestTimeout 60
  ModTileMissingRequestTimeout 60
  ModTileMaxLoadOld 1000
  ModTileMaxLoadMissing 1000
  ModTileEnableStats Off
  ModTileEnableTileThrottling Off
</VirtualHost>
CONF

python3 "$REPO/bench/tilelists.py" "$WORK"
read -r COLD_TILES COLD_METAS COLD_RENDERED <"$WORK/cold-count.txt"
read -r V_REQ V_REQ2X V_UNIQUE V_UNIQUE2X <"$WORK/viewer-stats.txt"

step "starting renderd ($NPROC threads) and apache2 + mod_tile on 127.0.0.1:$MT_PORT"
renderd -f -c "$WORK/renderd.conf" >"$WORK/renderd.log" 2>&1 &
RENDERD_PID=$!
PIDS+=("$RENDERD_PID")
for _ in $(seq 1 100); do [[ -S "$WORK/renderd.sock" ]] && break; sleep 0.1; done
[[ -S "$WORK/renderd.sock" ]] || { cat "$WORK/renderd.log" >&2; exit 1; }
chmod 666 "$WORK/renderd.sock"
apache2 -f "$WORK/apache.conf" -DFOREGROUND >"$WORK/apache.log" 2>&1 &
PIDS+=("$!")
wait_http "http://127.0.0.1:$MT_PORT/" 20 || { cat "$WORK/apache-error.log" "$WORK/apache.log" >&2; exit 1; }
# Let every render thread load its maps, then one metatile far from the measured set.
sleep 2
printf '0 0 14' | timeout 60 render_list -m population -s "$WORK/renderd.sock" -t "$WORK/renderd-tiles" -l 1000 >/dev/null 2>&1 || true

# --- cold: every tile of Japan z0-z10 -------------------------------------------
# render_list 0.6.1 reads "x y z" with fscanf until feof(): a final newline makes it send the last
# line twice, renderd answers the duplicate "not done" and render_list sleeps 10 s. So no final newline.
# Each cold run is tried again (COLD_TRIES, 2) when other processes took > 10 % of the machine.
COLD_TRIES="${COLD_TRIES:-2}"
cold_metas_on_disk() { find "$WORK/renderd-tiles/population" -name '*.meta' -path "*/population/[0-9]/*" -o \
  -name '*.meta' -path "*/population/10/*" 2>/dev/null | wc -l; }
for try in $(seq 1 "$COLD_TRIES"); do
  step "cold, renderd: render_list -n $((2 * NPROC)) fed one tile per metatile ($COLD_METAS metatiles, z0-z10), try $try"
  rm -rf "$WORK/renderd-tiles/population/"{0,1,2,3,4,5,6,7,8,9,10}
  wait_quiet
  b0=$(busy_ticks) o0=$(proc_ticks "$RENDERD_PID") t=$(now)
  printf '%s' "$(cat "$WORK/cold-metas.txt")" | /usr/bin/time -f '%U %S' -o "$WORK/render_list.time" \
    timeout 600 render_list -m population -s "$WORK/renderd.sock" -t "$WORK/renderd-tiles" -n $((2 * NPROC)) \
    -l 1000 -z 0 -Z 10 >"$WORK/render_list.log" 2>&1
  MT_COLD_S=$(awk -v a="$(now)" -v b="$t" 'BEGIN {printf "%.3f", a - b}')
  read -r u sy <"$WORK/render_list.time"
  MT_COLD_CPU=$(awk -v r="$(($(proc_ticks "$RENDERD_PID") - o0))" -v t="$TCK" 'BEGIN {printf "%.2f", r / t}')
  MT_COLD_FOREIGN=$(foreign_pct "$(($(busy_ticks) - b0))" "$(awk -v c="$MT_COLD_CPU" -v u="$u" -v s="$sy" -v t="$TCK" 'BEGIN {printf "%d", (c + u + s) * t}')" "$MT_COLD_S")
  MT_COLD_METAS=$(cold_metas_on_disk)
  grep -q "rendering failed" "$WORK/render_list.log" && echo "bench: render_list reported failed renders (see $WORK/render_list.log)" >&2
  echo "   $MT_COLD_METAS metatiles in $MT_COLD_S s, renderd CPU $MT_COLD_CPU s, other processes $MT_COLD_FOREIGN %" >&2
  ((MT_COLD_FOREIGN <= 10)) && break
done

for try in $(seq 1 "$COLD_TRIES"); do
  step "cold, rxmap: rxmap seed --layer population --zoom 0-10 --bbox $BBOX, try $try"
  rm -f "$WORK/japan.mbtiles"
  wait_quiet
  b0=$(busy_ticks) t=$(now)
  /usr/bin/time -f '%e %M %U %S' -o "$WORK/seed.time" timeout 600 "$RXMAP" seed --store "$STORE" --layer population \
    --zoom 0-10 --bbox "$BBOX" --out "$WORK/japan.mbtiles" >"$WORK/seed.out" 2>"$WORK/seed.log"
  RX_COLD_WALL=$(awk -v a="$(now)" -v b="$t" 'BEGIN {printf "%.3f", a - b}')
  read -r _ RX_SEED_HWM u sy <"$WORK/seed.time"
  RX_SEED_CPU=$(awk -v u="$u" -v s="$sy" 'BEGIN {printf "%.2f", u + s}')  # the whole process, start-up included
  RX_COLD_FOREIGN=$(foreign_pct "$(($(busy_ticks) - b0))" "$(awk -v c="$RX_SEED_CPU" -v t="$TCK" 'BEGIN {printf "%d", c * t}')" "$RX_COLD_WALL")
  # "seed population/2020/ward (bbox …, z0-10) -> …: 6974 tiles in 152 metatiles rendered, 0 tiles already there, 1.93 s, CPU 3.62 s"
  SEED_LINE="$(grep '^seed ' "$WORK/seed.log" | tail -1)"
  RX_COLD_TILES=$(sed -E 's/.*: ([0-9]+) tiles in.*/\1/' <<<"$SEED_LINE")
  RX_COLD_METAS=$(sed -E 's/.* tiles in ([0-9]+) metatiles.*/\1/' <<<"$SEED_LINE")
  RX_COLD_S=$(sed -E 's/.* ([0-9.]+) s, CPU [0-9.]+ s(;.*)?$/\1/' <<<"$SEED_LINE")
  # Rendering CPU, as renderd's is counted: its style and data were loaded before the list came.
  RX_COLD_CPU=$(sed -E 's/.*, CPU ([0-9.]+) s(;.*)?$/\1/' <<<"$SEED_LINE")
  [[ "$RX_COLD_TILES" == "$COLD_TILES" && "$RX_COLD_METAS" == "$COLD_METAS" ]] ||
    echo "bench: rxmap seed covered $RX_COLD_TILES tiles in $RX_COLD_METAS metatiles, the list has $COLD_TILES in $COLD_METAS" >&2
  echo "   $RX_COLD_METAS metatiles in $RX_COLD_S s, rendering CPU $RX_COLD_CPU s (whole process $RX_SEED_CPU s), other processes $RX_COLD_FOREIGN %" >&2
  ((RX_COLD_FOREIGN <= 10)) && break
done

# Where a cold metatile's time goes (one thread): Mapnik render vs PNG encoding, and the encoding
# with a uniform-tile shortcut (bench/encode_split.cpp; identical bytes, checked).
SPLIT="${SPLIT:-1}"
if ((SPLIT)) && command -v g++ >/dev/null; then
  step "encode split: render vs PNG encoding per cold metatile, one thread (bench/encode_split.cpp)"
  if g++ -O2 -std=c++17 "$REPO/bench/encode_split.cpp" "$REPO/tiles/tile_png.cpp" "$REPO/tiles/hextree_palette.cpp" \
      -o "$WORK/encode_split" -I"$REPO" -I/usr/include/mapnik/agg \
      $(pkg-config --cflags freetype2 2>/dev/null) -lmapnik -licuuc -lpng 2>"$WORK/encode_split.build.log"; then
    timeout 300 "$WORK/encode_split" "$WORK/style/map.xml" "$WORK/cold-metas.txt" >"$WORK/encode_split.txt" 2>&1 || true
  fi
fi
SPLIT_LINE=""
[[ -s "$WORK/encode_split.txt" ]] && read -r S_METAS S_TILES S_UNIFORM S_RENDER S_ENCODE S_FAST S_RX S_DIFF < <(tail -1 "$WORK/encode_split.txt") &&
  [[ "$S_METAS" =~ ^[0-9]+$ ]] && SPLIT_LINE=1

if ((PROFILE)); then
  step "profile: perf record of rxmap seed z0-9 (not timed)"
  timeout 300 perf record -F 299 --call-graph dwarf,16384 -o "$WORK/seed.perf" -- "$RXMAP" seed --store "$STORE" --layer population \
    --zoom 0-9 --bbox "$BBOX" --out "$WORK/profile.mbtiles" >/dev/null 2>"$WORK/perf-seed.log" || true
fi

# --- warm: a viewer's requests -----------------------------------------------------
step "starting rxmap serve on 127.0.0.1:$RX_PORT"
"$RXMAP" serve --store "$STORE" --address 127.0.0.1 --port "$RX_PORT" ${RXMAP_ARGS:-} >"$WORK/rxmap.log" 2>&1 &
RXMAP_PID=$!
PIDS+=("$RXMAP_PID")
wait_http "http://127.0.0.1:$RX_PORT/readyz" 120

step "pre-rendering the viewer set on both ($V_UNIQUE distinct tiles, $V_UNIQUE2X of them @2x)"
prewarm() {  # base paths-file -> prints the count of answers that were not 200
  xargs -P 8 -I{} curl -s -o /dev/null --max-time 120 -w '%{http_code}\n' "$1{}" <"$2" | grep -vc '^200$' || true
}
prewarm "http://127.0.0.1:$RX_PORT" "$WORK/viewer-unique-rx.txt" >/dev/null
prewarm "http://127.0.0.1:$MT_PORT" "$WORK/viewer-unique-mt.txt" >/dev/null
RX_NOT200=$(prewarm "http://127.0.0.1:$RX_PORT" "$WORK/viewer-unique-rx.txt")
MT_NOT200=$(prewarm "http://127.0.0.1:$MT_PORT" "$WORK/viewer-unique-mt.txt")

# Same map? The pixels of 40 tiles of the set, 1x and @2x (RGBA after expanding the palettes).
same=0 compared=0
mkdir -p "$WORK/compare"
paste -d' ' "$WORK/viewer-unique-rx.txt" "$WORK/viewer-unique-mt.txt" | awk 'NR % 60 == 1' | head -40 >"$WORK/compare.txt"
checksum() { gdal_translate -q -of PNG -expand rgba "$1" /vsistdout/ 2>/dev/null | gdalinfo -checksum /vsistdin/ 2>/dev/null | grep Checksum | tr '\n' ' ' || true; }
while read -r rx mt; do
  curl -s -o "$WORK/compare/a.png" "http://127.0.0.1:$RX_PORT$rx"
  curl -s -o "$WORK/compare/b.png" "http://127.0.0.1:$MT_PORT$mt"
  ca="$(checksum "$WORK/compare/a.png")" cb="$(checksum "$WORK/compare/b.png")"
  compared=$((compared + 1))
  if [[ -n "$ca" && "$ca" == "$cb" ]]; then same=$((same + 1)); fi
done <"$WORK/compare.txt"

# The physical limit: nginx sending the same tiles as files (each fetched once from the warmed
# rxmap, at the same paths, so wrk runs the same list), at its best for static files: keep-alive
# without a request limit, sendfile, no access log, open_file_cache, one worker per core.
step "nginx: writing the $V_UNIQUE viewer tiles as files (from rxmap) and starting it on 127.0.0.1:$NG_PORT"
mkdir -p "$WORK/nginx-root" "$WORK/nginx-tmp"
NG_NOT200=$(xargs -P 8 -I{} curl -s --create-dirs -o "$WORK/nginx-root{}" --max-time 30 -w '%{http_code}\n' \
  "http://127.0.0.1:$RX_PORT{}" <"$WORK/viewer-unique-rx.txt" | grep -vc '^200$' || true)
chmod -R a+rX "$WORK/nginx-root"
cat >"$WORK/nginx.conf" <<CONF
worker_processes auto;
pid $WORK/nginx.pid;
error_log $WORK/nginx-error.log warn;
events { worker_connections 1024; }
http {
  access_log off;
  sendfile on;
  tcp_nopush on;
  tcp_nodelay on;
  keepalive_timeout 65;
  keepalive_requests 100000000;
  open_file_cache max=10000 inactive=300s;
  types { image/png png; }
  default_type application/octet-stream;
  client_body_temp_path $WORK/nginx-tmp/body;
  proxy_temp_path $WORK/nginx-tmp/proxy;
  fastcgi_temp_path $WORK/nginx-tmp/fastcgi;
  uwsgi_temp_path $WORK/nginx-tmp/uwsgi;
  scgi_temp_path $WORK/nginx-tmp/scgi;
  server {
    listen 127.0.0.1:$NG_PORT;
    root $WORK/nginx-root;
  }
}
CONF
nginx -e "$WORK/nginx-error.log" -p "$WORK" -c "$WORK/nginx.conf" -g 'daemon off;' >"$WORK/nginx.log" 2>&1 &
PIDS+=("$!")
wait_http "http://127.0.0.1:$NG_PORT/" 20 || { cat "$WORK/nginx-error.log" "$WORK/nginx.log" >&2; exit 1; }
NG_NOT200=$((NG_NOT200 + $(prewarm "http://127.0.0.1:$NG_PORT" "$WORK/viewer-unique-rx.txt")))

RX_RENDERS_BEFORE=$(metric rxmap_engine_renders_total)
MT_METAS_WARM_BEFORE=$(find "$WORK/renderd-tiles" -name '*.meta' | wc -l)
load() {  # base paths concurrency out
  local threads=$(($3 < 2 ? 1 : 2))
  timeout $((DURATION + 30)) /usr/bin/time -f '%U %S' -o "$4.time" wrk -t "$threads" -c "$3" -d "${DURATION}s" \
    --timeout 10s --latency -s "$REPO/bench/tiles.lua" "$1" -- "$2" >"$4" 2>&1 || true
}
measure() {  # name base paths concurrency out pids... -> out, out.cpu ("server_cpu_s foreign_pct")
  local base=$2 paths=$3 c=$4 out=$5 b0 o0 t u sy srv
  shift 5
  wait_quiet
  b0=$(busy_ticks) o0=$(proc_ticks "$@") t=$(now)
  load "$base" "$paths" "$c" "$out"
  srv=$(($(proc_ticks "$@") - o0))
  read -r u sy <"$out.time" || { u=0; sy=0; }
  echo "$(awk -v r="$srv" -v t="$TCK" 'BEGIN {printf "%.2f", r / t}') $(foreign_pct "$(($(busy_ticks) - b0))" \
    "$(awk -v r="$srv" -v u="$u" -v s="$sy" -v t="$TCK" 'BEGIN {printf "%d", r + (u + s) * t}')" \
    "$(awk -v a="$(now)" -v b="$t" 'BEGIN {printf "%.3f", a - b}')") $QUIET" >"$out.cpu"
}
best_of() {  # out runs... -> copies the run with the most requests/s (and its .cpu, .time) to out
  local out=$1 best="" best_rps=-1 f r
  shift
  for f in "$@"; do
    r=$(awk '/^Requests\/sec/ {printf "%d", $2}' "$f" 2>/dev/null)
    if ((${r:-0} > best_rps)); then best_rps=${r:-0}; best=$f; fi
  done
  cp "$best" "$out"; cp "$best.cpu" "$out.cpu"; cp "$best.time" "$out.time"
}
REPEAT="${REPEAT:-2}"
for c in $CONCURRENCY; do
  step "warm: wrk -c$c -d${DURATION}s, $V_REQ requests in turn ($V_REQ2X @2x), best of $REPEAT per server"
  for r in $(seq 1 "$REPEAT"); do
    measure rxmap "http://127.0.0.1:$RX_PORT" "$WORK/viewer-rx.txt" "$c" "$WORK/wrk-rxmap-c$c.r$r" "$RXMAP_PID"
    measure modtile "http://127.0.0.1:$MT_PORT" "$WORK/viewer-mt.txt" "$c" "$WORK/wrk-modtile-c$c.r$r" \
      "$RENDERD_PID" $(apache_pids)
    measure nginx "http://127.0.0.1:$NG_PORT" "$WORK/viewer-rx.txt" "$c" "$WORK/wrk-nginx-c$c.r$r" $(nginx_pids)
  done
  best_of "$WORK/wrk-rxmap-c$c.txt" "$WORK"/wrk-rxmap-c$c.r*[0-9]
  best_of "$WORK/wrk-modtile-c$c.txt" "$WORK"/wrk-modtile-c$c.r*[0-9]
  best_of "$WORK/wrk-nginx-c$c.txt" "$WORK"/wrk-nginx-c$c.r*[0-9]
done
RX_RENDERS_WARM=$(($(metric rxmap_engine_renders_total) - RX_RENDERS_BEFORE))
MT_RENDERS_WARM=$(($(find "$WORK/renderd-tiles" -name '*.meta' | wc -l) - MT_METAS_WARM_BEFORE))

# Warm tiles while cold renders are in flight: 20 cold @2x metatiles requested at once, then 20
# stored tiles of the viewer set one at a time; their latencies (s, one a line).
hol() {  # base burst-paths warm-paths out
  xargs -P 20 -I{} curl -s -o /dev/null --max-time 120 "$1{}" <"$2" &
  local burst=$!
  sleep 0.5
  awk 'NR % 97 == 1' "$3" | head -20 | while read -r p; do
    curl -s -o /dev/null --max-time 120 -w '%{time_total}\n' "$1$p"
  done >"$4"
  wait "$burst" || true
}
step "warm requests during 20 cold @2x renders, one server at a time"
hol "http://127.0.0.1:$RX_PORT" "$WORK/burst-rx.txt" "$WORK/viewer-unique-rx.txt" "$WORK/hol-rxmap.txt"
hol "http://127.0.0.1:$MT_PORT" "$WORK/burst-mt.txt" "$WORK/viewer-unique-mt.txt" "$WORK/hol-modtile.txt"

if ((PROFILE)); then
  c_max="${CONCURRENCY##* }"
  step "profile: perf record of rxmap serve under wrk -c$c_max (not timed)"
  (sleep 1; timeout 30 perf record -F 199 --call-graph dwarf,8192 -p "$RXMAP_PID" -o "$WORK/serve.perf" -- sleep 5 >/dev/null 2>&1 || true) &
  load "http://127.0.0.1:$RX_PORT" "$WORK/viewer-rx.txt" "$c_max" "$WORK/wrk-profile.txt"
  wait $! 2>/dev/null || true
fi

# --- memory: peak resident set of each side ---------------------------------------
RX_HWM=$(status_kb VmHWM "$RXMAP_PID")
RX_RSS=$(status_kb VmRSS "$RXMAP_PID")
mapfile -t APIDS < <(apache_pids)
MT_HWM=$(status_kb VmHWM "$RENDERD_PID" "${APIDS[@]}")
MT_RSS=$(status_kb VmRSS "$RENDERD_PID" "${APIDS[@]}")
RENDERD_HWM=$(status_kb VmHWM "$RENDERD_PID")
mapfile -t NPIDS < <(nginx_pids)
NG_HWM=$(status_kb VmHWM "${NPIDS[@]}")
NG_RSS=$(status_kb VmRSS "${NPIDS[@]}")

# --- the table -----------------------------------------------------------------------
to_ms() {  # wrk duration (830.00us, 1.23ms, 2.00s) -> ms
  awk -v v="$1" 'BEGIN {
    if (v ~ /us$/) { sub(/us$/, "", v); printf "%.3f", v / 1000 }
    else if (v ~ /ms$/) { sub(/ms$/, "", v); printf "%.3f", v }
    else if (v ~ /m$/) { sub(/m$/, "", v); printf "%.3f", v * 60000 }
    else if (v ~ /s$/) { sub(/s$/, "", v); printf "%.3f", v * 1000 }
    else printf "nan" }'
}
wrk_field() {  # file field -> value
  case "$2" in
    rps) awk '/^Requests\/sec/ {printf "%.0f", $2}' "$1" ;;
    p50) to_ms "$(awk '/^ +50%/ {print $2}' "$1")" ;;
    p99) to_ms "$(awk '/^ +99%/ {print $2}' "$1")" ;;
    errors) awk '/Non-2xx|Socket errors/ {sub(/^ +/, ""); printf "%s; ", $0}' "$1" ;;
  esac
}
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.2f", a / b; else printf "nan" }'; }
fmt() { awk -v v="$1" -v p="${2:-1}" 'BEGIN { printf "%.*f", p, v }'; }

RX_MPS=$(awk -v m="$RX_COLD_METAS" -v s="$RX_COLD_S" 'BEGIN {printf "%.2f", m / s}')
MT_MPS=$(awk -v m="$MT_COLD_METAS" -v s="$MT_COLD_S" 'BEGIN {printf "%.2f", m / s}')
RX_TPS=$(awk -v t="$COLD_TILES" -v s="$RX_COLD_S" 'BEGIN {printf "%.0f", t / s}')
MT_TPS=$(awk -v t="$COLD_TILES" -v s="$MT_COLD_S" 'BEGIN {printf "%.0f", t / s}')
RX_RPS_ALL=$(awk -v t="$COLD_RENDERED" -v s="$RX_COLD_S" 'BEGIN {printf "%.0f", t / s}')
MT_RPS_ALL=$(awk -v t="$COLD_RENDERED" -v s="$MT_COLD_S" 'BEGIN {printf "%.0f", t / s}')
COLD_RATIO_WALL=$(ratio "$RX_MPS" "$MT_MPS")
# CPU per metatile: the same ratio when both use every core, and robust to other load.
COLD_RATIO_CPU=$(awk -v r="$RX_COLD_CPU" -v rm="$RX_COLD_METAS" -v m="$MT_COLD_CPU" -v mm="$MT_COLD_METAS" \
  'BEGIN { if (r > 0 && rm > 0 && mm > 0) printf "%.2f", (m / mm) / (r / rm); else printf "nan" }')
if ((RX_COLD_FOREIGN > 10 || MT_COLD_FOREIGN > 10)); then
  COLD_RATIO=$COLD_RATIO_CPU
  COLD_BASIS="by CPU per metatile, since other processes used ${RX_COLD_FOREIGN} % / ${MT_COLD_FOREIGN} % of the machine during the runs (wall-clock ratio ${COLD_RATIO_WALL}×, not trusted)"
else
  COLD_RATIO=$COLD_RATIO_WALL
  COLD_BASIS="by metatiles/s; by CPU per metatile ${COLD_RATIO_CPU}×"
fi

ROWS=()  # "label|rxmap|renderd+mod_tile"
ROWS+=("cold: Japan z0-10, wall time|$(fmt "$RX_COLD_S") s ($(fmt "$RX_COLD_WALL") s with start-up)|$(fmt "$MT_COLD_S") s")
ROWS+=("cold: metatiles rendered|$RX_COLD_METAS|$MT_COLD_METAS")
ROWS+=("cold: metatiles/s|$RX_MPS|$MT_MPS")
ROWS+=("cold: tiles/s ($COLD_TILES tiles touching the bbox)|$RX_TPS|$MT_TPS")
ROWS+=("cold: tiles/s (all $COLD_RENDERED tiles of those metatiles)|$RX_RPS_ALL|$MT_RPS_ALL")
ROWS+=("cold: CPU time (user+sys), ms per metatile|$(awk -v c="$RX_COLD_CPU" -v m="$RX_COLD_METAS" 'BEGIN {printf "%.1f", c * 1000 / m}') (rendering; $(awk -v c="$RX_SEED_CPU" -v m="$RX_COLD_METAS" 'BEGIN {printf "%.1f", c * 1000 / m}') with the process's start-up)|$(awk -v c="$MT_COLD_CPU" -v m="$MT_COLD_METAS" 'BEGIN {printf "%.1f", c * 1000 / m}') (renderd, style loaded before)")
ROWS+=("cold: other processes' CPU during the run|$RX_COLD_FOREIGN %|$MT_COLD_FOREIGN %")
if [[ -n "$SPLIT_LINE" ]]; then
  ROWS+=("cold, one thread: render + PNG encode, ms per metatile|$(awk -v r="$S_RENDER" -v e="$S_ENCODE" -v m="$S_METAS" 'BEGIN {printf "%.1f + %.1f (encoding %.0f %%)", r / m, e / m, e * 100 / (r + e)}')|")
  ROWS+=("cold, one thread: uniform tiles; encode with the shortcut|$S_UNIFORM of $S_TILES; $(awk -v f="$S_FAST" -v m="$S_METAS" 'BEGIN {printf "%.1f", f / m}') ms per metatile|")
  ROWS+=("cold, one thread: rxmap's encoder (tiles/tile_png), ms per metatile; tiles whose bytes differ from Mapnik's|$(awk -v f="$S_RX" -v m="$S_METAS" 'BEGIN {printf "%.1f", f / m}'); $S_DIFF of $S_TILES|")
fi
WARM_RPS_OK=1 WARM_P99_OK=1 WARM_LINES="" NGINX_OK=1 NGINX_FLOOR_OK=1 NGINX_LINES=""
per_request() {  # cpu-seconds wrk-output -> µs per request
  awk -v c="$1" -v n="$(awk '/requests in/ {print $1}' "$2")" 'BEGIN {printf "%.0f", n ? c * 1e6 / n : 0}'
}
for c in $CONCURRENCY; do
  a="$WORK/wrk-rxmap-c$c.txt" b="$WORK/wrk-modtile-c$c.txt" g="$WORK/wrk-nginx-c$c.txt"
  ra=$(wrk_field "$a" rps) rb=$(wrk_field "$b" rps) rg=$(wrk_field "$g" rps)
  pa=$(wrk_field "$a" p99)
  ROWS+=("warm c$c: requests/s|$ra|$rb|$rg")
  ROWS+=("warm c$c: p50 / p99 latency (ms)|$(wrk_field "$a" p50) / $pa|$(wrk_field "$b" p50) / $(wrk_field "$b" p99)|$(wrk_field "$g" p50) / $(wrk_field "$g" p99)")
  read -r ca fa _ <"$a.cpu" || true
  read -r cb fb _ <"$b.cpu" || true
  read -r cg fg _ <"$g.cpu" || true
  ca=${ca:-0} fa=${fa:-0} cb=${cb:-0} fb=${fb:-0} cg=${cg:-0} fg=${fg:-0}
  ROWS+=("warm c$c: server CPU µs per request; other CPU|$(per_request "$ca" "$a"); ${fa} %|$(per_request "$cb" "$b") (apache+renderd); ${fb} %|$(per_request "$cg" "$g"); ${fg} %")
  ROWS+=("warm c$c: rxmap's requests/s as a share of the others'||$(ratio "$ra" "$rb")×|$(ratio "$ra" "$rg")×")
  HIST_NGINX+="${HIST_NGINX:+ / }$(ratio "$ra" "$rg")" HIST_US+="${HIST_US:+ / }$(per_request "$ca" "$a") vs $(per_request "$cg" "$g")"
  awk -v a="$ra" -v b="$rb" 'BEGIN {exit !(a >= b)}' || WARM_RPS_OK=0
  awk -v p="$pa" 'BEGIN {exit !(p < 50)}' || WARM_P99_OK=0
  flag=""
  ((${fa%.*} > 10 || ${fb%.*} > 10)) && flag=" (other load ${fa}/${fb} %: unreliable)"
  WARM_LINES+="c$c $(ratio "$ra" "$rb")×$flag, "
  if ((c >= 8)); then
    awk -v a="$ra" -v g="$rg" 'BEGIN {exit !(g > 0 && a >= g)}' || NGINX_OK=0
    awk -v a="$ra" -v g="$rg" 'BEGIN {exit !(g > 0 && a >= 0.9 * g)}' || NGINX_FLOOR_OK=0
    flag=""
    ((${fa%.*} > 10 || ${fg%.*} > 10)) && flag=" (other load ${fa}/${fg} %: unreliable)"
    NGINX_LINES+="c$c $(ratio "$ra" "$rg")×$flag, "
  fi
  e1="$(wrk_field "$a" errors)" e2="$(wrk_field "$b" errors)" e3="$(wrk_field "$g" errors)"
  [[ -z "$e1$e2$e3" ]] || ROWS+=("warm c$c: wrk errors|${e1:-none}|${e2:-none}|${e3:-none}")
done
hol_ms() { sort -g "$1" | awk '{v[NR] = $1 * 1000} END {if (NR) printf "%.1f / %.1f", v[int((NR + 1) / 2)], v[NR]; else printf "-"}'; }
ROWS+=("warm during 20 cold @2x renders: median / max (ms)|$(hol_ms "$WORK/hol-rxmap.txt")|$(hol_ms "$WORK/hol-modtile.txt")")
ROWS+=("warm: renders during the wrk runs|$RX_RENDERS_WARM metatiles|$MT_RENDERS_WARM metatiles")
ROWS+=("warm: viewer-set answers not 200 (after pre-render)|$RX_NOT200|$MT_NOT200|$NG_NOT200")
ROWS+=("peak memory VmHWM, serving (MiB)|$((RX_HWM / 1024)) (rxmap serve)|$((MT_HWM / 1024)) (renderd $((RENDERD_HWM / 1024)) + ${#APIDS[@]} apache2)|$((NG_HWM / 1024)) (${#NPIDS[@]} nginx)")
ROWS+=("peak memory VmHWM, cold seeding (MiB)|$((RX_SEED_HWM / 1024)) (rxmap seed)|(renderd, in the line above)")
ROWS+=("resident at the end, VmRSS (MiB)|$((RX_RSS / 1024))|$((MT_RSS / 1024))|$((NG_RSS / 1024))")
ROWS+=("identical pixels (tiles compared, 1x and @2x)|$same of $compared|")

verdict() { (($1)) && echo "met" || echo "NOT met"; }
nginx_verdict() { ((NGINX_OK)) && echo "met" || { ((NGINX_FLOOR_OK)) && echo "met at the floor (≥ 0.9×), not 1×" || echo "NOT met"; }; }
COLD_OK=$(awk -v r="$COLD_RATIO" -v c="$COLD_RATIO_CPU" 'BEGIN {print (r >= 4 && c >= 4) ? 1 : 0}')
TARGETS=(
  "cold ≥ 4× renderd, by metatiles/s and by CPU per metatile: ${COLD_RATIO_WALL}× and ${COLD_RATIO_CPU}× ($COLD_BASIS) — $(verdict "$COLD_OK")"
  "warm ≥ 1× mod_tile's requests/s: ${WARM_LINES%, } — $(verdict "$WARM_RPS_OK")"
  "warm ≥ 1× nginx's requests/s (the same files from disk; c8 and c64; 0.9× at the least): ${NGINX_LINES%, } — $(nginx_verdict)"
  "warm p99 < 50 ms (rxmap, every concurrency): $(verdict "$WARM_P99_OK") with warm traffic alone; while cold renders run, a stored tile waited up to $(sort -g "$WORK/hol-rxmap.txt" | awk 'END {printf "%.0f", $1 * 1000}') ms (mod_tile $(sort -g "$WORK/hol-modtile.txt" | awk 'END {printf "%.0f", $1 * 1000}') ms)"
)

{
  echo
  echo "rxmap vs renderd+mod_tile — layer population, same Mapnik XML and data (export-style), 8x8 metatiles, $NPROC render threads each"
  printf '%-56s %-34s %-34s %s\n' "" "rxmap" "renderd+mod_tile" "nginx (files)"
  for r in "${ROWS[@]}"; do IFS='|' read -r l a b g <<<"$r"; printf '%-56s %-34s %-34s %s\n' "$l" "$a" "$b" "$g"; done
  echo
  for t in "${TARGETS[@]}"; do echo "target: $t"; done
  echo "(files in $WORK)"
}

# --- profiles --------------------------------------------------------------------------
# Inclusive share of the samples spent in (and below) the named functions, summed over their entries.
share() {  # perf-file "label|function"... -> "pct label" lines
  local file=$1 pat
  shift
  perf report -i "$file" --children --stdio --no-header --sort symbol -g none --percent-limit 0.1 2>/dev/null |
    awk '/^ +[0-9.]+%/' | sed -E 's/( +-)* *$//' >"$file.children" || true
  for pat in "$@"; do
    awk -v l="${pat%%|*}" -v p="${pat#*|}" '{
        name = $0; sub(/^ +[0-9.]+% +[0-9.]+% +\[.\] /, "", name); sub(/\[abi:cxx11\]$/, "", name)
        if (name == p) sum += $1 + 0 }
      END { printf "%.1f %s\n", sum, l }' "$file.children"
  done
}
PROFILE_LINES=()
if ((PROFILE)) && [[ -s "$WORK/seed.perf" ]]; then
  while read -r v l; do PROFILE_LINES+=("seed: $l: $v %"); done < <(share "$WORK/seed.perf" \
    "render_metatile (render + encode)|rxmap::tiles::render_metatile" \
    "Mapnik rendering (feature_style_processor::apply)|mapnik::feature_style_processor<mapnik::agg_renderer<mapnik::image<mapnik::rgba8_t>, mapnik::label_collision_detector4> >::apply" \
    "  of which label shaping (HarfBuzz hb_shape_full)|hb_shape_full" \
    "  of which label halos (FreeType FT_Glyph_Stroke)|FT_Glyph_Stroke" \
    "PNG encoding (tiles/tile_png: Mapnik's hextree by distinct colour + libpng/zlib)|rxmap::tiles::encode_tile_png" \
    "  of which the palette (HextreePalette)|rxmap::tiles::HextreePalette::HextreePalette" \
    "  of which libpng+zlib (png_write_row)|png_write_row" \
    "MBTiles writes (sqlite3_step)|sqlite3_step" \
    "start-up: catalog load (main thread)|main")
fi
if ((PROFILE)) && [[ -s "$WORK/serve.perf" ]]; then
  while read -r v l; do PROFILE_LINES+=("serve c${c_max}: $l: $v %"); done < <(share "$WORK/serve.perf" \
    "stored tile answered on the I/O thread (Session::answer_stored: path, lookup, head)|rxmap::server::Session::answer_stored" \
    "  of which the head (append_stored_answer_head)|rxmap::server::append_stored_answer_head" \
    "  of which the memory store's lookup (MemoryStore::read_in_memory)|rxmap::tiles::MemoryStore::read_in_memory" \
    "request target parsing (parse_request_target)|rxmap::server::parse_request_target" \
    "access log to stderr (write_access_log)|rxmap::server::write_access_log" \
    "socket send (sendmsg)|__libc_sendmsg" \
    "socket receive (recvmsg)|__libc_recvmsg" \
    "futex wake-ups and waits (hand-offs between threads)|__x64_sys_futex" \
    "response write, one gather write (Session::send, incl. sendmsg)|rxmap::server::Session::send" \
    "HTTP request parsing (Beast parser, Session::parse_header; incl. answering)|rxmap::server::Session::parse_header")
fi
((${#PROFILE_LINES[@]})) && printf '%s\n' "${PROFILE_LINES[@]}"

# --- bench/results.md ---------------------------------------------------------------------
# The table is the last run's; the history keeps one line per run (its ratios and git hash), so
# that a regression shows.
# Sections measured by hand ("## Costs": what a check costs per read) are kept as they are.
KEPT="$(awk '/^## History/ {k = 0} /^## Costs/ {k = 1} k' "$RESULTS" 2>/dev/null || true)"
HISTORY="$(awk '/^## History/ {h = 1; next} h && /^\| [0-9][0-9][0-9][0-9]-/' "$RESULTS" 2>/dev/null || true)"
GIT_REV="$(git -C "$REPO" rev-parse --short HEAD 2>/dev/null || echo '?')$(git -C "$REPO" diff --quiet 2>/dev/null || echo '+')"
HISTORY+="${HISTORY:+$'\n'}| $(date -u '+%Y-%m-%d %H:%M') | $GIT_REV | $DURATION | $COLD_RATIO_WALL× / $COLD_RATIO_CPU× | ${HIST_NGINX:-} | ${HIST_US:-} | $same of $compared | $((RX_HWM / 1024)) |"
{
  echo "# rxmap vs renderd + mod_tile — results"
  echo
  echo "Written by \`bench/run.sh\` on $(date -u '+%Y-%m-%d %H:%M UTC') (git $(git -C "$REPO" rev-parse --short HEAD 2>/dev/null || echo '?')$(git -C "$REPO" diff --quiet 2>/dev/null || echo ', working tree modified'))."
  echo "Machine: $NPROC cores ($(awk -F': ' '/^model name/ {print $2; exit}' /proc/cpuinfo)), $(awk '/^MemTotal/ {printf "%.0f GiB", $2 / 1048576}' /proc/meminfo); Mapnik $(dpkg-query -W -f='${Version}' libmapnik3.1 2>/dev/null), renderd/mod_tile $(dpkg-query -W -f='${Version}' renderd 2>/dev/null), Apache $(dpkg-query -W -f='${Version}' apache2 2>/dev/null), nginx $(dpkg-query -W -f='${Version}' nginx 2>/dev/null), wrk $(dpkg-query -W -f='${Version}' wrk 2>/dev/null). Servers, renderd and wrk share the same cores; loopback only."
  echo
  echo "Command: \`BUILD_DIR=$BUILD_DIR DURATION=$DURATION bench/run.sh\`"
  echo
  echo "- **cold**: every tile of Japan (bbox $BBOX), z0–z10, layer \`population\`: $COLD_TILES tiles touch the bbox, in $COLD_METAS 8×8 metatiles ($COLD_RENDERED tiles rendered). rxmap: \`rxmap seed --layer population --zoom 0-10 --bbox $BBOX --out japan.mbtiles\` (time from its own summary line, i.e. without loading the catalog; one render thread per core; stores the $COLD_TILES touching tiles in MBTiles). renderd: \`num_threads=$NPROC\`, fed by \`render_list -n $((2 * NPROC))\` with one tile per metatile on stdin (each metatile rendered once, all 64 tiles stored in its .meta)."
  echo "- **warm**: a viewer's requests — 4 cities (東京, 大阪, 札幌, 長野) × 5 users zooming in z5→z12 with a 1280×800 viewport and 3 pans per zoom, one user in five @2x: $V_REQ requests ($V_REQ2X @2x), $V_UNIQUE distinct tiles ($V_UNIQUE2X @2x), all rendered before the runs. \`wrk -t{1,2} -c{$(tr ' ' ',' <<<"$CONCURRENCY")} -d${DURATION}s --latency\` (\`bench/tiles.lua\`: the list in turn), the servers alternating, best of $REPEAT runs each (by requests/s; its latencies are shown). mod_tile serves @2x from a renderd map with \`TILESIZE=512 SCALE=2.0\`. rxmap keeps tiles in memory (default 256 MiB), mod_tile on disk (page cache)${RXMAP_ARGS:+; rxmap options: \`$RXMAP_ARGS\`}."
  echo "- **cold, one thread** (\`bench/encode_split.cpp\`): the same $COLD_METAS metatiles rendered with the exported style as \`tiles/metatile.cpp\` does, timing Mapnik's render and the PNG encoding (\`png8:m=h:z=1\`) of each tile, then the encoding with a uniform-tile shortcut (a one-colour tile encoded once per colour, its bytes reused; identical output, checked)."
  echo "- **other CPU**: share of the machine's CPU used by processes other than the measured ones (server, renderd, wrk, render_list) during the step; the bench waits for a quiet second before each step (within a ${QUIET_BUDGET_START}-s budget). CPU per metatile / per request is robust to it, wall times and requests/s are not."
  echo "- **warm during cold renders**: 20 cold @2x z12 metatiles (福岡, 広島, 仙台) requested at once, then 20 stored tiles of the viewer set one at a time: their median and worst latency."
  echo "- **physical limit**: nginx $(dpkg-query -W -f='${Version}' nginx 2>/dev/null) serving the same $V_UNIQUE tiles as files from disk (each fetched once from the warmed rxmap into a directory tree at the same paths), with the same wrk list: \`worker_processes auto\`, keep-alive without a request limit, \`sendfile on\`, \`access_log off\`, \`open_file_cache\`. The files sit in the page cache, as mod_tile's do."
  echo "- **memory**: VmHWM of the rxmap process; of renderd plus every Apache process, summed (which counts Apache's shared pages once per process); of nginx's master and workers, summed."
  echo
  echo "| | rxmap | renderd + mod_tile | nginx (files) |"
  echo "| --- | ---: | ---: | ---: |"
  for r in "${ROWS[@]}"; do IFS='|' read -r l a b g <<<"$r"; echo "| $l | $a | $b | $g |"; done
  echo
  echo "Targets (issues 5, 11 and 24):"
  echo
  for t in "${TARGETS[@]}"; do echo "- $t"; done
  if ((${#PROFILE_LINES[@]})); then
    echo
    echo "Profile (perf, inclusive share of samples; seed: z0–z9 of the same bbox; serve: wrk -c${c_max}):"
    echo
    for l in "${PROFILE_LINES[@]}"; do echo "- $l"; done
  fi
  echo
  if [[ -n "$KEPT" ]]; then echo "$KEPT"; echo; fi
  echo "## History"
  echo
  echo "One line per run of \`bench/run.sh\` (git hash; + = working tree modified). Cold: rxmap against renderd by"
  echo "metatiles/s and by CPU per metatile; warm: rxmap's requests/s as a share of nginx's and server CPU µs per"
  echo "request (rxmap vs nginx) at c$(sed 's/ /, c/g' <<<"$CONCURRENCY"); pixels identical to renderd; rxmap serve's VmHWM."
  echo
  echo "| date (UTC) | git | wrk s | cold × renderd (wall / CPU) | warm × nginx | µs per request, rxmap vs nginx | identical pixels | VmHWM MiB |"
  echo "| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: |"
  echo "$HISTORY"
} >"$RESULTS"
step "done; table written to $RESULTS"
