#!/usr/bin/env bash
# HTTP API benchmark: `zhengce serve --http` on the CCTV news archive (one
# document per item, the index bench/search.sh builds), searched through
# GET /search (top 10 with snippets and all four facets, as the page asks)
# by 1, 4 and 16 concurrent clients with keep-alive connections
# (bench/http_load.py, Python's own http.client): throughput and p50/p99
# latency per concurrency.
#
# usage: bench/http.sh [BUILD_DIR] [ARCHIVE]
# environment: ZC_BENCH_REQUESTS (per concurrency, default 600),
#   ZC_BENCH_THREADS (the server's --threads, default 4), ZC_BENCH_DOCS=N
#   (index only the first N items: a subset), ZC_BENCH_REINDEX=1.
set -euo pipefail
cd "$(dirname "$0")/.."
build=${1:-build}
archive=${2:-../shared/data/news-xwlb-json/assets.tar.xz}
[ -f "$archive" ] || { echo "bench/http.sh: no archive at $archive" >&2; exit 2; }
data="$build/bench-data"
jsonl="$data/news-xwlb.jsonl"
zc="$build/cli/zhengce"
requests=${ZC_BENCH_REQUESTS:-600}

[ -f "$build/CMakeCache.txt" ] || cmake -S . -B "$build" >/dev/null
cmake --build "$build" -j2 --target zhengce zhengce_dict >"$build/bench-http-build.log" 2>&1 ||
    { tail -n 30 "$build/bench-http-build.log" >&2; exit 2; }
bash bench/prepare_news_json.sh "$jsonl" "$archive"
sfx=""
if [ -n "${ZC_BENCH_DOCS:-}" ]; then
    sfx="-first$ZC_BENCH_DOCS"
    head -n "$ZC_BENCH_DOCS" "$jsonl" >"$data/news-xwlb$sfx.jsonl"
    jsonl="$data/news-xwlb$sfx.jsonl"
fi
zdb="$data/zc-index$sfx"
fresh() { [ -z "${ZC_BENCH_REINDEX:-}" ] && [ -s "$1.seconds" ] && [ "$1.seconds" -nt "$jsonl" ]; }
if ! fresh "$zdb" || ! "$zc" info --db "$zdb" >/dev/null 2>&1; then
    rm -rf "$zdb" "$zdb.seconds"
    t0=$(date +%s.%N)
    "$zc" index --db "$zdb" --jobs 2 --full "$jsonl" 2>"$zdb.log" ||
        { tail -n 5 "$zdb.log" >&2; exit 2; }
    echo "$(date +%s.%N) - $t0" | bc >"$zdb.seconds"
fi

# The queries: policy words of one to four characters, names, Latin and
# digits, phrases, filters and operators, as a page's users type them.
queries="$data/http-queries.txt"
cat >"$queries" <<'Q'
经济
改革
新质生产力
人工智能
"一带一路"
乡村振兴
5G
GDP
碳达峰 碳中和
习近平 会见
疫情 防控
高质量发展 year:2020..2023
长江 -黄河
北京 OR 上海
科技创新
民营经济
脱贫攻坚
粮食 安全
新能源汽车
数字经济 region:全国
Q

"$zc" serve --http --port 0 --db "$zdb" --threads "${ZC_BENCH_THREADS:-4}" >"$data/http-serve.log" &
server=$!
trap 'kill $server 2>/dev/null; wait $server 2>/dev/null || true' EXIT
port=""
for _ in $(seq 100); do
    port=$(sed -n 's|.*http://127.0.0.1:\([0-9]*\)/.*|\1|p' "$data/http-serve.log")
    [ -n "$port" ] && break
    sleep 0.1
done
[ -n "$port" ] || { echo "bench/http.sh: the server did not start" >&2; cat "$data/http-serve.log" >&2; exit 2; }

docs=$("$zc" info --db "$zdb" --json | jq .documents)
echo "zhengce serve --http --threads ${ZC_BENCH_THREADS:-4}: $docs documents, $(nproc) cores;"
echo "GET /search?q=… (top 10, snippets, facets), $requests requests per row after 20 to warm up"
echo
python3 bench/http_load.py "$port" "$queries" 1 20 >/dev/null
printf "%-8s %9s %7s %8s %9s %9s %9s\n" clients requests errors seconds "req/s" "p50 ms" "p99 ms"
for c in 1 4 16; do
    python3 bench/http_load.py "$port" "$queries" "$c" "$requests" |
        awk -F'\t' '{printf "%-8s %9s %7s %8s %9s %9s %9s\n", $1, $2, $3, $4, $5, $6, $7}'
done
