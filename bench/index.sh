#!/usr/bin/env bash
# Indexing benchmark: zhengce (whole pipeline, 2 jobs) beside Xapian's own
# FLAG_CJK_NGRAM indexing of the same files, in one run. A third line times
# plain Xapian with positional unigrams only, the design the brief measured
# at 5.1 MB/s: it shows how fast this machine is against the brief's.
# usage: bench/index.sh [BUILD_DIR] [DATA_DIR]
set -euo pipefail
cd "$(dirname "$0")/.."
build=${1:-build}
data=${2:-../shared/data/news-xwlb}
[ -d "$data" ] || { echo "bench/index.sh: no data at $data" >&2; exit 2; }
zc="$build/cli/zhengce"
anchor="$build/bench/zc-bench-ngram-index"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

mapfile -t files < <(find "$data" -type f \( -name '*.md' -o -name '*.txt' \) | sort)
bytes=$(cat "${files[@]}" | wc -c)
mb=$(awk -v b="$bytes" 'BEGIN { printf "%.1f", b / 1e6 }')

t0=$(date +%s.%N)
"$zc" index --db "$tmp/zc" --jobs 2 --full "$data" 2>"$tmp/zc.log"
t1=$(date +%s.%N)
zc_bytes=$(du -sb "$tmp/zc" | cut -f1)

t2=$(date +%s.%N)
"$anchor" "$tmp/ngram" "${files[@]}" >"$tmp/ngram.log"
t3=$(date +%s.%N)
ng_bytes=$(du -sb "$tmp/ngram" | cut -f1)

t4=$(date +%s.%N)
"$anchor" --unigram "$tmp/uni" "${files[@]}" >"$tmp/uni.log"
t5=$(date +%s.%N)
un_bytes=$(du -sb "$tmp/uni" | cut -f1)

awk -v b="$bytes" -v mb="$mb" -v n="${#files[@]}" \
    -v zs="$(echo "$t1 - $t0" | bc)" -v zi="$zc_bytes" \
    -v ns="$(echo "$t3 - $t2" | bc)" -v ni="$ng_bytes" \
    -v us="$(echo "$t5 - $t4" | bc)" -v ui="$un_bytes" 'BEGIN {
  printf "indexing %d files, %s MB of text\n\n", n, mb
  printf "%-36s %8s %8s %10s %8s\n", "engine", "seconds", "MB/s", "index MB", "× text"
  printf "%-36s %8.2f %8.2f %10.1f %8.2f\n", "zhengce index --jobs 2 (pipeline)", zs, b/1e6/zs, zi/1e6, zi/b
  printf "%-36s %8.2f %8.2f %10.1f %8.2f\n", "Xapian FLAG_CJK_NGRAM (1 thread)", ns, b/1e6/ns, ni/1e6, ni/b
  printf "%-36s %8.2f %8.2f %10.1f %8.2f\n", "Xapian unigrams only (1 thread)", us, b/1e6/us, ui/1e6, ui/b
  printf "\nspeed ratio zhengce / Xapian n-gram: %.2f\n", (b/zs) / (b/ns)
  printf "speed of this machine / the reference figures: n-gram %.2f (of 1.6 MB/s), unigrams %.2f (of 5.1 MB/s)\n", \
    b/1e6/ns/1.6, b/1e6/us/5.1
}'
tail -n 1 "$tmp/zc.log"
