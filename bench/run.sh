#!/usr/bin/env bash
# rxmap against renderd + mod_tile (Debian 12 packages) on the same style and data.
#
#   bench/run.sh            (as root on Debian 12; installs renderd, libapache2-mod-tile, apache2, wrk, curl)
#
# Environment: BUILD_DIR (default build), DURATION (wrk seconds per server, default 15),
# CONNECTIONS (wrk connections, default 16), RX_PORT (18080), MT_PORT (18081), RXMAP_ARGS (extra
# rxmap serve options, e.g. "--cache-dir /tmp/rxcache" to store tiles on disk as mod_tile does).
# Everything listens on 127.0.0.1 only and stops by itself; the whole run takes under 3 minutes.
set -euo pipefail

REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd -P)"
cd "$REPO"
BUILD_DIR="${BUILD_DIR:-build}"
DURATION="${DURATION:-15}"
CONNECTIONS="${CONNECTIONS:-16}"
RX_PORT="${RX_PORT:-18080}"
MT_PORT="${MT_PORT:-18081}"
RXMAP="$BUILD_DIR/rxmap"

step() { printf '\n==> %s\n' "$*" >&2; }

# --- packages (bench only; not in setup.sh) ---------------------------------
BENCH_PACKAGES=(renderd libapache2-mod-tile apache2 wrk curl gdal-bin)
missing=()
for p in "${BENCH_PACKAGES[@]}"; do
  [[ "$(dpkg-query -W -f='${db:Status-Status}' "$p" 2>/dev/null || true)" == installed ]] || missing+=("$p")
