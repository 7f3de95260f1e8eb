#!/usr/bin/env bash
# The proc macro runs in every downstream build: it may compile tcapi-codes (the tables and what
# reads them) and no other crate of this workspace, and tcapi-codes stays under 1,800 lines.
set -euo pipefail
cd "$(dirname "$0")/.."
limit=1800
root=$PWD
crates=$(cargo tree -p tcapi-macros -e normal --prefix none | grep -F "($root/" | grep -v '^tcapi-macros ' | sort -u)
if [ "$crates" != "tcapi-codes v0.1.0 ($root/codes)" ]; then
  printf 'tcapi-macros compiles workspace crates other than tcapi-codes:\n%s\n' "$crates" >&2
  exit 1
fi
lines=$(find codes/src -name "*.rs" -exec cat {} + | wc -l)
if [ "$lines" -gt "$limit" ]; then
  echo "tcapi-codes has $lines lines, over the $limit that the proc macro may compile: move what the macro does not run to tcapi-codegen" >&2
  exit 1
fi
echo "tcapi-macros compiles tcapi-codes only: $lines lines (limit $limit)"
