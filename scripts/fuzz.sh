#!/usr/bin/env bash
# Runs every libFuzzer target of tests/fuzz for SECONDS each (default 60),
# two at a time, and prints a table of what they did, also written to
# build-fuzz/fuzz-figures.md. Builds build-fuzz/ with clang and -DZC_FUZZ=ON
# first (installing what is missing with scripts/deps.sh). Each target
# grows its own corpus in build-fuzz/corpus/<target>, seeded from
# tests/fuzz/seeds/<target>; inputs that fail are saved in
# build-fuzz/crashes/<target>/ (copy them to tests/fuzz/regressions/<target>/
# once fixed). Exits 1 if any target failed.
#
#   usage: scripts/fuzz.sh [SECONDS_PER_TARGET]
#   env:   ZC_FUZZ_JOBS (targets run at once, default 2),
#          ZC_FUZZ_TARGETS (a space-separated subset, default all)
set -euo pipefail
cd "$(dirname "$0")/.."
secs=${1:-60}
case $secs in '' | *[!0-9]*) echo "usage: scripts/fuzz.sh [SECONDS_PER_TARGET]" >&2; exit 2 ;; esac
jobs=${ZC_FUZZ_JOBS:-2}
dir=build-fuzz

bash scripts/deps.sh
if [ ! -f "$dir/CMakeCache.txt" ]; then
  # Warnings are not errors here: clang warns about things gcc does not,
  # and the fuzzers should run whatever it thinks of the style.
  CC=clang CXX=clang++ cmake -S . -B "$dir" -DZC_FUZZ=ON -DZC_WERROR=OFF -DBUILD_TESTING=OFF \
    -DCMAKE_BUILD_TYPE=RelWithDebInfo >&2
fi
cmake --build "$dir" -j "$(nproc)" --target fuzz_all >&2

# The list may run over several lines of the cmake file.
targets=${ZC_FUZZ_TARGETS:-$(tr '\n' ' ' <tests/fuzz/targets.cmake |
  sed -n 's/.*set(ZC_FUZZ_TARGETS \([^)]*\)).*/\1/p' | tr -s ' ')}
[ -n "$targets" ] || { echo "fuzz: no targets in tests/fuzz/targets.cmake" >&2; exit 1; }

# As scripts/test.sh: libxapian's own size-mismatched delete is not ours.
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:new_delete_type_mismatch=0}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}

run_one() {
  local t=$1 corpus=$dir/corpus/$1 crashes=$dir/crashes/$1 log=$dir/logs/$1.log
  mkdir -p "$corpus" "$crashes" "$dir/logs"
  cp -n tests/fuzz/seeds/"$t"/* "$corpus"/ 2>/dev/null || true
  local start end rc=0
  touch "$dir/logs/$t.stamp"
  start=$(date +%s.%N)
  # -timeout: an input taking longer is a hang, saved like a crash.
  "$dir/tests/fuzz/fuzz_$t" -max_total_time="$secs" -rss_limit_mb=2048 -timeout=25 \
    -print_final_stats=1 -artifact_prefix="$crashes/" "$corpus" >"$log" 2>&1 || rc=$?
  end=$(date +%s.%N)
  echo "$rc $(echo "$end - $start" | bc)" >"$dir/logs/$t.status"
}

rm -f "$dir"/logs/*.status
running=0
for t in $targets; do
  [ -x "$dir/tests/fuzz/fuzz_$t" ] || { echo "fuzz: no target fuzz_$t" >&2; exit 1; }
  if [ "$running" -ge "$jobs" ]; then
    wait -n
    running=$((running - 1))
  fi
  echo "fuzz: $t for ${secs}s" >&2
  run_one "$t" &
  running=$((running + 1))
done
wait

figures=$dir/fuzz-figures.md
failed=0
{
  echo "| target | seconds | executions | exec/s | corpus | crashes |"
  echo "|---|---:|---:|---:|---:|---:|"
  for t in $targets; do
    log=$dir/logs/$t.log
    read -r rc wall <"$dir/logs/$t.status"
    execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)
    execs=${execs:-0}
    # The corpus as libFuzzer last reported it ("corp: 123/45Kb").
    corp=$(grep -o 'corp: [0-9]*' "$log" | tail -1 | sed 's/corp: //')
    # libFuzzer stops at the first crash, leak, timeout or OOM it saves.
    crashes=$(find "$dir/crashes/$t" -type f -newer "$dir/logs/$t.stamp" | wc -l)
    if [ "$rc" -ne 0 ]; then
      failed=1
      [ "$crashes" -gt 0 ] || crashes=1
    fi
    printf '| %s | %.0f | %s | %.0f | %s | %s |\n' "$t" "$wall" "$execs" \
      "$(echo "$execs / $wall" | bc -l)" "${corp:-?}" "$crashes"
  done
} >"$figures.tmp"
{
  echo "Fuzzing, ${secs} s per target, $jobs at a time, $(date -u +%Y-%m-%d) on $(nproc) cores"
  echo "($(clang --version | head -1), libFuzzer + ASan + UBSan):"
  echo
  cat "$figures.tmp"
} >"$figures"
rm -f "$figures.tmp"
cat "$figures"
if [ "$failed" -ne 0 ]; then
  for t in $targets; do
    read -r rc _ <"$dir/logs/$t.status"
    if [ "$rc" -ne 0 ]; then
      echo "fuzz: $t failed (exit $rc); the end of $dir/logs/$t.log:" >&2
      tail -40 "$dir/logs/$t.log" >&2
      ls "$dir/crashes/$t" >&2
    fi
  done
  exit 1
fi
