#!/usr/bin/env bash
# Vector tiles beside PNG tiles (issue 23), one run, side by side; writes bench/mvt-results.md.
#   tile sizes per zoom (p50, max; gzipped and raw) of a seeded z0–z10 vector set of Japan
#   cold encode time per tile (each tile of that set asked once of a fresh server, curl's time_total)
#   warm requests/s of .mvt beside .png at c8 and c64 (wrk, bench/tiles.lua, 2 threads, 10 s)
#   `rxmap seed --format mvt` z0–z10 against GDAL's own writer (`ogr2ogr -f MVT`) on the same areas
# Usage: bench/mvt.sh   (after ./setup.sh build; PORT=18510 LAYER=population-change/2050 DURATION=10s)
set -euo pipefail
REPO="$(cd "$(dirname "$0")/.." && pwd)"
BIN="${RXMAP_BIN:-$REPO/build/rxmap}"
PORT="${PORT:-18510}"
LAYER="${LAYER:-population-change/2050}"
DURATION="${DURATION:-10s}"
AREA="$REPO/data/local/raw/boundaries/n03-2021/s0001/prefectures.json"
RESULTS="$REPO/bench/mvt-results.md"
WORK="$(mktemp -d)"
SERVER_PID=""
cleanup() { [ -n "$SERVER_PID" ] && kill "$SERVER_PID" 2>/dev/null; wait 2>/dev/null; rm -rf "$WORK"; }
trap cleanup EXIT
cd "$REPO"

start_server() {  # a fresh server: nothing cached; no client budget (one client asks for everything)
  "$BIN" serve --address 127.0.0.1 --port "$PORT" --client-render-rate 0 --client-render-burst 0 \
    >"$WORK/serve.log" 2>&1 &
  SERVER_PID=$!
  for _ in $(seq 1 600); do curl -sf "http://127.0.0.1:$PORT/readyz" >/dev/null && return; sleep 0.2; done
  echo "server did not start" >&2; cat "$WORK/serve.log" >&2; exit 1
}
stop_server() { kill "$SERVER_PID"; wait "$SERVER_PID" 2>/dev/null || true; SERVER_PID=""; }

echo "== seed z0-10 (rxmap, --format mvt)"
TIMEFORMAT='%R %U %S'  # bash's time: wall, user and system seconds
{ time "$BIN" seed --layer "$LAYER" --zoom 0-10 --area "$AREA" --format mvt --out "$WORK/rxmap.mbtiles" 2>"$WORK/seed.log"; } 2>"$WORK/seed.time"
RXMAP_SEED_S=$(cat "$WORK/seed.time")
RXMAP_SEED_BYTES=$(stat -c %s "$WORK/rxmap.mbtiles")

start_server
VARIANT=$(curl -s "http://127.0.0.1:$PORT/tiles/$LAYER.json" | python3 -c 'import json,sys; print(json.load(sys.stdin)["variant"])')

echo "== ogr2ogr -f MVT z0-10 on the same areas"
curl -s "http://127.0.0.1:$PORT/api/values/$VARIANT?format=geojson" -o "$WORK/areas.geojson"
{ time ogr2ogr -f MVT "$WORK/gdal.mbtiles" "$WORK/areas.geojson" -nln areas -dsco FORMAT=MBTILES -dsco MINZOOM=0 \
  -dsco MAXZOOM=10 -dsco EXTENT=4096 -dsco BUFFER=64 2>"$WORK/ogr.log"; } 2>"$WORK/ogr.time"
GDAL_SEED_S=$(cat "$WORK/ogr.time")
GDAL_SEED_BYTES=$(stat -c %s "$WORK/gdal.mbtiles")

echo "== cold encode: every tile of the set once, on a fresh server"
sqlite3 "$WORK/rxmap.mbtiles" "select zoom_level, tile_column, (1 << zoom_level) - 1 - tile_row from map order by zoom_level" \
  | awk -F'|' -v base="http://127.0.0.1:$PORT/tiles/$VARIANT" '{printf "url = \"%s/%d/%d/%d.mvt\"\noutput = /dev/null\n", base, $1, $2, $3}' >"$WORK/cold.curl"
curl -s -o /dev/null "http://127.0.0.1:$PORT/tiles/$VARIANT/3/7/3.mvt"  # the variant's areas parsed once (not a tile's cost)
curl -s --config "$WORK/cold.curl" -w '%{url_effective} %{http_code} %{time_total}\n' >"$WORK/cold.txt"

echo "== warm requests/s, .mvt beside .png (wrk)"
python3 - "$VARIANT" >"$WORK/paths" <<'PY'
import sys
v = sys.argv[1]
# z5–z10 over 東京圏 and 長野: the tiles a portal shows most
import math
def tile(lon, lat, z):
    n = 2 ** z
    s = math.sin(math.radians(lat))
    return int((lon + 180) / 360 * n), int((0.5 - math.log((1 + s) / (1 - s)) / (4 * math.pi)) * n)
out = set()
for z in range(5, 11):
    for lon, lat in [(139.75, 35.68), (138.2, 36.1), (139.6, 35.9), (140.1, 35.6)]:
        x, y = tile(lon, lat, z)
        for dx in (-1, 0, 1):
            for dy in (-1, 0, 1):
                out.add((z, x + dx, y + dy))
