#!/usr/bin/env bash
# Times what a contributor and CI wait for, from cold: a fresh clone of a commit (default
# HEAD) beside this repository (so that its ../shared is this one's), then
#   cold-test  `cargo test --workspace` with an empty target directory
#   ci         `bash .ci/run` with an empty target directory (another clone)
# and prints the wall time of each, with each test binary's own time from the log. The clones
# and their target directories are removed afterwards unless KEEP=1.
#   usage: bash scripts/time-test-suite.sh [commit] [cold-test|ci|both]   (default: HEAD both)
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
commit=$(git -C "$repo" rev-parse "${1:-HEAD}")
what=${2:-both}
logs=${LOGS:-$repo/target/suite-times}
mkdir -p "$logs"

run() { # name, command...
  local name=$1; shift
  local clone="$repo/../.tcapi-time-$name-${commit:0:8}"
  rm -rf "$clone"
  git clone --quiet --no-checkout "$repo" "$clone"
  git -C "$clone" checkout --quiet "$commit"
  local log="$logs/$name-${commit:0:8}.log" start=$SECONDS status=0
  (cd "$clone" && env -u CARGO_TARGET_DIR -u RUSTFLAGS -u RUSTC_WORKSPACE_WRAPPER "$@") \
    >"$log" 2>&1 || status=$?
  local took=$((SECONDS - start))
  printf '%-10s %s  exit %d  %dm %02ds  (log: %s)\n' "$name" "${commit:0:8}" "$status" \
    $((took / 60)) $((took % 60)) "$log"
  # The slowest test binaries: each `Running x` or `Doc-tests x` line, then its result's time.
  awk '/^ *(Running|Doc-tests) / { name = $2 }
       /finished in [0-9.]+s/ { match($0, /finished in [0-9.]+s/);
         printf "    %8s s  %s\n", substr($0, RSTART + 12, RLENGTH - 13), name }' "$log" |
    sort -rn | head -8
  [ "${KEEP:-0}" = 1 ] || rm -rf "$clone"
}

case $what in
  cold-test) run cold-test cargo test --workspace ;;
  ci) run ci bash .ci/run ;;
  both) run cold-test cargo test --workspace; run ci bash .ci/run ;;
  *) echo "usage: $0 [commit] [cold-test|ci|both]" >&2; exit 2 ;;
esac
