#!/usr/bin/env bash
# zhengce beside the engines a user would pick instead, all in Debian, on
# the same text in one run (docs/benchmarks.md, "Peers"):
#   Groonga 13      TokenBigram + NormalizerAuto (bench/peer_groonga.c)
#   SQLite FTS5     the trigram tokenizer (bench/peer_sqlite.c)
#   zhengce         `zhengce index --jobs 2`, searched through the C API
#                   with and without facets (bench/peer_zc.c)
#   floor           zhengce's own postings replayed into Xapian through its
#                   public API alone (bench/floor.cc)
# over the CCTV news archive as one JSONL collection
# (bench/prepare_news_json.sh). Each round indexes with every engine, then
# runs every query once on each, the engines' order turning from round to
# round; the report gives per engine the index wall and CPU time, peak
# memory and index size (median and range over the rounds), and per query
# class the latency p50/p90/p99 and how many totals agree with a plain
# substring scan of the same text (bench/peer_queries.c).
#
# usage: bench/peers.sh [--rounds N] [--limit-docs N] [--queries N] [--install] [BUILD_DIR]
#   --rounds N      rounds (default 3)
#   --limit-docs N  the first N items only (a quick run)
#   --queries N     queries per class (default 60)
#   --install       installs the peers first (apt-get: groonga-bin,
#                   libgroonga-dev, sqlite3, libsqlite3-dev)
# Exit status: 0, 2 when something needed is missing or fails.
# Everything generated lives in BUILD_DIR/bench-data/peers (default build).
set -euo pipefail
cd "$(dirname "$0")/.."
rounds=3 limit="" per=60 install=0 build=build
while [ $# -gt 0 ]; do
    case $1 in
    --rounds) rounds=$2; shift 2 ;;
    --limit-docs) limit=$2; shift 2 ;;
    --queries) per=$2; shift 2 ;;
    --install) install=1; shift ;;
    -h | --help) sed -n '2,24p' "$0"; exit 0 ;;
    -*) echo "bench/peers.sh: unknown option $1" >&2; exit 2 ;;
    *) build=$1; shift ;;
    esac
done
if [ "$install" = 1 ]; then
    sudo=""
    [ "$(id -u)" -eq 0 ] || sudo=sudo
    $sudo apt-get install -y groonga-bin libgroonga-dev sqlite3 libsqlite3-dev
fi
[ -x /usr/bin/time ] || { echo "bench/peers.sh: /usr/bin/time is needed (apt-get install time)" >&2; exit 2; }

out="$build/bench-data/peers"
mkdir -p "$out"
[ -f "$build/CMakeCache.txt" ] || cmake -S . -B "$build" >/dev/null
cmake "$build" >/dev/null # finds peers installed since the last configure
targets=(zhengce zhengce_dict zc-bench-peer-queries zc-bench-peer-zc zc-bench-floor)
engines=(zhengce floor)
if pkg-config --exists groonga; then targets+=(zc-bench-peer-groonga); engines+=(groonga); else
    echo "bench/peers.sh: Groonga left out (no libgroonga-dev; --install installs it)" >&2; fi
if [ -f /usr/include/sqlite3.h ]; then targets+=(zc-bench-peer-sqlite); engines+=(sqlite); else
    echo "bench/peers.sh: SQLite left out (no libsqlite3-dev; --install installs it)" >&2; fi
cmake --build "$build" -j2 --target "${targets[@]}" >"$out/build.log" 2>&1 ||
    { tail -n 30 "$out/build.log" >&2; exit 2; }
bin="$build/bench"
zc="$build/cli/zhengce"

jsonl="$build/bench-data/news-xwlb.jsonl"
bash bench/prepare_news_json.sh "$jsonl"
if [ -n "$limit" ]; then
    head -n "$limit" "$jsonl" >"$out/docs.jsonl"
else
    cp "$jsonl" "$out/docs.jsonl"
fi
docs="$out/docs.jsonl"
echo "collection: $(wc -l <"$docs") items, $(($(stat -c %s "$docs") / 1000000)) MB of JSONL;" \
    "load at start: $(cut -d' ' -f1-3 /proc/loadavg)"
"$bin/zc-bench-peer-queries" "$docs" "$build/dict/zhengce.dict" "$per" 20120702 >"$out/queries.tsv"

