#!/usr/bin/env bash
# Checks what the suite's own build does not: every C/C++ file is formatted
# as .clang-format says, the Xapian wrapper holds no function the engine
# does not call (scripts/wrapper_callers.sh), and the whole tree (tests
# included) compiles
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
echo "lint: formatting and warning-free gcc -O3 and clang builds: ok" >&2
