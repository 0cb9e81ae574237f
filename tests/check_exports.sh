#!/usr/bin/env bash
# The shared library exports the public API and nothing else: every
# dynamic symbol it defines starts with zc_, and every ZC_API function of
# the header is there.
#   check_exports.sh LIBRARY HEADER
set -euo pipefail
lib=$1 header=$2
defined=$(nm -D --defined-only "$lib" | awk '{print $3}' | sort)
other=$(grep -v '^zc_' <<<"$defined" || true)
if [ -n "$other" ]; then
  echo "symbols outside the API exported by $lib:"; echo "$other"; exit 1
fi
api=$(grep -o '^ZC_API [^(]*\bzc_[a-z0-9_]*(' "$header" | grep -o 'zc_[a-z0-9_]*($' | tr -d '(' | sort)
missing=$(comm -23 <(echo "$api") <(echo "$defined"))
if [ -n "$missing" ]; then
  echo "API functions not exported by $lib:"; echo "$missing"; exit 1
fi
echo "$(wc -l <<<"$defined") symbols, all zc_: $(tr '\n' ' ' <<<"$defined")"
