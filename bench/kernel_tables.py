#!/usr/bin/python3
"""Markdown tables of JMH results, one per benchmark class (what bench/run.sh kernels measures).

usage: kernel_tables.py JMH_JSON...
Each row: method, parameters, JMH's score ± its 99.9 % error in the benchmark's unit, and, where the
benchmark counts floating-point work, the rate in GFLOPS (mean and best iteration), and, for runs
with -prof gc, the bytes allocated per operation. The GEMM
ratios to the peers are bench/ratios.py's job; this script lists every kernel benchmark.
"""
import json, sys
from collections import defaultdict

tables = defaultdict(list)
for path in sys.argv[1:]:
    for r in json.load(open(path)):
        cls, method = r["benchmark"].rsplit(".", 2)[-2:]
        p = r["params"] or {}
        params = ", ".join(f"{k}={v}" for k, v in p.items())
        m = r["primaryMetric"]
        gf = r.get("secondaryMetrics", {}).get("gflops")
        rate = "–"
        if gf:
            raw = [x for fork in gf["rawData"] for x in fork]
            rate = f"{gf['score']:.1f} / {max(raw):.1f}"
        alloc = r.get("secondaryMetrics", {}).get("gc.alloc.rate.norm")
        per_op = "–" if alloc is None else f"{alloc['score']:.2f}"
        tables[cls].append((method, params, f"{m['score']:.4g} ± {m['scoreError']:.2g} {m['scoreUnit']}", rate, per_op))

for cls in sorted(tables):
    print(f"### {cls}\n")
    print("| method | parameters | score ± error | GFLOPS mean / best | B/op |")
    print("|---|---|---|---|---|")
    for row in tables[cls]:
        print("| " + " | ".join(row) + " |")
    print()
