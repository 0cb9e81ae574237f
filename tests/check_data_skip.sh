#!/usr/bin/env bash
# Runs each test on ../shared/data with the data directory pointed at one
# that does not exist: each must exit 77 (skipped), neither passing with
# nothing checked nor failing.
#   usage: check_data_skip.sh 'BINARY [ARG]'...
set -euo pipefail
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
missing=$tmp/absent
status=0
for cmd in "$@"; do
  rc=0
  # shellcheck disable=SC2086 # a binary and its argument
  ZC_DATA_DIR=$missing ZC_PKU_DIR=$missing $cmd >"$tmp/log" 2>&1 || rc=$?
  if [ "$rc" -ne 77 ]; then
    echo "data_tests_skip: '$cmd' exited $rc without the data, not 77 (skipped):" >&2
    tail -20 "$tmp/log" >&2
    status=1
  fi
done
[ "$#" -gt 0 ] || { echo "data_tests_skip: no tests on the data given" >&2; exit 1; }
[ "$status" -eq 0 ] && echo "data_tests_skip: the $# tests on the data skip without it"
exit "$status"
