#!/usr/bin/env bash
# Configures (once) and builds everything, or the given targets.
# ZC_SANITIZE=1 builds with ASan+UBSan in build-asan/ instead of build/.
# Prints the build directory on stdout.
#   usage: scripts/build.sh [TARGET...]
set -euo pipefail
cd "$(dirname "$0")/.."

if [ "${ZC_SANITIZE:-0}" = 1 ]; then
  dir=build-asan
  flags=(-DZC_SANITIZE=ON -DCMAKE_BUILD_TYPE=Debug)
else
  dir=build
  flags=(-DCMAKE_BUILD_TYPE=RelWithDebInfo)
fi
if [ ! -f "$dir/CMakeCache.txt" ]; then
  cmake -S . -B "$dir" "${flags[@]}" >&2
fi
if [ $# -gt 0 ]; then
  cmake --build "$dir" -j "$(nproc)" --target "$@" >&2
else
  cmake --build "$dir" -j "$(nproc)" >&2
fi
echo "$dir"
