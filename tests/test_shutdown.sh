#!/usr/bin/env bash
# Graceful shutdown of `rxmap serve` (issue 5), for SIGTERM and for SIGINT:
#
#   tests/test_shutdown.sh RXMAP_BINARY REPO_DIR      (ctest: shutdown_graceful, tests/shutdown.cmake)
#
# For each signal: start rxmap on a free port (127.0.0.1) with its own --store (imported on the
# first start, ~2 s) and a fresh --cache-dir, wait for /readyz, send a burst of cold tile requests
# (distinct metatiles, 1x and @2x, so that renders are queued and running), and once renders are
# in flight send the signal. Then assert:
#   1. the process exits with status 0 within STOP_BOUND seconds (30);
#   2. every request of the burst got a complete answer: 200 with a whole PNG (signature, IEND,
#      Content-Length bytes), or a clean 503 (whole body); none reset, empty or truncated;
#   3. the disk cache has no partial files: nothing left in <cache-dir>/tmp, every .meta index
#      parses as tiles/README.md lays it out ("rxmap-metatile 1 n", n*n lines "hash size" or
#      "- 0", "end") and every body it names exists with that size and is a whole PNG.
# Bounded: every wait has a limit, the burst is 24 requests, the whole test takes < 2 minutes.
set -uo pipefail

RXMAP="${1:?usage: test_shutdown.sh RXMAP_BINARY REPO_DIR}"
REPO="${2:?usage: test_shutdown.sh RXMAP_BINARY REPO_DIR}"
STOP_BOUND="${STOP_BOUND:-30}"
cd "$REPO" || exit 2  # rxmap's defaults (data/local/raw, styles/layers.conf, …) are relative to the repo

TMP="$(mktemp -d /tmp/rxmap-shutdown.XXXXXX)"
STORE="$TMP/store/rxmap.gpkg"
SERVER_PID=""
CURL_PIDS=()
cleanup() {
  local pid
  for pid in "${CURL_PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done
  if [[ -n "$SERVER_PID" ]] && kill -0 "$SERVER_PID" 2>/dev/null; then
    kill -KILL "$SERVER_PID" 2>/dev/null || true
  fi
  wait 2>/dev/null || true
  if [[ -z "${KEEP_TMP:-}" ]]; then rm -rf "$TMP"; else echo "(files in $TMP)"; fi
}
trap cleanup EXIT

PASSED=0
FAILED=0
CASE_FAILS=()
fail() { CASE_FAILS+=("$*"); echo "  FAIL: $*"; }

# A whole PNG: the 8-byte signature, and the IEND chunk as its last 12 bytes.
is_png() {
  [[ -s "$1" ]] || return 1
  [[ "$(head -c 8 "$1" | od -An -tx1 | tr -d ' \n')" == "89504e470d0a1a0a" ]] || return 1
  [[ "$(tail -c 12 "$1" | od -An -tx1 | tr -d ' \n')" == "0000000049454e44ae426082" ]]
}

metric() {  # port name -> value (0 when absent)
  local v
  v="$(curl -s --max-time 2 "http://127.0.0.1:$1/metrics" | awk -v m="$2" '$1 == m {print $2; exit}')"
  echo "${v:-0}"
}

# Tiles of 24 distinct metatiles over Japan (z9-z12, 8x8 metatiles), every third @2x.
burst_paths() {
  python3 - <<'PY'
import math
places = [(139.70, 35.69), (135.50, 34.69), (141.35, 43.06), (130.40, 33.59), (138.18, 36.65), (132.46, 34.39)]
def tile(lon, lat, z):
    n = 2 ** z
    x = int((lon + 180) / 360 * n)
    y = int((1 - math.log(math.tan(math.radians(lat)) + 1 / math.cos(math.radians(lat))) / math.pi) / 2 * n)
    return x, y
i = 0
for z in (12, 11, 10, 9):
    for lon, lat in places:
        x, y = tile(lon, lat, z)
        print(f"/tiles/population/{z}/{x}/{y}{'@2x' if i % 3 == 0 else ''}.png")
        i += 1
PY
}