done
if ((${#missing[@]})); then
  step "installing ${missing[*]}"
  # Keep the packages' own services (apache on :80, renderd) from starting.
  made_policy=0
  if [[ ! -e /usr/sbin/policy-rc.d ]]; then
    printf '#!/bin/sh\nexit 101\n' >/usr/sbin/policy-rc.d && chmod +x /usr/sbin/policy-rc.d && made_policy=1
  fi
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -q >/dev/null
  apt-get install -y -q --no-install-recommends "${missing[@]}" >/dev/null
  ((made_policy)) && rm -f /usr/sbin/policy-rc.d
fi
[[ -x "$RXMAP" ]] || { step "building rxmap in $BUILD_DIR"; cmake -S . -B "$BUILD_DIR" >/dev/null; cmake --build "$BUILD_DIR" -j "$(nproc)" --target rxmap >/dev/null; }

WORK="$(mktemp -d /tmp/rxmap-bench.XXXXXX)"
chmod 755 "$WORK"
PIDS=()
cleanup() {
  for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done
  [[ -f "$WORK/apache.pid" ]] && kill "$(cat "$WORK/apache.pid")" 2>/dev/null || true
  wait 2>/dev/null || true
}
trap cleanup EXIT

wait_http() {  # url seconds
  for _ in $(seq 1 $(($2 * 10))); do
    curl -s -o /dev/null "$1" && return 0
    sleep 0.1
  done
  echo "bench: $1 did not answer" >&2
  return 1
}

rss_kb() {  # pids... -> sum of VmRSS in kB
  local total=0 pid v
  for pid in "$@"; do
    v="$(awk '/^VmRSS/ {print $2}' "/proc/$pid/status" 2>/dev/null || echo 0)"
    total=$((total + ${v:-0}))
  done
  echo "$total"
}

# --- the same style and data for renderd ------------------------------------
step "rxmap export-style --layer population --out $WORK/style"
"$RXMAP" export-style --layer population --out "$WORK/style" 2>"$WORK/export.log" >/dev/null

mkdir -p "$WORK/renderd-tiles"
chmod 777 "$WORK/renderd-tiles"
NPROC="$(nproc)"
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
CONF

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

step "starting renderd, apache2 (mod_tile) on 127.0.0.1:$MT_PORT and rxmap on 127.0.0.1:$RX_PORT"
renderd -f -c "$WORK/renderd.conf" >"$WORK/renderd.log" 2>&1 &
RENDERD_PID=$!
PIDS+=("$RENDERD_PID")
for _ in $(seq 1 100); do [[ -S "$WORK/renderd.sock" ]] && break; sleep 0.1; done
chmod 666 "$WORK/renderd.sock"
apache2 -f "$WORK/apache.conf" -DFOREGROUND >"$WORK/apache.log" 2>&1 &
PIDS+=("$!")
"$RXMAP" serve --address 127.0.0.1 --port "$RX_PORT" ${RXMAP_ARGS:-} >"$WORK/rxmap.log" 2>&1 &
RXMAP_PID=$!
PIDS+=("$RXMAP_PID")
wait_http "http://127.0.0.1:$RX_PORT/healthz" 60
wait_http "http://127.0.0.1:$MT_PORT/" 20 || { cat "$WORK/apache-error.log" "$WORK/apache.log" >&2; exit 1; }

# --- the tile lists ---------------------------------------------------------
# One tile per metatile (8x8) for z5-z10 around 東京, 大阪, 札幌, 福岡, 長野: cold renders.
# Then every tile of those metatiles: the fixed list for the load test.
python3 - "$WORK" <<'PY'
import math, sys
work = sys.argv[1]
places = [(139.70, 35.69), (135.50, 34.69), (141.35, 43.06), (130.40, 33.59), (138.18, 36.65)]
def tile(lon, lat, z):
    n = 2 ** z
    x = int((lon + 180) / 360 * n)
    y = int((1 - math.log(math.tan(math.radians(lat)) + 1 / math.cos(math.radians(lat))) / math.pi) / 2 * n)
    return x, y
metas = []
for z in range(5, 11):
    seen = set()
    for lon, lat in places:
        x, y = tile(lon, lat, z)
        m = (x // 8 * 8, y // 8 * 8)
        if m not in seen:
            seen.add(m)
            metas.append((z, m[0], m[1], x, y))
with open(f"{work}/cold.txt", "w") as f:
    for z, mx, my, x, y in metas:
        f.write(f"{z} {x} {y}\n")
with open(f"{work}/rx-paths.txt", "w") as rx, open(f"{work}/mt-paths.txt", "w") as mt:
    for z, mx, my, _, _ in metas:
        for y in range(my, my + 8):
            for x in range(mx, mx + 8):
                rx.write(f"/tiles/population/{z}/{x}/{y}.png\n")
                mt.write(f"/population/{z}/{x}/{y}.png\n")
PY

RX_RSS_IDLE="$(rss_kb "$RXMAP_PID")"
MT_RSS_IDLE="$(rss_kb "$RENDERD_PID" $(pgrep -f "apache2 -f $WORK/apache.conf" || true))"

cold() {  # name url-prefix -> lines "z seconds status"
  local z x y
  while read -r z x y; do
    curl -s -o "$WORK/$1-$z-$x-$y.png" -w "$z %{time_total} %{http_code}\n" "$2/$z/$x/$y.png"
  done <"$WORK/cold.txt"
}
step "cold metatile renders, z5-z10 ($(wc -l <"$WORK/cold.txt") metatiles each, one request at a time)"
cold rxmap "http://127.0.0.1:$RX_PORT/tiles/population" >"$WORK/cold-rxmap.txt"
cold modtile "http://127.0.0.1:$MT_PORT/population" >"$WORK/cold-modtile.txt"
if grep -qv ' 200$' "$WORK/cold-rxmap.txt" "$WORK/cold-modtile.txt"; then
  echo "bench: some cold requests failed:" >&2
  grep -v ' 200$' "$WORK/cold-rxmap.txt" "$WORK/cold-modtile.txt" >&2 || true
fi

# Make sure every listed tile exists on both (mod_tile renders missing metatiles of the list).
xargs -P 4 -I{} curl -s -o /dev/null "http://127.0.0.1:$RX_PORT{}" <"$WORK/rx-paths.txt"
xargs -P 4 -I{} curl -s -o /dev/null "http://127.0.0.1:$MT_PORT{}" <"$WORK/mt-paths.txt"

load() {  # base paths -> wrk output
  wrk -t 2 -c "$CONNECTIONS" -d "${DURATION}s" --latency -s "$REPO/bench/tiles.lua" "$1" -- "$2"
}
step "load: $(wc -l <"$WORK/rx-paths.txt") stored tiles in turn, wrk -t2 -c$CONNECTIONS -d${DURATION}s"
load "http://127.0.0.1:$RX_PORT" "$WORK/rx-paths.txt" >"$WORK/wrk-rxmap.txt"
load "http://127.0.0.1:$MT_PORT" "$WORK/mt-paths.txt" >"$WORK/wrk-modtile.txt"

RX_RSS="$(rss_kb "$RXMAP_PID")"
MT_RSS="$(rss_kb "$RENDERD_PID" $(pgrep -f "apache2 -f $WORK/apache.conf" || true))"

# Same map? Compare the cold tiles' pixels (RGBA after expanding the palettes).
same=0 compared=0
while read -r z x y; do
  a="$WORK/rxmap-$z-$x-$y.png" b="$WORK/modtile-$z-$x-$y.png"
  [[ -s "$a" && -s "$b" ]] || continue
  ca="$(gdal_translate -q -of PNG -expand rgba "$a" /vsistdout/ 2>/dev/null | gdalinfo -checksum /vsistdin/ 2>/dev/null | grep Checksum | tr '\n' ' ' || true)"
  cb="$(gdal_translate -q -of PNG -expand rgba "$b" /vsistdout/ 2>/dev/null | gdalinfo -checksum /vsistdin/ 2>/dev/null | grep Checksum | tr '\n' ' ' || true)"
  compared=$((compared + 1))
  [[ -n "$ca" && "$ca" == "$cb" ]] && same=$((same + 1))
done <"$WORK/cold.txt"

# --- the table --------------------------------------------------------------
wrk_field() {  # file field -> value
  case "$2" in
    rps) awk '/^Requests\/sec/ {print $2}' "$1" ;;
    p50) awk '/^ +50%/ {print $2}' "$1" ;;
    p99) awk '/^ +99%/ {print $2}' "$1" ;;
    errors) awk '/Non-2xx|Socket errors/ {printf "%s ", $0}' "$1" ;;
  esac
}
echo
echo "rxmap vs renderd+mod_tile — layer population, same Mapnik XML and data (export-style), 8x8 metatiles, $NPROC render threads each"
printf '%-34s %14s %16s\n' "" "rxmap" "renderd+mod_tile"
for z in 5 6 7 8 9 10; do
  r="$(awk -v z=$z '$1==z {s+=$2; n++} END {if (n) printf "%.3f s (n=%d)", s/n, n}' "$WORK/cold-rxmap.txt")"
  m="$(awk -v z=$z '$1==z {s+=$2; n++} END {if (n) printf "%.3f s (n=%d)", s/n, n}' "$WORK/cold-modtile.txt")"
  printf '%-34s %14s %16s\n' "cold metatile, z$z (mean)" "$r" "$m"
