#!/usr/bin/env bash
# rxmap: one entry point for a fresh Debian 12 machine (run as root).
#
#   ./setup.sh serve [rxmap serve args...]   install, build, fetch data, run the server
#   ./setup.sh test  [ctest args...]         install, build, fetch data, run the tests
#   ./setup.sh build                         install, build, fetch data
#
# Environment:
#   BUILD_DIR     build tree (default: build, relative to the repo root)
#   PORT          port for serve (default: 8080)
#   RXMAP_MIRROR  folder holding the datasets (default: ../shared/data if present)
#   CMAKE_ARGS    extra CMake configure arguments, e.g. -DRXMAP_SANITIZE=ON
set -euo pipefail

REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd -P)"
cd "$REPO"

BUILD_DIR="${BUILD_DIR:-build}"
PORT="${PORT:-8080}"
CMAKE_ARGS="${CMAKE_ARGS:-}"

# Debian 12 packages the project builds and runs with. Boost is Debian's
# default 1.74 (libboost-dev); never libboost1.81-dev, whose headers would
# shadow the 1.74 libraries Mapnik and GDAL are built against.
PACKAGES=(
  cmake g++ make pkg-config
  libmapnik-dev mapnik-utils libpng-dev
  libgdal-dev gdal-bin libproj-dev
  libprotozero-dev
  libboost-dev libboost-system-dev libboost-filesystem-dev libboost-program-options-dev
  libgtest-dev
  fonts-noto-cjk
  poppler-utils
  libsqlite3-dev sqlite3
  libpq-dev libhiredis-dev libssl-dev
  libabsl-dev
  curl ca-certificates python3
  chromium
)
# The map viewer (web/) is built with Node.js and npm; Debian's only where none is on the PATH.
command -v npm >/dev/null 2>&1 || PACKAGES+=(nodejs npm)

usage() {
  sed -n '2,14s/^# \{0,1\}//p' "${BASH_SOURCE[0]}"
}

step() { printf '\n==> %s\n' "$*"; }

install_packages() {
  step "Debian packages"
  local missing=() p status
  for p in "${PACKAGES[@]}"; do
    status="$(dpkg-query -W -f='${db:Status-Status}' "$p" 2>/dev/null || true)"
    [[ "$status" == "installed" ]] || missing+=("$p")
  done
  if ((${#missing[@]} == 0)); then
    echo "all ${#PACKAGES[@]} packages present"
    return
  fi
  echo "installing: ${missing[*]}"
  local sudo=()
  if ((EUID != 0)); then
    command -v sudo >/dev/null || { echo "setup: need root (or sudo) to install: ${missing[*]}" >&2; exit 1; }
    sudo=(sudo)
  fi
  export DEBIAN_FRONTEND=noninteractive
  "${sudo[@]}" apt-get update -q
  "${sudo[@]}" apt-get install -y -q --no-install-recommends "${missing[@]}"
}

build() {
  step "Build (CMake, RelWithDebInfo) in $BUILD_DIR"
  local extra=()
  [[ -z "$CMAKE_ARGS" ]] || read -r -a extra <<<"$CMAKE_ARGS"
  cmake -S "$REPO" -B "$BUILD_DIR" -DCMAKE_BUILD_TYPE=RelWithDebInfo "${extra[@]}"
  cmake --build "$BUILD_DIR" -j "$(nproc)"
  step "Map viewer (web/: npm ci, npm run build -> web/dist)"
  (cd "$REPO/web" && npm ci --no-audit --no-fund && npm run build)
}

fetch_data() {
  step "Data (data/fetch.sh)"
  "$REPO/data/fetch.sh" --dest "$REPO/data/local/raw"
}

cmd="${1:-}"
case "$cmd" in
  serve|test|build) shift ;;
  -h|--help|help) usage; exit 0 ;;
  "") usage >&2; exit 2 ;;
  *) echo "setup: unknown command: $cmd" >&2; usage >&2; exit 2 ;;
esac

install_packages
build
fetch_data

case "$cmd" in
  build)
    step "Done: build tree in $BUILD_DIR, data in data/local/raw"
    ;;
  serve)
    step "Serve on port $PORT"
    if [[ ! -x "$BUILD_DIR/rxmap" ]]; then
      echo "setup: $BUILD_DIR/rxmap was not built (no rxmap target in this tree yet?)" >&2
      exit 1
    fi
    mkdir -p data/local/store
    exec "$BUILD_DIR/rxmap" serve --raw data/local/raw --store data/local/store --port "$PORT" "$@"
    ;;
  test)
    # PostgreSQL + PostGIS and Redis for the cluster tests (tests/cluster.cmake); `serve` needs neither.
    step "Services (.ci/services.sh: PostgreSQL + PostGIS, Redis on 127.0.0.1)"
    if bash "$REPO/.ci/services.sh"; then
      export RXMAP_REQUIRE_SERVICES=1  # from here on a missing service fails its tests
    elif [[ "${CI:-}" == true ]]; then
      echo "setup: .ci/services.sh failed: CI runs the cluster tests, so it needs them" >&2
      exit 1
    else
      echo "setup: .ci/services.sh failed: the cluster tests will be skipped" >&2
    fi
    step "Tests (ctest)"
    # Tests in parallel, one per core (CI's `-j2` too); CTEST_PARALLEL_LEVEL or a -j argument overrides.
    export CTEST_PARALLEL_LEVEL="${CTEST_PARALLEL_LEVEL:-$(nproc)}"
    status=0
    ctest --test-dir "$BUILD_DIR" --output-on-failure "$@" || status=$?
    exit "$status"
    ;;
esac
