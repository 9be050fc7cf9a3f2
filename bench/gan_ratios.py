#!/usr/bin/python3
"""Ratio table of one GAN training step: Tussle's JMH step benchmarks against gan_bench.py (PyTorch).

usage: gan_ratios.py PEERS_DIR JMH_JSON...
PEERS_DIR holds gan-MODE-THREADS-DTYPE.txt, the anchor's output (its RESULT line). Tussle's figure is the
median of the JMH measurement iterations (the machine is shared, and the median resists the iterations
another process disturbed; the mean is shown beside it), PyTorch's the median step of its accepted chunks.
Ratio = PyTorch ms / Tussle ms (> 1: Tussle faster). Times come from the first JSON file that has the
benchmark and was run without -prof gc (a profiler thread slows a 2-vCPU machine); bytes/step from any file
run with -prof gc. A file with only profiled runs still gives times when no other file does.
"""
import glob, json, os, re, sys

peers_dir, jsons = sys.argv[1], sys.argv[2:]

torch = {}  # (mode, threads, dtype) -> RESULT dict
for path in glob.glob(os.path.join(peers_dir, "gan-*.txt")):
    for line in open(path):
        if line.startswith("RESULT "):
            r = json.loads(line[len("RESULT "):])
            torch[(r["mode"], int(r["threads"]), r["dtype"])] = r

timed = {}  # (mode, threads, dtype) -> (median ms, mean ms, profiled?)
allocs = {}  # (mode, threads, dtype) -> bytes/step
for path in jsons:
    if not os.path.exists(path) or os.path.getsize(path) == 0:
        continue
    for b in json.load(open(path)):
        name = b["benchmark"].rsplit(".", 2)[-2]
        mode = {"GanStepBenchmark": "single", "MixtureStepBenchmark": "mix"}.get(name)
        if mode is None:
            continue
        p = b["primaryMetric"]
        raw = [x for fork in p["rawData"] for x in fork]
        raw.sort()
        median = raw[len(raw) // 2] if len(raw) % 2 else (raw[len(raw) // 2 - 1] + raw[len(raw) // 2]) / 2
        alloc = b.get("secondaryMetrics", {}).get("gc.alloc.rate.norm", {}).get("score")
        key = (mode, int(b["params"]["threads"]), b["params"].get("dtype", "float32"))
        if alloc is not None:
            allocs[key] = alloc
        profiled = alloc is not None
        if key not in timed or (timed[key][2] and not profiled):
            timed[key] = (median, p["score"], profiled)
ours = {key: (t[0], t[1], allocs.get(key)) for key, t in timed.items()}

def fmt(x, spec="{:.2f}"):
    return "—" if x is None else spec.format(x)

print("| step | threads | dtype | Tussle ms (median / mean) | B/step | PyTorch ms (median) | PyTorch/Tussle |")
print("|---|---|---|---|---|---|---|")
rows = [("single", "single", "single"), ("mix k=5 vs bmm", "mix", "mix_bmm"), ("mix k=5 vs loop", "mix", "mix_loop")]
for dtype in ("float32", "float64"):
    for label, ourMode, torchMode in rows:
        for threads in (1, 2):
            o = ours.get((ourMode, threads, dtype))
            t = torch.get((torchMode, threads, dtype))
            if o is None and t is None:
                continue
            tms = t["median_us"] / 1000 if t else None
            ratio = tms / o[0] if (o and tms) else None
            print(f"| {label} | {threads} | {dtype} | {fmt(o and o[0])} / {fmt(o and o[1])} | "
                  f"{fmt(o and o[2], '{:,.0f}')} | {fmt(tms)} | {fmt(ratio, '{:.2f}×')} |")
single = {th: ours.get(("single", th, "float32")) for th in (1, 2)}
mix = {th: ours.get(("mix", th, "float32")) for th in (1, 2)}
for th in (1, 2):
    if single[th] and mix[th]:
        print(f"\nk = 5 mixture / single step, {th} thread(s), Tussle: {mix[th][0] / single[th][0]:.2f}×")
