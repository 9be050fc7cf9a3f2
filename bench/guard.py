#!/usr/bin/python3
"""Regression guard: fails when a Tussle/peer ratio falls below its baseline.

usage: guard.py BASELINE RATIOS_MD [TOLERANCE]
BASELINE: lines "product<TAB>threads<TAB>min ratio to OpenBLAS" (# comments allowed), e.g.
    (1024x1024)@(1024x1024)	1	0.75
RATIOS_MD: the table bench/peers.sh writes (bench/target/ratios.md).
TOLERANCE (default 0.10): relative slack for machine noise; a ratio passes if it is at least
baseline × (1 − tolerance). Ratios, not GFLOPS, are guarded because both sides are measured in
the same session on the same (shared, noisy) machine.
Exit status 1 when a ratio regressed or a guarded product is missing from the table.
"""
import sys

baseline_path, ratios_path = sys.argv[1], sys.argv[2]
tolerance = float(sys.argv[3]) if len(sys.argv) > 3 else 0.10

measured = {}
for line in open(ratios_path):
    cols = [c.strip() for c in line.strip().strip("|").split("|")]
    if len(cols) >= 5 and cols[4].endswith("×"):
        measured[(cols[0], cols[1])] = float(cols[4][:-1])

failed = False
for line in open(baseline_path):
    line = line.strip()
    if not line or line.startswith("#"):
        continue
    product, threads, minimum = line.split("\t")
    got = measured.get((product, threads))
    floor = float(minimum) * (1 - tolerance)
    if got is None:
        print(f"MISSING  {product} threads={threads}: not in {ratios_path}")
        failed = True
    elif got < floor:
        print(f"REGRESSED {product} threads={threads}: {got:.2f}× < {floor:.2f}× (baseline {minimum}×)")
        failed = True
    else:
        print(f"ok       {product} threads={threads}: {got:.2f}× (baseline {minimum}×)")
sys.exit(1 if failed else 0)
