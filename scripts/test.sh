#!/usr/bin/env bash
# The second set-up command: installs what is missing, builds and runs the
# whole test suite. ZC_SANITIZE=1 runs it under ASan+UBSan; otherwise the
# thread test also runs under ThreadSanitizer (scripts/tsan.sh, build-tsan/).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/deps.sh
dir=$(bash scripts/build.sh)
# libxapian 1.4.22's Database::check() frees with a mismatched size inside
# the library (not our code); the rest of ASan stays on.
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=1:new_delete_type_mismatch=0}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}
# Leaks inside libxapian's own error paths (tests/lsan.supp says which).
export LSAN_OPTIONS=${LSAN_OPTIONS:-suppressions=$PWD/tests/lsan.supp}
(cd "$dir" && ctest --output-on-failure -j "$(nproc)")
if [ "${ZC_SANITIZE:-0}" != 1 ]; then
  bash scripts/tsan.sh
fi
