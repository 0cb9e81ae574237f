#!/usr/bin/env bash
# Search latency benchmark: zhengce beside Xapian's QueryParser with
# FLAG_CJK_NGRAM over Xapian's own n-gram index, on the ~75,000 items of
# the CCTV news archive (one document per item), in one run.
#
# usage: bench/search.sh [BUILD_DIR] [ARCHIVE]
#   BUILD_DIR  default build; builds zhengce, the dictionary and the bench
#              programs there if they are out of date
#   ARCHIVE    default ../shared/data/news-xwlb-json/assets.tar.xz
# environment: ZC_BENCH_REINDEX=1 rebuilds both indexes; ZC_BENCH_PASSES,
#   ZC_BENCH_QUERIES, ZC_BENCH_SEED change the run (default 3, 300, 20120702);
#   ZC_BENCH_FLAGS=--no-facets runs zhengce without facets, "--threads 1"
#   searches in one thread (default: in parallel parts, one per core);
#   ZC_BENCH_DOCS=N searches N documents: the items, then the first ones
#   again, up to N (the target is for 100,000, more than the archive has).
#
# Everything generated lives in BUILD_DIR/bench-data (the unpacked archive,
# the JSONL collection, both indexes and their build times, the per-query
# times in search-queries.tsv) and is reused while the JSONL is unchanged,
# so a second run only searches.
set -euo pipefail
cd "$(dirname "$0")/.."
build=${1:-build}
archive=${2:-../shared/data/news-xwlb-json/assets.tar.xz}
[ -f "$archive" ] || { echo "bench/search.sh: no archive at $archive" >&2; exit 2; }
data="$build/bench-data"
jsonl="$data/news-xwlb.jsonl"
zc="$build/cli/zhengce"
anchor="$build/bench/zc-bench-ngram-index"
searcher="$build/bench/zc-bench-search"
dict="$build/dict/zhengce.dict"

[ -f "$build/CMakeCache.txt" ] || cmake -S . -B "$build" >/dev/null
cmake --build "$build" -j2 --target zhengce zhengce_dict zc-bench-ngram-index zc-bench-search \
    >"$build/bench-search-build.log" 2>&1 ||
    { tail -n 30 "$build/bench-search-build.log" >&2; exit 2; }

bash bench/prepare_news_json.sh "$jsonl" "$archive"
sfx=""
if [ -n "${ZC_BENCH_DOCS:-}" ]; then
    sfx="-$ZC_BENCH_DOCS"
    padded="$data/news-xwlb$sfx.jsonl"
    if [ ! -s "$padded" ] || [ "$padded" -ot "$jsonl" ]; then
        items=$(wc -l <"$jsonl")
        for ((k = 0; k * items < ZC_BENCH_DOCS; k++)); do cat "$jsonl"; done >"$padded.tmp"
        head -n "$ZC_BENCH_DOCS" "$padded.tmp" >"$padded"
        rm -f "$padded.tmp"
    fi
    jsonl=$padded
fi
docs=$(wc -l <"$jsonl")
bytes=$(stat -c %s "$jsonl")

# An index is reused when its stamp (the build time) is newer than the JSONL.
fresh() { [ -z "${ZC_BENCH_REINDEX:-}" ] && [ -s "$1.seconds" ] && [ "$1.seconds" -nt "$jsonl" ]; }

zdb="$data/zc-index$sfx"
if ! fresh "$zdb" || ! "$zc" info --db "$zdb" >/dev/null 2>&1; then
    rm -rf "$zdb" "$zdb.seconds"
    t0=$(date +%s.%N)
    "$zc" index --db "$zdb" --jobs 2 --full "$jsonl" 2>"$zdb.log" ||
        { tail -n 5 "$zdb.log" >&2; exit 2; }
    t1=$(date +%s.%N)
    echo "$t1 - $t0" | bc >"$zdb.seconds"
fi

ndb="$data/ngram-index$sfx"
if ! fresh "$ndb" || [ ! -d "$ndb" ]; then
    rm -rf "$ndb" "$ndb.seconds"
    "$anchor" --jsonl "$ndb" "$jsonl" >"$ndb.log"
    sed -n 's/.* seconds=\([0-9.]*\) .*/\1/p' "$ndb.log" >"$ndb.seconds"
fi

awk -v docs="$docs" -v b="$bytes" \
    -v zs="$(cat "$zdb.seconds")" -v zi="$(du -sb "$zdb" | cut -f1)" \
    -v ns="$(cat "$ndb.seconds")" -v ni="$(du -sb "$ndb" | cut -f1)" 'BEGIN {
  printf "collection: %d items, %.1f MB of JSONL\n\n", docs, b / 1e6
  printf "%-38s %8s %10s %8s\n", "index", "seconds", "index MB", "× JSONL"
  printf "%-38s %8.1f %10.1f %8.2f\n", "zhengce index --jobs 2 (pipeline)", zs, zi / 1e6, zi / b
  printf "%-38s %8.1f %10.1f %8.2f\n\n", "Xapian FLAG_CJK_NGRAM (1 thread)", ns, ni / 1e6, ni / b
}'

read -ra flags <<<"${ZC_BENCH_FLAGS:-}"
"$searcher" "${flags[@]}" --zc "$zdb" --ngram "$ndb" --jsonl "$jsonl" --dict "$dict" \
    --passes "${ZC_BENCH_PASSES:-3}" --queries "${ZC_BENCH_QUERIES:-300}" \
    --seed "${ZC_BENCH_SEED:-20120702}" --dump "$data/search-queries$sfx.tsv" 2>"$data/search.log" ||
    { tail -n 20 "$data/search.log" >&2; exit 2; }
