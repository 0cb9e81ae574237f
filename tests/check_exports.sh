#!/usr/bin/env bash
# The shared library exports the public API and nothing else: every
# dynamic symbol it defines starts with zc_, and every ZC_API function of
# the header is there. Its SONAME is libzhengce.so.MAJOR, MAJOR the
# header's ZC_VERSION_MAJOR: a change that breaks the ABI raises both.
#   check_exports.sh LIBRARY HEADER [MORE_HEADERS...]
set -euo pipefail
lib=$1 header=$2
headers=("${@:2}")
major=$(sed -n 's/^#define ZC_VERSION_MAJOR \([0-9]*\)$/\1/p' "$header")
soname=$(objdump -p "$lib" | awk '$1 == "SONAME" {print $2}')
if [ -z "$major" ] || [ "$soname" != "libzhengce.so.$major" ]; then
  echo "$lib: SONAME '$soname', expected libzhengce.so.$major (ZC_VERSION_MAJOR of $header)"
  exit 1
fi
defined=$(nm -D --defined-only "$lib" | awk '{print $3}' | sort)
other=$(grep -v '^zc_' <<<"$defined" || true)
if [ -n "$other" ]; then
  echo "symbols outside the API exported by $lib:"; echo "$other"; exit 1
fi
api=$(cat "${headers[@]}" | grep -o '^ZC_API [^(]*\bzc_[a-z0-9_]*(' | grep -o 'zc_[a-z0-9_]*($' | tr -d '(' | sort)
missing=$(comm -23 <(echo "$api") <(echo "$defined"))
if [ -n "$missing" ]; then
  echo "API functions not exported by $lib:"; echo "$missing"; exit 1
fi
echo "$soname: $(wc -l <<<"$defined") symbols, all zc_: $(tr '\n' ' ' <<<"$defined")"
