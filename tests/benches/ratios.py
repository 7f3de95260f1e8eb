#!/usr/bin/env python3
"""Prints the decode benchmark's means and ratios from criterion's estimates.

Run after `cargo bench -p tcapi-tests --bench decode ...`:
    python3 tests/benches/ratios.py [target/criterion]
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


def ratio(a, b):
    return f"{a / b:.2f}x" if a and b else "-"


for kind in ("success", "error"):
    groups = sorted(p.name for p in root.glob(f"{kind}_*"))
    for group in groups:
        floor = mean(group, "floor")
        derive = mean(group, "derive")
        row = [group, f"floor {floor:.0f} ns", f"derive {derive:.0f} ns", "derive/floor " + ratio(derive, floor)]
        for other in ("decode", "floor_error", "floor_error_borrowed", "floor_error_owned", "two_pass", "value"):
            value = mean(group, other)
            if value is not None:
                row.append(f"{other}/floor {ratio(value, floor)}")
                if other in ("two_pass", "value"):
                    row.append(f"{other}/derive {ratio(value, derive)}")
        print(" | ".join(row))
