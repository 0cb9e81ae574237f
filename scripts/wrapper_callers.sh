#!/usr/bin/env bash
# Lists every function of the Xapian wrapper (xapian-c/xapian_c.h) with the
# files of the engine that call it (searcher/ research/ indexer/ index/ api/ cli/
# bench/ and the other rooms), and the tests that do. With --check, fails
# when a function has no caller in the engine and is not one of the views
# the header keeps for the tests (its section "for the tests"): the wrapper
# holds what the engine needs, nothing more.
#   usage: scripts/wrapper_callers.sh [--check]
set -euo pipefail
cd "$(dirname "$0")/.."
header=xapian-c/xapian_c.h
engine=(common dict text extract index indexer searcher research api cli bench)
# The functions declared after the header's "for the tests" line.
for_tests=$(sed -n '/-- for the tests/,$p' "$header" | grep -o '\bzc_x[a-z0-9_]*(' | tr -d '(' |
  sort -u)
unused=()
printf '%-34s %-40s %s\n' function "engine callers" "test callers"
for f in $(grep -o '\bzc_x[a-z0-9_]*(' "$header" | tr -d '(' | sort -u); do
  callers=$(grep -rlw --include='*.c' --include='*.h' --include='*.cc' --include='*.hh' "$f" \
    "${engine[@]}" | tr '\n' ' ' || true)
  tests=$(grep -rlw --include='*.c' --include='*.h' "$f" tests | tr '\n' ' ' || true)
  printf '%-34s %-40s %s\n' "$f" "${callers:--}" "${tests:--}"
  if [ -z "$callers" ] && ! grep -qx "$f" <<<"$for_tests"; then
    unused+=("$f")
  fi
done
if [ "${1:-}" = --check ] && [ ${#unused[@]} -gt 0 ]; then
  echo "wrapper_callers: no caller in the engine: ${unused[*]}" >&2
  echo "(remove them from xapian-c/, or move them under 'for the tests' if a test needs them)" >&2
  exit 1
fi
