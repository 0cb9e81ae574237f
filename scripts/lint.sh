#!/usr/bin/env bash
# Checks what the suite's own build does not: every C/C++ file is formatted
# as .clang-format says, the library reads no environment variable but
# ZHENGCE_DICT (docs/api.md), the Xapian wrapper holds no function the
# engine does not call (scripts/wrapper_callers.sh), and the whole tree
# (tests included) compiles
# without a warning at -O3 with gcc (build-release/) and with clang
# (build-clang/). Optimizers and the two compilers each see different
# things (a value they think may be used unset, a qualifier dropped).
#   usage: scripts/lint.sh
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/deps.sh

mapfile -t files < <(git ls-files '*.c' '*.h' '*.cc' '*.hh')
if ! clang-format --dry-run --Werror "${files[@]}"; then
  echo "zhengce: files above are not formatted; run: git ls-files '*.c' '*.h' '*.cc' '*.hh' | xargs clang-format -i" >&2
  exit 1
fi

# The library takes its settings as options (zc_index_options,
# zc_search_options), never from the environment of the program it is
# linked into; the command (cli/) reads what it likes. The one exception is
# the dictionary's path, $ZHENGCE_DICT (dict/dict.c).
library=(common dict text extract index indexer searcher research xapian-c api http)
if env_reads=$(git grep -nE '(^|[^A-Za-z0-9_])(secure_)?getenv[[:space:]]*\(' -- "${library[@]}" \
  ':!dict/dict.c'); then
  echo "$env_reads" >&2
  echo "zhengce: the library reads the environment above; make the setting a field of" \
    "zc_index_options or zc_search_options (include/zhengce.h), and let the command" \
    "(cli/) read a variable or take a flag and set it" >&2
  exit 1
fi

if ! bash scripts/wrapper_callers.sh --check >/dev/null; then
  echo "zhengce: the wrapper has functions nothing in the engine calls (scripts/wrapper_callers.sh)" >&2
  exit 1
fi

configure() { # dir, then environment and cmake arguments
  local dir=$1
  shift
  [ -f "$dir/CMakeCache.txt" ] || env "$@" >&2
}
configure build-release cmake -S . -B build-release -DCMAKE_BUILD_TYPE=Release
cmake --build build-release -j "$(nproc)" >&2
configure build-clang CC=clang CXX=clang++ cmake -S . -B build-clang -DCMAKE_BUILD_TYPE=Release
cmake --build build-clang -j "$(nproc)" >&2
# The rooms, their includes, the calls between files and the files' sizes
# (docs/architecture.md), read from the release build's objects.
bash scripts/layout.sh build-release
echo "lint: formatting, the environment, the wrapper, warning-free gcc -O3 and clang builds, the layout: ok" >&2
