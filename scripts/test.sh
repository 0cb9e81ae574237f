#!/usr/bin/env bash
# The second set-up command: installs what is missing, builds and runs the
# whole test suite. ZC_SANITIZE=1 runs it under ASan+UBSan; otherwise the
# thread test also runs under ThreadSanitizer (scripts/tsan.sh, build-tsan/).
# --fast is the inner loop: builds only the unit tests (target tests_unit)
# and runs only them (ctest -L unit), in seconds (docs/testing.md).
#   usage: scripts/test.sh [--fast]
set -euo pipefail
cd "$(dirname "$0")/.."
fast=0
case ${1:-} in
  '') ;;
  --fast) fast=1 ;;
  *) echo "usage: scripts/test.sh [--fast]" >&2; exit 2 ;;
esac
# The whole suite includes the search page in headless Chromium.
if [ "$fast" = 1 ]; then
  bash scripts/deps.sh
else
  ZC_BROWSER=${ZC_BROWSER:-1} bash scripts/deps.sh
fi
if [ "$fast" = 1 ]; then
  dir=$(bash scripts/build.sh tests_unit)
else
  dir=$(bash scripts/build.sh)
fi
# libxapian 1.4.22's Database::check() frees with a mismatched size inside
# the library (not our code); the rest of ASan stays on.
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=1:new_delete_type_mismatch=0}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}
# Leaks inside libxapian's own error paths (tests/lsan.supp says which).
export LSAN_OPTIONS=${LSAN_OPTIONS:-suppressions=$PWD/tests/lsan.supp}
if [ "$fast" = 1 ]; then
  (cd "$dir" && ctest --output-on-failure -j "$(nproc)" -L '^unit$')
  exit 0
fi
(cd "$dir" && ctest --output-on-failure -j "$(nproc)")
if [ "${ZC_SANITIZE:-0}" != 1 ]; then
  bash scripts/tsan.sh
fi
