#!/usr/bin/env bash
# Rewrites the block between the "results-table.sh: begin/end" markers of admm/README.md with results-table.sh's
# output (from table.json: run run-grid.sh --table first).
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
README="$HERE/../../README.md"
tmp=$(mktemp "$README.XXXXXX")
"$HERE/results-table.sh" > "$tmp.block"
awk -v block="$tmp.block" '
  /<!-- results-table.sh: begin -->/ { print; while ((getline line < block) > 0) print line; skip = 1; next }
  /<!-- results-table.sh: end -->/ { skip = 0 }
  !skip { print }' "$README" > "$tmp"
rm -f "$tmp.block"
mv "$tmp" "$README"
