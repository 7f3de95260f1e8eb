#!/usr/bin/env bash
# `cargo check` of every generated crate (sdk/, its own workspace) in a target dir where only
# their dependencies were built, timed; not run by CI. Prints wall seconds, the peak RSS of any
# compiler process (GNU time's maximum resident set size), the crate count and the load
# average before and after, since other builds on the machine inflate the wall time.
#
#   BENCH_DIR=/tmp/tcapi-bench scripts/check-all-sdk.sh
set -euo pipefail
repo="$(cd "$(dirname "$0")/.." && pwd)"
target="${BENCH_DIR:-/tmp/tcapi-bench}/sdk-all"
cd "$repo/sdk"
crates=$(grep -c '^    "' Cargo.toml || true)
# The dependencies (tcapi, serde, reqwest...) first, through the smallest crate, then every
# generated crate from cold.
CARGO_TARGET_DIR=$target cargo check -q -p tcapi-aiart
CARGO_TARGET_DIR=$target cargo clean -q -p tcapi-aiart
echo "load before: $(cut -d' ' -f1-3 /proc/loadavg)"
out=$(CARGO_TARGET_DIR=$target /usr/bin/time -f "%e %M" cargo check -q --workspace 2>&1 | tail -1)
echo "load after:  $(cut -d' ' -f1-3 /proc/loadavg)"
printf 'cargo check --workspace of sdk/ (%s crates): %s s, peak %.2f GB\n' \
  "$crates" "${out% *}" "$(echo "${out#* } / 1048576" | bc -l)"