check_cache() {  # cache-dir -> prints problems, returns 1 if any
  python3 - "$1" <<'PY'
import os, re, sys
root = sys.argv[1]
bad = []
tmp = os.path.join(root, "tmp")
left = os.listdir(tmp) if os.path.isdir(tmp) else []
if left:
    bad.append(f"{len(left)} file(s) left in {tmp}: {', '.join(sorted(left)[:5])}")
def whole_png(path):
    with open(path, "rb") as f:
        data = f.read()
    return data[:8] == b"\x89PNG\r\n\x1a\n" and data[-12:] == b"\x00\x00\x00\x00IEND\xaeB`\x82"
metas = 0
for dirpath, _, files in os.walk(os.path.join(root, "meta")):
    for name in files:
        path = os.path.join(dirpath, name)
        if not name.endswith(".meta"):
            bad.append(f"stray file in meta/: {path}")
            continue
        metas += 1
        lines = open(path, "rb").read().decode("ascii", "replace").split("\n")
        head = lines[0].split()
        if len(head) != 3 or head[0] != "rxmap-metatile" or head[1] != "1" or not head[2].isdigit():
            bad.append(f"{path}: bad header {lines[0]!r}")
            continue
        n = int(head[2])
        rows = lines[1:1 + n * n]
        if len(lines) < n * n + 2 or lines[1 + n * n] != "end" or any(l for l in lines[2 + n * n:]):
            bad.append(f"{path}: truncated or trailing data (expected {n * n} entries then 'end')")
            continue
        for row in rows:
            parts = row.split()
            if parts == ["-", "0"]:
                continue
            if len(parts) != 2 or not re.fullmatch(r"[0-9a-f]{40}", parts[0]) or not parts[1].isdigit():
                bad.append(f"{path}: bad entry {row!r}")
                break
            blob = os.path.join(root, "blobs", parts[0][:2], parts[0] + ".png")
            if not os.path.isfile(blob):
                bad.append(f"{path}: body {blob} missing")
                break
            if os.path.getsize(blob) != int(parts[1]):
                bad.append(f"{path}: body {blob} has {os.path.getsize(blob)} bytes, index says {parts[1]}")
                break
for dirpath, _, files in os.walk(os.path.join(root, "blobs")):
    for name in files:
        path = os.path.join(dirpath, name)
        if not whole_png(path):
            bad.append(f"partial body {path}")
for b in bad:
    print(b)
print(f"cache: {metas} metatile index(es) checked", file=sys.stderr)
sys.exit(1 if bad else 0)
PY
}