done
printf '%-34s %14s %16s\n' "cold metatiles z5-z10, total" \
  "$(awk '{s+=$2} END {printf "%.2f s", s}' "$WORK/cold-rxmap.txt")" \
  "$(awk '{s+=$2} END {printf "%.2f s", s}' "$WORK/cold-modtile.txt")"
printf '%-34s %14s %16s\n' "stored tiles: requests/s" "$(wrk_field "$WORK/wrk-rxmap.txt" rps)" "$(wrk_field "$WORK/wrk-modtile.txt" rps)"
printf '%-34s %14s %16s\n' "stored tiles: p50 latency" "$(wrk_field "$WORK/wrk-rxmap.txt" p50)" "$(wrk_field "$WORK/wrk-modtile.txt" p50)"
printf '%-34s %14s %16s\n' "stored tiles: p99 latency" "$(wrk_field "$WORK/wrk-rxmap.txt" p99)" "$(wrk_field "$WORK/wrk-modtile.txt" p99)"
printf '%-34s %14s %16s\n' "RSS after start (MiB)" "$((RX_RSS_IDLE / 1024))" "$((MT_RSS_IDLE / 1024))"
printf '%-34s %14s %16s\n' "RSS after the run (MiB)" "$((RX_RSS / 1024))" "$((MT_RSS / 1024))"
echo "identical pixels (cold tiles): $same of $compared"
e1="$(wrk_field "$WORK/wrk-rxmap.txt" errors)" e2="$(wrk_field "$WORK/wrk-modtile.txt" errors)"
[[ -z "$e1$e2" ]] || echo "wrk errors: rxmap: ${e1:-none}; mod_tile: ${e2:-none}"
echo "(files in $WORK)"
