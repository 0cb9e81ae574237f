#!/usr/bin/env bash
# Ranking benchmark: on a question -> passage set (CMRC 2018 trial, 1,002
# questions over 256 passages), zhengce beside two BM25 anchors over the
# same passages, in one run:
#   zhengce  `search --match any` on a zhengce index of the passages
#   ngram    BM25 over Xapian's own CJK n-grams (TermGenerator and
#            QueryParser with FLAG_CJK_NGRAM, terms joined by OR)
#   words    BM25 over the segmenter's words (accurate mode), joined by OR
# and prints MRR@10 and recall@10 of each, over all questions and over each
# half of the passages (bench/rank.py says how they are split).
#
# usage: bench/rank.sh [BUILD_DIR] [DATA_DIR]
#   BUILD_DIR  default build; builds what it needs there if out of date
#   DATA_DIR   default ../shared/data/cmrc2018-trial
# Without the data it says so and exits 0. Everything generated lives in
# BUILD_DIR/bench-data/rank.
set -euo pipefail
cd "$(dirname "$0")/.."
build=${1:-build}
data=${2:-../shared/data/cmrc2018-trial}
json="$data/cmrc2018_trial.json"
if [ ! -f "$json" ]; then
    echo "bench/rank.sh: skipped: no question set at $json"
    exit 0
fi
out="$build/bench-data/rank"
mkdir -p "$out"
[ -f "$build/CMakeCache.txt" ] || cmake -S . -B "$build" >/dev/null
cmake --build "$build" -j2 --target zhengce zhengce_dict zc-bench-ngram-index zc-bench-rank \
    >"$out/build.log" 2>&1 || { tail -n 30 "$out/build.log" >&2; exit 2; }
rank="$build/bench/zc-bench-rank"

python3 bench/rank.py prepare "$json" "$out"
rm -rf "$out/zhengce" "$out/ngram" "$out/words"
"$build/cli/zhengce" index --db "$out/zhengce" --full "$out/passages.jsonl" >/dev/null
"$build/bench/zc-bench-ngram-index" --jsonl "$out/ngram" "$out/passages.jsonl" >/dev/null
"$rank" words-index "$out/words" "$out/passages.jsonl"
for kind in zhengce ngram words; do
    "$rank" run "$kind" "$out/$kind" "$out/questions.txt" >"$out/$kind.txt"
done
python3 bench/rank.py score "$out" zhengce="$out/zhengce.txt" ngram="$out/ngram.txt" \
    words="$out/words.txt"
