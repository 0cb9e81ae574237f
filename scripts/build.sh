#!/usr/bin/env bash
# Configures (once) and builds. ZC_SANITIZE=1 builds with ASan+UBSan in
# build-asan/ instead of build/. Prints the build directory on stdout.
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
cmake --build "$dir" -j "$(nproc)" >&2
echo "$dir"
