#!/usr/bin/env python3
"""How much a four-points run's generator moves between modes over training.

For each run folder, reads snapshots.csv (the 500 samples drawn at every evaluation; written by
`tussle train` next to snapshots.png) and assigns every sample to its nearest of the four points
(-1,0), (1,0), (0,1), (0,-1). Per snapshot it prints the mode histogram (fractions), the dominant
mode and the total-variation distance TV to the previous snapshot's histogram; for a mixture also
the histogram of each generator. The summary line gives, over the snapshots after --from (default
step 200): the mean and max TV of the whole generator's histogram, the mean over generators of
each generator's own TV (weighted by its share of samples; equals the first for a single GAN),
how often the dominant mode changed (noisy when the histogram is flat), and the last evaluation's
modes captured and high-quality fraction (metrics.json, 2,500 samples).
Usage: mode-chase.py RUN [RUN ...] [--from STEP] [--quiet]
"""
import json
import sys
import numpy as np

MODES = np.array([[-1, 0], [1, 0], [0, 1], [0, -1]], dtype=float)
NAMES = ["(-1,0)", "(1,0)", "(0,1)", "(0,-1)"]


def snapshots(run):
    a = np.loadtxt(run + "/snapshots.csv", delimiter=",", skiprows=1, ndmin=2)
    out = []
    for step in np.unique(a[:, 0]):
        s = a[a[:, 0] == step]
        pts, comp = s[:, 2:4], s[:, 1].astype(int)
        near = np.argmin(((pts[:, None, :] - MODES[None]) ** 2).sum(-1), axis=1)
        out.append((int(step), near, comp))
    return out


def hist(near):
    return np.bincount(near, minlength=4) / max(len(near), 1)


def tv(a, b):
    return 0.5 * np.abs(a - b).sum()


def summary(run, start, quiet):
    snaps = snapshots(run)
    k = int(max(c.max() for _, _, c in snaps)) + 1
    prev, prev_c = None, None
    tvs, ctvs, dom_changes, last_dom = [], [], 0, None
    for step, near, comp in snaps:
        h = hist(near)
        hc = [hist(near[comp == j]) for j in range(k)]
        share = np.array([(comp == j).mean() for j in range(k)])
        d = tv(h, prev) if prev is not None else None
        dc = (sum(share[j] * tv(hc[j], prev_c[j]) for j in range(k)) if prev_c is not None else None)
        dom = int(np.argmax(h))
        if not quiet:
            line = (f"  step {step:5d}  {' '.join(f'{x:.2f}' for x in h)}  dominant {NAMES[dom]:7s}"
                    f"  TV {'' if d is None else f'{d:.3f}'}")
            if k > 1:
                line += "  | per generator: " + "  ".join(
                    f"{j}:{NAMES[int(np.argmax(hc[j]))]}({share[j]:.2f})" for j in range(k))
                line += f"  TV within {'' if dc is None else f'{dc:.3f}'}"
            print(line)
        if step > start and d is not None:
            tvs.append(d)
            ctvs.append(dc)
            if dom != last_dom:
                dom_changes += 1
        if step >= start:
            last_dom = dom
        prev, prev_c = h, hc
    if not tvs:
        last = snaps[-1][0] if snaps else None
        sys.exit(f"mode-chase.py: {run}: no snapshot interval after step {start} (last snapshot: step {last}); "
                 f"pass a smaller --from")
    return (np.mean(tvs), np.max(tvs), np.mean(ctvs), dom_changes, len(tvs))


if __name__ == "__main__":
    args = sys.argv[1:]
    start, quiet = 200, False
    if "--from" in args:
        i = args.index("--from"); start = int(args[i + 1]); del args[i:i + 2]
    if "--quiet" in args:
        args.remove("--quiet"); quiet = True
    for run in args:
        if not quiet:
            print(run)
        m, mx, mc, ch, n = summary(run, start, quiet)
        with open(run + "/metrics.json") as f:
            last = json.load(f)
        cov = last["modeCoverage"]
        print(f"{run}: mean TV {m:.3f}  max TV {mx:.3f}  mean TV within generators {mc:.3f}  "
              f"dominant-mode changes {ch}/{n}  (snapshot intervals after step {start});  at step {last['step']}: "
              f"modes {cov['modesCaptured']}/{cov['totalModes']}, {100 * cov['highQualityFraction']:.1f} % high quality")