for z, x, y in sorted(out):
    print(f"/tiles/{v}/{z}/{x}/{y}")
PY
sed 's/$/.mvt/' "$WORK/paths" >"$WORK/mvt.paths"
sed 's/$/.png/' "$WORK/paths" >"$WORK/png.paths"
for f in mvt png; do while read -r p; do curl -s -o /dev/null "http://127.0.0.1:$PORT$p"; done <"$WORK/$f.paths"; done
declare -A RPS
for f in mvt png; do
  for c in 8 64; do
    RPS[$f$c]=$(wrk -t2 -c$c -d"$DURATION" -s bench/tiles.lua "http://127.0.0.1:$PORT" -- "$WORK/$f.paths" | awk '/Requests\/sec/ {print $2}')
  done
done
stop_server

python3 - "$WORK" "$RESULTS" "$LAYER" "$VARIANT" "$RXMAP_SEED_S" "$RXMAP_SEED_BYTES" "$GDAL_SEED_S" "$GDAL_SEED_BYTES" \
  "${RPS[mvt8]}" "${RPS[png8]}" "${RPS[mvt64]}" "${RPS[png64]}" "$(nproc)" "$(uptime | sed 's/.*load average: //')" <<'PY'
import datetime, sqlite3, statistics, sys, zlib
(work, results, layer, variant, rs, rb, gs, gb, m8, p8, m64, p64, cores, load) = sys.argv[1:]
def sizes(path):
    db = sqlite3.connect(path)
    by = {}
    for z, data in db.execute("select zoom_level, tile_data from tiles"):
        raw = zlib.decompress(data, 16 + zlib.MAX_WBITS) if data[:2] == b"\x1f\x8b" else data
        by.setdefault(z, []).append((len(data), len(raw)))
    return by
ours, gdal = sizes(f"{work}/rxmap.mbtiles"), sizes(f"{work}/gdal.mbtiles")
seedline = next((l.split("encode per tile: ", 1)[1].strip() for l in open(f"{work}/seed.log") if "encode per tile" in l), "not reported")
cold = [line.split() for line in open(f"{work}/cold.txt")]
ms = [float(t) * 1000 for _, code, t in cold if code == "200"]
bad = sum(1 for _, code, _ in cold if code != "200")
kb = lambda b: f"{b / 1024:.1f}"
wall = lambda t: f"{float(t.split()[0]):.1f} s"
cpu = lambda t: f"{float(t.split()[1]) + float(t.split()[2]):.1f} s"
L = [f"# Vector tiles beside PNG (bench/mvt.sh)", "",
     f"{datetime.datetime.utcnow():%Y-%m-%d %H:%M} UTC, {cores} cores shared with other work (load average {load}); "
     f"variant `{variant}` (`{layer}`); one run.", "",
     "## Tile sizes per zoom (z0–z10 of Japan, `rxmap seed --format mvt`; kB)", "",
     "| z | tiles | p50 gzipped | max gzipped | p50 raw | max raw | GDAL p50 gzipped | GDAL max gzipped |",
     "| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |"]
for z in sorted(ours):
    g = [s[0] for s in ours[z]]; r = [s[1] for s in ours[z]]
    og = [s[0] for s in gdal.get(z, [(0, 0)])]
    L.append(f"| {z} | {len(g)} | {kb(statistics.median(g))} | {kb(max(g))} | {kb(statistics.median(r))} | {kb(max(r))} | "
             f"{kb(statistics.median(og))} | {kb(max(og))} |")
allraw = max(s[1] for v in ours.values() for s in v)
L += ["", f"Largest tile: {kb(allraw)} kB raw (target ≤ 500 kB).", "",
      "## Cold encode per tile (every tile above asked once of a fresh server; curl time_total, loopback)", "",
      f"{len(ms)} tiles ({bad} not 200): median {statistics.median(ms):.1f} ms, p90 {sorted(ms)[int(len(ms) * 0.9)]:.1f} ms, "
      f"max {max(ms):.1f} ms (target: median ≤ 20 ms).", "",
      "The encode alone, timed by `rxmap seed --format mvt` on the same tiles (thread CPU time, so other work on the",
      "shared cores does not count; wall time beside it): " + seedline + ".", "",
      "## Warm requests/s (wrk -t2, 10 s, the same tiles as .mvt and .png, all in memory)", "",
      "| | c8 | c64 |", "| --- | ---: | ---: |",
      f"| .mvt | {m8} | {m64} |", f"| .png | {p8} | {p64} |", "",
      "## A z0–z10 vector set of Japan: rxmap against GDAL's writer on the same areas", "",
      "| | wall | CPU (user + system) | size |", "| --- | ---: | ---: | ---: |",
      f"| `rxmap seed --format mvt` (3 layers: areas, prefectures, labels; includes loading the store) | {wall(rs)} | {cpu(rs)} | {int(rb) / 1e6:.1f} MB |",
      f"| `ogr2ogr -f MVT` (areas only, from /api/values GeoJSON) | {wall(gs)} | {cpu(gs)} | {int(gb) / 1e6:.1f} MB |", ""]
open(results, "w").write("\n".join(L))
print("\n".join(L))
PY
