#!/usr/bin/env bash
# rxmap under hostile load (issue 11): cold storm, 1,000-metatile floods, one client's 1,024 idle
# keep-alive connections, 1,100 slow-loris connections, 20 concurrent 40-Mpx prints, 150 concurrent
# all-Japan GeoJSON exports with an /info probe from another client (issue 21), a soak with
# RSS every 10 s, the --memory-cache-mb RSS check, bare-LF requests. One table at the end, also in
# bench/load-results.md. Loopback only; every loop is bounded in count and time; everything
# started here is stopped at exit.
#
#   BUILD_DIR=build bench/load.sh                   (~13 min on 2 cores; 16-22 on the old serving path,
#                                                    whose floods wait out the client's 60 s; QUICK=1: ~7)
#   SCENARIOS="storm barelf" bench/load.sh          (only some: storm flood connflood loris prints
#                                                    exports soak memcache barelf; memcache is in QUICK runs)
#
# Environment: BUILD_DIR (build), QUICK (0; 1 = 1-min soak, 300-metatile floods, shorter holds),
# SCENARIOS (all), SOAK_SECONDS (600; QUICK 60), PORT (0 = any free port), RXMAP_ARGS (extra
# `rxmap serve` options), RESULTS (bench/load-results.md), KEEP_WORK (1 = keep the temp dir: server
# logs, caches). Needs python3 and wrk (the soak).
set -euo pipefail

REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd -P)"
cd "$REPO"
BUILD_DIR="${BUILD_DIR:-build}"
RXMAP="$BUILD_DIR/rxmap"
[[ "$RXMAP" == /* ]] || RXMAP="$REPO/$RXMAP"
[[ -x "$RXMAP" ]] || { echo "load: no $RXMAP (build it: cmake --build $BUILD_DIR --target rxmap)" >&2; exit 2; }
command -v python3 >/dev/null || { echo "load: needs python3" >&2; exit 2; }
if [[ " ${SCENARIOS:-soak} " == *" soak "* ]] && ! command -v wrk >/dev/null; then
  echo "load: the soak needs wrk (apt-get install wrk)" >&2; exit 2
fi

# The 1,024- and 1,100-connection scenarios need ~1,200 descriptors in the client and in the server
# (which inherits this limit): raise the soft limit as far as the hard one allows.
want=8192 hard="$(ulimit -Hn)"
[[ "$hard" != unlimited ]] && ((hard < want)) && want=$hard
[[ "$(ulimit -n)" != unlimited ]] && (($(ulimit -n) < want)) && ulimit -n "$want"
echo "load: open files limit $(ulimit -n)" >&2

WORK="$(mktemp -d /tmp/rxmap-load.XXXXXX)"
PY_PID=""
cleanup() {
  # load.py stops its servers itself; this is for an interrupted run: timeout's process group
  # (load.py, its servers, wrk) goes.
  [[ -n "$PY_PID" ]] && kill -- -"$PY_PID" 2>/dev/null || true
  wait 2>/dev/null || true
  if [[ -n "${KEEP_WORK:-}" ]]; then echo "load: files in $WORK" >&2; else rm -rf "$WORK"; fi
}
trap cleanup EXIT INT TERM

# How it was run (for the results file), before the defaults are filled in.
export COMMAND="BUILD_DIR=$BUILD_DIR${QUICK:+ QUICK=$QUICK}${SCENARIOS:+ SCENARIOS=\"$SCENARIOS\"}${RXMAP_ARGS:+ RXMAP_ARGS=\"$RXMAP_ARGS\"} bench/load.sh"
# For load.py (which imports the data into its own store in WORK, ~2 s: it never races other runs).
export RXMAP REPO WORK QUICK="${QUICK:-0}" SCENARIOS="${SCENARIOS:-}" PORT="${PORT:-0}" RXMAP_ARGS="${RXMAP_ARGS:-}"
export RESULTS="${RESULTS:-$REPO/bench/load-results.md}" SOAK_SECONDS="${SOAK_SECONDS:-}"
[[ -n "$SOAK_SECONDS" ]] || unset SOAK_SECONDS
# A whole run stays bounded even if a server stops answering: 25 minutes at most.
timeout 1500 python3 "$REPO/bench/load.py" &
PY_PID=$!
rc=0
wait "$PY_PID" || rc=$?
PY_PID=""
exit "$rc"
