#!/usr/bin/env bash
# Line coverage of the whole test suite: builds build-cov/ with gcc's
# --coverage (ZC_COVERAGE, unoptimized), runs every test there as
# scripts/test.sh does, and reports with gcovr the lines executed per file
# and per top-level directory of the engine. Fails when a test fails or a
# directory falls below its floor (below; docs/testing.md gives the figures
# they were set from). Reports: build-cov/coverage.txt (per file),
# build-cov/coverage-dirs.md (per directory), build-cov/coverage/index.html
# (each file annotated line by line).
#   usage: scripts/coverage.sh
set -euo pipefail
cd "$(dirname "$0")/.."

# Floors, in per cent of lines: a little below what the suite reaches, so
# that a change leaving code untested fails here.
declare -A floor=(
  [common]=85
  [text]=92
  [extract]=84
  [index]=88
  [dict]=86
  [indexer]=90
  [searcher]=92
  [xapian-c]=79
  [research]=86
  [api]=88
  [http]=87
  [cli]=76
)
dirs=(common text extract dict index indexer searcher research xapian-c api http cli)

bash scripts/deps.sh
dir=build-cov
if [ ! -f "$dir/CMakeCache.txt" ]; then
  cmake -S . -B "$dir" -DZC_COVERAGE=ON -DCMAKE_BUILD_TYPE=Debug >&2
fi
cmake --build "$dir" -j "$(nproc)" >&2
# Counts of earlier runs (and of the dictionary compiler run by the build)
# would add up with this run's.
find "$dir" -name '*.gcda' -delete

# As scripts/test.sh: leaks inside libxapian's own error paths.
export LSAN_OPTIONS=${LSAN_OPTIONS:-suppressions=$PWD/tests/lsan.supp}
tests=0
(cd "$dir" && ctest --output-on-failure -j "$(nproc)") || tests=$?

mkdir -p "$dir/coverage"
filters=()
for d in "${dirs[@]}"; do
  filters+=(--filter "$d/")
done
gcovr --root . "$dir" "${filters[@]}" -j "$(nproc)" --sort-uncovered \
  --txt "$dir/coverage.txt" --json-summary "$dir/coverage.json" \
  --html-details "$dir/coverage/index.html" --html-title "zhengce: line coverage of the test suite"
cat "$dir/coverage.txt"

# Per directory: gcovr's per-file counts added up.
report=$dir/coverage-dirs.md
below=()
{
  echo "| directory | lines | executed | coverage | floor |"
  echo "|---|---:|---:|---:|---:|"
  for d in "${dirs[@]}"; do
    read -r covered total < <(jq -r --arg d "$d/" '[.files[] | select(.filename | startswith($d))]
      | "\(map(.line_covered) | add // 0) \(map(.line_total) | add // 0)"' "$dir/coverage.json")
    pct=$(echo "scale=1; if ($total == 0) 0 else 100 * $covered / $total" | bc)
    printf '| %s/ | %s | %s | %.1f %% | %s %% |\n' "$d" "$total" "$covered" "$pct" "${floor[$d]}"
    if [ "$(echo "$pct < ${floor[$d]}" | bc)" = 1 ]; then
      below+=("$d/ at $pct % (floor ${floor[$d]} %)")
    fi
  done
  jq -r '"| all | \(.line_total) | \(.line_covered) | \(.line_percent) % | |"' "$dir/coverage.json"
} >"$report"
echo
cat "$report"

status=0
if [ "$tests" -ne 0 ]; then
  echo "coverage: some tests failed (above)" >&2
  status=1
fi
if [ ${#below[@]} -gt 0 ]; then
  for b in "${below[@]}"; do
    echo "coverage: $b: test what was left untested (build-cov/coverage/index.html shows which lines)" >&2
  done
  status=1
fi
exit "$status"
