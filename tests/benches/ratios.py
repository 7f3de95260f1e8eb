#!/usr/bin/env python3
"""Prints the decode benchmark's figures as the Markdown tables of BENCHMARKS.md.

Run after `cargo bench -p tcapi-tests --bench decode ...`:
    python3 tests/benches/ratios.py [target/criterion]

Every figure is criterion's mean (`new/estimates.json`); MB/s = 10^6 bytes per second.
"""
import json
import pathlib
import sys

root = pathlib.Path(sys.argv[1] if len(sys.argv) > 1 else "target/criterion")


def mean(group, function):
    path = root / group / function / "new" / "estimates.json"
    if not path.exists():
        return None
    return json.loads(path.read_text())["mean"]["point_estimate"]


def size(group):
    for path in (root / group).glob("*/new/benchmark.json"):
        throughput = json.loads(path.read_text()).get("throughput") or {}
        if "Bytes" in throughput:
            return throughput["Bytes"]
    return None


def x(a, b):
    return f"{a / b:.2f}x" if a and b else "-"


def mbps(bytes_, ns):
    return f"{bytes_ / ns * 1000:.0f}" if bytes_ and ns else "-"


def groups(kind):
    found = [p.name for p in root.glob(f"{kind}_*") if p.is_dir()]
    return sorted(found, key=lambda g: -(size(g) or 0))


print("| body | bytes | floor MB/s | derive MB/s | derive/floor | floor again/floor"
      " | decode::<T>/floor | two-pass/floor | two-pass/derive | Value/floor | Value/derive |")
print("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
for g in groups("success"):
    n = size(g)
    floor, derive = mean(g, "floor"), mean(g, "derive")
    two, value = mean(g, "two_pass"), mean(g, "value")
    print(f"| {g.removeprefix('success_')} | {n} | {mbps(n, floor)} | {mbps(n, derive)}"
          f" | {x(derive, floor)} | {x(mean(g, 'floor_again'), floor)}"
          f" | {x(mean(g, 'decode'), floor)} | {x(two, floor)} | {x(two, derive)}"
          f" | {x(value, floor)} | {x(value, derive)} |")

print()
print("| error body | bytes | floor ns | derive ns | derive/floor | reading floor/floor"
      " | borrowed floor/floor | owned floor/floor | derive/owned floor | two-pass/derive"
      " | Value/derive |")
print("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
for g in groups("error"):
    floor, derive = mean(g, "floor"), mean(g, "derive")
    owned = mean(g, "floor_error_owned")
    print(f"| {g.removeprefix('error_')} | {size(g)} | {floor:.0f} | {derive:.0f}"
          f" | {x(derive, floor)} | {x(mean(g, 'floor_error'), floor)}"
          f" | {x(mean(g, 'floor_error_borrowed'), floor)} | {x(owned, floor)}"
          f" | {x(derive, owned)} | {x(mean(g, 'two_pass'), derive)}"
          f" | {x(mean(g, 'value'), derive)} |")
