#!/usr/bin/env bash
# Query latency over shards: one local index against the same documents
# split over 2 and 4 shards, each served by xapian-tcpsrv on 127.0.0.1
# (docs/scale-out.md). The collection is a slice of the CCTV news archive
# (bench/search.sh prepares it), split by rows into 4 equal parts.
#
# usage: bench/scale.sh [BUILD_DIR] [DOCS]
#   BUILD_DIR  default build (zhengce and the dictionary built there)
#   DOCS       documents in the slice, default 20000
# environment: ZC_BENCH_QUERIES, ZC_BENCH_PASSES (default 300, 3).
#
# Generated files live in BUILD_DIR/bench-data/scale.
set -euo pipefail
cd "$(dirname "$0")/.."
build=${1:-build}
docs=${2:-20000}
data="$build/bench-data"
jsonl="$data/news-xwlb.jsonl"
out="$data/scale"
zc="$build/cli/zhengce"
dict="$build/dict/zhengce.dict"
bin="$out/zc-bench-scale"
command -v xapian-tcpsrv >/dev/null || { echo "bench/scale.sh: needs xapian-tcpsrv (xapian-tools)" >&2; exit 2; }
[ -f "$jsonl" ] || bash bench/prepare_news_json.sh "$jsonl" ../shared/data/news-xwlb-json/assets.tar.xz
cmake --build "$build" -j2 --target zhengce zhengce_dict zhengce_core >/dev/null
mkdir -p "$out"

# The driver links the static core library (it uses the query mix's
# segmenter access as bench/search_bench.c does).
libs=$(pkg-config --libs xapian-core jansson glib-2.0 libutf8proc opencc uchardet libxml-2.0 libxxhash libzstd)
cc -std=c11 -D_GNU_SOURCE -O2 -Wall -Wextra -Werror -I include -I . bench/scale_bench.c bench/query_mix.c \
    "$build/libzhengce_core.a" $libs -lcsv -lstdc++ -lm -lpthread -o "$bin"

# Four parts of DOCS/4 rows; the slice itself feeds the query mix.
if [ ! -s "$out/slice.jsonl" ] || [ "$(wc -l <"$out/slice.jsonl")" != "$docs" ]; then
    rm -rf "$out"/part* "$out"/idx-* "$out/slice.jsonl"
    head -n "$docs" "$jsonl" >"$out/slice.jsonl"
    for k in 0 1 2 3; do
        awk -v k=$k 'NR % 4 == k' "$out/slice.jsonl" >"$out/part$k.jsonl"
    done
fi
index() { # DB PARTS...
    local db=$1; shift
    [ -d "$db" ] && "$zc" info --db "$db" >/dev/null 2>&1 && return 0
    rm -rf "$db"
    "$zc" index --db "$db" --jobs 2 --full "$@" >/dev/null 2>"$db.log"
}
index "$out/idx-1" "$out"/part{0,1,2,3}.jsonl
index "$out/idx-2a" "$out"/part{0,1}.jsonl
index "$out/idx-2b" "$out"/part{2,3}.jsonl
for k in 0 1 2 3; do index "$out/idx-4$k" "$out/part$k.jsonl"; done

# Each server leads a process group of its own (setsid), recorded so that
# the exit kills it and the children it forked per connection.
: >"$out/servers.pid"
cleanup() { while read -r p; do kill -- -"$p" 2>/dev/null || true; done <"$out/servers.pid"; }
trap cleanup EXIT
echo $((20000 + RANDOM % 20000)) >"$out/port"
serve() { # DIR → prints tcp://127.0.0.1:PORT (run in $(...): state in files)
    local port=$(($(cat "$out/port") + 1))
    echo $port >"$out/port"
    setsid xapian-tcpsrv --port $port --interface 127.0.0.1 --quiet "$1" >/dev/null 2>&1 &
    echo $! >>"$out/servers.pid"
    for _ in $(seq 100); do (exec 3<>/dev/tcp/127.0.0.1/$port) 2>/dev/null && break; sleep 0.05; done
    echo "tcp://127.0.0.1:$port"
}
run() { "$bin" --jsonl "$out/slice.jsonl" --dict "$dict" --queries "${ZC_BENCH_QUERIES:-300}" \
    --passes "${ZC_BENCH_PASSES:-3}" "$@"; }

echo "documents: $docs; index size: 1 index $(du -sb "$out/idx-1" | cut -f1) bytes"
echo "1 local index:";            run "$out/idx-1"
echo "1 index over loopback:";    run "$(serve "$out/idx-1")"
echo "2 shards over loopback:";   run "$(serve "$out/idx-2a")" "$(serve "$out/idx-2b")"
s4=(); for k in 0 1 2 3; do s4+=("$(serve "$out/idx-4$k")"); done
echo "4 shards over loopback:";   run "${s4[@]}"
echo "4 local shards:";           run "$out"/idx-4{0,1,2,3}
