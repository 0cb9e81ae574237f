#!/usr/bin/env bash
# Indexing speed of document formats, in MB of extracted text per second:
# the extraction alone (zc-bench-formats, best of 3 rounds, one thread,
# OCR off) and `zhengce index --full` end to end on a directory per format
# (one job, wall time, OCR off). Builds nothing: give it a build directory.
#
# usage: bench/formats.sh [BUILD_DIR] [DATA_DIR] [FORMAT...]
#   BUILD_DIR  default build
#   DATA_DIR   default ../shared/data/govdocs (a directory per format)
#   FORMAT     default pdf docx
set -euo pipefail
cd "$(dirname "$0")/.."
build=${1:-build}
data=${2:-../shared/data/govdocs}
shift 2 2>/dev/null || shift $#
formats=("$@")
[ ${#formats[@]} -gt 0 ] || formats=(pdf docx)
bench="$build/bench/zc-bench-formats"
cli="$build/cli/zhengce"
[ -x "$bench" ] && [ -x "$cli" ] || { echo "bench/formats.sh: build first ($bench, $cli)" >&2; exit 2; }
[ -d "$data" ] || { echo "bench/formats.sh: no data at $data" >&2; exit 2; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

echo "## Extraction alone"
files=()
for f in "${formats[@]}"; do
  while IFS= read -r -d '' p; do files+=("$p"); done < <(find "$data/$f" -type f -print0 | sort -z)
done
"$bench" "${files[@]}" | tee "$tmp/extract.md"

echo
echo "## zhengce index --full, one job (text MB from the table above)"
echo "| format | files | seconds | text MB/s |"
echo "|---|---:|---:|---:|"
for f in "${formats[@]}"; do
  name=$(echo "$f" | tr '[:lower:]' '[:upper:]')
  mb=$(awk -F'|' -v n="$name" '$2 ~ " "n" " {gsub(/ /,"",$5); print $5}' "$tmp/extract.md")
  n=$(find "$data/$f" -type f | wc -l)
  start=$(date +%s.%N)
  "$cli" index --full --no-ocr --jobs 1 --db "$tmp/db-$f" "$data/$f" >/dev/null 2>&1 || true
  end=$(date +%s.%N)
  s=$(echo "$end - $start" | bc)
  printf '| %s | %s | %.2f | %.2f |\n' "$f" "$n" "$s" "$(echo "${mb:-0} / $s" | bc -l)"
done
