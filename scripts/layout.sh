#!/usr/bin/env bash
# Checks that the tree keeps the shape docs/architecture.md draws:
#   - searcher/ and api/ include nothing under indexer/ (what both sides
#     need of the index is in index/);
#   - the rooms include each other without a cycle;
#   - no two files of the library call each other in a circle (read from
#     the objects of BUILD_DIR, default build/, when it has them);
#   - no source file over 600 lines.
#   usage: scripts/layout.sh [BUILD_DIR]
set -euo pipefail
cd "$(dirname "$0")/.."
exec python3 scripts/layout.py "${1:-build}"
