#!/usr/bin/env bash
# The first set-up command: installs what is missing, builds, indexes the
# sample reports in corpus/ into ./zhengce-index and runs a sample search.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/deps.sh
dir=$(bash scripts/build.sh)
"$dir/cli/zhengce" index --db zhengce-index corpus
echo
echo "\$ zhengce search --db zhengce-index 高新区 锂电"
"$dir/cli/zhengce" search --db zhengce-index 高新区 锂电
