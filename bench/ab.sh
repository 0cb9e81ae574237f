#!/usr/bin/env bash
# Two builds of zhengce side by side in one run: did a change make indexing
# or searching slower? Indexes the same collection with each build's
# `zhengce index` (rounds interleaved, the order alternating), then times
# the same queries with each build's zc-bench-search over one index (the
# layout is the same, so both read the very same files), again
# interleaved. Prints each build's index seconds (median and all) and its
# search p50/p90/p99 per query class.
#
# usage: bench/ab.sh BUILD_A BUILD_B [ARCHIVE]
#   BUILD_A, BUILD_B  build directories (Release builds, with the zhengce,
#                     zhengce_dict, zc-bench-search and zc-bench-ngram-index
#                     targets built)
#   ARCHIVE           default ../shared/data/news-xwlb-json/assets.tar.xz
# environment: ZC_AB_DOCS (items indexed, default 20000), ZC_AB_ROUNDS
#   (default 3), ZC_AB_QUERIES (default 300)
set -euo pipefail
cd "$(dirname "$0")/.."
[ $# -ge 2 ] || { echo "usage: bench/ab.sh BUILD_A BUILD_B [ARCHIVE]" >&2; exit 2; }
a=$1 b=$2
archive=${3:-../shared/data/news-xwlb-json/assets.tar.xz}
docs=${ZC_AB_DOCS:-20000} rounds=${ZC_AB_ROUNDS:-3} queries=${ZC_AB_QUERIES:-300}
for d in "$a" "$b"; do
  for t in cli/zhengce bench/zc-bench-search bench/zc-bench-ngram-index dict/zhengce.dict; do
    [ -e "$d/$t" ] || { echo "bench/ab.sh: $d/$t is missing: build it first" >&2; exit 2; }
  done
done
[ -f "$archive" ] || { echo "bench/ab.sh: no archive at $archive" >&2; exit 2; }

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
full="$a/bench-data/news-xwlb.jsonl"
bash bench/prepare_news_json.sh "$full" "$archive"
jsonl="$tmp/items.jsonl"
head -n "$docs" "$full" >"$jsonl"
echo "collection: $(wc -l <"$jsonl") items, $(($(stat -c %s "$jsonl") / 1000000)) MB of JSONL; $rounds rounds"

declare -A secs
for ((r = 1; r <= rounds; r++)); do
  if ((r % 2)); then order=("$a" "$b"); else order=("$b" "$a"); fi
  for d in "${order[@]}"; do
    rm -rf "$tmp/db"
    t0=$(date +%s.%N)
    "$d/cli/zhengce" index --db "$tmp/db" --jobs 2 --full "$jsonl" 2>"$tmp/index.log" ||
      { tail -n 5 "$tmp/index.log" >&2; exit 2; }
    t1=$(date +%s.%N)
    secs[$d]+="$(echo "$t1 - $t0" | bc) "
  done
done
echo
echo "index --jobs 2 --full, seconds (median; every round):"
for d in "$a" "$b"; do
  # shellcheck disable=SC2086
  med=$(printf '%s\n' ${secs[$d]} | sort -n | awk '{v[NR] = $1} END {print v[int((NR + 1) / 2)]}')
  printf '  %-40s %6.2f   %s\n' "$d" "$med" "${secs[$d]}"
done

# One index for both searchers: the last one written.
"$b/bench/zc-bench-ngram-index" --jsonl "$tmp/ngram" "$jsonl" >/dev/null
for ((r = 1; r <= rounds; r++)); do
  if ((r % 2)); then order=("$a" "$b"); else order=("$b" "$a"); fi
  for d in "${order[@]}"; do
    tag=$(echo "$d" | tr '/' '_')
    "$d/bench/zc-bench-search" --zc "$tmp/db" --ngram "$tmp/ngram" --jsonl "$jsonl" \
      --dict "$d/dict/zhengce.dict" --passes 1 --queries "$queries" \
      --dump "$tmp/$tag.$r.tsv" >"$tmp/$tag.$r.out" 2>"$tmp/search.log" ||
      { tail -n 20 "$tmp/search.log" >&2; exit 2; }
  done
done
echo
echo "search, ms per query over $rounds rounds of $queries queries (zhengce: limit 10, snippets, facets):"
printf '  %-40s %-12s %8s %8s %8s\n' build class p50 p90 p99
for d in "$a" "$b"; do
  tag=$(echo "$d" | tr '/' '_')
  # The dump's fifth column is zhengce's median over the pass: one time per
  # query and round.
  { cat "$tmp/$tag".*.tsv | cut -f1 | sort -u; echo all; } | while IFS= read -r c; do
    cat "$tmp/$tag".*.tsv | awk -F'\t' -v c="$c" 'c == "all" || $1 == c { print $5 }' | sort -n |
      awk -v d="$d" -v c="$c" '{ v[NR] = $1 }
        function at(p) { i = int(NR * p + 0.5); return v[i < 1 ? 1 : i] }
        END { printf "  %-40s %-12s %8.2f %8.2f %8.2f\n", d, c, at(0.5), at(0.9), at(0.99) }'
  done
done
