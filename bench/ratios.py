#!/usr/bin/python3
"""Ratio table: Tussle's JMH GFLOPS against the peers timed by ../shared/anchors/sgemm_bench.py.

usage: ratios.py PEERS_DIR JMH_JSON...
PEERS_DIR holds sgemm-1.txt and sgemm-2.txt (the anchor script's output for 1 and 2 threads).
Peers are timed into a preallocated output ("prealloc"), like our kernels; the table shows
their median / best GFLOPS over accepted reps beside Tussle's JMH mean / best iteration, and the
ratio column is best against best.
Later JSON files override earlier ones for the same benchmark and parameters.
When the JSON holds Nd4jGemmBenchmark results (the bench module built with -Pnd4j), two columns
compare with ND4J, the JVM peer, measured by JMH like Tussle (mean / best iteration).
"""
import json, re, sys

peers_dir, jsons = sys.argv[1], sys.argv[2:]

peer = {}  # (lib, (M,K,N) or 'bmm', threads) -> (median, best) GFLOPS
for threads in (1, 2):
    try:
        lines = open(f"{peers_dir}/sgemm-{threads}.txt").read().splitlines()
    except FileNotFoundError:
        continue
    for line in lines:
        cols = [c.strip() for c in line.split("|")]
        if len(cols) < 5 or cols[2] != "prealloc":
            continue
        m = re.match(r"(\d+)x(\d+)\s*@\s*(\d+)x(\d+)", cols[1])
        if m:
            key = (int(m.group(1)), int(m.group(2)), int(m.group(4)))
        elif cols[1].startswith("5 x"):
            key = "bmm"
        else:
            continue
        peer[(cols[0], key, threads)] = (float(cols[4]), float(cols[3]))

ours = {}  # (benchmark method, key, threads) -> GFLOPS
for path in jsons:
    for r in json.load(open(path)):
        gf = r.get("secondaryMetrics", {}).get("gflops")
        if not gf:
            continue
        method = r["benchmark"].rsplit(".", 2)[-2] + "." + r["benchmark"].rsplit(".", 1)[-1]
        p = r["params"]
        dims = [int(x) for x in p.get("shape", p.get("batchShape", "0")).split("x")]
        if method.startswith("BatchedMatmulBenchmark"):
            key = "bmm"
        elif len(dims) == 1:
            key = (dims[0],) * 3
        else:
            key = tuple(dims)
        raw = [x for fork in gf["rawData"] for x in fork]
        ours[(method, key, int(p["threads"]))] = (gf["score"], max(raw))

def shape_name(key):
    return "5 x (500x50)@(50x50)" if key == "bmm" else f"({key[0]}x{key[1]})@({key[1]}x{key[2]})"

print("Tussle: JMH mean / best iteration. Peers: median / best over the reps cpuguard accepted (reps during")
print("which other processes used the CPU are discarded for the peers, not for JMH). Ratios: best / best.")
print()
nd4j = {(key, threads): v for (method, key, threads), v in ours.items() if method == "Nd4jGemmBenchmark.gemm"}
nd4j_header = " ND4J mean / best | Tussle/ND4J |" if nd4j else ""
print("| product | threads | Tussle mean / best | OpenBLAS (numpy) median / best | Tussle/OpenBLAS | PyTorch median / best | Tussle/PyTorch |" + nd4j_header)
print("|---|---|---|---|---|---|---|" + ("---|---|" if nd4j else ""))
for (method, key, threads), (g, gbest) in sorted(ours.items(), key=lambda kv: (kv[0][0], str(kv[0][1]), kv[0][2])):
    if method not in ("GemmBenchmark.gemm", "BatchedMatmulBenchmark.bmm"):
        continue
    if key == "bmm":
        ob, pt = peer.get(("np.matmul 3D", key, threads)), peer.get(("torch.bmm", key, threads))
    else:
        ob, pt = peer.get(("numpy", key, threads)), peer.get(("torch", key, threads))
    fmt = lambda x: "–" if x is None else f"{x[0]:.1f} / {x[1]:.1f}"
    ratio = lambda x: "–" if x is None else f"{gbest / x[1]:.2f}×"
    row = f"| {shape_name(key)} | {threads} | {g:.1f} / {gbest:.1f} | {fmt(ob)} | {ratio(ob)} | {fmt(pt)} | {ratio(pt)} |"
    if nd4j:
        nd = nd4j.get((key, threads))
        row += f" {fmt(nd)} | {ratio(nd)} |"
    print(row)
