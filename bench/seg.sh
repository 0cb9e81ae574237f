#!/usr/bin/env bash
# Segmentation benchmark: zhengce beside python3-jieba on the same text, in
# one run; prints one table. Builds nothing: give it a build directory.
#
# usage: bench/seg.sh [BUILD_DIR] [DATA_DIR]
#   BUILD_DIR  default build (needs bench/zc-bench-seg and dict/zhengce.dict)
#   DATA_DIR   default ../shared/data/news-xwlb (every *.md file in it)
#   PYTHON     the interpreter that has python3-jieba (default /usr/bin/python3)
#
# Speed is input bytes / wall time of segmentation alone, dictionary loaded,
# one thread, each file's text cut in one call (zhengce: best of 3 rounds;
# jieba: one round, it is slow). Load time: zhengce opens its compiled
# dictionary (median of 50); jieba builds its prefix dictionary, from its
# cache file when it has one (as on every run after the first).
set -euo pipefail
cd "$(dirname "$0")/.."
build=${1:-build}
data=${2:-../shared/data/news-xwlb}
python=${PYTHON:-/usr/bin/python3}
bin="$build/bench/zc-bench-seg"
[ -x "$bin" ] || { echo "bench/seg.sh: $bin is missing (build first)" >&2; exit 2; }
[ -d "$data" ] || { echo "bench/seg.sh: no data at $data" >&2; exit 2; }
"$python" -c 'import jieba' 2>/dev/null ||
  { echo "bench/seg.sh: $python has no jieba (apt-get install python3-jieba)" >&2; exit 2; }

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
find "$data" -type f -name '*.md' | sort >"$tmp/files"
[ -s "$tmp/files" ] || { echo "bench/seg.sh: no .md files in $data" >&2; exit 2; }

"$bin" --dict "$build/dict/zhengce.dict" --list "$tmp/files" >"$tmp/zc"

"$python" - "$tmp/files" >"$tmp/jieba" 2>/dev/null <<'EOF'
import sys, time, logging
import jieba
jieba.setLogLevel(logging.ERROR)
texts = [open(p, encoding="utf-8").read() for p in open(sys.argv[1]).read().split("\n") if p]
total = sum(len(t.encode("utf-8")) for t in texts)
t0 = time.perf_counter()
tok = jieba.Tokenizer()
tok.initialize()
print("dict_load_ms %.3f" % ((time.perf_counter() - t0) * 1e3))
for name, cut in (("accurate_hmm", lambda t: tok.cut(t, HMM=True)),
                  ("accurate_nohmm", lambda t: tok.cut(t, HMM=False)),
                  ("search_hmm", lambda t: tok.cut_for_search(t, HMM=True))):
    t0 = time.perf_counter()
    n = 0
    for t in texts:
        for w in cut(t):
            n += 1
    el = time.perf_counter() - t0
    print("%s_mbps %.3f" % (name, total / 1e6 / el))
EOF

awk '
  FNR == NR { zc[$1] = $2; next }
  { jb[$1] = $2 }
  END {
    printf "text: %d files, %.1f MB\n\n", zc["files"], zc["bytes"] / 1e6
    printf "%-34s %12s %12s %10s\n", "what", "zhengce", "jieba", "ratio"
    printf "%-34s %12.3f %12.1f %9.0fx\n", "dictionary load (ms)", zc["dict_load_ms"],
           jb["dict_load_ms"], jb["dict_load_ms"] / zc["dict_load_ms"]
    n = split("accurate_hmm accurate_nohmm search_hmm", keys, " ")
    split("accurate mode, HMM (MB/s)|accurate mode, no HMM (MB/s)|search mode, HMM (MB/s)", names, "|")
    for (i = 1; i <= n; i++) {
      k = keys[i] "_mbps"
      printf "%-34s %12.1f %12.2f %9.1fx\n", names[i], zc[k], jb[k], zc[k] / jb[k]
    }
    printf "\nzhengce dictionary: %.1f MB, full checksum %.1f ms\n", zc["dict_bytes"] / 1e6,
           zc["dict_verify_ms"]
  }' "$tmp/zc" "$tmp/jieba"
