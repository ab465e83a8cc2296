#!/bin/sh
# Builds the libFuzzer target (tests/fuzz/fuzz_request_target.cpp) with clang and
# runs it for a bounded time, starting from the seed corpus in tests/fuzz/corpus.
#
#   tests/fuzz/run.sh [seconds]        default 60
#
# Needs clang and its runtime (Debian: apt-get install clang-14 libclang-rt-14-dev);
# setup.sh does not install them. Environment: CXX (default clang++-14, else clang++),
# FUZZ_BUILD_DIR (default build-fuzz), FUZZ_JOBS (parallel fuzzing processes, default 1).
# New inputs go to $FUZZ_BUILD_DIR/fuzz-corpus (the seeds are never modified); a
# crash is written to $FUZZ_BUILD_DIR/fuzz-artifacts/ and the script exits non-zero.
set -eu
seconds=${1:-60}
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
build=${FUZZ_BUILD_DIR:-$root/build-fuzz}
jobs=${FUZZ_JOBS:-1}

if [ -z "${CXX:-}" ]; then
  if command -v clang++-14 >/dev/null 2>&1; then CXX=clang++-14; else CXX=clang++; fi
fi
if ! command -v "$CXX" >/dev/null 2>&1; then
  echo "run.sh: $CXX not found; install clang (apt-get install clang-14 libclang-rt-14-dev)" >&2
  exit 2
fi

cmake -S "$root" -B "$build" -DCMAKE_CXX_COMPILER="$CXX" -DCMAKE_BUILD_TYPE=RelWithDebInfo -DRXMAP_FUZZ=ON >/dev/null
cmake --build "$build" --target fuzz_request_target -j "$(nproc)"

corpus="$build/fuzz-corpus"
artifacts="$build/fuzz-artifacts"
mkdir -p "$corpus" "$artifacts"
exec "$build/tests/fuzz/fuzz_request_target" "$corpus" "$here/corpus" \
  -dict="$here/request_target.dict" \
  -max_total_time="$seconds" \
  -max_len=4096 \
  -timeout=10 \
  -rss_limit_mb=2048 \
  -jobs="$jobs" -workers="$jobs" \
  -artifact_prefix="$artifacts/" \
  -print_final_stats=1