run_case() {  # SIGTERM | SIGINT
  local sig=$1 dir="$TMP/$1" port="" i
  CASE_FAILS=()
  mkdir -p "$dir/responses"
  echo "== $sig"
  "$RXMAP" serve --store "$STORE" --cache-dir "$dir/cache" --address 127.0.0.1 --port 0 \
    --web-root "$dir/no-web" >"$dir/server.log" 2>&1 &
  SERVER_PID=$!
  # "rxmap serving on http://127.0.0.1:PORT/ (ready in …)"; the first start imports (~2 s).
  for _ in $(seq 1 1200); do
    port="$(sed -n 's|^rxmap serving on http://[^:]*:\([0-9]*\)/.*|\1|p' "$dir/server.log" | head -1)"
    [[ -n "$port" ]] && break
    kill -0 "$SERVER_PID" 2>/dev/null || break
    sleep 0.1
  done
  if [[ -z "$port" ]]; then
    fail "$sig: rxmap did not start"; tail -20 "$dir/server.log"; return
  fi
  local ready=""
  for _ in $(seq 1 100); do
    [[ "$(curl -s -o /dev/null -w '%{http_code}' --max-time 2 "http://127.0.0.1:$port/readyz")" == 200 ]] && { ready=1; break; }
    sleep 0.1
  done
  [[ -n "$ready" ]] || { fail "$sig: /readyz never answered 200"; return; }

  # The burst: one connection per request, all sent before the signal.
  mapfile -t paths < <(burst_paths)
  CURL_PIDS=()
  for i in "${!paths[@]}"; do
    curl -s --max-time 60 -o "$dir/responses/$i.body" -D "$dir/responses/$i.head" \
      -w '%{http_code} %{size_download}\n' "http://127.0.0.1:$port${paths[$i]}" >"$dir/responses/$i.out" 2>/dev/null &
    CURL_PIDS+=("$!")
    echo "$!" >"$dir/responses/$i.pid"
  done
  # Signal once renders are running and at least one metatile has been stored (so writes to the
  # disk store are under way too), and every request has been sent.
  local in_flight=0 renders=0
  for _ in $(seq 1 300); do
    in_flight="$(metric "$port" rxmap_engine_renders_in_flight)"
    renders="$(metric "$port" rxmap_engine_renders_total)"
    [[ "${in_flight%.*}" -ge 1 && "${renders%.*}" -ge 1 ]] && break
    sleep 0.1
  done
  local queued
  queued="$(metric "$port" rxmap_engine_render_queue_depth)"
  echo "  sending $sig with ${in_flight} render(s) running, ${queued} queued, ${renders} done"
  [[ "${in_flight%.*}" -ge 1 ]] || fail "$sig: no render was in flight when the signal was sent (test setup)"

  local t0 t1 rc
  t0=$(date +%s.%N)
  kill -s "${sig#SIG}" "$SERVER_PID"
  local deadline=$((STOP_BOUND * 10)) exited=""
  for _ in $(seq 1 "$deadline"); do
    kill -0 "$SERVER_PID" 2>/dev/null || { exited=1; break; }
    sleep 0.1
  done
  t1=$(date +%s.%N)
  if [[ -z "$exited" ]]; then
    fail "$sig: rxmap still running ${STOP_BOUND} s after $sig (killed)"
    kill -KILL "$SERVER_PID" 2>/dev/null || true
  fi
  wait "$SERVER_PID"
  rc=$?
  SERVER_PID=""
  echo "  exited with status $rc after $(awk -v a="$t1" -v b="$t0" 'BEGIN {printf "%.1f", a - b}') s"
  [[ -z "$exited" || "$rc" == 0 ]] || fail "$sig: exit status $rc (expected 0)"
  grep -q "rxmap: stopping" "$dir/server.log" || fail "$sig: no 'rxmap: stopping' in the log"

  # Every request's answer.
  local pid code size len ok=0 unavailable=0 broken=0
  for i in "${!paths[@]}"; do
    pid="$(cat "$dir/responses/$i.pid")"
    wait "$pid"
    local curl_rc=$?
    read -r code size <"$dir/responses/$i.out" 2>/dev/null || { code=000; size=0; }
    len="$(tr -d '\r' <"$dir/responses/$i.head" 2>/dev/null | awk -F': ' 'tolower($1) == "content-length" {print $2}' | tail -1)"
    if [[ "$curl_rc" == 0 && "$code" == 200 && "$size" == "$len" ]] && is_png "$dir/responses/$i.body"; then
      ok=$((ok + 1))
    elif [[ "$curl_rc" == 0 && "$code" == 503 && -n "$len" && "$size" == "$len" ]]; then
      unavailable=$((unavailable + 1))
    else
      broken=$((broken + 1))
      fail "$sig: ${paths[$i]}: no complete answer (curl exit $curl_rc, HTTP $code, $size of ${len:-?} bytes)"
    fi
  done
  CURL_PIDS=()
  echo "  answers: $ok x 200 with a whole PNG, $unavailable x 503, $broken without a complete answer"

  # The disk cache.
  local problems
  if ! problems="$(check_cache "$dir/cache" 2>"$dir/cache-check.log")"; then
    while IFS= read -r line; do fail "$sig: cache: $line"; done <<<"$problems"
  fi
  sed 's/^/  /' "$dir/cache-check.log"

  if ((${#CASE_FAILS[@]})); then
    FAILED=$((FAILED + 1))
    echo "  server log (last lines):"
    grep -v '^access ' "$dir/server.log" | tail -8 | sed 's/^/    /'
  else
    PASSED=$((PASSED + 1))
    echo "  ok"
  fi
}

run_case SIGTERM
run_case SIGINT

echo "$PASSED passed, $FAILED failed"
((FAILED == 0))
