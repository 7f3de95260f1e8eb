#!/usr/bin/env bash
# Compile-time benchmark of what #[tcapi::error_codes] emits, side by side in one run.
#
#   strum         an enum of every distinct corpus code with strum's EnumString, AsRefStr,
#                 Display and EnumIter (the baseline named by issue 2)
#   all_products  #[tcapi::error_codes(all_products)]
#   vpc           #[tcapi::error_codes(product = "vpc")], the largest single product
#   empty         a crate that depends on tcapi and declares nothing (vpc's cost is vpc - empty)
#
# Each leaf crate is rebuilt RUNS times (default 3) after its dependencies are built, in
# the order strum, all_products, vpc, empty per round so that machine load hits all alike;
# the median wall time and the peak RSS of the compiler are reported for `cargo check` and
# `cargo build --release`. Usage: bash tests/compile-time/run.sh   (RUNS=5 for more rounds)
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
work=${WORK:-$root/target/compile-bench}
runs=${RUNS:-3}
leaves=(strum_enum all_products vpc empty)

mkdir -p "$work"
cat > "$work/Cargo.toml" <<TOML
[workspace]
resolver = "2"
members = ["gen", "strum_enum", "all_products", "vpc", "empty"]
TOML
mkdir -p "$work/gen/src"
cat > "$work/gen/Cargo.toml" <<TOML
[package]
name = "gen"
version = "0.0.0"
edition = "2021"
publish = false
[dependencies]
tcapi-codes = { path = "$root/codes" }
TOML
cat > "$work/gen/src/main.rs" <<'RS'
// Writes the strum baseline: one variant per distinct code, named as tcapi names it.
fn main() {
    let tables = tcapi_codes::builtin::all_tables().expect("tables");
    let categories = tcapi_codes::Categories::builtin().expect("categories");
    let codes = tcapi_codes::resolve::resolve(&tables.iter().collect::<Vec<_>>(), &categories);
    println!("#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, strum::EnumString, strum::AsRefStr, strum::Display, strum::EnumIter)]");
    println!("pub enum AnyCode {{");
    for c in &codes {
        println!("    #[strum(serialize = {:?})]\n    {},", c.code(), c.variant);
    }
    println!("}}");
    eprintln!("{} codes", codes.len());
}
RS
leaf() {
    local name=$1 deps=$2 body=$3
    mkdir -p "$work/$name/src"
    printf '[package]\nname = "%s"\nversion = "0.0.0"\nedition = "2021"\npublish = false\n[dependencies]\n%s\n' "$name" "$deps" > "$work/$name/Cargo.toml"
    printf '%s\n' "$body" > "$work/$name/src/lib.rs"
}
tcapi_dep="tcapi = { path = \"$root/runtime\" }"
leaf strum_enum 'strum = { version = "0.28", features = ["derive"] }' ""
leaf all_products "$tcapi_dep" '#[tcapi::error_codes(all_products)] pub enum AnyCode {}'
leaf vpc "$tcapi_dep" '#[tcapi::error_codes(product = "vpc")] pub enum VpcCode {}'
leaf empty "$tcapi_dep" 'pub enum Nothing {}'

export CARGO_TARGET_DIR="$work/target"
# Incremental compilation would turn every timed `cargo check` after `touch` into a cache hit.
export CARGO_INCREMENTAL=0
(cd "$work" && cargo run -q -p gen --release > strum_enum/src/lib.rs)
# Build every dependency once in both profiles, so each timed run compiles only its leaf.
(cd "$work" && cargo build -q --release --workspace && cargo check -q --workspace)

measure() { # profile leaf -> "seconds peak_kb"
    local profile=$1 name=$2
    touch "$work/$name/src/lib.rs"
    if [ "$profile" = release ]; then
        (cd "$work" && /usr/bin/time -f "%e %M" cargo build -q --release -p "$name" 2>&1 >/dev/null | tail -1)
    else
        (cd "$work" && /usr/bin/time -f "%e %M" cargo check -q -p "$name" 2>&1 >/dev/null | tail -1)
    fi
}
declare -A samples
for profile in check release; do
    for ((r = 0; r < runs; r++)); do
        for name in "${leaves[@]}"; do
            samples[$profile,$name]+="$(measure "$profile" "$name");"
        done
    done
done
median() { tr ';' '\n' | grep -v '^$' | sort -n -k"$1" | awk -v k="$1" '{v[NR]=$k} END {print v[int((NR+1)/2)]}'; }
echo "rustc: $(rustc --version), runs: $runs, machine: $(nproc) cores"
printf '%-8s %-13s %10s %12s\n' profile crate seconds peak_MB
for profile in check release; do
    for name in "${leaves[@]}"; do
        s=$(echo "${samples[$profile,$name]}" | median 1)
        m=$(echo "${samples[$profile,$name]}" | median 2)
        printf '%-8s %-13s %10s %12d\n' "$profile" "$name" "$s" $((m / 1024))
        echo "$profile $name $s $m" >> "$work/results.txt.tmp"
    done
done
awk '
  {t[$1" "$2]=$3; m[$1" "$2]=$4}
  END {
    for (p in prof) {}
    split("check release", ps, " ")
    for (i = 1; i <= 2; i++) { p = ps[i]
      printf "%s: all_products / strum = %.3f (time), %.3f (peak memory); vpc - empty = %.2f s\n", p, t[p" all_products"]/t[p" strum_enum"], m[p" all_products"]/m[p" strum_enum"], t[p" vpc"]-t[p" empty"]
    }
  }' "$work/results.txt.tmp"
rm -f "$work/results.txt.tmp"
