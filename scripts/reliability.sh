#!/usr/bin/env bash
# Reproduces the figures of docs/reliability.md in one command: builds, runs
# the hostile-input tests (tests/test_hostile.c, test_hostile_fs.c,
# test_hostile_query.c), the big-file tests with the 200 MB files
# (tests/test_bigfile.c, ZC_BIG_TESTS=1), the crash, lock and concurrency
# tests (tests/test_crash.c) and the disk-full tests (tests/test_disk_full.c)
# and prints what they report; then runs
# scripts/fuzz.sh (when present) and copies its table,
# build-fuzz/fuzz-figures.md, into the marked block of docs/reliability.md.
#
#   usage: scripts/reliability.sh [FUZZ_SECONDS_PER_TARGET]   (default 60; 0: no fuzzing)
#   env:   ZC_SANITIZE=1   run the tests under ASan+UBSan (build-asan/)
#          ZC_CRASH_RUNS   SIGKILL runs (default 24), ZC_CRASH_SEED their seed
set -euo pipefail
cd "$(dirname "$0")/.."
fuzz_secs=${1:-60}
case $fuzz_secs in '' | *[!0-9]*)
  echo "usage: scripts/reliability.sh [FUZZ_SECONDS_PER_TARGET]" >&2; exit 2 ;;
esac

bash scripts/deps.sh
dir=$(bash scripts/build.sh zhengce zhengce_dict test_hostile test_hostile_fs test_hostile_query \
  test_bigfile test_badfile zc_vanish_preload test_crash test_disk_full)
# As scripts/test.sh: libxapian's own size-mismatched delete is not ours.
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=1:new_delete_type_mismatch=0}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}
export LSAN_OPTIONS=${LSAN_OPTIONS:-suppressions=$PWD/tests/lsan.supp}

log=$(mktemp)
trap 'rm -f "$log"' EXIT
status=0
start=$(date +%s)
(cd "$dir" && ZC_BIG_TESTS=1 ctest -V \
  -R '^(test_hostile|test_hostile_fs|test_hostile_query|test_bigfile|test_badfile|test_bigfile_big|test_crash|test_disk_full)$') \
  >"$log" 2>&1 || status=$?
end=$(date +%s)
echo "== hostile input, big files, kills, locks, concurrent searches, disk full ($dir, $((end - start)) s)"
# The lines the tests print for the figures ("# ..."), and the verdicts.
sed -n 's/^[0-9]*: \(# .*\)$/\1/p; s/^[0-9]*: \(\[  \(PASSED\|FAILED\|SKIPPED\) *\].*\)$/\1/p' "$log"
if [ "$status" != 0 ]; then
  cat "$log"
  echo "reliability: the hostile or crash tests failed" >&2
  exit 1
fi

if [ "$fuzz_secs" != 0 ] && [ -f scripts/fuzz.sh ]; then
  echo "== fuzzing, $fuzz_secs s per target (scripts/fuzz.sh)"
  bash scripts/fuzz.sh "$fuzz_secs" || status=$?
fi
figures=build-fuzz/fuzz-figures.md
doc=docs/reliability.md
if [ -f "$figures" ] && grep -q '<!-- fuzz-figures:begin' "$doc"; then
  # Replace what lies between the markers with the fuzzer's table.
  awk -v f="$figures" '
    /<!-- fuzz-figures:begin/ { print; while ((getline l < f) > 0) print l; skip = 1; next }
    /<!-- fuzz-figures:end/ { skip = 0 }
    !skip { print }' "$doc" >"$doc.tmp" && mv "$doc.tmp" "$doc"
  echo "reliability: $doc updated from $figures"
fi
exit "$status"
