#!/usr/bin/env bash
# Under ThreadSanitizer, in build-tsan/: four threads searching one shared
# index handle (tests/test_api.c), and `zhengce index` with two workers
# writing both ways (shard mode, then direct mode after changes) over
# copies of corpus/ and a collection whose rows are handed between the
# workers. Builds only what those need. Fails on any report. Prints
# nothing but the verdict unless it fails.
set -euo pipefail
cd "$(dirname "$0")/.."
dir=build-tsan
if [ ! -f "$dir/CMakeCache.txt" ]; then
  cmake -S . -B "$dir" -DZC_TSAN=ON -DCMAKE_BUILD_TYPE=RelWithDebInfo >&2
fi
cmake --build "$dir" -j "$(nproc)" --target test_api zhengce zhengce_dict >&2
# libxapian, glib and OpenCC are not instrumented: TSan sees our code and
# the calls into them, which is where sharing a handle could go wrong.
export TSAN_OPTIONS=${TSAN_OPTIONS:-halt_on_error=1:exitcode=66:second_deadlock_stack=1}
# glib 2.74's slice allocator hands freed blocks from one thread's magazine
# to another's under its own futex-based locks, which ThreadSanitizer cannot
# see; the recycled block then looks like an unsynchronised write ("free" in
# libglib racing a write by another thread). With always-malloc every glib
# allocation goes through the intercepted malloc/free, so reports are about
# our code again.
export G_SLICE=always-malloc
log=$(mktemp)
work=$(mktemp -d)
trap 'rm -rf "$log" "$work"' EXIT
if ! ZC_SOURCE_DIR=$PWD ZC_BINARY_DIR=$PWD/$dir "$dir/tests/test_api" >"$log" 2>&1; then
  cat "$log"
  echo "tsan: test_api failed under ThreadSanitizer" >&2
  exit 1
fi
if grep -q 'WARNING: ThreadSanitizer' "$log"; then
  cat "$log"
  exit 1
fi
echo "tsan: test_api (4 threads sharing one handle) passed, no ThreadSanitizer reports" >&2

# Indexing: 40 copies of each corpus report and a 1,000-row collection.
tree=$work/tree
mkdir -p "$tree"
for i in $(seq 1 40); do
  for f in corpus/*.txt; do cp "$f" "$tree/$i-${f##*/}"; done
done
{
  echo 'title,full_text'
  cat corpus/*.txt | tr -d '",\r' | grep -v '^$' | head -n 1000 | awk '{ printf "行%d,\"%s\"\n", NR, $0 }'
} >"$tree/rows.csv"
zc=$dir/cli/zhengce
index() {
  if ! ZHENGCE_DICT=$PWD/$dir/dict/zhengce.dict "$zc" index --db "$work/db" --jobs 2 "$@" "$tree" \
    >"$log" 2>&1 || grep -q 'WARNING: ThreadSanitizer' "$log"; then
    cat "$log"
    echo "tsan: zhengce index $* failed under ThreadSanitizer" >&2
    exit 1
  fi
}
index --full --mode shards
for i in 1 2 3; do printf '\n新增一段关于新能源汽车的文字。\n' >>"$tree/$i-$(basename corpus/000_*.txt)"; done
rm -f "$tree/4-"*
index --mode direct
echo "tsan: zhengce index (2 workers, shard and direct mode) passed, no ThreadSanitizer reports" >&2
