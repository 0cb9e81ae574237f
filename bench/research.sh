#!/usr/bin/env bash
# The research tools on the CCTV news archive: trend and kwic for a common
# and a rare term, wall time and peak memory (/usr/bin/time -v), one run
# each after a warm-up.
#
# usage: bench/research.sh [BUILD_DIR] [ARCHIVE]
#   BUILD_DIR  default build; builds zhengce there if it is out of date
#   ARCHIVE    default ../shared/data/news-xwlb-json/assets.tar.xz
# environment: ZC_BENCH_DOCS=N indexes the first N news items only (a
#   subset, for a machine where the whole archive takes too long);
#   ZC_BENCH_COMMON, ZC_BENCH_RARE change the terms (default 发展 and 量子计算).
#
# The JSONL collection and the index live in BUILD_DIR/bench-data and are
# reused (the index is named by its size, as bench/search.sh names it).
set -euo pipefail
cd "$(dirname "$0")/.."
build=${1:-build}
archive=${2:-../shared/data/news-xwlb-json/assets.tar.xz}
[ -f "$archive" ] || { echo "bench/research.sh: no archive at $archive" >&2; exit 2; }
[ -x /usr/bin/time ] || { echo "bench/research.sh: /usr/bin/time is needed (apt-get install time)" >&2; exit 2; }
data="$build/bench-data"
jsonl="$data/news-xwlb.jsonl"
zc="$build/cli/zhengce"
common=${ZC_BENCH_COMMON:-发展}
rare=${ZC_BENCH_RARE:-量子计算}

[ -f "$build/CMakeCache.txt" ] || cmake -S . -B "$build" >/dev/null
cmake --build "$build" -j2 --target zhengce zhengce_dict >"$build/bench-research-build.log" 2>&1 ||
    { tail -n 30 "$build/bench-research-build.log" >&2; exit 2; }
bash bench/prepare_news_json.sh "$jsonl" "$archive"
sfx=""
if [ -n "${ZC_BENCH_DOCS:-}" ]; then
    sfx="-first$ZC_BENCH_DOCS"
    head -n "$ZC_BENCH_DOCS" "$jsonl" >"$data/news-xwlb$sfx.jsonl.tmp"
    cmp -s "$data/news-xwlb$sfx.jsonl.tmp" "$data/news-xwlb$sfx.jsonl" 2>/dev/null &&
        rm "$data/news-xwlb$sfx.jsonl.tmp" ||
        mv "$data/news-xwlb$sfx.jsonl.tmp" "$data/news-xwlb$sfx.jsonl"
    jsonl="$data/news-xwlb$sfx.jsonl"
fi
db="$data/zc-research-index$sfx"
if [ ! -s "$db.seconds" ] || [ "$db.seconds" -ot "$jsonl" ] || ! "$zc" info --db "$db" >/dev/null 2>&1; then
    rm -rf "$db" "$db.seconds"
    t0=$(date +%s.%N)
    "$zc" index --db "$db" --jobs 2 --full "$jsonl" 2>"$db.log" || { tail -n 5 "$db.log" >&2; exit 2; }
    t1=$(date +%s.%N)
    echo "$t1 - $t0" | bc >"$db.seconds"
fi
printf 'collection: %d items (%s), indexed in %.1f s\n\n' "$(wc -l <"$jsonl")" "$jsonl" "$(cat "$db.seconds")"
printf '%-8s %-10s %12s %12s %10s %10s\n' tool term occurrences documents seconds "peak MB"
run() { # tool term
    local out="$data/research-$1.out" tv="$data/research-$1.time"
    "$zc" "$1" --db "$db" --json "$2" >/dev/null 2>&1 || true # warm the cache
    /usr/bin/time -v "$zc" "$1" --db "$db" --json "$2" >"$out" 2>"$tv" || true
    local wall rss occ docs
    wall=$(sed -n 's/.*Elapsed (wall clock) time.*: //p' "$tv" | awk -F: '{ s = 0; for (i = 1; i <= NF; i++) s = s * 60 + $i; print s }')
    rss=$(sed -n 's/.*Maximum resident set size (kbytes): //p' "$tv")
    if [ "$1" = trend ]; then
        occ=$(jq .occurrences "$out"); docs=$(jq .documents "$out")
    else
        occ=$(jq .total "$out"); docs=$(jq .documents "$out")
    fi
    printf '%-8s %-10s %12s %12s %10.2f %10.1f\n' "$1" "$2" "$occ" "$docs" "$wall" "$(echo "$rss / 1024" | bc -l)"
}
for term in "$common" "$rare"; do
    run trend "$term"
    run kwic "$term"
done
