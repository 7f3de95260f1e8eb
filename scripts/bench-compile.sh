#!/usr/bin/env bash
# Compile-time benchmark of the generated SDK against aws-sdk-ec2 (not run by CI: the aws
# release build alone takes a quarter of an hour here). Each crate is timed alone, after its
# dependencies are built: build everything, `cargo clean -p` the crate, build again, timed.
# Prints one line per measurement: crate, profile, wall seconds, peak RSS of any compiler
# process (GNU time's maximum resident set size).
#
#   scripts/bench-compile.sh [crate...]        default: aws-sdk-ec2 csip cvm and the seeds
#
# Needs the generated crates under sdk/ (cargo run -p tcapi-codegen -- sdk ... --out sdk)
# and crates.io for aws-sdk-ec2. Work dirs: $BENCH_DIR (default /tmp/tcapi-bench).
set -euo pipefail
repo="$(cd "$(dirname "$0")/.." && pwd)"
work="${BENCH_DIR:-/tmp/tcapi-bench}"
profiles="${PROFILES:-check release}"
crates=("$@")
[ ${#crates[@]} -eq 0 ] && crates=(aws-sdk-ec2 csip cvm aiart billing lke adp gme cdwpg hunyuan)
mkdir -p "$work/aws/src"
cat > "$work/aws/Cargo.toml" <<'TOML'
[package]
name = "aws-bench"
version = "0.0.0"
edition = "2021"
publish = false
[dependencies]
aws-sdk-ec2 = "1"
[workspace]
TOML
: > "$work/aws/src/lib.rs"

measure() { # dir target package profile
  local dir=$1 target=$2 package=$3 profile=$4 flag=() verb=check
  [ "$profile" = release ] && { verb=build; flag=(--release); }
  (cd "$dir" && CARGO_TARGET_DIR=$target cargo $verb -q "${flag[@]}" -p "$package")
  (cd "$dir" && CARGO_TARGET_DIR=$target cargo clean -q "${flag[@]}" -p "$package")
  local out
  out=$(cd "$dir" && CARGO_TARGET_DIR=$target /usr/bin/time -f "%e %M" cargo $verb -q "${flag[@]}" -p "$package" 2>&1 | tail -1)
  printf '%-14s %-8s %8s s %8.2f GB\n' "$package" "$profile" "${out% *}" "$(echo "${out#* } / 1048576" | bc -l)"
}

for profile in $profiles; do
  for c in "${crates[@]}"; do
    if [ "$c" = aws-sdk-ec2 ]; then
      measure "$work/aws" "$work/target-aws" aws-sdk-ec2 "$profile"
    else
      measure "$repo/sdk" "$work/target-sdk" "tcapi-$c" "$profile"
    fi
  done
done
(cd "$work/aws" && cargo tree -q -p aws-sdk-ec2 --depth 0)
rustc --version