# Times one indexing command: ENGINE ROUND DIR CMD...; a line of
# engine round wall cpu maxrss_kb bytes to $out/index.tsv (bytes on disk:
# Groonga's files are sparse, their apparent size far larger).
timed_index() {
    local engine=$1 round=$2 dir=$3
    shift 3
    rm -rf "$dir"
    /usr/bin/time -v -o "$out/time.txt" "$@" >"$out/$engine.log" 2>&1 ||
        { tail -n 20 "$out/$engine.log" >&2; exit 2; }
    awk -v e="$engine" -v r="$round" -v b="$(du -sB1 "$dir" | cut -f1)" -F': ' '
      /Elapsed \(wall clock\)/ { n = split($2, t, ":"); w = 0; for (i = 1; i <= n; i++) w = w * 60 + t[i] }
      /User time/ { u = $2 } /System time/ { s = $2 } /Maximum resident/ { m = $2 }
      END { printf "%s\t%s\t%.2f\t%.2f\t%d\t%d\n", e, r, w, u + s, m, b }' "$out/time.txt" >>"$out/index.tsv"
}

: >"$out/index.tsv"
: >"$out/search.tsv"
rm -f "$out/floor.dump" # the postings of this run's collection, dumped in its first round
for ((r = 1; r <= rounds; r++)); do
    n=${#engines[@]}
    order=("${engines[@]:$(((r - 1) % n))}" "${engines[@]:0:$(((r - 1) % n))}")
    for e in "${order[@]}"; do
        case $e in
        zhengce) timed_index zhengce "$r" "$out/zc" "$zc" index --db "$out/zc" --jobs 2 --full "$docs" ;;
        floor)
            # The postings are dumped once from an index zhengce made, untimed.
            if [ ! -s "$out/floor.dump" ]; then
                [ -d "$out/zc" ] || "$zc" index --db "$out/zc" --jobs 2 --full "$docs" >/dev/null 2>&1
                "$bin/zc-bench-floor" dump "$out/zc" "$out/floor.dump" 2>>"$out/floor.log"
            fi
            rm -rf "$out/floor.shards"
            timed_index floor "$r" "$out/floor" "$bin/zc-bench-floor" replay "$out/floor.dump" "$out/floor" 2
            # its own clock leaves out loading the dump
            sed -n 's/^floor: .* wall \([0-9.]*\) s .* cpu \([0-9.]*\) s$/\1 \2/p' "$out/floor.log" |
                while read -r w c; do
                    awk -v w="$w" -v c="$c" 'BEGIN{FS=OFS="\t"} { if ($1 == "floor" && NR == last) { $3 = w; $4 = c } print }' \
                        last="$(wc -l <"$out/index.tsv")" "$out/index.tsv" >"$out/index.tmp" && mv "$out/index.tmp" "$out/index.tsv"
                done ;;
        groonga) timed_index groonga "$r" "$out/groonga" bash -c \
            'mkdir -p "$1" && exec "$2" index "$1/db" "$3"' _ "$out/groonga" "$bin/zc-bench-peer-groonga" "$docs" ;;
        sqlite) timed_index sqlite "$r" "$out/sqlite" bash -c \
            'mkdir -p "$1" && exec "$2" index "$1/fts.db" "$3"' _ "$out/sqlite" "$bin/zc-bench-peer-sqlite" "$docs" ;;
        esac
    done
    for e in "${order[@]}"; do
        case $e in
        zhengce)
            "$bin/zc-bench-peer-zc" search "$out/zc" "$out/queries.tsv" 1 2>>"$out/search.log" |
                sed "s/^/zhengce\t$r\t/" >>"$out/search.tsv"
            "$bin/zc-bench-peer-zc" search "$out/zc" "$out/queries.tsv" 1 --no-facets 2>>"$out/search.log" |
                sed "s/^/zhengce-nofacets\t$r\t/" >>"$out/search.tsv" ;;
        groonga)
            "$bin/zc-bench-peer-groonga" search "$out/groonga/db" "$out/queries.tsv" 1 2>>"$out/search.log" |
                sed "s/^/groonga\t$r\t/" >>"$out/search.tsv" ;;
        sqlite)
            "$bin/zc-bench-peer-sqlite" search "$out/sqlite/fts.db" "$out/queries.tsv" 1 2>>"$out/search.log" |
                sed "s/^/sqlite\t$r\t/" >>"$out/search.tsv" ;;
        esac
    done
done
echo "load at end: $(cut -d' ' -f1-3 /proc/loadavg)"
python3 bench/peers.py "$out/index.tsv" "$out/search.tsv"
